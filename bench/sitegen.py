"""Synthetic help centers for the benchmark: the same pages for helpgen and for Hugo, from a seed.

`write_site(folder, pages, seed)` writes two inputs of one help center:

    <folder>/helpgen/   config.yml, i18n/, assets/ (the repository's), content/en|ko/…  (for `helpgen build`)
    <folder>/hugo/      config.toml, layouts/ (bench/hugo/layouts), content/en|ko/…   (for `hugo`)

`pages` counts every Markdown page of both locales (sections' `_index.md` included), half English and
half Korean, each English page with its Korean translation at the same path. Sections are three
levels deep (top / sub / leaf section); leaf sections hold the pages. Every page has headings, an
ordered and an unordered list, links to other pages (a sibling, its section, a page of another section
with a heading anchor), a tip, an HTML table and a code block. The same seed always gives the same bytes.
"""

import math
import random
import shutil
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

EN_WORDS = (
    "account admin address archive attachment audit backup browser calendar channel code comment contact "
    "device document domain download draft drive email export file filter folder group guest history inbox "
    "invite label language link list login mailbox member message mobile notice organization owner password "
    "permission phone policy preview profile quota recipient report request schedule search security sender "
    "setting share signature storage task team template thread token upload user version viewer workspace"
).split()
EN_VERBS = (
    "add allow archive change check choose copy create delete disable edit enable export find hide import "
    "invite manage move open remove rename restore review select send set share show sort sync turn update"
).split()
KO_WORDS = (
    "계정 관리자 주소 보관함 첨부파일 감사 백업 브라우저 캘린더 채널 코드 댓글 연락처 기기 문서 도메인 "
    "다운로드 임시보관 드라이브 이메일 내보내기 파일 필터 폴더 그룹 게스트 기록 받은편지함 초대 라벨 언어 "
    "링크 목록 로그인 메일함 구성원 메시지 모바일 공지 조직 소유자 비밀번호 권한 전화 정책 미리보기 프로필 "
    "용량 수신자 보고서 요청 일정 검색 보안 발신자 설정 공유 서명 저장공간 작업 팀 템플릿 스레드 토큰 "
    "업로드 사용자 버전 뷰어 워크스페이스"
).split()
KO_ENDINGS = ("합니다.", "할 수 있습니다.", "됩니다.", "하세요.", "하지 않습니다.")


class Writer:
    """Text in one locale, drawn from one random stream."""

    def __init__(self, rng, locale):
        self.rng = rng
        self.locale = locale

    def words(self, count):
        pool = EN_WORDS if self.locale == "en" else KO_WORDS
        return [self.rng.choice(pool) for _ in range(count)]

    def title(self, number):
        if self.locale == "en":
            verb = self.rng.choice(EN_VERBS).capitalize()
            return f"{verb} {' '.join(self.words(self.rng.randint(1, 3)))} {number}"
        return f"{' '.join(self.words(self.rng.randint(2, 3)))} {self.rng.choice(('설정', '관리', '사용하기', '확인'))} {number}"

    def heading(self):
        # Words and spaces only, so its id is the words joined by '-' (HeadingIDs and Hugo agree).
        if self.locale == "en":
            return f"{self.rng.choice(EN_VERBS).capitalize()} {' '.join(self.words(self.rng.randint(1, 3)))}"
        return " ".join(self.words(self.rng.randint(2, 4)))

    def sentence(self):
        words = self.words(self.rng.randint(7, 15))
        if self.locale == "en":
            return f"{self.rng.choice(EN_VERBS).capitalize()} the {' '.join(words)}."
        return f"{' '.join(words)}을 {self.rng.choice(KO_ENDINGS)}"

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))


def heading_id(text):
    """The id helpgen (and Hugo's github style) gives a heading of words and single spaces."""
    return text.lower().replace(" ", "-")


def layout_counts(pages_per_locale):
    """(top sections, subsections per top, leaf sections per sub) for about 15 pages per leaf section."""
    leaf_sections = max(1, pages_per_locale / 16)
    top = max(2, round(leaf_sections ** (1 / 3)))
    sub = top
    leaf = max(1, round(leaf_sections / (top * sub)))
    return top, sub, leaf


def page_paths(pages_per_locale):
    """Every page's path inside a locale folder, sections first, and the leaf pages by leaf section."""
    top, sub, leaf = layout_counts(pages_per_locale)
    sections = ["_index.md"]
    leaf_folders = []
    for t in range(top):
        a = f"area-{t + 1:02d}"
        sections.append(f"{a}/_index.md")
        for s in range(sub):
            b = f"{a}/topic-{s + 1:02d}"
            sections.append(f"{b}/_index.md")
            for l in range(leaf):
                c = f"{b}/task-{l + 1:02d}"
                sections.append(f"{c}/_index.md")
                leaf_folders.append(c)
    remaining = pages_per_locale - len(sections)
    if remaining < len(leaf_folders):
        raise SystemExit(f"sitegen: {pages_per_locale} pages per locale are too few for {len(sections)} section pages")
    leaves = {}
    for index, folder in enumerate(leaf_folders):
        count = remaining // len(leaf_folders) + (1 if index < remaining % len(leaf_folders) else 0)
        leaves[folder] = [f"{folder}/page-{n + 1:03d}.md" for n in range(count)]
    return sections, leaves


def relative(from_file, to_file):
    """The relative link from one content file to another (both paths inside a locale folder)."""
    start = from_file.split("/")[:-1]
    target = to_file.split("/")
    common = 0
    while common < len(start) and common < len(target) - 1 and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


def first_heading(seed, locale, path):
    """The first heading of a page (drawn from the page's own stream, so any page can link to it)."""
    return Writer(random.Random(f"{seed}/{locale}/{path}/heading"), locale).heading()


def page_text(seed, locale, path, number, order, links):
    """One page's Markdown, front matter included."""
    rng = random.Random(f"{seed}/{locale}/{path}")
    w = Writer(rng, locale)
    title = w.title(number)
    # `order` sorts siblings in helpgen, `weight` in Hugo.
    lines = ["---", f"title: \"{title}\"", f"order: {order}", f"weight: {order}", f"description: \"{w.sentence()}\"",
             f"updated: \"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\"", "---", "", w.paragraph(), ""]
    if path.endswith("_index.md"):
        lines += [w.paragraph(), ""]
        return "\n".join(lines)
    lines += [f"## {first_heading(seed, locale, path)}", "", w.paragraph(), ""]
    lines += [f"{n}. {w.sentence()}" for n in range(1, rng.randint(3, 6) + 1)] + [""]
    sibling, section, far, far_anchor = links
    see = ("See", "also", "and") if locale == "en" else ("참고:", "및", "그리고")
    lines += [f"{see[0]} [{w.heading()}]({sibling}) {see[1]} [{w.heading()}]({section}), "
              f"{see[2]} [{w.heading()}]({far}#{far_anchor}).", ""]
    lines += [f"## {w.heading()}", "", w.paragraph(), ""]
    lines += [f"- {w.sentence()}" for _ in range(rng.randint(3, 5))] + [""]
    tip = "[!TIP]"
    lines += [f"> {tip}", f"> {w.sentence()}", ""]
    lines += ['<table class="guidance">', "<thead>",
              f'<tr><th scope="col">{w.heading()}</th><th scope="col">{w.heading()}</th></tr>', "</thead>", "<tbody>"]
    lines += [f'<tr><th scope="row">{w.heading()}</th><td>{w.sentence()}</td></tr>' for _ in range(3)]
    lines += ["</tbody>", "</table>", ""]
    lines += [f"## {w.heading()}", "", w.paragraph(), ""]
    lines += ["```sh", f"otplink-api link create --file {rng.choice(EN_WORDS)}.pdf --to team@example.com \\",
              f"    --sender {rng.choice(EN_WORDS)}@example.com --expires {rng.randint(1, 30)}d", "```", ""]
    lines += [w.paragraph(), ""]
    return "\n".join(lines)


def write_content(content, pages_per_locale, seed):
    """content/en and content/ko: the same tree, translated."""
    sections, leaves = page_paths(pages_per_locale)
    all_leaves = [p for folder in sorted(leaves) for p in leaves[folder]]
    plan = []  # (path, order, links)
    for order, path in enumerate(sections):
        plan.append((path, order + 1, None))
    folders = sorted(leaves)
    for folder_index, folder in enumerate(folders):
        files = leaves[folder]
        far_folder = folders[(folder_index * 7 + 3) % len(folders)]
        for index, path in enumerate(files):
            sibling = files[(index + 1) % len(files)]
            far = leaves[far_folder][index % len(leaves[far_folder])]
            plan.append((path, index + 1, (relative(path, sibling), relative(path, folder + "/_index.md"), far)))
    number = 0
    for locale in ("en", "ko"):
        for path, order, links in plan:
            number += 1
            if links:
                sibling, section, far = links
                links = (sibling, section, relative(path, far), heading_id(first_heading(seed, locale, far)))
            target = content / locale / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_text(seed, locale, path, number, order, links), encoding="utf-8")
    return len(plan) * 2, all_leaves


HUGO_CONFIG = """baseURL = "https://help.example.com/"
title = "Help Center"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true
[markup.goldmark.renderer]
  unsafe = true
[markup.goldmark.parser]
  autoHeadingIDType = "github"
[params]
  organization = "Example Works"
[languages.en]
  contentDir = "content/en"
  languageName = "English"
  weight = 1
[languages.ko]
  contentDir = "content/ko"
  languageName = "한국어"
  weight = 2
"""


def write_site(folder, pages, seed):
    """Writes both inputs for a help center of `pages` Markdown pages; returns (page count, a leaf page path)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    helpgen = folder / "helpgen"
    hugo = folder / "hugo"
    helpgen.mkdir(parents=True)
    shutil.copy(REPO / "site" / "config.yml", helpgen / "config.yml")
    shutil.copytree(REPO / "site" / "i18n", helpgen / "i18n")
    shutil.copytree(REPO / "site" / "assets", helpgen / "assets")
    count, leaves = write_content(helpgen / "content", pages // 2, seed)
    hugo.mkdir(parents=True)
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    shutil.copytree(BENCH / "hugo" / "layouts", hugo / "layouts")
    shutil.copytree(helpgen / "assets", hugo / "static" / "assets")
    shutil.copytree(helpgen / "content", hugo / "content")
    return count, leaves[len(leaves) // 2]


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 4:
        raise SystemExit("usage: sitegen.py FOLDER PAGES SEED")
    total, leaf = write_site(sys.argv[1], int(sys.argv[2]), sys.argv[3])
    print(f"{total} pages in {sys.argv[1]} (a leaf page: {leaf})")
