"""Part 1: schemathesis fuzzes every call of openapi.yaml, admin ones included, against the real
server: at least 1,000 requests, no 5xx, every answer valid against the document."""
import json
import os
import subprocess
import sys
from pathlib import Path

from otplink import FIGURES, ROOT, SECRETS, codes_for, new_folder, start_server

MINIMUM_REQUESTS = 1000
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")


def seed_ids(server) -> dict:
    """A few real files, links and challenges the fuzzer's calls are steered at half of the time."""
    ids = {"tokens": [], "linkIds": [], "challengeIds": [], "fileIds": []}
    for n in range(3):
        file_id = server.upload(name=f"plan-{n}.pdf")
        link = server.create_link(["bob@partner.example", "team@corp.example"], file_id=file_id)
        ids["fileIds"].append(file_id)
        ids["tokens"].append(link["token"])
        ids["linkIds"].append(link["linkId"])
        started = server.call("POST", f"/api/v1/links/{link['token']}/challenges",
                              body={"email": "bob@partner.example"})
        assert started.status == 202, started.body
        ids["challengeIds"].append(started.json["challengeId"])
    return ids


def test_schemathesis_finds_no_5xx_and_no_contract_violation(store_args):
    server = start_server("contract", args=["--rate-burst", "1000000", "--rate-per-minute", "1000000", *store_args])
    work = new_folder("schemathesis")
    ids_file, counts_file = work / "ids.json", work / "counts.json"
    ids_file.write_text(json.dumps(seed_ids(server)))
    env = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", CHECK_FUZZ_IDS=str(ids_file),
               CHECK_FUZZ_COUNTS=str(counts_file), PYTHONPATH=str(Path(__file__).parent))
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "run", str(ROOT / "openapi.yaml"),
        "--url", f"http://127.0.0.1:{server.port}",
        "--header", f"Authorization: Bearer {server.admin_key}",
        "--checks", CHECKS, "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", os.environ.get("CHECK_FUZZ_EXAMPLES", "150"), "--seed", "20261127",
        # One worker: the coverage phase names hypothesis's filters by parsing their source with
        # `ast.parse`, which Python 3.11 does not guard across threads; with two workers schemathesis
        # once stopped with its own "AST constructor recursion depth mismatch" while every request
        # had been answered as the contract says.
        "--workers", "1", "--request-timeout", "20", "--no-color", "--suppress-health-check", "all",
        "--report", "junit", "--report-dir", str(work),
    ]
    run = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    (work / "schemathesis.log").write_text(output)
    counts = json.loads(counts_file.read_text()) if counts_file.exists() else {}
    FIGURES["1 fuzz: requests" + (" (PostgreSQL)" if store_args else "")] = counts.get("requests", 0)
    FIGURES["1 fuzz: answers by class" + (" (PostgreSQL)" if store_args else "")] = {k: v for k, v in sorted(counts.items()) if k.startswith("status_")}
    assert run.returncode == 0, f"schemathesis found problems (full output in {work}/schemathesis.log):\n{output[-6000:]}"
    assert counts.get("requests", 0) >= MINIMUM_REQUESTS, f"only {counts.get('requests')} requests were fuzzed"
    assert counts.get("status_5xx", 0) == 0
    assert server.alive
    assert server.call("GET", "/healthz").status == 200
