"""The whole recipient flow under load: start a challenge, take the code from the outbox, verify it.

Each of `clients` threads owns one recipient address of the link and runs flows one after another for
`seconds`: POST challenges → wait for the code mail the server's mail worker writes into
`<data>/outbox/` → POST verify with that code, which must answer 200 with an access token. A challenge
wakes the mail worker at once (it does not wait for its poll); the figures keep the two API calls and the
wait for the mail apart.
"""

import statistics
import threading
import time

from apibench import Client
from otplink_harness import CodeMail, Outbox


class MailedCodes:
    """The codes mailed into an outbox folder, by recipient, each handed out once."""

    def __init__(self, folder):
        self.outbox = Outbox(folder)
        self.seen = set()
        self.codes = {}
        self.lock = threading.Lock()

    def take(self, address):
        """The oldest unclaimed code mailed to `address`, or None."""
        with self.lock:
            if not self.codes.get(address):
                self.scan()
            waiting = self.codes.get(address)
            return waiting.pop(0) if waiting else None

    def scan(self):
        for path in self.outbox.paths():
            if path in self.seen:
                continue
            self.seen.add(path)
            mail = CodeMail.read(path)
            code = mail.find_code()
            for recipient in mail.to if code else ():
                self.codes.setdefault(recipient, []).append(code)


def run_flows(port, token, outbox_folder, addresses, seconds):
    """Runs flows on every address in parallel for `seconds`; returns counts and latencies (ms)."""
    outbox = MailedCodes(outbox_folder)
    flows, failures = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def recipient(address):
        client = Client(port)
        try:
            while time.monotonic() < stop_at:
                began = time.monotonic()
                challenge = client.json("POST", f"/api/v1/links/{token}/challenges", {"email": address}, expect=202)
                asked = time.monotonic()
                code = None
                mail_deadline = asked + 15
                while code is None and time.monotonic() < mail_deadline:
                    code = outbox.take(address)
                    if code is None:
                        time.sleep(0.01)
                if code is None:
                    with lock:
                        failures.append(f"no code mail for {address} within 15 s")
                    return
                mailed = time.monotonic()
                verified = client.json("POST", f"/api/v1/challenges/{challenge['challengeId']}/verify", {"code": code})
                done = time.monotonic()
                if not verified.get("accessToken"):
                    with lock:
                        failures.append(f"verify for {address} gave no access token")
                    return
                with lock:
                    flows.append({"total_ms": (done - began) * 1000, "challenge_ms": (asked - began) * 1000,
                                  "mail_wait_ms": (mailed - asked) * 1000, "verify_ms": (done - mailed) * 1000})
        except Exception as error:  # a failed flow is reported, not hidden
            with lock:
                failures.append(f"{address}: {error}")
        finally:
            client.close()

    started = time.monotonic()
    threads = [threading.Thread(target=recipient, args=(a,), daemon=True) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started

    def median(key):
        return statistics.median(f[key] for f in flows) if flows else None

    def p99(key):
        values = sorted(f[key] for f in flows)
        return values[min(len(values) - 1, int(len(values) * 0.99))] if values else None

    return {
        "clients": len(addresses),
        "flows": len(flows),
        "flows_per_s": len(flows) / elapsed,
        "total_p50_ms": median("total_ms"),
        "total_p99_ms": p99("total_ms"),
        "challenge_p50_ms": median("challenge_ms"),
        "mail_wait_p50_ms": median("mail_wait_ms"),
        "verify_p50_ms": median("verify_ms"),
        "failures": failures[:10],
    }
