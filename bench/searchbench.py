"""Search on the benchmark's bilingual help center: helpgen's index beside Pagefind's, in Chromium.

    .venv/bin/python bench/searchbench.py        (make bench-search; part of make bench)

Builds the generated site (bench/sitegen.py, BENCH_SEARCH_PAGES pages, default 10,000) plus the
evaluation pages of bench/searcheval.py with the release `helpgen`, indexes the same output with
Pagefind (the `pagefind_bin_extended` module of the running Python: .venv's, the `bench` group), serves it on 127.0.0.1 and
runs every query of bench/search-queries.json through both in headless Chromium:

- recall@10 (is the relevant page in the top ten?) and MRR, by locale and by kind of query;
- index build time (helpgen: the whole build, which includes its index; Pagefind: its run on the
  built output) and total index bytes;
- bytes a fresh browser downloads for its first query of a locale and then for a second one
  (index data; the script/WebAssembly needed to search is counted apart);
- query latency, from the call to the top ten results with their titles and URLs (median, p95).

Writes bench/results/search-latest.md and .json.
"""

import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import searcheval  # noqa: E402
import sitegen  # noqa: E402
from otplink_harness import Binaries, build_site  # noqa: E402

PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "10000"))
SEED = int(os.environ.get("BENCH_SEED", "7"))
HELPGEN = Binaries.from_environment("release").helpgen
QUERY_TIMEOUT = 20  # seconds a single query may take in the browser


def log(message):
    print(f"[search] {message}", flush=True)


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


class CountingHandler(SimpleHTTPRequestHandler):
    """A static server as a CDN would be: text (JSON, JavaScript, HTML) gzipped when the browser asks,
    compressed once per file and then kept (Pagefind's files are gzipped on disk already, so compressing
    on every request would slow only helpgen's answers), and every answer's body size recorded, so the
    bytes of a query are counted on the wire, from the page and from any worker alike."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript",
                      ".json": "application/json"}
    sent = []  # (path, bytes) of every answer since the last reset
    compressed = {}  # file path → its gzipped bytes
    lock = threading.Lock()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        type_ = self.guess_type(str(path))
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in (".json", ".js", ".html", ".css")
        if gzipped:
            with self.lock:
                kept = self.compressed.get(str(path))
            if kept is None:
                kept = gzip.compress(body, 6)
                with self.lock:
                    self.compressed[str(path)] = kept
            body = kept
        self.send_response(200)
        self.send_header("Content-Type", type_)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        with self.lock:
            self.sent.append((self.path, len(body)))

    def log_message(self, *args):
        pass


def take_sent():
    with CountingHandler.lock:
        sent = list(CountingHandler.sent)
        CountingHandler.sent.clear()
    # Pagefind's WebAssembly is `wasm.<lang>.pagefind`; its JavaScript and helpgen's end in `.js`.
    runtime = sum(size for path, size in sent if path.split("?")[0].endswith((".js", ".wasm")) or "/wasm." in path)
    return sum(size for _, size in sent) - runtime, runtime


def serve(folder):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(CountingHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                     "--disable-extensions", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")))
    driver.set_script_timeout(QUERY_TIMEOUT)
    driver.set_page_load_timeout(60)
    return driver


# One query in the page: {urls, ms, split}; bytes are counted by the server. For helpgen, `split` divides
# the time by the browser's resource timings: [index files fetched (meta and chunks), the script
# until its first page-fragment request (ranking), the page fragments]; for Pagefind it is null.
RUN_QUERY = """
const [system, indexURL, text, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
performance.clearResourceTimings();
const start = performance.now();
const split = (ms) => {
  const files = performance.getEntriesByType("resource").filter(e => e.name.includes(indexURL));
  const fragments = files.filter(e => e.name.includes(indexURL + "p/"));
  const index = files.filter(e => !e.name.includes(indexURL + "p/"));
  const fetched = index.length ? Math.max(...index.map(e => e.responseEnd)) - start : 0;
  const asked = fragments.length ? Math.min(...fragments.map(e => e.startTime)) - start : ms;
  return [fetched, asked - fetched, ms - asked];
};
const finish = (urls) => { const ms = performance.now() - start; done({urls, ms, split: system === "helpgen" ? split(ms) : null}); };
const fail = (error) => done({error: String(error)});
if (system === "helpgen") {
  window.helpSearch.query(indexURL, text, 10).then(items => finish(items.map(i => i.url.split("#")[0]))).catch(fail);
} else {
  (window.__pagefind ? Promise.resolve(window.__pagefind) : import("/pagefind/pagefind.js").then(async pf => {
    await pf.options({excerptLength: 20});
    window.__pagefind = pf;
    return pf;
  })).then(pf => pf.search(text))
    .then(search => Promise.all(search.results.slice(0, 10).map(r => r.data())))
    .then(items => finish(items.map(d => d.url.replace(/index\\.html$/, "").split("#")[0])))
    .catch(fail);
}
"""


def run_queries(origin, system, locale, queries):
    driver = browser()
    try:
        driver.get(f"{origin}/{locale}/search-eval/")
        time.sleep(0.5)
        take_sent()  # the page itself (and helpgen's search scripts, which every page loads)
        # The first query of a fresh browser, then one about another topic, for the bytes each downloads.
        order = [0, len(queries) // 2] + [i for i in range(len(queries)) if i not in (0, len(queries) // 2)]
        answers = [None] * len(queries)
        for position, i in enumerate(order):
            answer = driver.execute_async_script(RUN_QUERY, system, f"/{locale}/search/index/", queries[i]["query"])
            if "error" in answer:
                raise RuntimeError(f"{system} failed on {queries[i]['query']!r}: {answer['error']}")
            time.sleep(0.05)
            answer["bytes"], answer["runtime"] = take_sent()
            answer["order"] = position
            answers[i] = answer
        return answers
    finally:
        driver.quit()


def scores(queries, answers):
    ranks = []
    for query, answer in zip(queries, answers):
        relevant = set(query["relevant"])
        rank = next((i + 1 for i, url in enumerate(answer["urls"]) if url in relevant), None)
        ranks.append(rank)
    found = [r for r in ranks if r is not None]
    return {
        "queries": len(ranks),
        "recall@10": round(len(found) / len(ranks), 3) if ranks else None,
        "mrr": round(sum(1 / r for r in found) / len(ranks), 3) if ranks else None,
        "missed": [q["query"] for q, r in zip(queries, ranks) if r is None],
    }


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    queries = json.loads((BENCH / "search-queries.json").read_text(encoding="utf-8"))
    if not HELPGEN.is_file():
        sys.exit(f"{HELPGEN} is missing: make bench-search builds it (swift build -c release --product helpgen)")
    # Under `make bench` (BENCH_KEEP=1) the site stays in bench/results/search-tmp/ until the whole
    # benchmark is over: deleting it here would slow the next builds' file creation (see sitebench.py).
    if os.environ.get("BENCH_KEEP") == "1":
        work = BENCH / "results" / "search-tmp"
        subprocess.run(["rm", "-rf", str(work)], check=False)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    server = None
    try:
        log(f"writing a {PAGES}-page bilingual site (seed {SEED}) and {len(searcheval.TOPICS)} evaluation topics per locale")
        sitegen.write_site(work, PAGES, SEED)
        searcheval.write_pages(work / "helpgen" / "content")
        output = work / "public"
        started = time.perf_counter()
        build_site(HELPGEN, output, site=work / "helpgen", timeout=1800)
        helpgen_seconds = time.perf_counter() - started
        helpgen_bytes = sum(folder_bytes(output / locale / "search" / "index") for locale in ("en", "ko"))
        log(f"helpgen build (pages and index): {helpgen_seconds:.1f} s; index {helpgen_bytes / 1e6:.1f} MB")
        started = time.perf_counter()
        # Pagefind reads the article only, as helpgen's index does (navigation lists other pages' titles).
        subprocess.run([sys.executable, "-m", "pagefind_bin_extended", "--site", str(output), "--root-selector", "article"],
                       check=True, capture_output=True, timeout=1800)
        pagefind_seconds = time.perf_counter() - started
        pagefind_bytes = folder_bytes(output / "pagefind")
        log(f"Pagefind: {pagefind_seconds:.1f} s; index {pagefind_bytes / 1e6:.1f} MB")

        server, origin = serve(output)
        results = {"pages": PAGES + 2 * (len(searcheval.TOPICS) + 1), "seed": SEED, "systems": {}}
        for system, seconds, size in (("helpgen", helpgen_seconds, helpgen_bytes), ("pagefind", pagefind_seconds, pagefind_bytes)):
            entry = {"index_seconds": round(seconds, 2), "index_bytes": size, "locales": {}}
            latencies, timed = [], []
            for locale in ("ko", "en"):
                subset = [q for q in queries if q["locale"] == locale]
                answers = run_queries(origin, system, locale, subset)
                latencies += [a["ms"] for a in answers]
                timed += [(a["ms"], locale, q["query"], a["order"], a["split"]) for q, a in zip(subset, answers)]
                kinds = sorted({q["kind"] for q in subset})
                entry["locales"][locale] = {
                    "all": scores(subset, answers),
                    "kinds": {kind: scores([q for q in subset if q["kind"] == kind],
                                           [a for q, a in zip(subset, answers) if q["kind"] == kind]) for kind in kinds},
                    "first_query_bytes": answers[0]["bytes"], "first_query_runtime_bytes": answers[0]["runtime"],
                    "second_query_bytes": answers[len(subset) // 2]["bytes"],
                    "first_query": subset[0]["query"], "second_query": subset[len(subset) // 2]["query"],
                }
                particle_compound = [i for i, q in enumerate(subset) if q["kind"] in ("particle", "compound", "ending")]
                if locale == "ko":
                    entry["locales"][locale]["particle_compound"] = scores([subset[i] for i in particle_compound],
                                                                           [answers[i] for i in particle_compound])
                log(f"{system} {locale}: recall@10 {entry['locales'][locale]['all']['recall@10']}, "
                    f"MRR {entry['locales'][locale]['all']['mrr']}")
            entry["latency_ms"] = {"median": round(statistics.median(latencies), 1), "p95": round(percentile(latencies, 0.95), 1)}
            # The slowest queries, and whether each was its browser's first (the index's meta file loads then).
            entry["slowest"] = [{"ms": round(ms, 1), "locale": locale, "query": query, "first": order == 0,
                                 "split": [round(part, 1) for part in split] if split else None}
                                for ms, locale, query, order, split in sorted(timed, key=lambda t: t[0], reverse=True)[:8]]
            if all(t[4] for t in timed):
                entry["split_ms"] = {part: round(sum(t[4][n] for t in timed), 1)
                                     for n, part in enumerate(("index files", "ranking", "page fragments"))}
            results["systems"][system] = entry
        write_report(results)
    finally:
        if server:
            server.shutdown()
        if os.environ.get("BENCH_KEEP") != "1":
            subprocess.run(["rm", "-rf", str(work)], check=False)


def write_report(results):
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / "search-latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    h, p = results["systems"]["helpgen"], results["systems"]["pagefind"]

    def row(name, get):
        return f"| {name} | {get(h)} | {get(p)} |"

    lines = [
        f"#### Search: {results['pages']:,} pages in two locales, {sum(v['all']['queries'] for v in h['locales'].values())} queries "
        "(headless Chromium, 127.0.0.1)",
        "",
        "| | helpgen | Pagefind extended 1.5.2 |",
        "|---|---|---|",
        row("Korean recall@10 / MRR", lambda s: f"{s['locales']['ko']['all']['recall@10']} / {s['locales']['ko']['all']['mrr']}"),
        row("Korean particle, ending and compound queries: recall@10",
            lambda s: f"{s['locales']['ko']['particle_compound']['recall@10']} ({s['locales']['ko']['particle_compound']['queries']} queries)"),
        row("Korean partial typing: recall@10", lambda s: f"{s['locales']['ko']['kinds']['typing']['recall@10']}"),
        row("English recall@10 / MRR", lambda s: f"{s['locales']['en']['all']['recall@10']} / {s['locales']['en']['all']['mrr']}"),
        row("index build", lambda s: f"{s['index_seconds']} s"),
        row("index bytes (both locales)", lambda s: f"{s['index_bytes'] / 1e6:.1f} MB"),
        row("first query, ko: index bytes (+ script/wasm)",
            lambda s: f"{s['locales']['ko']['first_query_bytes']:,} (+ {s['locales']['ko']['first_query_runtime_bytes']:,})"),
        row("second query, ko: index bytes", lambda s: f"{s['locales']['ko']['second_query_bytes']:,}"),
        row("first query, en: index bytes (+ script/wasm)",
            lambda s: f"{s['locales']['en']['first_query_bytes']:,} (+ {s['locales']['en']['first_query_runtime_bytes']:,})"),
        row("second query, en: index bytes", lambda s: f"{s['locales']['en']['second_query_bytes']:,}"),
        row("query latency median / p95", lambda s: f"{s['latency_ms']['median']} / {s['latency_ms']['p95']} ms"),
        "",
        "helpgen's build time is the whole build (pages and index); Pagefind's is its run over the built pages "
        "(with `--root-selector article`, so it reads what helpgen indexes). Bytes are counted on the wire from a "
        "static server that gzips text, as a CDN does; the first query is the first of a fresh browser in that "
        "locale, the second one about another topic. Script/wasm bytes are what the first query needed to load "
        "(helpgen's three search scripts, 11.6 KB gzipped, come with every page). Latency is from the call to the top ten "
        "results with their URLs and titles, over every query of both locales.",
        "",
        "Missed (helpgen): " + (", ".join(h["locales"]["ko"]["all"]["missed"] + h["locales"]["en"]["all"]["missed"]) or "none"),
        "",
        "Missed (Pagefind): " + (", ".join(p["locales"]["ko"]["all"]["missed"] + p["locales"]["en"]["all"]["missed"]) or "none"),
        "",
    ]
    for name, system in (("helpgen", h), ("Pagefind", p)):
        slowest = "; ".join(f"{q['query']} ({q['locale']}{', first' if q['first'] else ''}) {q['ms']} ms"
                            + (" = {} + {} + {}".format(*q["split"]) if q.get("split") else "") for q in system.get("slowest", []))
        lines += [f"Slowest queries ({name}): {slowest}", ""]
    if "split_ms" in h:
        lines += ["helpgen's query time, all queries added up: " + ", ".join(f"{part} {ms} ms" for part, ms in h["split_ms"].items())
                  + " (from the browser's resource timings: index files fetched, then the script until it asks for the "
                  "first page fragment, then the page fragments; each slowest query above is split the same way)", ""]
    text = "\n".join(lines) + "\n"
    (out / "search-latest.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
