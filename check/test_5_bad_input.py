"""Part 5: a corpus of hostile requests, each answered with a 4xx JSON error or a closed
connection; the server is alive afterwards and its data unchanged."""
import concurrent.futures
import hashlib
import json
import socket
import sqlite3
import time

import pytest

from otplink import FIGURES, start_server

SLOW_CLIENT_LIMIT = 60  # seconds a stalled client may hold a connection before the suite calls it a defect


def raw_exchange(port, payload: bytes, timeout=40, trickle: float = 0, stall: float = 0):
    """Sends `payload` (one byte per `trickle` seconds if set), then waits for the answer or the close.

    Returns (status, headers, body) or None when the server closed without answering.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            if trickle:
                for byte in payload:
                    sock.sendall(bytes([byte]))
                    time.sleep(trickle)
            else:
                sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection while the client was still sending
        if stall:
            time.sleep(stall)
        data = b""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
                if _complete(data):
                    break
        except ConnectionResetError:
            pass
        except socket.timeout:
            raise AssertionError(f"no answer and no close within {timeout} s")
    if not data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode()] = value.strip().decode(errors="replace")
    return status, headers, body


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def request(method, path, body=b"", headers=None, content_type=b"application/json"):
    headers = dict(headers or {})
    lines = [f"{method} ".encode() + (path if isinstance(path, bytes) else path.encode()) + b" HTTP/1.1",
             b"Host: 127.0.0.1", b"Connection: close"]
    if body or method in ("POST", "PUT"):
        lines += [b"Content-Type: " + content_type, f"Content-Length: {len(body)}".encode()]
    for name, value in headers.items():
        lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def json_body(value) -> bytes:
    return json.dumps(value).encode()


def corpus(token, challenge, link_id, admin_key):
    admin = {"Authorization": f"Bearer {admin_key}"}
    start = f"/api/v1/links/{token}/challenges"
    verify = f"/api/v1/challenges/{challenge}/verify"
    nested = b'{"email":' + b"[" * 5000 + b"]" * 5000 + b"}"
    deep_admin = b'{"fileId":' + b"[" * 200000 + b"]" * 200000 + b"}"
    laughs = b"a: &a [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(9)
    ) + b"domains: *j\n"
    yield "body over the 16 KiB cap", request("POST", start, json_body({"email": "a" * 20000 + "@x.example"}))
    yield "chunked body over the cap", (
        f"POST {start} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n").encode() + b"".join(b"1000\r\n" + b" " * 4096 + b"\r\n" for _ in range(8)) + b"0\r\n\r\n"
    yield "email is a number", request("POST", start, json_body({"email": 5}))
    yield "email is null", request("POST", start, json_body({"email": None}))
    yield "email is a list", request("POST", start, json_body({"email": ["a@corp.example"]}))
    yield "body is a list", request("POST", start, b"[]")
    yield "body is a string", request("POST", start, b'"a@corp.example"')
    yield "body is a form", request("POST", start, b"email=a@corp.example", content_type=b"application/x-www-form-urlencoded")
    yield "empty body", request("POST", start, b"")
    yield "code is a number", request("POST", verify, json_body({"code": 123456}))
    yield "code is an object", request("POST", verify, json_body({"code": {"$gt": ""}}))
    yield "NUL in the address (escaped)", request("POST", start, json_body({"email": "a\u0000@corp.example"}))
    yield "NUL byte in the JSON", request("POST", start, b'{"email":"a\x00@corp.example"}')
    yield "NUL in the path", request("GET", f"/api/v1/links/{token}%00")
    yield "10,000-character address", request("POST", start, json_body({"email": "a" * 10000 + "@corp.example"}))
    yield "10,000-character domain", request("POST", start, json_body({"email": "a@" + "b" * 10000 + ".example"}))
    yield "non-ASCII address (CJK)", request("POST", start, json_body({"email": "用户@例子.广告"}))
    yield "non-ASCII address (accent)", request("POST", start, json_body({"email": "josé@corp.example"}))
    yield "non-ASCII address (bidi override)", request("POST", start, json_body({"email": "a\u202e@corp.example"}))
    yield "CR LF header injection", request("POST", start, json_body({"email": "a@corp.example\r\nBcc: x@evil.example"}))
    yield "LF header injection", request("POST", start, json_body({"email": "a@corp.example\nBcc: x@evil.example"}))
    yield "header injection in recipients", request(
        "POST", "/api/v1/admin/links", json_body({"fileId": "x", "recipients": ["a@corp.example\r\nBcc: x@evil.example"],
                                                  "sender": "s@corp.example"}), headers=admin)
    yield "header injection in sender", request(
        "POST", "/api/v1/admin/links", json_body({"fileId": "x", "recipients": ["a@corp.example"],
                                                  "sender": "s@corp.example\r\nSubject: hi"}), headers=admin)
    for name in ("../../secret.key", "..%2F..%2Fsecret.key", "%2Fetc%2Fpasswd", "..%5C..%5Cadmin.key", "a%00.pdf",
                 "a%0D%0AX-Injected:%201", "", "%FF%FE.pdf"):
        yield f"admin file name {name!r}", request("POST", f"/api/v1/admin/files?name={name}", b"data",
                                                    headers=admin, content_type=b"application/pdf")
    yield "SQL in the token", request("GET", "/api/v1/links/'%20OR%20'1'='1")
    yield "SQL in the challenge id", request("POST", "/api/v1/challenges/1'%20OR%201=1--/verify", json_body({"code": "123456"}))
    yield "SQL in the address", request("POST", start, json_body({"email": "x'; DROP TABLE links;--@corp.example"}))
    # (a real challenge would count it as one wrong code, as it should: that changes the data)
    yield "SQL in the code", request("POST", "/api/v1/challenges/AAAAAAAAAAAAAAAAAAAAAA/verify", json_body({"code": "' OR 1=1 --"}))
    yield "SQL in the link id", request("DELETE", "/api/v1/admin/links/1%20OR%201=1", headers=admin)
    yield "SQL in the file id", request("POST", "/api/v1/admin/links", json_body(
        {"fileId": "' OR ''='", "recipients": ["a@corp.example"], "sender": "s@corp.example"}), headers=admin)
    yield "invalid UTF-8 in the body", request("POST", start, b'{"email":"\xff\xfe@corp.example"}')
    yield "invalid UTF-8 in the code", request("POST", verify, b'{"code":"\xc3\x28"}')
    yield "invalid UTF-8 in the path", request("GET", b"/api/v1/links/\xff\xfe")
    yield "percent-encoded invalid UTF-8 in the path", request("GET", "/api/v1/links/%FF%FE")
    yield "invalid UTF-8 in the directory", request("PUT", "/api/v1/admin/directory", b'{"domains":["\xff"]}', headers=admin)
    yield "JSON nested 5,000 deep", request("POST", start, nested)
    yield "admin JSON nested 200,000 deep", request("POST", "/api/v1/admin/links", deep_admin, headers=admin)
    yield "YAML alias bomb", request("PUT", "/api/v1/admin/directory", laughs, headers=admin, content_type=b"application/yaml")
    yield "wrong admin key", request("GET", f"/api/v1/admin/links/{link_id}/events", headers={"Authorization": "Bearer " + "x" * 43})
    yield "8 KiB admin key", request("GET", f"/api/v1/admin/links/{link_id}/events", headers={"Authorization": "Bearer " + "x" * 8192})
    yield "bearer without key", request("GET", f"/api/v1/admin/links/{link_id}/events", headers={"Authorization": "Bearer"})
    yield "200 KiB header", request("GET", "/healthz", headers={"X-Filler": "y" * 200 * 1024})
    yield "garbage request line", b"GARBAGE\r\n\r\n"
    yield "binary noise", bytes(range(256)) * 4
    yield "HTTP/0.9", b"GET /healthz\r\n"
    yield "TRACE", request("TRACE", "/api/v1/links/x")
    yield "content-length and chunked", (
        f"POST {start} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").encode()
    yield "negative content-length", f"POST {start} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".encode()


# Not HTTP at all: SwiftNIO's HTTP parser refuses these before the application sees a request, with a
# bare 400 and a closed connection (or just the close). Everything else must get a 4xx JSON error.
NOT_HTTP = {"invalid UTF-8 in the path", "200 KiB header", "garbage request line", "binary noise", "HTTP/0.9",
            "content-length and chunked", "negative content-length"}


def snapshot(database) -> str:
    """A digest of every row of every table (read while the server runs: WAL readers do not block)."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr((table, row)).encode())
    return digest.hexdigest()


def files_digest(folder) -> list:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


def test_hostile_requests_get_4xx_json_or_a_closed_connection():
    server = start_server("bad-input", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000"])
    link = server.create_link(["member@corp.example"])
    started = server.call("POST", f"/api/v1/links/{link['token']}/challenges", body={"email": "member@corp.example"})
    challenge = started.json["challengeId"]
    database = server.data / "otplink.sqlite"
    settle = time.monotonic() + 30  # the mail worker sends the one code mail; then nothing may change
    while time.monotonic() < settle and not any(e["kind"] == "mail_sent" for e in server.events(link["linkId"])):
        time.sleep(0.2)
    before, files_before = snapshot(database), files_digest(server.data)
    changed_by = []
    tried, closed, problems = 0, 0, []
    for name, payload in corpus(link["token"], challenge, link["linkId"], server.admin_key):
        tried += 1
        try:
            answer = raw_exchange(server.port, payload)
        except Exception as error:  # noqa: BLE001
            problems.append(f"{name}: {error!r}")
            continue
        if answer is None:
            closed += 1
        elif name in NOT_HTTP:
            if not 400 <= answer[0] < 500:
                problems.append(f"{name}: {answer[0]} {answer[2][:200]!r}")
            closed += 1
        else:
            status, headers, body = answer
            try:
                code = json.loads(body)["error"]["code"]
            except Exception:
                code = None
            if not (400 <= status < 500 and code and headers.get("content-type", "").startswith("application/json")):
                problems.append(f"{name}: {status} {body[:200]!r}")
        if not server.alive or server.call("GET", "/healthz").status != 200:
            problems.append(f"{name}: the server died")
            server.start()
        if snapshot(database) != before and not changed_by:
            changed_by.append(name)
    FIGURES["5 bad input: hostile requests"] = tried
    FIGURES["5 bad input: refused by the HTTP parser or by closing"] = closed
    assert not problems, "\n".join(problems)
    assert not changed_by, f"a hostile request changed the database: {changed_by[0]}"
    assert files_digest(server.data) == files_before, "a hostile request changed the data folder"


def test_slow_and_stalled_clients_are_cut_off_and_others_are_served():
    server = start_server("slow-clients")
    token = server.create_link(["member@corp.example"])["token"]
    start = f"/api/v1/links/{token}/challenges"
    stalled = {
        "connects and sends nothing": b"",
        "half a request line, then nothing": b"POST /api/v1/li",
        "headers without the end": f"POST {start} HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n".encode(),
        "10 of 40 body bytes, then nothing": f"POST {start} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                             "Content-Length: 40\r\n\r\n{\"email\":".encode(),
    }
    began = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(stalled) + 1) as pool:
        futures = {name: pool.submit(raw_exchange, server.port, payload, SLOW_CLIENT_LIMIT) for name, payload in stalled.items()}
        futures["headers one byte a second"] = pool.submit(
            raw_exchange, server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"z" * 120, SLOW_CLIENT_LIMIT, 0.25)
        time.sleep(1)
        # Meanwhile everyone else is served.
        for _ in range(5):
            assert server.call("GET", "/healthz", timeout=5).status == 200
        outcomes = {}
        for name, future in futures.items():
            try:
                outcomes[name] = future.result(timeout=SLOW_CLIENT_LIMIT + 80)
            except AssertionError as error:
                outcomes[name] = f"still open after {SLOW_CLIENT_LIMIT} s"
    bad = {name: outcome for name, outcome in outcomes.items()
           if not (outcome is None or (isinstance(outcome, tuple) and 400 <= outcome[0] < 500))}
    FIGURES["5 bad input: slow clients cut off"] = f"{len(outcomes) - len(bad)} of {len(outcomes)}, within {time.monotonic() - began:.0f} s"
    assert not bad, bad
    assert server.call("GET", "/healthz").status == 200
