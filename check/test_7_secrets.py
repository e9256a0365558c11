"""Part 7: secret.key and the database are mode 0600; the admin key is compared in constant time;
the logs of the whole run (every server this suite started) hold no code, token or key.

This file runs last (pytest orders files by name), so it sees the data folders and logs of parts 1-6."""
import base64
import http.client
import random
import re
import stat
import statistics
import time

from scipy import stats

import otplink
from otplink import FIGURES, LOG_DIR, SECRETS, codes_for, start_server

PRIVATE = ("secret.key", "admin.key", "otplink.sqlite", "otplink.sqlite-wal", "otplink.sqlite-shm")


def own_flow(args=()):
    """A whole flow on a server of this part, so it has codes, tokens and keys to look for."""
    server = start_server("secrets", args=list(args))
    link = server.create_link(["member@corp.example"])
    started = server.call("POST", f"/api/v1/links/{link['token']}/challenges", body={"email": "member@corp.example"})
    code = codes_for(server, "member@corp.example")[0]
    verified = server.call("POST", f"/api/v1/challenges/{started.json['challengeId']}/verify", body={"code": code})
    assert verified.status == 200
    SECRETS.add(verified.json["accessToken"])
    assert server.call("GET", f"/api/v1/links/{link['token']}/content",
                       headers={"Authorization": f"Bearer {verified.json['accessToken']}"}).status == 200
    wrong = server.call("POST", f"/api/v1/challenges/{started.json['challengeId']}/verify", body={"code": "000000"})
    assert wrong.status in (400, 410)
    return server


def test_key_and_database_files_are_private(store_args):
    own_flow(store_args)
    checked = 0
    for server in otplink._servers:
        for name in PRIVATE:
            path = server.data / name
            if path.exists():
                mode = stat.S_IMODE(path.stat().st_mode)
                assert mode == 0o600, f"{path} has mode {mode:o}"
                checked += 1
        for folder in ("files", "outbox"):
            for path in (server.data / folder).glob("*"):
                assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} may be read by others"
                checked += 1
    FIGURES["7 secrets: private files checked (mode 0600)"] = checked


def test_admin_key_comparison_takes_the_same_time_wherever_the_keys_differ():
    server = start_server("admin-timing")
    key = server.admin_key
    near_miss = key[:-1] + ("A" if key[-1] != "A" else "B")   # differs in the last character
    far_miss = ("A" if key[0] != "A" else "B") + key[1:]      # differs in the first
    order = [near_miss] * 400 + [far_miss] * 400
    random.Random(7).shuffle(order)
    times = {near_miss: [], far_miss: []}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for candidate in order[:20] + order:
            started = time.perf_counter()
            connection.request("GET", "/api/v1/admin/links/none/events", headers={"Authorization": f"Bearer {candidate}"})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            assert response.status == 401
            times[candidate].append(elapsed)
    finally:
        connection.close()
    near, far = times[near_miss][-400:], times[far_miss][-400:]
    test = stats.mannwhitneyu(near, far, alternative="two-sided")
    FIGURES["7 secrets: admin key timing p-value (last vs first character wrong)"] = f"{test.pvalue:.3f}"
    FIGURES["7 secrets: admin key timing medians ms"] = f"{statistics.median(near) * 1000:.2f} / {statistics.median(far) * 1000:.2f}"
    assert test.pvalue > 0.001


def test_logs_of_the_whole_run_hold_no_code_token_or_key():
    if not any(server.name == "secrets" for server in otplink._servers):
        own_flow()
    needles = set(SECRETS)
    for server in otplink._servers:
        server.admin_key  # adds it to SECRETS
        secret = (server.data / "secret.key").read_bytes()
        needles |= {secret.hex(), base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode().rstrip("=")}
    needles |= set(SECRETS)
    logs = sorted(LOG_DIR.glob("*.log"))
    text = "\n".join(path.read_text(errors="replace") for path in logs)
    assert "request" in text, "the servers logged no requests: nothing to search"
    found = []
    for needle in needles:
        # A code is a word of its own wherever a log could hold it (`code=123456`, `"123456"`); inside a
        # longer run of letters and digits (Hummingbird's hex request ids: `…5d048301`) it is a coincidence.
        pattern = rf"(?<![0-9A-Za-z]){re.escape(needle)}(?![0-9A-Za-z])" if needle.isdigit() else re.escape(needle)
        if re.search(pattern, text):
            found.append(needle[:4] + "…")
    FIGURES["7 secrets: codes, tokens and keys searched for"] = len(needles)
    FIGURES["7 secrets: log lines searched"] = text.count("\n")
    assert not found, f"{len(found)} secrets appear in the server logs ({LOG_DIR}): {found[:5]}"
