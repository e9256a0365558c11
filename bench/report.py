"""The benchmark's report: `bench/results/latest.md` (tables, targets met or missed) and `latest.json`."""

import json


def seconds(value):
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "n/a"


def verdict(ok):
    return "met" if ok else "**missed**"


def newest_hugo(site):
    """The name of the newest Hugo measured on a site (`hugo-0.168.0`), else Debian's (`hugo`)."""
    return max((name for name in site if name.startswith("hugo")), key=lambda name: (name != "hugo", name))


def targets(results):
    """Each target with the measured value and whether it was met."""
    found = []
    sites = results.get("sites", {})
    largest = sites.get("10000")
    if largest:
        for hugo in (name for name in largest if name.startswith("hugo")):
            h, g = largest["helpgen"], largest[hugo]
            found.append((f"full build CPU ≤ 0.5× {hugo}'s at 10,000 pages", ratio(h["full"]["cpu_s"], g["full"]["cpu_s"]),
                          h["full"]["cpu_s"] <= 0.5 * g["full"]["cpu_s"]))
            if "user_s" in h["full"] and "user_s" in g["full"]:
                found.append((f"(of which user time: ≤ 0.5× {hugo}'s)", ratio(h["full"]["user_s"], g["full"]["user_s"]),
                              h["full"]["user_s"] <= 0.5 * g["full"]["user_s"]))
            found.append((f"full build peak memory ≤ 0.25× {hugo}'s", ratio(h["full"]["peak_mib"], g["full"]["peak_mib"]),
                          h["full"]["peak_mib"] <= 0.25 * g["full"]["peak_mib"]))
            found.append((f"build over an unchanged output: wall ≤ 0.1× {hugo}'s", ratio(h["unchanged"]["wall_s"], g["unchanged"]["wall_s"]),
                          h["unchanged"]["wall_s"] <= 0.1 * g["unchanged"]["wall_s"]))
        edit = largest["helpgen"]["edit"]["wall_s"]
        found.append(("one page edited, build in a new process ≤ 0.5 s", seconds(edit), edit <= 0.5))
    huge = sites.get("100000")
    if huge:
        peak = huge["helpgen"]["full"]["peak_mib"]
        found.append(("100,000 pages: peak memory < 1 GiB", f"{peak:.0f} MiB", peak < 1024))
    rebuild = results.get("rebuild")
    if rebuild and "wall_s" in rebuild.get("helpgen", {}):
        value = rebuild["helpgen"]["wall_s"]
        found.append(("one-page rebuild in watch mode at 10,000 pages < 100 ms", seconds(value), value < 0.1))
    api = results.get("api")
    if api:
        ceiling = api["healthz"]["rps"]
        found.append(("GET /links/{token} ≥ 60% of /healthz", f"{api['link']['rps'] / ceiling:.0%}", api["link"]["rps"] >= 0.6 * ceiling))
        for key, name in (("challenge", "POST challenges"), ("verify", "POST verify")):
            share = api[key]["rps"] / ceiling
            found.append((f"{name} ≥ 20% of /healthz", f"{share:.0%}", share >= 0.2))
            found.append((f"{name} p99 < 20 ms", f"{api[key]['p99_ms']:.1f} ms", api[key]["p99_ms"] < 20))
    static = results.get("static")
    if static and isinstance(static.get("otplink-api"), dict) and isinstance(static.get("nginx"), dict):
        served, nginx = static["otplink-api"]["rps"], static["nginx"]["rps"]
        found.append(("static page ≥ 0.5× nginx's req/s", ratio(served, nginx), served >= 0.5 * nginx))
        if api:
            found.append(("static page ≥ the server's own /healthz", f"{served:,.0f} vs {api['healthz']['rps']:,.0f}", served >= api["healthz"]["rps"]))
    return found


def sites_section(sites):
    """Every kind of build at every size, each generator beside helpgen."""
    if not sites:
        return []
    first = next(iter(sites.values()))
    runs = first["helpgen"]["full"]["runs"]
    lines = [
        f"## Help center build: helpgen vs Hugo (median of {runs} after a warm-up, rounds rotated; each build a new process)",
        "",
        "| pages | generator | full: wall | full: CPU | full: user + system (system's range) | full: peak RSS | unchanged: wall | one edit: wall | full CPU vs helpgen | full wall per 1,000 pages |",
        "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]

    def split(full):
        if "user_s" not in full:
            return "n/a"
        return f"{full['user_s']:.2f} + {full['system_s']:.2f} s ({full['system_min_s']:.2f}–{full['system_max_s']:.2f})"

    for size, site in sites.items():
        helpgen = site["helpgen"]
        for name in [n for n in site if n != "pages"]:
            r = site[name]
            lines.append(
                f"| {site['pages']:,} | {name} | {seconds(r['full']['wall_s'])} | {r['full']['cpu_s']:.2f} s | {split(r['full'])} | {r['full']['peak_mib']:.0f} MiB "
                f"| {seconds(r['unchanged']['wall_s'])} | {seconds(r['edit']['wall_s'])} "
                f"| {ratio(r['full']['cpu_s'], helpgen['full']['cpu_s'])} | {r['full']['wall_s'] / site['pages'] * 1000:.3f} s |")
    return lines + ["", "full: from nothing (output, build state and cache moved aside, and deleted only after the whole "
                    "benchmark: on an ext4 without a journal, every file created in the minutes after a large deletion costs the "
                    "kernel a pass over the freed inodes, which made each full build pay for the one before it); unchanged: the "
                    "same build again over its own output; one edit: a line appended to one English page, then a build over the "
                    "output. Pages count every Markdown page of both locales (half English, half Korean translations); every "
                    "generator built the same page URLs. User and system time are medians of their own (they need not add up to "
                    "the CPU median).", ""]


def rebuild_section(rebuild):
    """The one-page rebuild: edit-to-written latency of each generator in watch mode."""
    if not rebuild:
        return []
    lines = [
        f"## One page edited, of {rebuild['pages']:,}: from writing the edit to its page's new HTML on disk",
        "",
        "| generator | median | min | max | edits | load average during the edits |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in [n for n in rebuild if n != "pages"]:
        command = "helpgen watch" if name == "helpgen" else f"{name} --watch"
        result = rebuild.get(name, {})
        if "wall_s" in result:
            lines.append(f"| `{command}` | {result['wall_s'] * 1000:.1f} ms | {result['wall_min_s'] * 1000:.1f} ms "
                         f"| {result['wall_max_s'] * 1000:.1f} ms | {result['runs']} | {result['load'][0]} … {result['load'][-1]} |")
        else:
            lines.append(f"| `{command}` | not measured: {result.get('error', 'no result')} | | | | |")
    printed = rebuild.get("helpgen", {}).get("printed", [])
    lines += ["", "Each generator runs in watch mode over the built site (its output written to disk, as before); "
              "each edit appends a line to one English page, and the page's output file is polled every ~1 ms. "
              "The time includes the watcher's debounce of bursts (helpgen: 4 ms without events, at most 50 ms)."]
    if printed:
        lines += ["", "What `helpgen watch` printed for the edits:", "", "```"] + printed + ["```"]
    return lines + [""]


STORE_CALLS = {"limit_only": "GET /links/{malformed token}: the per-client limit alone",
               "link": "GET /links/{token}", "challenge": "POST challenges (new address each)",
               "verify": "POST verify (wrong code)"}


def stores_section(sqlite, stores):
    """Each call on SQLite beside PostgreSQL with one and two instances: req/s and p99."""
    if not sqlite or not stores:
        return []
    columns = [("SQLite, 1 instance", sqlite)] + [
        (f"PostgreSQL, {f['instances']} instance{'s behind nginx' if f['instances'] > 1 else ''}", f) for f in stores.values()]
    lines = ["## The API on each store (req/s, p99; same wrk settings, limits raised as above)", "",
             "| call | " + " | ".join(name for name, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for key, name in STORE_CALLS.items():
        cells = []
        for _, figures in columns:
            f = figures.get(key)
            cells.append(f"{f['rps']:,.0f} /s, {f['p99_ms']:.1f} ms" if f else "n/a")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    shared, local = stores.get("postgres-1", {}).get("limit_only"), sqlite.get("limit_only")
    if shared and local:
        lines += ["", f"The per-client limit shared in PostgreSQL (one statement per public call) against the in-memory one: "
                      f"{shared['rps']:,.0f} against {local['rps']:,.0f} req/s on a call that asks nothing else of the store "
                      f"({ratio(shared['rps'], local['rps'])}); p99 {shared['p99_ms']:.1f} ms against {local['p99_ms']:.1f} ms."]
    statuses = [f"{name}: " + ", ".join(f"{c:,}× {s}" for s, c in sorted(f[key]["statuses"].items()))
                for name, f in columns for key in ("verify",) if key in f]
    return lines + ["", "Answers counted by the servers for POST verify: " + "; ".join(statuses) + ".", ""]


def markdown(results):
    meta = results["machine"]
    lines = [
        f"# otplink benchmark, {results['finished_at']}",
        "",
        f"{meta['cpu']}, {meta['cores']} cores, {meta['memory_gib']:.0f} GiB; {meta['swift']}; {meta['hugo']}; "
        f"{meta['wrk']}; {meta['nginx']}. Seed `{results['seed']}`. The run took {results['elapsed_s'] / 60:.1f} min (the release build not counted).",
        "",
    ]
    lines += sites_section(results.get("sites", {}))
    lines += rebuild_section(results.get("rebuild"))
    api = results.get("api")
    if api:
        ceiling = api["healthz"]["rps"]
        lines += [
            f"## API under wrk ({api['connections']} connections, {api['threads']} threads, {api['seconds']} s after a "
            f"{api['warmup']} s warm-up; release build, SQLite in a temporary folder, wrk on the same 2 cores)",
            "",
            "| call | req/s | p50 | p99 | vs /healthz | answers counted by the server |",
            "|---|---:|---:|---:|---:|---|",
        ]
        names = {"healthz": "GET /healthz", "limit_only": "GET /links/{malformed token} (the per-client limit, no store)",
                 "link": "GET /links/{token}", "challenge": "POST /links/{token}/challenges (new address each)",
                 "verify": "POST /challenges/{id}/verify (wrong code)",
                 "challenge_big_directory": "POST challenges, 50,000 members in 2,000 nested lists"}
        for key, name in names.items():
            if key not in api:
                continue
            f = api[key]
            answers = ", ".join(f"{count:,}× {status}" for status, count in sorted(f["statuses"].items()))
            lines.append(f"| {name} | {f['rps']:,.0f} | {f['p50_ms']:.2f} ms | {f['p99_ms']:.2f} ms | {f['rps'] / ceiling:.0%} | {answers} |")
        lines.append("")
    lines += stores_section(api, results.get("stores"))
    flow = results.get("flow")
    if flow:
        lines += [
            f"## Full flow ({flow['clients']} clients, {flow['seconds']} s): challenge → code from the outbox → verify",
            "",
            "| flows | flows/s | total p50 | total p99 | challenge p50 | wait for the mail p50 | verify p50 |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {flow['flows']} | {flow['flows_per_s']:.1f} | {flow['total_p50_ms']:.0f} ms | {flow['total_p99_ms']:.0f} ms "
            f"| {flow['challenge_p50_ms']:.1f} ms | {flow['mail_wait_p50_ms']:.0f} ms | {flow['verify_p50_ms']:.1f} ms |",
            "",
            "Each challenge wakes the mail worker, which writes the code mail into the outbox; "
            "the wait for the mail is that pass of the worker, shared with every other challenge's mail.",
            "",
        ] if flow["flows"] else [f"## Full flow: no flow completed ({'; '.join(flow['failures'])})", ""]
    static = results.get("static")
    if static:
        lines += [
            f"## Static authentication page (`/en/link/`, {static['bytes']:,} bytes), {static['seconds']} s each",
            "",
            "| server | req/s | p50 | p99 |",
            "|---|---:|---:|---:|",
        ]
        for name in ("otplink-api", "nginx"):
            f = static.get(name)
            if isinstance(f, dict):
                lines.append(f"| {name} | {f['rps']:,.0f} | {f['p50_ms']:.2f} ms | {f['p99_ms']:.2f} ms |")
            else:
                lines.append(f"| {name} | {f} | | |")
        lines.append("")
    found = targets(results)
    if found:
        lines += ["## Targets", "", "| target | measured | |", "|---|---:|---|"]
        lines += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in found]
        lines.append("")
    return "\n".join(lines)


def write(results, folder):
    """Writes latest.md and latest.json into `folder`; returns the Markdown."""
    text = markdown(results)
    (folder / "latest.md").write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text
