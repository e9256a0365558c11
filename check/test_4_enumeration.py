"""Part 4: 500 challenge requests for an address that may open the link and 500 for one that may
not, interleaved: same status, same body shape, response times a two-sample test cannot tell apart.
Then, on a directory of 50,000 members in 2,000 nested lists, the latency of the prober's next request
after each kind of challenge: indistinguishable too.

Requests come in pairs, one of each kind in random order. Latencies drift over a run (the database and
the outbox grow); a plain shuffle may put more of one kind late in the run and so show the drift as a
difference. Within a pair the drift is nil: the paired differences are tested (Wilcoxon signed-rank),
and the two samples' distributions (Kolmogorov-Smirnov).

The part makes eight such comparisons (two tests each on SQLite's and PostgreSQL's challenges, and on
the large directory's challenges and next requests). Each must pass at 1% / 8, so that the whole part
fails by chance in at most 1% of runs when nothing tells the addresses apart."""
import http.client
import json
import random
import statistics
import time

from scipy import stats

from otplink_harness import big_directory
from otplink import FIGURES, start_server

PER_SIDE = 500
NEXT_PAIRS = 320
COMPARISONS = 8
ALPHA = 0.01 / COMPARISONS


def paired_order(first, second, pairs, seed):
    """`pairs` pairs of the two, each pair in random order."""
    rng = random.Random(seed)
    return [address for _ in range(pairs) for address in rng.sample([first, second], 2)]


def paired_differences(order, times, first):
    """Per pair, the time after `first` minus the time after the other, from `times` in `order`."""
    differences = []
    for index in range(0, len(order), 2):
        a, b = times[index], times[index + 1]
        differences.append(a - b if order[index] == first else b - a)
    return differences


def shape(value):
    """The body's shape: keys and value types, recursively, and string lengths of ids."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, str):
        return ("str", len(value))
    return type(value).__name__


def test_challenge_answers_do_not_tell_who_may_open_the_link(store_args):
    # Mail limits per address are lifted here: the 5-per-hour limit answers both sides alike (part 3
    # tests it), and this part needs 500 answers per side from the path that does the work.
    server = start_server("enumeration", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000", *store_args],
                          policy={"codeMailsPerAddressPerWindow": 100000})
    link = server.create_link(["member@corp.example"])
    path = f"/api/v1/links/{link['token']}/challenges"
    order = paired_order("member@corp.example", "stranger@elsewhere.example", PER_SIDE, seed=4)
    times = {address: [] for address in set(order)}
    in_order = []
    answers = {address: set() for address in set(order)}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        for warmup in range(20):  # first calls pay for caches and JIT-free but cold paths
            body = json.dumps({"email": order[warmup % 2]})
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            connection.getresponse().read()
        for address in order:
            body = json.dumps({"email": address})
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            times[address].append(time.perf_counter() - started)
            in_order.append(times[address][-1])
            headers = tuple(sorted(k.lower() for k, _ in response.getheaders() if k.lower() != "date"))
            answers[address].add((response.status, json.dumps(shape(json.loads(data))), headers))
    finally:
        connection.close()

    member, stranger = answers["member@corp.example"], answers["stranger@elsewhere.example"]
    assert len(member) == 1 and member == stranger, f"answers differ: {member} vs {stranger}"
    assert next(iter(member))[0] == 202
    a, b = times["member@corp.example"], times["stranger@elsewhere.example"]
    test = stats.wilcoxon(paired_differences(order, in_order, "member@corp.example"))
    ks = stats.ks_2samp(a, b)
    FIGURES["4 enumeration: requests" + (" (PostgreSQL)" if store_args else "")] = len(order)
    FIGURES["4 enumeration: median ms (may open / may not)" + (" (PostgreSQL)" if store_args else "")] = (
        f"{statistics.median(a) * 1000:.2f} / {statistics.median(b) * 1000:.2f}")
    FIGURES["4 enumeration: Wilcoxon signed-rank p-value" + (" (PostgreSQL)" if store_args else "")] = f"{test.pvalue:.3f}"
    FIGURES["4 enumeration: Kolmogorov-Smirnov p-value" + (" (PostgreSQL)" if store_args else "")] = f"{ks.pvalue:.3f}"
    assert test.pvalue > ALPHA, f"response times differ (Wilcoxon signed-rank p = {test.pvalue:.4g})"
    assert ks.pvalue > ALPHA, f"response time distributions differ (KS p = {ks.pvalue:.4g})"


def test_the_next_request_does_not_tell_who_may_open_the_link():
    """After each challenge, the prober's own next request: its latency must not depend on whether
    the challenged address may open the link (the mail worker's work after a challenge, the access
    rule's cost on a large directory), measured over interleaved pairs."""
    server = start_server("next-request", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000"],
                          policy={"codeMailsPerAddressPerWindow": 100000})
    directory = big_directory()
    loaded = server.call("PUT", "/api/v1/admin/directory", body=directory, admin=True, timeout=120)
    assert loaded.status == 200, (loaded.status, loaded.body[:300])
    target = server.create_link(["all@corp.example"], sender="boss@corp.example")
    probe_link = server.create_link(["prober@elsewhere.example"])
    member = directory["lists"][-1]["members"][-1]  # on a team, in a group, in all@: three lists deep
    stranger = "not-on-any-list@corp.example"       # internal, so the rule walks the lists for it too
    order = paired_order(member, stranger, NEXT_PAIRS, seed=11)
    challenge_times = {member: [], stranger: []}
    next_times = {member: [], stranger: []}
    in_order = {"challenge": [], "next request": []}
    target_path = f"/api/v1/links/{target['token']}/challenges"
    probe_path = f"/api/v1/links/{probe_link['token']}/challenges"
    headers = {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    deadline = time.monotonic() + 240
    try:
        for warmup in range(20):
            connection.request("POST", target_path, body=json.dumps({"email": order[warmup]}), headers=headers)
            connection.getresponse().read()
        for address in order:
            assert time.monotonic() < deadline, "part 4's next-request check ran past its time bound"
            started = time.perf_counter()
            connection.request("POST", target_path, body=json.dumps({"email": address}), headers=headers)
            answer = connection.getresponse()
            answer.read()
            challenge_times[address].append(time.perf_counter() - started)
            in_order["challenge"].append(challenge_times[address][-1])
            assert answer.status == 202
            # The prober's own request, sent the moment the answer is in.
            started = time.perf_counter()
            connection.request("POST", probe_path, body=json.dumps({"email": "prober@elsewhere.example"}), headers=headers)
            probe = connection.getresponse()
            probe.read()
            next_times[address].append(time.perf_counter() - started)
            in_order["next request"].append(next_times[address][-1])
            assert probe.status == 202
            time.sleep(0.02)  # let the background work of this pair end before the next pair starts
    finally:
        connection.close()
    for name, times in (("challenge", challenge_times), ("next request", next_times)):
        a, b = times[member], times[stranger]
        differences = paired_differences(order, in_order[name], member)
        wilcoxon = stats.wilcoxon(differences)
        ks = stats.ks_2samp(a, b)
        FIGURES[f"4 enumeration, 50,000 members in 2,000 lists: {name} median ms (may open / may not)"] = (
            f"{statistics.median(a) * 1000:.2f} / {statistics.median(b) * 1000:.2f} over {len(a)} pairs")
        FIGURES[f"4 enumeration, 50,000 members in 2,000 lists: {name} median paired difference ms"] = (
            f"{statistics.median(differences) * 1000:+.3f}")
        FIGURES[f"4 enumeration, 50,000 members in 2,000 lists: {name} p-values (Wilcoxon / KS)"] = (
            f"{wilcoxon.pvalue:.3f} / {ks.pvalue:.3f}")
        assert wilcoxon.pvalue > ALPHA, f"{name} times differ (Wilcoxon signed-rank p = {wilcoxon.pvalue:.4g})"
        assert ks.pvalue > ALPHA, f"{name} time distributions differ (KS p = {ks.pvalue:.4g})"
    # The member's codes went out; the stranger's never did.
    sent = server.outbox.paths()
    assert sent, "no code was mailed to the member"
    # The stranger's, written like the member's, are deleted by the sink's own sweep, every second.
    swept_by = time.monotonic() + 5
    while list((server.data / "withheld-mail").glob("*.eml")) and time.monotonic() < swept_by:
        time.sleep(0.1)
    assert not list((server.data / "withheld-mail").glob("*.eml")), "withheld mail was left on disk"
