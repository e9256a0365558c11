"""Part 2: SIGKILL at random moments while two clients run whole flows and a third runs admin and
challenge calls back to back; after each restart
nothing acknowledged is missing, no code verifies twice, no mail is lost, the database is intact."""
import http.client
import random
import sqlite3
import threading
import time

from otplink import FIGURES, SECRETS, codes_for, start_server
from otplink_harness import HarnessError

KILLS = 6
CLIENTS = 2


class Ledger:
    """What the server acknowledged to the clients (a 2xx answer they read in full)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.links = {}        # linkId -> (token, address)
        self.challenges = {}   # challengeId -> (linkId, address)
        self.verified = {}     # challengeId -> (code, accessToken, linkId)
        self.revoked = set()   # linkId
        self.interrupted = 0   # calls that died with the server


def flow(server, ledger, number, rng, mail_seen):
    """One recipient's whole flow on a link of its own: admin creates it, recipient verifies, downloads."""
    address = f"reader{number}@partner.example"
    file_id = server.upload(name=f"minutes-{number}.pdf")
    link = server.create_link([address], file_id=file_id)
    with ledger.lock:
        ledger.links[link["linkId"]] = (link["token"], address)
    started = server.call("POST", f"/api/v1/links/{link['token']}/challenges", body={"email": address})
    assert started.status == 202, started.body
    challenge = started.json["challengeId"]
    with ledger.lock:
        ledger.challenges[challenge] = (link["linkId"], address)
    codes = codes_for(server, address, mail_seen, timeout=30)
    assert codes, f"no code mail for {address}"
    verified = server.call("POST", f"/api/v1/challenges/{challenge}/verify", body={"code": codes[-1]})
    assert verified.status == 200, verified.body
    token = verified.json["accessToken"]
    SECRETS.add(token)
    with ledger.lock:
        ledger.verified[challenge] = (codes[-1], token, link["linkId"])
    content = server.call("GET", f"/api/v1/links/{link['token']}/content", headers={"Authorization": f"Bearer {token}"})
    assert content.status == 200
    if rng.random() < 0.3:
        revoked = server.call("DELETE", f"/api/v1/admin/links/{link['linkId']}", admin=True)
        assert revoked.status == 204
        with ledger.lock:
            ledger.revoked.add(link["linkId"])


def churn(server, ledger, number, rng, mail_seen):
    """Admin and recipient calls back to back, never waiting for mail: most kills land mid-call here."""
    address = f"churn{number}@partner.example"
    link = server.create_link([address], file_id=server.upload(name=f"churn-{number}.txt", data=b"x" * rng.randrange(1, 5000)))
    with ledger.lock:
        ledger.links[link["linkId"]] = (link["token"], address)
    started = server.call("POST", f"/api/v1/links/{link['token']}/challenges", body={"email": address})
    assert started.status == 202, started.body
    with ledger.lock:
        ledger.challenges[started.json["challengeId"]] = (link["linkId"], address)
    assert server.call("GET", f"/api/v1/admin/links/{link['linkId']}/events", admin=True).status == 200


def client(server, ledger, index, stop, deadline):
    rng = random.Random(index)
    mail_seen = set()
    number = index * 100000
    work = churn if index > CLIENTS else flow
    while not stop.is_set() and time.monotonic() < deadline and number < index * 100000 + 2000:
        number += 1
        try:
            work(server, ledger, number, rng, mail_seen)
        except (OSError, http.client.HTTPException):  # the server died under this call
            with ledger.lock:
                ledger.interrupted += 1
            time.sleep(0.2)
        except (AssertionError, HarnessError):  # an admin call refused: only fine if the server died
            if server.alive:
                raise
            with ledger.lock:
                ledger.interrupted += 1
            time.sleep(0.2)


def test_sigkill_loses_nothing_acknowledged():
    server = start_server("crash", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000"])
    database = server.data / "otplink.sqlite"
    ledger = Ledger()
    rng = random.Random(20261127)
    integrity = []
    stop = threading.Event()
    errors = []
    deadline = time.monotonic() + 240

    def run(index):
        try:
            client(server, ledger, index, stop, deadline)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i + 1,), daemon=True) for i in range(CLIENTS + 1)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.5, 3.0))
            server.kill()
            with sqlite3.connect(database) as db:
                integrity.append(db.execute("PRAGMA integrity_check").fetchone()[0])
            server.start()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
    assert not errors, f"a client saw a wrong answer from a live server: {errors[0]!r}"
    assert integrity == ["ok"] * KILLS

    FIGURES["2 crash: SIGKILLs survived"] = KILLS
    FIGURES["2 crash: flows acknowledged"] = len(ledger.verified)
    FIGURES["2 crash: links / challenges acknowledged"] = f"{len(ledger.links)} / {len(ledger.challenges)}"
    FIGURES["2 crash: calls cut by a kill"] = ledger.interrupted
    assert len(ledger.verified) >= KILLS, "too few flows completed to say anything"

    # Every acknowledged link, challenge, grant and revocation is there after the crashes.
    for link_id, (token, address) in ledger.links.items():
        answer = server.call("GET", f"/api/v1/links/{token}")
        assert answer.status == (410 if link_id in ledger.revoked else 200), (link_id, answer.body)
        kinds = [event["kind"] for event in server.events(link_id)]
        assert "link_created" in kinds
        if link_id in ledger.revoked:
            assert "link_revoked" in kinds
    for challenge, (link_id, address) in ledger.challenges.items():
        details = [event.get("detail") for event in server.events(link_id) if event["kind"] == "challenge_started"]
        assert f"challenge {challenge}" in details, f"challenge {challenge} acknowledged but its event is gone"
    for challenge, (code, token, link_id) in ledger.verified.items():
        link_token = next(t for lid, (t, _) in ledger.links.items() if lid == link_id)
        again = server.call("POST", f"/api/v1/challenges/{challenge}/verify", body={"code": code})
        assert again.status != 200, f"the code of challenge {challenge} verified twice"
        kinds = [event["kind"] for event in server.events(link_id)]
        assert "verified" in kinds
        content = server.call("GET", f"/api/v1/links/{link_token}/content", headers={"Authorization": f"Bearer {token}"})
        assert content.status == (410 if link_id in ledger.revoked else 200), "an acknowledged access grant is gone"

    # No mail is lost: every acknowledged challenge's code mail reaches the outbox (the worker catches up).
    wanted = {address for (_, address) in ledger.challenges.values()}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        recipients = set()
        for mail in server.outbox.paths():
            head = mail.read_bytes()[:2000].decode(errors="replace").lower()
            recipients |= {address for address in wanted if address in head}
        if recipients >= wanted:
            break
        time.sleep(0.5)
    missing = wanted - recipients
    FIGURES["2 crash: code mails checked"] = len(wanted)
    assert not missing, f"code mails lost for {sorted(missing)[:5]}"
    server.stop()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
