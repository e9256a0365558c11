"""Part 3: an attacker who holds a valid link guesses codes for a known recipient, through resends
and new challenges, from many client addresses (127.0.0.2 ... 127.0.0.201).

The server must evaluate no more than the policy allows: 10 wrong codes per (link, address) per
hour, and at most 100 guesses-against-a-live-code on a link before it locks. Guesses for addresses
that may not open the link (they were never sent a code) must never lock it. The success probability
that follows is printed and must stay below 1 in 10,000 per address per day.
"""
import itertools
import random
import time

from otplink import FIGURES, start_server

WRONG_PER_ADDRESS_PER_HOUR = 10
LINK_LOCK = 100
CODE_DIGITS = 6


class Attacker:
    def __init__(self, server, seed):
        self.server = server
        self.rng = random.Random(seed)
        self.sources = itertools.cycle(f"127.0.0.{n}" for n in range(2, 202))
        self.evaluated = 0          # wrong guesses the server evaluated (400 invalid_code)
        self.comparisons = 0        # those guesses times the live codes each was compared with
        self.refused = 0            # calls the server refused without evaluating a guess
        self.successes = 0
        self.max_live_codes = 0
        self.calls = 0
        self.live = {}              # challenge id -> codes mailed for it

    def call(self, method, path, body=None):
        self.calls += 1
        return self.server.call(method, path, body=body, source=next(self.sources))

    def challenge(self, token, address, resends):
        """Starts a challenge and resends `resends` times; (challenge id, live codes) or None if refused."""
        started = self.call("POST", f"/api/v1/links/{token}/challenges", {"email": address})
        if started.status != 202:
            self.refused += 1
            return None
        challenge, live = started.json["challengeId"], 1
        for _ in range(resends):
            time.sleep(1.05)  # this server's resend cooldown is 1 s
            resent = self.call("POST", f"/api/v1/challenges/{challenge}/resend")
            if resent.status == 202:
                live += 1
            else:
                self.refused += 1
        self.max_live_codes = max(self.max_live_codes, live)
        self.live[challenge] = live
        return challenge, live

    def guess(self, challenge, live, limit=8):
        """Guesses random codes until the server stops evaluating them; the last answer's error code."""
        for _ in range(limit):
            code = f"{self.rng.randrange(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
            answer = self.call("POST", f"/api/v1/challenges/{challenge}/verify", {"code": code})
            if answer.status == 200:
                self.successes += 1
                return "verified"
            if answer.status == 400 and answer.error_code == "invalid_code":
                self.evaluated += 1
                self.comparisons += live
                continue
            self.refused += 1
            return answer.error_code
        return None


def test_guesses_stay_within_policy_and_success_is_below_one_in_ten_thousand_a_day():
    # The production policy, but a 1 s resend cooldown so the attack needs seconds, not minutes.
    server = start_server("brute", policy={"resendCooldown": 1})

    # A: one known recipient, attacked until the server refuses everything for that address.
    victim = "victim@corp.example"
    link = server.create_link([victim])
    attacker = Attacker(server, seed=1)
    plan = [2, 1, 0, 0, 0, 0, 0, 0]  # resends per challenge: 3 live codes, then 2, then whatever is left
    for resends in plan:
        started = attacker.challenge(link["token"], victim, resends)
        if started:
            attacker.guess(*started)
    events = server.events(link["linkId"])
    wrong_events = sum(1 for e in events if e["kind"] == "wrong_code")
    mails = sum(1 for e in events if e["kind"] == "code_queued")
    FIGURES["3 brute force: guesses evaluated per address per hour"] = attacker.evaluated
    assert attacker.successes == 0
    assert attacker.evaluated <= WRONG_PER_ADDRESS_PER_HOUR, attacker.evaluated
    assert wrong_events == attacker.evaluated
    assert mails <= 5
    per_hour_guesses, per_hour_comparisons = attacker.evaluated, attacker.comparisons
    assert server.call("POST", f"/api/v1/links/{link['token']}/challenges", {"email": victim}).status == 429

    # B: strangers' guesses. A challenge for an address that may not open the link was never sent a
    # code, so its wrong codes spend no chance: however many there are, the link stays open for its
    # recipients, and each gets the answer a recipient's wrong code gets.
    link_b = server.create_link([f"owner{n}@corp.example" for n in range(8)])
    strangers = Attacker(server, seed=2)
    answers = set()
    for n in range(45):
        started = strangers.challenge(link_b["token"], f"guess{n}@attacker.example", 0)
        if started:
            for _ in range(5):
                answer = strangers.call("POST", f"/api/v1/challenges/{started[0]}/verify", {"code": "000000"})
                answers.add((answer.status, answer.error_code))
                strangers.evaluated += answer.error_code == "invalid_code"
    FIGURES["3 brute force: strangers' wrong codes, link still open"] = strangers.evaluated
    assert strangers.evaluated >= 2 * LINK_LOCK, strangers.evaluated
    assert answers == {(400, "invalid_code")}, answers
    assert server.call("GET", f"/api/v1/links/{link_b['token']}").status == 200, "strangers locked the link"

    # C: the same attack over the addresses that may open the link, until it locks.
    mob = Attacker(server, seed=3)
    counted = set()
    for address in [f"owner{n}@corp.example" for n in range(8)]:
        for resends in (2, 1):
            started = mob.challenge(link_b["token"], address, resends)
            if started:
                counted.add(address)
                last = mob.guess(*started)
                if last == "link_locked":
                    break
        if server.call("GET", f"/api/v1/links/{link_b['token']}").status == 423:
            break
    # What the server evaluated, from its own audit trail: every wrong code it compared, with the
    # number of live codes of that challenge (the attacker knows how many it had mailed).
    events_b = server.events(link_b["linkId"])
    wrong_b = [e for e in events_b if e["kind"] == "wrong_code" and e["detail"].split()[-1] in mob.live]
    comparisons = sum(mob.live[e["detail"].split()[-1]] for e in wrong_b)
    FIGURES["3 brute force: wrong codes before the link locked"] = len(wrong_b)
    FIGURES["3 brute force: guesses x live codes before the link locked"] = comparisons
    FIGURES["3 brute force: recipient addresses it took to lock the link"] = len(counted)
    assert server.call("GET", f"/api/v1/links/{link_b['token']}").status == 423, "the link never locked"
    assert mob.successes == 0
    assert sum(1 for e in events_b if e["kind"] == "link_locked") == 1
    assert comparisons <= LINK_LOCK, (
        f"the link compared {len(wrong_b)} wrong codes with {comparisons} live codes before it locked")
    # No address can lock a link alone within an hour: its budget is 10 guesses of at most 5 live codes.
    assert len(counted) >= 2
    late = server.call("POST", f"/api/v1/links/{link_b['token']}/challenges", {"email": "late@attacker.example"})
    assert late.status == 423 and late.error_code == "link_locked"

    # The probability that one address's code is guessed within a day: guesses are compared with
    # live codes at most min(24 * per-hour, link lock) times a day, each a 1 in 10^6 chance.
    per_day = min(24 * per_hour_comparisons, comparisons)
    probability = 1 - (1 - 10 ** -CODE_DIGITS) ** per_day
    FIGURES["3 brute force: live codes per guess (max)"] = max(attacker.max_live_codes, mob.max_live_codes)
    FIGURES["3 brute force: attacker calls"] = attacker.calls + mob.calls
    FIGURES["3 brute force: success probability per address per day"] = f"{probability:.5e} (limit 1e-4)"
    assert probability < 1e-4
