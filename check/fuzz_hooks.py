"""Schemathesis hooks for part 1: steer part of the generated calls at real links, challenges and
files (so fuzzing reaches past the 404s), and count every request and its status.

Loaded by schemathesis through SCHEMATHESIS_HOOKS; reads the real ids from CHECK_FUZZ_IDS (JSON) and
writes the counts to CHECK_FUZZ_COUNTS when the run ends.
"""
import atexit
import collections
import json
import os
import random

import schemathesis

_ids = json.loads(open(os.environ["CHECK_FUZZ_IDS"]).read())
_counts = collections.Counter()
_steer = random.Random(7)


def _write_counts():
    with open(os.environ["CHECK_FUZZ_COUNTS"], "w") as out:
        json.dump(dict(_counts), out)


atexit.register(_write_counts)

_REAL = {"token": "tokens", "linkId": "linkIds", "challengeId": "challengeIds"}


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    # Half of the calls with a path parameter get a real one; the rest keep what was generated.
    if case.path_parameters:
        for name, pool in _REAL.items():
            if name in case.path_parameters and _ids[pool] and _steer.random() < 0.5:
                case.path_parameters[name] = _steer.choice(_ids[pool])
    if isinstance(case.body, dict) and "fileId" in case.body and _steer.random() < 0.5:
        case.body["fileId"] = _steer.choice(_ids["fileIds"])


@schemathesis.hook
def after_call(ctx, case, response):
    _counts["requests"] += 1
    _counts[f"status_{response.status_code // 100}xx"] += 1
