"""Part 4: 500 challenge requests for an address that may open the link and 500 for one that may
not, interleaved: same status, same body shape, response times a two-sample test cannot tell apart."""
import http.client
import json
import random
import statistics
import time

from scipy import stats

from otplink import FIGURES, start_server

PER_SIDE = 500
ALPHA = 0.01


def shape(value):
    """The body's shape: keys and value types, recursively, and string lengths of ids."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, str):
        return ("str", len(value))
    return type(value).__name__


def test_challenge_answers_do_not_tell_who_may_open_the_link():
    # Mail limits per address are lifted here: the 5-per-hour limit answers both sides alike (part 3
    # tests it), and this part needs 500 answers per side from the path that does the work.
    server = start_server("enumeration", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000"],
                          policy={"codeMailsPerAddressPerWindow": 100000})
    link = server.create_link(["member@corp.example"])
    path = f"/api/v1/links/{link['token']}/challenges"
    order = ["member@corp.example"] * PER_SIDE + ["stranger@elsewhere.example"] * PER_SIDE
    random.Random(4).shuffle(order)
    times = {address: [] for address in set(order)}
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
            headers = tuple(sorted(k.lower() for k, _ in response.getheaders() if k.lower() != "date"))
            answers[address].add((response.status, json.dumps(shape(json.loads(data))), headers))
    finally:
        connection.close()

    member, stranger = answers["member@corp.example"], answers["stranger@elsewhere.example"]
    assert len(member) == 1 and member == stranger, f"answers differ: {member} vs {stranger}"
    assert next(iter(member))[0] == 202
    a, b = times["member@corp.example"], times["stranger@elsewhere.example"]
    test = stats.mannwhitneyu(a, b, alternative="two-sided")
    ks = stats.ks_2samp(a, b)
    FIGURES["4 enumeration: requests"] = len(order)
    FIGURES["4 enumeration: median ms (may open / may not)"] = (
        f"{statistics.median(a) * 1000:.2f} / {statistics.median(b) * 1000:.2f}")
    FIGURES["4 enumeration: Mann-Whitney U p-value"] = f"{test.pvalue:.3f}"
    FIGURES["4 enumeration: Kolmogorov-Smirnov p-value"] = f"{ks.pvalue:.3f}"
    assert test.pvalue > ALPHA, f"response times differ (Mann-Whitney p = {test.pvalue:.4g})"
    assert ks.pvalue > ALPHA, f"response time distributions differ (KS p = {ks.pvalue:.4g})"
