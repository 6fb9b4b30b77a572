"""`kiosk check`: load and render every language pack, measure reading level, list all problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.content import (
    Library,
    Problem,
    compare_to_reference,
    language_packs,
    load_library,
)
from kiosk.core.render import render_guide
from kiosk.core.visit import VisitWording, compare_visit_wording, load_visit_wording

# Spanish has its own formula: Fernández-Huerta reading ease, where 70-80 is "fairly easy".
SPANISH_EASE_MIN = 70.0


@dataclass(frozen=True)
class Readability:
    """How hard one guide is to read."""

    lang: str
    slug: str
    words: int
    grade: float | None  # Flesch-Kincaid grade (English)
    smog: float | None
    ease: float | None  # Fernández-Huerta reading ease (Spanish)
    limit: float
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
        rows = [("lang", "guide", "words", "grade (FK)", "SMOG", "ease (F-H)", "limit", "")]
        for r in self.readability:
            rows.append((
                r.lang, r.slug, str(r.words),
                "-" if r.grade is None else f"{r.grade:.1f}",
                "-" if r.smog is None else f"{r.smog:.1f}",
                "-" if r.ease is None else f"{r.ease:.1f}",
                f"<= {r.limit:.1f}" if r.grade is not None else f">= {r.limit:.0f}",
                "ok" if r.passed else "TOO HARD",
            ))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                 for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def check_content(content_root: Path, assets: Path, today: dt.date | None = None) -> CheckReport:
    """Validate every language pack under content_root against English; report all problems."""
    report = CheckReport()
    if not content_root.is_dir():
        report.problems.append(Problem(content_root, 1, "content folder not found"))
        return report
    packs = language_packs(content_root)
    if not packs:
        report.problems.append(Problem(
            content_root, 1, "no language packs found: expected folders like en/guides/"))
        return report
    reference: Library | None = None
    reference_visit: VisitWording | None = None
    for pack_dir in packs:
        library, problems = load_library(
            pack_dir, assets, today=today,
            fallback_strings=reference.strings if reference else None)
        report.problems.extend(problems)
        report.libraries.append(library)
        visit = load_visit_wording(pack_dir, report.problems, reference_visit)
        for guide in library.guides:
            pages, render_problems = render_guide(guide, library)
            report.problems.extend(render_problems)
            text = " ".join(p.text for p in pages[:-1])  # the app's own closing page not counted
            measured = measure(library.lang, guide.slug, text, guide.grade_limit)
            report.readability.append(measured)
            if not measured.passed:
                report.problems.append(Problem(guide.path, 1, _too_hard(measured)))
        if reference is None:
            reference = library
        else:
            report.problems.extend(compare_to_reference(reference, library))
        if reference_visit is None:
            reference_visit = visit
        else:
            report.problems.extend(compare_visit_wording(reference_visit, visit))
    return report


def _too_hard(r: Readability) -> str:
    if r.grade is not None:
        return (f"reading grade {r.grade:.1f} is above the limit {r.limit:.1f}: use shorter "
                "sentences and everyday words (or set reading_grade_limit with a reason)")
    return (f"reading ease {r.ease:.1f} is below {r.limit:.0f} ('fairly easy'): use shorter "
            "sentences and everyday words")


def measure(lang: str, slug: str, text: str, grade_limit: float) -> Readability:
    """Score a guide's text with textstat (offline: pyphen's bundled syllable dictionaries)."""
    import textstat  # only `kiosk check` needs it

    words = textstat.lexicon_count(text)
    if lang == "en":
        textstat.set_lang("en_US")
        grade = float(textstat.flesch_kincaid_grade(text))
        smog = float(textstat.smog_index(text))
        return Readability(lang, slug, words, grade, smog, None, grade_limit, grade <= grade_limit)
    textstat.set_lang(lang)
    if lang == "es":
        ease = float(textstat.fernandez_huerta(text))
        textstat.set_lang("en_US")
        return Readability(lang, slug, words, None, None, ease, SPANISH_EASE_MIN,
                           ease >= SPANISH_EASE_MIN)
    textstat.set_lang("en_US")
    # No formula we trust for this language: report the size only, never fail on it.
    return Readability(lang, slug, words, None, None, None, 0.0, True)
