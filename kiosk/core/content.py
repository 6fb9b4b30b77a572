"""Loading a language pack: guides (front matter, pages, snippets), then the library with its
question bank, glossary and strings, checked against each other.

Loading never stops at the first problem: every problem is collected with its file and line, a
guide whose front matter is unusable is left out, and every good guide still loads. The model
itself is in kiosk/core/models.py and the bank, glossary and strings loaders in banks.py; their
names are imported here too, where most of the app has always found them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

# PyYAML is imported on the first YAML read, not with this module: a kiosk starting from a built
# pack (kiosk/core/pack.py) uses the dataclasses here and no YAML.
from kiosk.core import limits
from kiosk.core.banks import filled, load_glossary, load_questions, load_strings
from kiosk.core.models import (
    ASK_WHO,
    Glossary,
    Guide,
    Library,
    Page,
    Question,
    QuestionBank,
    Strings,
    Term,
    Topic,
)
from kiosk.core.paths import safe_asset
from kiosk.core.placeholders import (
    INCLUDE_LINE,
    US_NUMBERS,
    ClinicNumbers,
    SnippetShelf,
    include_problem,
)
from kiosk.core.problems import Problem, display_path
from kiosk.core.readability import ReadingLimit, parse_reading_limit
from kiosk.core.yaml_lines import LineDict, load_yaml, size_ok

__all__ = [  # what other modules import from here
    "ASK_WHO", "GUIDE_NAME", "Glossary", "Guide", "Library", "Page", "Problem", "Question",
    "QuestionBank", "Strings", "Term", "Topic", "US_NUMBERS", "compare_to_reference",
    "language_packs", "load_glossary", "load_guide", "load_library", "load_questions",
    "load_strings", "nesting_depth", "offered_languages", "safe_asset", "slugify", "split_pages",
]

# The lines around a guide's front matter: three or more dashes alone on a line (the rule
# python-frontmatter used, kept so every guide splits exactly as before; importing that package
# for this one pattern cost 3 ms of every start).
FRONT_MATTER_FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)
GUIDE_NAME = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
YEAR = re.compile(r"\b(19|20)\d{2}\b")
FIELD_NAME = re.compile(r"{(\w+)}")
SUMMARY_MAX = 90
REQUIRED_FIELDS = ("title", "summary", "icon", "order", "reviewed", "review_by", "sources")
KNOWN_FIELDS = {*REQUIRED_FIELDS, "questions", "reading_limit"}


# --- pages ----------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Turn a heading into a page slug: lower case ASCII words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[^a-z0-9\s-]", "", plain)
    return re.sub(r"[\s-]+", "-", plain).strip("-")


def split_pages(body: str, first_line: int, path: Path, problems: list[Problem]) -> list[Page]:
    """Split a guide body into pages at each `## ` heading (outside code fences)."""
    pages: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            pages.append((line[3:].strip(), number, []))
            continue
        if not in_fence and re.match(r"^#\s", line):
            problems.append(Problem(
                path, number, "'# ' headings are not used in a guide: the title comes from the "
                "front matter; use '## ' to start a page or '### ' for a sub-heading"))
            continue
        if not pages:
            if line.strip():
                problems.append(Problem(
                    path, number, "text before the first '## ' heading is not shown; "
                    "move it under a page heading"))
            continue
        pages[-1][2].append(line)
    result: list[Page] = []
    seen: dict[str, int] = {}
    for title, line, lines in pages:
        slug = slugify(title)
        if not title or not slug:
            problems.append(Problem(path, line, "a page heading is empty; give the page a title"))
            continue
        if slug in seen:
            problems.append(Problem(
                path, line, f"two pages have the heading '{title}' (also line {seen[slug]}); "
                "page headings must differ"))
            continue
        seen[slug] = line
        text = "\n".join(lines).rstrip()  # leading blank lines kept: line numbers stay true
        if not text.strip():
            problems.append(Problem(path, line, f"page '{title}' has no text"))
        result.append(Page(slug=slug, title=title, markdown=text, line=line))
    return result


# --- guides ---------------------------------------------------------------------------------

QUOTE_OR_LIST = re.compile(r"\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))")


def nesting_depth(line: str) -> int:
    """How deep lists and quotes nest on this line: quote marks and list markers in front of the
    text, plus one level for each four columns of indentation (what Markdown counts)."""
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
    depth, position = indent // 4, 0
    while True:
        found = QUOTE_OR_LIST.match(line, position)
        if found is None or found.end() == position:
            return depth
        depth += 1
        position = found.end()


def _page_within_limits(page: Page, path: Path, slug: str, problems: list[Problem]) -> bool:
    """False (with a problem at the page's heading) for a page too big for Markdown to lay out
    in a moment: too long, too many lines, or too many of one markup character."""
    text = page.markdown
    lines = text.count("\n") + 1
    too_much = ""
    if len(text) > limits.MAX_PAGE_CHARS:
        too_much = f"{len(text):,} characters (at most {limits.MAX_PAGE_CHARS:,})"
    elif lines > limits.MAX_PAGE_LINES:
        too_much = f"{lines:,} lines (at most {limits.MAX_PAGE_LINES:,})"
    else:
        for mark in limits.MARKS:
            if text.count(mark) > limits.MAX_MARKS_PER_PAGE:
                too_much = (f"{text.count(mark):,} '{mark}' characters "
                            f"(at most {limits.MAX_MARKS_PER_PAGE:,})")
                break
    if not too_much:
        return True
    problems.append(Problem(
        path, page.line, f"page '{page.title}' has {too_much}; split it into more pages; "
        f"guide '{slug}' is left out until then"))
    return False


def _body_within_limits(
    body: str, first_line: int, path: Path, slug: str, problems: list[Problem]
) -> bool:
    """False (with a problem) when lists or quotes nest deeper than the limit anywhere."""
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if in_fence:
            continue
        if nesting_depth(line) > limits.MAX_NESTING:
            problems.append(Problem(
                path, number, f"lists or quotes nest more than {limits.MAX_NESTING} deep here; "
                f"flatten them; guide '{slug}' is left out until then"))
            return False
    return True



def load_guide(
    path: Path, assets: Path, today: dt.date, problems: list[Problem],
    numbers: ClinicNumbers = US_NUMBERS, shelf: SnippetShelf | None = None,
) -> Guide | None:
    """Load one guide; report its problems; return None if it cannot be shown at all.

    Includes are expanded and placeholders filled here, at load, so every way out (screen,
    slide, print, speech) gets the same text."""
    name = GUIDE_NAME.match(path.name)
    if not name:
        problems.append(Problem(
            path, 1, "guide file names look like '01-chronic-pain.md' "
            "(a number, a hyphen, lower-case words joined by hyphens); rename the file"))
        return None
    slug = name.group(2)
    if not size_ok(path, problems):
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"cannot read the file ({error}); save it as UTF-8"))
        return None
    if not text.startswith("---"):
        problems.append(Problem(
            path, 1, "missing front matter: start the file with a '---' line, the fields "
            "(title, summary, icon, ...), and another '---' line"))
        return None
    try:
        _, fm_text, body = FRONT_MATTER_FENCE.split(text, 2)
    except ValueError:
        problems.append(Problem(path, 1, "front matter is not closed: add a '---' line after it"))
        return None
    before = len(problems)
    # The YAML text starts right after the opening '---', so its line 0 is the file's line 1.
    meta = load_yaml(fm_text, path, problems, first_line=1)
    if len(problems) > before:
        return None
    if not isinstance(meta, LineDict):
        problems.append(Problem(path, 2, "front matter must be 'field: value' lines"))
        return None
    missing = [f for f in REQUIRED_FIELDS if meta.get(f) in (None, "", [])]
    for missing_field in missing:
        problems.append(Problem(
            path, meta.line, f"front matter has no '{missing_field}'; add it "
            "(see docs/content-format.md)"))
    for key in meta:
        if key not in KNOWN_FIELDS:
            problems.append(Problem(
                path, meta.line_of(key), f"unknown front matter field '{key}'; "
                f"known fields: {', '.join(sorted(KNOWN_FIELDS))}"))
    ok = not missing
    for key in ("title", "summary", "icon"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(Problem(path, meta.line_of(key), f"'{key}' must be text"))
            ok = False
    if isinstance(meta.get("title"), str) and len(meta["title"]) > limits.MAX_TITLE_CHARS:
        problems.append(Problem(
            path, meta.line_of("title"), f"title is {len(meta['title'])} characters; keep it "
            f"to {limits.MAX_TITLE_CHARS} or fewer"))
        ok = False
    if isinstance(meta.get("summary"), str) and len(meta["summary"]) > SUMMARY_MAX:
        problems.append(Problem(
            path, meta.line_of("summary"),
            f"summary is {len(meta['summary'])} characters; keep it to {SUMMARY_MAX} or fewer"))
    if "order" in meta and (not isinstance(meta["order"], int) or isinstance(meta["order"], bool)):
        problems.append(Problem(path, meta.line_of("order"), "'order' must be a whole number"))
        ok = False
    for key in ("reviewed", "review_by"):
        if key in meta and not isinstance(meta[key], dt.date):
            problems.append(Problem(
                path, meta.line_of(key), f"'{key}' must be a date like 2026-11-21"))
            ok = False
    if "sources" in meta and not (
        isinstance(meta["sources"], list) and all(isinstance(s, str) for s in meta["sources"])
    ):
        problems.append(Problem(
            path, meta.line_of("sources"), "'sources' must be a list of citations ('- ...')"))
        ok = False
    if not ok:
        problems.append(Problem(path, 1, f"guide '{slug}' is left out until its front matter "
                                "is fixed; the other guides still show"))
        return None

    if meta["review_by"] <= meta["reviewed"]:
        problems.append(Problem(
            path, meta.line_of("review_by"), "'review_by' must be after 'reviewed'"))
    if meta["review_by"] < today:
        problems.append(Problem(
            path, meta.line_of("review_by"),
            f"review date {meta['review_by']} has passed: have a clinician review the guide, "
            "then update 'reviewed' and 'review_by'"))
    for offset, source in enumerate(meta["sources"]):
        if not YEAR.search(source):
            problems.append(Problem(
                path, meta.line_of("sources") + 1 + offset,
                f"source '{source[:50]}' has no year; add the year of publication"))
    icon = safe_asset(assets, meta["icon"])
    if icon is None:
        problems.append(Problem(
            path, meta.line_of("icon"), f"icon '{meta['icon']}' is a path outside the pack's "
            "assets folder; name a file under assets/, like icons/name.svg"))
        meta["icon"] = ""  # never opened: the tile shows no picture
    elif not icon.is_file():
        problems.append(Problem(
            path, meta.line_of("icon"), f"icon '{meta['icon']}' not found in {display_path(assets)}"))

    reading_limit = ReadingLimit()
    if "reading_limit" in meta:
        reading_limit, errors = parse_reading_limit(meta["reading_limit"])
        problems.extend(Problem(path, meta.line_of("reading_limit"), e) for e in errors)

    body_first_line = text[: len(text) - len(body)].count("\n") + 1
    if not _body_within_limits(body, body_first_line, path, slug, problems):
        return None
    pages = split_pages(body, body_first_line, path, problems)
    if not pages:
        problems.append(Problem(path, body_first_line, "the guide has no pages: add '## ' headings"))
        return None
    shelf = shelf or SnippetShelf(path.parent.parent / "snippets")
    pages = [expand_page(p, path, numbers, shelf, problems) for p in pages]
    for page in pages:
        if not _page_within_limits(page, path, slug, problems):
            return None
    if len(pages) > limits.MAX_PAGES:
        problems.append(Problem(
            path, pages[limits.MAX_PAGES].line, f"the guide has {len(pages)} pages; a guide may "
            f"have at most {limits.MAX_PAGES}: split it into two guides; guide '{slug}' is "
            "left out until then"))
        return None

    offered = meta.get("questions") or {}
    if not isinstance(offered, dict):
        problems.append(Problem(
            path, meta.line_of("questions"), "'questions' must map page slugs to lists of ids"))
        offered = {}
    page_slugs = [p.slug for p in pages]
    by_page: dict[str, tuple[tuple[str, ...], int]] = {}
    for page_slug, ids in offered.items():
        line = offered.line_of(page_slug) if isinstance(offered, LineDict) else meta.line
        if page_slug not in page_slugs:
            problems.append(Problem(
                path, line, f"'questions' names page '{page_slug}', which this guide does not "
                f"have; pages are: {', '.join(page_slugs)}"))
            continue
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(Problem(path, line, "list the question ids as [id, id]"))
            continue
        by_page[page_slug] = (tuple(ids), line)
    pages = [
        Page(p.slug, p.title, p.markdown, p.line, *by_page.get(p.slug, ((), 0)), p.origins)
        for p in pages
    ]
    return Guide(
        slug=slug,
        path=path,
        title=filled(meta["title"].strip(), numbers, path, meta.line_of("title"), problems),
        summary=filled(meta["summary"].strip(), numbers, path, meta.line_of("summary"), problems),
        icon=meta["icon"],
        order=meta["order"],
        reviewed=meta["reviewed"],
        review_by=meta["review_by"],
        sources=tuple(s.strip() for s in meta["sources"]),
        pages=tuple(pages),
        reading_limit=reading_limit,
    )


def expand_page(
    page: Page, path: Path, numbers: ClinicNumbers, shelf: SnippetShelf, problems: list[Problem]
) -> Page:
    """Replace each `{{include NAME}}` line by its snippet and fill every placeholder.

    A snippet that cannot be included is reported at the guide's line and left out: the rest of
    the page still shows. Each resulting line remembers where it was written."""
    lines: list[str] = []
    origins: list[tuple[Path, int]] = []
    for offset, line in enumerate(page.markdown.splitlines(), start=1):
        number = page.line + offset
        include = INCLUDE_LINE.match(line)
        if include is None:
            lines.append(filled(line, numbers, path, number, problems))
            origins.append((path, number))
            continue
        name = include.group("name") or ""
        why = include_problem(name, shelf)
        if why is not None:
            problems.append(Problem(path, number, why))
            continue
        snippet = shelf.path_of(name)
        for snippet_number, snippet_line in enumerate(shelf.lines(name) or [], start=1):
            if INCLUDE_LINE.match(snippet_line):
                problems.append(Problem(
                    snippet, snippet_number, "a snippet cannot include another snippet; "
                    "write that text here, or include both snippets from the guide"))
                continue
            if re.match(r"^#{1,2}\s", snippet_line):
                problems.append(Problem(
                    snippet, snippet_number, "a snippet cannot start a page ('# ' or '## '); "
                    "use '### ' for a heading inside it"))
                continue
            indented = include.group("indent") + snippet_line if snippet_line.strip() else ""
            lines.append(filled(indented, numbers, snippet, snippet_number, problems))
            origins.append((snippet, snippet_number))
    markdown = "\n".join(lines).rstrip()
    return Page(page.slug, filled(page.title, numbers, path, page.line, problems), markdown,
                page.line, page.question_ids, page.questions_line,
                tuple(origins[: len(markdown.splitlines())]))


# --- the pack -------------------------------------------------------------------------------


def load_library(
    pack_dir: Path,
    assets: Path,
    *,
    today: dt.date | None = None,
    fallback_strings: Strings | None = None,
    numbers: ClinicNumbers = US_NUMBERS,
) -> tuple[Library, list[Problem]]:
    """Load one language pack; return the library of every usable guide and all problems.

    `numbers` are the clinic's urgent-help numbers (settings `emergency_number`, `crisis_line`):
    they replace the pack's {{emergency}} and {{crisis}} everywhere."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    bank = load_questions(pack_dir / "questions.yaml", problems, numbers)
    glossary = load_glossary(pack_dir / "glossary.yaml", problems, numbers)
    strings = load_strings(pack_dir / "strings.yaml", problems, fallback_strings, numbers)
    shelf = SnippetShelf(pack_dir / "snippets")
    guides_dir = pack_dir / "guides"
    guides: list[Guide] = []
    if not guides_dir.is_dir():
        problems.append(Problem(pack_dir, 1, "the language pack has no 'guides' folder"))
    else:
        found = sorted(guides_dir.glob("*.md"))
        if len(found) > limits.MAX_GUIDES:
            problems.append(Problem(
                guides_dir, 1, f"{len(found)} guide files; a pack may have at most "
                f"{limits.MAX_GUIDES}: the first {limits.MAX_GUIDES} by file name are loaded, "
                f"the rest (from {found[limits.MAX_GUIDES].name}) are left out"))
        for path in found[: limits.MAX_GUIDES]:
            guide = load_guide(path, assets, today, problems, numbers, shelf)
            if guide is not None:
                guides.append(guide)
    guides = _drop_clashes(guides, problems)
    _check_question_ids(guides, bank, problems)
    library = Library(
        lang=pack_dir.name,
        root=pack_dir,
        assets=assets,
        guides=tuple(sorted(guides, key=lambda g: g.order)),
        questions=bank,
        glossary=glossary,
        strings=strings,
    )
    # A snippet's own problems are found once per guide that includes it: say each once.
    return library, list(dict.fromkeys(problems))


def _drop_clashes(guides: list[Guide], problems: list[Problem]) -> list[Guide]:
    kept: list[Guide] = []
    for guide in guides:
        clash = next((g for g in kept if g.slug == guide.slug or g.order == guide.order), None)
        if clash is None:
            kept.append(guide)
            continue
        what = "slug" if clash.slug == guide.slug else f"order {guide.order}"
        problems.append(Problem(
            guide.path, 1, f"same {what} as {clash.path.name}; give each guide its own; "
            "this guide is left out until then"))
    return kept


def _check_question_ids(guides: list[Guide], bank: QuestionBank, problems: list[Problem]) -> None:
    known = set(bank.ids())
    offered: set[str] = set()
    for guide in guides:
        for page in guide.pages:
            for question_id in page.question_ids:
                offered.add(question_id)
                if question_id not in known:
                    problems.append(Problem(
                        guide.path, page.questions_line,
                        f"unknown question id '{question_id}' on page '{page.slug}'; "
                        f"add it to {bank.path.name} or fix the id"))
    if guides:
        for question in bank.questions:
            if question.id not in offered:
                problems.append(Problem(
                    bank.path, question.line, f"question '{question.id}' is not offered on any "
                    "guide page; add it to a guide's 'questions' or remove it"))


def language_packs(content_root: Path) -> list[Path]:
    """Return the language pack folders under a content root, English first."""
    packs = sorted(p for p in content_root.iterdir() if p.is_dir() and (p / "guides").is_dir())
    return sorted(packs, key=lambda p: (p.name != "en", p.name))


def compare_to_reference(reference: Library, other: Library) -> list[Problem]:
    """Report what a translated pack lacks that the reference (English) pack has."""
    problems: list[Problem] = []
    for guide in reference.guides:
        match = other.guide(guide.slug)
        if match is None:
            problems.append(Problem(
                other.root / "guides", 1, f"guide '{guide.slug}' ({guide.path.name}) is missing "
                f"from '{other.lang}'; translate it with the same file name"))
        elif len(match.pages) != len(guide.pages):
            problems.append(Problem(
                match.path, 1, f"has {len(match.pages)} pages; the {reference.lang} guide has "
                f"{len(guide.pages)}: translate page for page"))
    for question in reference.questions.questions:
        if other.questions.get(question.id) is None:
            problems.append(Problem(
                other.questions.path, 1, f"question '{question.id}' is missing; translate it"))
    for term_id in reference.glossary.terms:
        if other.glossary.get(term_id) is None:
            problems.append(Problem(other.glossary.path, 1, f"term '{term_id}' is missing"))
    for key in sorted(reference.strings.keys() - other.strings.keys()):
        problems.append(Problem(other.strings.path, 1, f"string '{key}' is missing; translate it"))
    for key in sorted(reference.strings.keys() & other.strings.keys()):
        want = set(FIELD_NAME.findall(reference.strings.values[key]))
        have = set(FIELD_NAME.findall(other.strings.values[key]))
        if want != have:
            problems.append(Problem(
                other.strings.path, 1, f"string '{key}' must use the fields "
                f"{', '.join('{' + f + '}' for f in sorted(want)) or '(none)'}"))
    return problems


def offered_languages(content_root: Path, wanted: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(code, own name, invitation) for each language a patient can switch to.

    `wanted` is the settings' list (empty: every pack found, English first). A pack that is not
    there is left out; its name and invitation come from its own strings.yaml."""
    try:
        found = [p.name for p in language_packs(content_root)]
    except OSError:  # the folder is gone or unreadable: no language to offer
        return []
    codes = [c for c in wanted if c in found] if wanted else found
    offered = []
    for code in codes:
        problems: list[Problem] = []
        strings = load_strings(content_root / code / "strings.yaml", problems, None)
        name = strings.values.get("language_name", code)
        offered.append((code, name, strings.values.get("language_invite", name)))
    return offered
