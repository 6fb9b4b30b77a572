"""The content model: a language pack as the app holds it (Library), its guides and pages, the
question bank, the glossary and the UI strings. Plain frozen dataclasses: made by the loaders
(kiosk/core/content.py, kiosk/core/banks.py) or decoded from a built pack's index
(kiosk/core/pack.py, which stores each by its class name), never changed after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.readability import ReadingLimit

# Who a question is for: the printed sheet groups the patient's questions by it.
ASK_WHO = ("doctor", "acupuncturist", "pharmacist", "insurer")


@dataclass(frozen=True)
class Page:
    """One page of a guide: the text under one `## ` heading."""

    slug: str
    title: str
    markdown: str
    line: int  # line of the heading in the guide file
    question_ids: tuple[str, ...] = ()
    questions_line: int = 0  # line of this page's entry in the front matter 'questions' map
    # Where each line of `markdown` was written (the guide, or a snippet it includes): includes
    # make the page longer than the file, so "heading line + offset" is not the file's line.
    origins: tuple[tuple[Path, int], ...] = ()

    def where(self, offset: int) -> tuple[Path, int] | None:
        """The file and line that `markdown` line `offset` (1-based) came from, if known."""
        if 1 <= offset <= len(self.origins):
            return self.origins[offset - 1]
        return None


@dataclass(frozen=True)
class Guide:
    """One guide: front matter plus its pages, in reading order."""

    slug: str
    path: Path
    title: str
    summary: str
    icon: str
    order: int
    reviewed: dt.date
    review_by: dt.date
    sources: tuple[str, ...]
    pages: tuple[Page, ...]
    reading_limit: ReadingLimit = ReadingLimit()

    def page_index(self, page_slug: str) -> int | None:
        """Return the index of the page with this slug, or None."""
        for index, page in enumerate(self.pages):
            if page.slug == page_slug:
                return index
        return None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    text: str
    line: int = 0
    who: str = ""  # one of ASK_WHO; `kiosk check` fails a question without it


@dataclass(frozen=True)
class QuestionBank:
    """Every question a patient can pick, grouped by topic, in bank order."""

    path: Path
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def by_topic(self) -> list[tuple[Topic, list[Question]]]:
        return [(t, [q for q in self.questions if q.topic == t.id]) for t in self.topics]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    forms: tuple[str, ...]
    definition: str
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    path: Path
    terms: Mapping[str, Term] = field(default_factory=dict)

    def get(self, term_id: str) -> Term | None:
        return self.terms.get(term_id)


@dataclass(frozen=True)
class Strings:
    """Every UI string in one language; missing keys fall back to another pack (English)."""

    path: Path
    values: Mapping[str, str] = field(default_factory=dict)
    fallback: Strings | None = None

    def __call__(self, key: str, **fields: object) -> str:
        text = self.values.get(key)
        if text is None:
            if self.fallback is not None:
                return self.fallback(key, **fields)
            return key
        return text.format(**fields) if fields else text

    def keys(self) -> set[str]:
        return set(self.values)


@dataclass(frozen=True)
class Library:
    """One language pack, loaded: guides in home-screen order plus bank, glossary and strings."""

    lang: str
    root: Path
    assets: Path
    guides: tuple[Guide, ...]
    questions: QuestionBank
    glossary: Glossary
    strings: Strings

    def guide(self, slug: str) -> Guide | None:
        return next((g for g in self.guides if g.slug == slug), None)

    def next_guide(self, slug: str) -> Guide | None:
        slugs = [g.slug for g in self.guides]
        if slug not in slugs:
            return None
        index = slugs.index(slug) + 1
        return self.guides[index] if index < len(self.guides) else None
