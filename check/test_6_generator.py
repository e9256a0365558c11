"""Part 6: random and hostile Markdown and front matter never crash helpgen or hang it; each
failure is an error naming the file, and the previous public/ is untouched."""
import hashlib
import random
import shutil

import pytest

from otplink import FIGURES, HELPGEN, ROOT, new_folder, run_helpgen

TIMEOUT = 120  # seconds one helpgen run may take before the suite calls it a hang


def site_copy():
    work = new_folder("helpgen")
    shutil.copytree(ROOT / "site", work / "site")
    shutil.copytree(ROOT / "templates", work / "templates")
    return work


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def helpgen(work):
    run = run_helpgen(HELPGEN, "build", "--site", "site", "--templates", "templates", "--output", "public",
                      cwd=work, timeout=TIMEOUT)
    return run.returncode, run.stdout, run.stderr


def page(title, body, extra=""):
    return f"---\ntitle: {title}\n{extra}---\n\n{body}\n"


WORDS = ["alpha", "beta", "링크", "файл", "*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "&", "#", "!", "|",
         "-", "+", "1.", "\\", "~~~", "```", "<div>", "</div>", "<!--", "-->", "[!TIP]", "> ", "    ", "\t", "{{", "}}",
         "&#0;", "&#x110000;", "\u200b", "\u202e", "é", "ｆｕｌｌ", "😀", "\r"]


def random_markdown(rng):
    lines = []
    for _ in range(rng.randrange(1, 60)):
        prefix = rng.choice(["", "", "#" * rng.randrange(1, 8) + " ", "> " * rng.randrange(1, 6), "- ", "1. ",
                             "    ", "```", "<table>", "> [!NOTE]"])
        lines.append(prefix + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 20))))
    return "\n".join(lines)


HOSTILE = {
    "deep blockquotes": lambda: page("Deep quotes", "> " * 20000 + "bottom"),
    "deep lists": lambda: page("Deep lists", "\n".join("  " * i + "- item" for i in range(3000))),
    "deep emphasis": lambda: page("Deep emphasis", "*" * 50000 + "x" + "*" * 50000),
    "deep brackets": lambda: page("Deep brackets", "[" * 50000 + "x" + "]" * 50000),
    "deep HTML": lambda: page("Deep HTML", "<div>" * 20000 + "x" + "</div>" * 20000),
    "huge page (8 MB)": lambda: page("Huge", ("A paragraph of words that goes on. " * 40 + "\n\n") * 5800),
    "100,000 headings": lambda: page("Headings", "\n".join(f"## Same heading" for _ in range(100000))),
    "front matter nested 10,000 deep": lambda: "---\ntitle: Nest\nextra: " + "[" * 10000 + "]" * 10000 + "\n---\nBody\n",
    "front matter alias bomb": lambda: "---\ntitle: Bomb\na: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)) + "---\nBody\n",
    "title is a list": lambda: "---\ntitle: [a, b]\n---\nBody\n",
    "title is a map": lambda: "---\ntitle: {a: 1}\n---\nBody\n",
    "order is text": lambda: page("Order", "Body", "order: first\n"),
    "updated is not a date": lambda: page("Date", "Body", "updated: 2026-13-45\n"),
    "unclosed front matter": lambda: "---\ntitle: Open\nBody without the closing line\n",
    "front matter only": lambda: "---\ntitle: Only\n---",
    "empty file": lambda: "",
    "NUL bytes": lambda: page("Nul", "a\x00b\x00c"),
    "tab-indented YAML": lambda: "---\ntitle: Tabs\n\tslug: x\n---\nBody\n",
    "duplicate keys": lambda: "---\ntitle: One\ntitle: Two\n---\nBody\n",
    "slug with slashes": lambda: page("Slash", "Body", "slug: ../../../etc\n"),
    "slug with NUL": lambda: page("Nul slug", "Body", 'slug: "a\\0b"\n'),
    "slug climbing out (..)": lambda: page("Up", "Body", "slug: ..\n"),
    "slug is a dot": lambda: page("Dot", "Body", "slug: .\n"),
    "slug with a backslash": lambda: page("Back", "Body", 'slug: "..\\\\..\\\\x"\n'),
    "slug with a query": lambda: page("Query", "Body", "slug: a?b=1\n"),
    "alias climbing out": lambda: page("Alias up", "Body", 'aliases: ["/a/%2e%2e/%2E%2E/%2e%2e/etc/"]\n'),
    "alias with NUL": lambda: page("Alias nul", "Body", 'aliases: ["/a%00b/"]\n'),
    "alias is a map": lambda: page("Alias map", "Body", "aliases: {a: 1}\n"),
    "link to itself in a loop": lambda: page("Loop", "[me](loop.md) [me again](./loop.md#loop)"),
    "link escaping the site": lambda: page("Escape", "[out](../../../../etc/passwd.md)"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_page_never_crashes_or_hangs_helpgen(name):
    work = site_copy()
    (work / "site/content/en/loop.md").write_text(HOSTILE[name](), encoding="utf-8")
    check_one_build(work, "site/content/en/loop.md")


def test_invalid_utf8_page_is_built_with_replacement_characters_or_named_in_an_error():
    # helpgen reads bytes that are not UTF-8 as U+FFFD, as cmark does (ParsedPage.read): either that,
    # or an error naming the file, never a crash.
    work = site_copy()
    (work / "site/content/en/broken.md").write_bytes(b"---\ntitle: Broken \xff\xfe\n---\n\nBody \xc3\x28 end\n")
    if check_one_build(work, "site/content/en/broken.md") == 0:
        assert "Body \ufffd( end" in (work / "public/en/broken/index.html").read_text(encoding="utf-8")


def test_cyclic_and_conflicting_slugs_are_errors_naming_the_files():
    work = site_copy()
    content = work / "site/content/en"
    (content / "one.md").write_text(page("One", "[two](two.md)", "slug: two\n"))
    (content / "two.md").write_text(page("Two", "[one](one.md)", "slug: one\n"))
    (content / "three.md").write_text(page("Three", "x", "slug: one\n"))
    (content / "Three.md").write_text(page("Three again", "x"))
    status = check_one_build(work, ("site/content/en/three.md", "site/content/en/two.md"))
    assert status == 1


def test_random_markdown_never_crashes_helpgen():
    rng = random.Random(6)
    work = site_copy()
    for n in range(150):
        extra = rng.choice(["", "order: 3\n", f"slug: random-{n}\n", "description: \"a: b\"\n", "draft: true\n"])
        title = rng.choice(["Page", "“Quoted”", "'single'", "링크 {n}", "x" * 300]).replace("{n}", str(n))
        (work / f"site/content/en/random-{n}.md").write_text(page(json_title(title), random_markdown(rng), extra))
    check_one_build(work, None)
    FIGURES["6 generator: random pages built in one run"] = 150


def json_title(title):
    import json
    return json.dumps(title, ensure_ascii=False)


_runs = {"count": 0}


def check_one_build(work, faulty):
    """Builds once into a public/ that already holds a site; returns helpgen's exit status."""
    public = work / "public"
    public.mkdir(exist_ok=True)
    (public / "index.html").write_text("<!DOCTYPE html><title>previous site</title>")
    before = tree_digest(public)
    status, out, err = helpgen(work)
    _runs["count"] += 1
    FIGURES["6 generator: hostile or random inputs built"] = _runs["count"]
    assert status in (0, 1), f"helpgen crashed (status {status}):\n{err[-3000:]}"
    if status == 1:
        problems = [line for line in err.splitlines() if line and not line.startswith("helpgen:")]
        assert problems, f"helpgen failed without saying why:\n{err}"
        assert all(line.startswith("site/") or line.startswith("templates/") for line in problems), err[-3000:]
        if faulty:
            assert any(line.startswith(faulty if isinstance(faulty, tuple) else (faulty,)) for line in problems), f"no error names {faulty}:\n{err[-3000:]}"
        assert tree_digest(public) == before, "a failed build changed public/"
    return status
