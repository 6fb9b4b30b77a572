"""`kiosk check`: load and render every language pack, measure reading level, list all problems."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.content import (
    Guide,
    Library,
    Problem,
    compare_to_reference,
    language_packs,
    load_library,
)
from kiosk.core.placeholders import (
    PLACEHOLDER,
    US_NUMBERS,
    ClinicNumbers,
    bare_number_message,
    bare_numbers,
)
from kiosk.core.readability import (
    ReadingLimit,
    count,
    fernandez_huerta,
    flesch_kincaid,
    smog,
)
from kiosk.core.render import render_page
from kiosk.core.visit import VisitWording, compare_visit_wording, load_visit_wording


@dataclass(frozen=True)
class Readability:
    """How hard one guide is to read, counted on its prose sentences."""

    lang: str
    slug: str
    sentences: int
    words: int
    grade: float | None  # Flesch-Kincaid grade (English)
    smog: float | None  # None: English with fewer than 30 sentences, or not English
    ease: float | None  # Fernández-Huerta reading ease (Spanish)
    limit: ReadingLimit
    passed: bool


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    readability: list[Readability] = field(default_factory=list)
    libraries: list[Library] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def table(self) -> str:
        """The readability table `kiosk check` prints."""
        rows = [("lang", "guide", "sentences", "words", "FK grade", "SMOG", "F-H ease", "limits",
                 "result")]
        for r in self.readability:
            if r.grade is not None:
                limits = f"FK <= {r.limit.fk:.1f}, SMOG <= {r.limit.smog:.1f}"
            elif r.ease is not None:
                limits = f"F-H >= {r.limit.ease:.0f}"
            else:
                limits = "(no formula)"
            rows.append((
                r.lang, r.slug, str(r.sentences), str(r.words),
                "-" if r.grade is None else f"{r.grade:.1f}",
                "-" if r.smog is None else f"{r.smog:.1f}",
                "-" if r.ease is None else f"{r.ease:.1f}",
                limits,
                "ok" if r.passed else "TOO HARD",
            ))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                 for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def check_content(content_root: Path, assets: Path, today: dt.date | None = None,
                  numbers: ClinicNumbers = US_NUMBERS) -> CheckReport:
    """Validate every language pack under content_root against English; report all problems."""
    report = CheckReport()
    if not content_root.is_dir():
        report.problems.append(Problem(content_root, 1, "content folder not found; pass "
                                       "--content DIR with the folder that holds en/guides/"))
        return report
    try:
        packs = language_packs(content_root)
    except OSError as error:
        report.problems.append(Problem(content_root, 1, f"cannot read the content folder "
                                       f"({error.strerror or error}); check its permissions"))
        return report
    if not packs:
        report.problems.append(Problem(
            content_root, 1, "no language packs found: expected folders like en/guides/"))
        return report
    reference: Library | None = None
    reference_visit: VisitWording | None = None
    for pack_dir in packs:
        library, problems = load_library(
            pack_dir, assets, today=today,
            fallback_strings=reference.strings if reference else None, numbers=numbers)
        report.problems.extend(problems)
        report.problems.extend(bare_number_problems(pack_dir))
        report.problems.extend(markup_in_plain_text(library))
        report.libraries.append(library)
        visit = load_visit_wording(pack_dir, report.problems, reference_visit)
        for guide in library.guides:
            report.problems.extend(render_problems(guide, library))
            measured = measure(library.lang, guide, numbers)
            report.readability.append(measured)
            if not measured.passed:
                report.problems.append(Problem(guide.path, 1, _too_hard(measured)))
        if reference is None:
            reference = library
        else:
            report.problems.extend(compare_to_reference(reference, library))
            report.problems.extend(urgent_help_parity(reference.root, library.root))
        if reference_visit is None:
            reference_visit = visit
        else:
            report.problems.extend(compare_visit_wording(reference_visit, visit))
    return report


def _marks(text: str) -> set[str]:
    """The placeholders and includes a text uses, like {'{{crisis}}', '{{include warning-signs}}'}."""
    return {"{{" + " ".join(m.group(1).split()) + "}}" for m in PLACEHOLDER.finditer(text)}


def urgent_help_parity(reference: Path, other: Path) -> list[Problem]:
    """A translation must give patients the same urgent-help numbers and shared lists as the
    reference pack: each guide, snippet and string uses the same placeholders and includes."""
    problems: list[Problem] = []
    pairs = [(path, other / "guides" / path.name)
             for path in sorted((reference / "guides").glob("*.md"))]
    pairs += [(path, other / "snippets" / path.name)
              for path in sorted((reference / "snippets").glob("*.md"))]
    for want_path, have_path in pairs:
        if not have_path.is_file():
            if have_path.parent.name == "snippets":
                problems.append(Problem(have_path.parent, 1, f"snippet '{have_path.stem}' is "
                                        f"missing from '{other.name}'; translate it"))
            continue  # a missing guide is compare_to_reference's to report
        try:
            want = _marks(want_path.read_text(encoding="utf-8"))
            have = _marks(have_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if want - have:
            problems.append(Problem(have_path, 1, f"the {reference.name} version uses "
                                    f"{', '.join(sorted(want - have))}; use the same here, so "
                                    "patients get the same urgent-help numbers and lists"))
    want_strings = _string_marks(reference / "strings.yaml")
    have_strings = _string_marks(other / "strings.yaml")
    for key, (want, _) in sorted(want_strings.items()):
        have, line = have_strings.get(key, (set(), 0))
        if key in have_strings and want != have:
            problems.append(Problem(other / "strings.yaml", line, f"string '{key}' must use "
                                    f"{', '.join(sorted(want)) or 'no placeholders'}, like the "
                                    f"{reference.name} one"))
    return problems


def _string_marks(path: Path) -> dict[str, tuple[set[str], int]]:
    """key -> (placeholders its text uses, its line) for one strings.yaml ({} if unreadable)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    lines = text.splitlines()
    found = {}
    for key, value in data.items():
        line = next((n for n, ln in enumerate(lines, 1) if ln.startswith(f"{key}:")), 1)
        found[str(key)] = (_marks(value) if isinstance(value, str) else set(), line)
    return found


def render_problems(guide: Guide, library: Library) -> list[Problem]:
    """Render every page; each problem points at the file and line it was written at (the
    guide, or a snippet the page includes), not at the page as it is after includes."""
    found: list[Problem] = []
    for page in guide.pages:
        _, problems = render_page(page, guide, library)
        for problem in problems:
            origin = page.where(problem.line - page.line) if problem.path == guide.path else None
            found.append(Problem(*origin, problem.message) if origin else problem)
    return list(dict.fromkeys(found))


def bare_number_problems(pack_dir: Path) -> list[Problem]:
    """An urgent-help number written bare (not as {{emergency}} or {{crisis}}) in guides,
    snippets, strings, questions or the glossary, at its file and line."""
    problems: list[Problem] = []
    files = [*sorted((pack_dir / "guides").glob("*.md")),
             *sorted((pack_dir / "snippets").glob("*.md")),
             *(pack_dir / name for name in ("strings.yaml", "questions.yaml", "glossary.yaml"))]
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # loading has reported it
        for number, line in _lines_to_scan(path, lines):
            for bare, placeholder in bare_numbers(line):
                problems.append(Problem(path, number, bare_number_message(bare, placeholder)))
    return problems


def _lines_to_scan(path: Path, lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) a reader could see: a guide's front matter only for its title and
    summary (sources cite page numbers), no code fences, no YAML comments."""
    scan: list[tuple[int, str]] = []
    front = path.suffix == ".md" and path.parent.name == "guides" and lines[:1] == ["---"]
    fence = False
    for number, line in enumerate(lines, start=1):
        if front:
            if number > 1 and line.strip() == "---":
                front = False
            elif re.match(r"^(title|summary)\s*:", line):
                scan.append((number, line))
            continue
        if line.lstrip().startswith("```"):
            fence = not fence
        if fence or (path.suffix == ".yaml" and line.lstrip().startswith("#")):
            continue
        scan.append((number, line))
    return scan


MARKUP = re.compile(r"</?[A-Za-z][\w-]*(\s[^<>]*)?/?>|<!--|&#?\w+;")


def _line_in(path: Path, text: str, fallback: int = 1) -> int:
    """The first line of the file holding `text` (these files are at most a few hundred lines)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return fallback
    return next((n for n, line in enumerate(lines, start=1) if text in line), fallback)


def markup_in_plain_text(library: Library) -> list[Problem]:
    """Markup where only plain text goes: it is shown as typed, tags and all, never as HTML."""
    found: list[tuple[Path, int, str, str]] = []
    for guide in library.guides:
        found += [(guide.path, 0, "title", guide.title), (guide.path, 0, "summary", guide.summary)]
        found += [(guide.path, page.line, "page heading", page.title) for page in guide.pages]
    found += [(library.questions.path, 0, "topic title", t.title) for t in library.questions.topics]
    found += [(library.questions.path, q.line, "question", q.text)
              for q in library.questions.questions]
    for term in library.glossary.terms.values():
        found += [(library.glossary.path, term.line, "glossary term", term.term),
                  (library.glossary.path, term.line, "glossary definition", term.definition)]
    found += [(library.strings.path, 0, f"string '{key}'", value)
              for key, value in library.strings.values.items()]
    problems = []
    for path, line, what, text in found:
        markup = MARKUP.search(text)
        if markup:
            problems.append(Problem(
                path, line or _line_in(path, markup.group(0)),
                f"{what} holds markup '{markup.group(0)[:40]}'; it is shown as plain text, "
                "tags and all: write plain words"))
    return problems


def _too_hard(r: Readability) -> str:
    raise_it = "(or raise it in the front matter: reading_limit: {fk: ..., reason: \"...\"})"
    if r.grade is not None:
        parts = []
        if r.grade > r.limit.fk:
            parts.append(f"Flesch-Kincaid grade {r.grade:.1f} is above {r.limit.fk:.1f}")
        if r.smog is not None and r.smog > r.limit.smog:
            parts.append(f"SMOG grade {r.smog:.1f} is above {r.limit.smog:.1f}")
        return (f"{' and '.join(parts)}: use shorter sentences and everyday words "
                f"{raise_it}")
    return (f"Fernández-Huerta reading ease {r.ease:.1f} is below {r.limit.ease:.0f}: use shorter "
            f"sentences and everyday words {raise_it.replace('fk', 'ease')}")


def measure(lang: str, guide: Guide, numbers: ClinicNumbers = US_NUMBERS) -> Readability:
    """Score a guide's prose (its pages, includes and all; not the app's own closing page)."""
    text = "\n\n".join(page.markdown for page in guide.pages)
    counts = count(text, lang, said_as_digits=tuple(numbers.values().values()))
    limit = guide.reading_limit
    if counts.sentences == 0 or counts.words == 0:
        return Readability(lang, guide.slug, 0, 0, None, None, None, limit, True)
    if lang == "en":
        grade, smog_grade = flesch_kincaid(counts), smog(counts)
        passed = grade <= limit.fk and (smog_grade is None or smog_grade <= limit.smog)
        return Readability(lang, guide.slug, counts.sentences, counts.words, grade, smog_grade,
                           None, limit, passed)
    if lang == "es":
        ease = fernandez_huerta(counts)
        return Readability(lang, guide.slug, counts.sentences, counts.words, None, None, ease,
                           limit, ease >= limit.ease)
    # No formula we trust for this language: report the size only, never fail on it.
    return Readability(lang, guide.slug, counts.sentences, counts.words, None, None, None, limit,
                       True)
