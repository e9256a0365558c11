"""Part 8: cheap denials of service. Requests trickled a byte at a time are cut off within the request
deadline, one client address cannot hold more than its share of connections, and everybody else is
served meanwhile, even with 256 file descriptors; 20 parallel downloads of a 100 MiB file hold far less
than one copy of the file each (files stream from storage)."""
import hashlib
import http.client
import os
import selectors
import socket
import threading
import time

from otplink import FIGURES, codes_for, start_server

REQUEST_TIMEOUT = 5
FLOOD = 300

HEADS = [
    # A chunked body on a call that reads its body.
    b"POST /api/v1/links/AAAAAAAAAAAAAAAAAAAAAA/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    # A huge Content-Length on a call that never reads a body.
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n",
    # A chunked upload without the admin key.
    b"POST /api/v1/admin/files?name=x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
    # Only part of the head.
    b"POST /api/v1/challenges/x/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n",
]


def test_trickled_requests_are_cut_off_and_others_are_served():
    server = start_server("trickle", args=["--request-timeout", str(REQUEST_TIMEOUT)], open_files=256)
    selector = selectors.DefaultSelector()
    opened_at, closed_after = {}, {}
    for n in range(FLOOD):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.2", 0))
        sock.settimeout(5)
        try:
            sock.connect(("127.0.0.1", server.port))
            sock.sendall(HEADS[n % len(HEADS)])
        except OSError:
            closed_after[sock] = 0.0
            sock.close()
            continue
        sock.setblocking(False)
        opened_at[sock] = time.monotonic()
        selector.register(sock, selectors.EVENT_READ)

    health_ok = health_total = 0
    health_worst = 0.0
    bound = time.monotonic() + REQUEST_TIMEOUT + 25
    next_byte = next_health = time.monotonic()
    while opened_at.keys() - closed_after.keys() and time.monotonic() < bound:
        now = time.monotonic()
        if now >= next_byte:  # one more byte on every open connection, each 1 s: never idle for long
            for sock in list(opened_at.keys() - closed_after.keys()):
                try:
                    sock.send(b"1")
                except OSError:
                    closed_after[sock] = now - opened_at[sock]
            next_byte = now + 1
        if now >= next_health:
            health_total += 1
            try:
                answer = server.call("GET", "/healthz", timeout=3)
                health_ok += answer.status == 200
                health_worst = max(health_worst, answer.seconds)
            except OSError:
                pass
            next_health = now + 0.5
        for key, _ in selector.select(timeout=0.1):
            sock = key.fileobj
            if sock in closed_after:
                continue
            try:
                data = sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                closed_after[sock] = time.monotonic() - opened_at[sock]
                selector.unregister(sock)
    still_open = len(opened_at.keys() - closed_after.keys())
    for sock in opened_at:
        sock.close()
    longest = max(closed_after.values(), default=0.0)
    FIGURES["8 trickle: connections from one address"] = FLOOD
    FIGURES["8 trickle: longest a trickling connection stayed open (s)"] = f"{longest:.1f} (request deadline {REQUEST_TIMEOUT} s)"
    FIGURES["8 trickle: /healthz answered during the flood"] = f"{health_ok}/{health_total}, slowest {health_worst * 1000:.0f} ms"
    assert still_open == 0, f"{still_open} trickling connections were still open after {bound - min(opened_at.values(), default=0):.0f} s"
    assert longest <= REQUEST_TIMEOUT + 3, f"a trickling connection stayed open {longest:.1f} s"
    assert health_total >= 5 and health_ok == health_total, f"/healthz answered {health_ok} of {health_total}"
    assert server.alive


def test_parallel_downloads_of_a_large_file_keep_memory_flat():
    server = start_server("downloads")
    data = os.urandom(100 * 1024 * 1024)
    before_upload = server.resident_bytes()
    file_id = server.upload("big.bin", data)
    after_upload = server.resident_bytes()
    link = server.create_link(["reader@corp.example"], file_id=file_id)
    started = server.call("POST", f"/api/v1/links/{link['token']}/challenges", {"email": "reader@corp.example"})
    assert started.status == 202
    code = codes_for(server, "reader@corp.example")[-1]
    verified = server.call("POST", f"/api/v1/challenges/{started.json['challengeId']}/verify", {"code": code})
    assert verified.status == 200, verified.body
    auth = {"Authorization": f"Bearer {verified.json['accessToken']}"}
    path = f"/api/v1/links/{link['token']}/content"

    baseline = server.resident_bytes()
    peak = baseline
    done = threading.Event()
    received = []

    def slow_reader():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request("GET", path, headers=auth)
            answer = connection.getresponse()
            total = 0
            for _ in range(40):  # 40 x 256 KiB, a read every 50 ms: a slow client
                total += len(answer.read(256 * 1024))
                time.sleep(0.05)
            received.append((answer.status, total))
        finally:
            connection.close()

    readers = [threading.Thread(target=slow_reader) for _ in range(20)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 60
    while any(r.is_alive() for r in readers) and time.monotonic() < deadline:
        peak = max(peak, server.resident_bytes())
        time.sleep(0.05)
    for reader in readers:
        reader.join(timeout=5)
    done.set()
    whole = server.call("GET", path, headers=auth, timeout=120)
    MiB = 1024 * 1024
    FIGURES["8 downloads: resident memory, 20 parallel slow downloads of 100 MiB (MiB)"] = (
        f"{baseline / MiB:.0f} before, {peak / MiB:.0f} at peak")
    FIGURES["8 uploads: resident memory before / after a 100 MiB upload (MiB)"] = (
        f"{before_upload / MiB:.0f} / {after_upload / MiB:.0f}")
    assert len(received) == 20 and all(status == 200 and total == 40 * 256 * 1024 for status, total in received), received
    assert whole.status == 200 and hashlib.sha256(whole.body).digest() == hashlib.sha256(data).digest()
    # Loading each file whole would take 20 x 100 MiB; streaming holds a few MiB per slow connection.
    assert peak - baseline < 512 * MiB, f"memory grew by {(peak - baseline) / MiB:.0f} MiB during 20 downloads"
    assert after_upload - before_upload < 64 * MiB, f"memory grew by {(after_upload - before_upload) / MiB:.0f} MiB during an upload"


def test_the_database_grows_by_a_bounded_amount_per_challenge():
    """Strangers' challenges leave only their audit events once the hour's records are swept: measure
    the bytes per challenge that stay (for 400 days, then the events go too) and the refusals' cost."""
    import shutil
    import sqlite3

    server = start_server("growth", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000"])
    link = server.create_link(["member@corp.example"])
    database = server.data / "otplink.sqlite"

    def swept_size(name):
        """The database as the hourly sweep leaves it once codes and challenges are past every window."""
        copy = server.data.parent / name
        with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
            source.backup(target)
            target.executescript("DELETE FROM codes; DELETE FROM wrong_codes; DELETE FROM challenges; VACUUM;")
        size = copy.stat().st_size
        copy.unlink()
        return size

    before = swept_size("before.sqlite")
    challenges = refusals = 0
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        for n in range(2000):
            # Each stranger address gets 5 challenges (the hourly mail budget), then 5 refusals.
            address = f"stranger{n // 10}@elsewhere.example"
            connection.request("POST", f"/api/v1/links/{link['token']}/challenges",
                               body=f'{{"email": "{address}"}}', headers={"Content-Type": "application/json"})
            answer = connection.getresponse()
            answer.read()
            challenges += answer.status == 202
            refusals += answer.status == 429
    finally:
        connection.close()
    # The withheld mails leave the queue once the worker took them through the sink.
    deadline = time.monotonic() + 30
    with sqlite3.connect(database) as db:
        while db.execute("SELECT COUNT(*) FROM mail_queue").fetchone()[0] and time.monotonic() < deadline:
            time.sleep(0.1)
        queued = db.execute("SELECT COUNT(*) FROM mail_queue").fetchone()[0]
        limited_events = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'rate_limited'").fetchone()[0]
    after = swept_size("after.sqlite")
    per_challenge = (after - before) / challenges
    FIGURES["8 growth: bytes kept per challenge (audit events, 400 days)"] = (
        f"{per_challenge:.0f} ({per_challenge * 1e6 / 2**20:.0f} MiB per million challenges)")
    FIGURES["8 growth: rate_limited events for refusals"] = f"{limited_events} for {refusals} refusals"
    assert queued == 0, f"{queued} mails still queued"
    assert refusals > 0
    assert refusals == 1000 and limited_events == 200, "refusals of one address within the hour must share one event"
    # Three events stay per challenge, as for a recipient's: started, code withheld (queued), mail
    # withheld (sent); about 375 bytes each with their indexes.
    assert per_challenge < 1280, f"{per_challenge:.0f} bytes per challenge"
