"""The patient's picked questions (a plain model, never written to disk) and the printed sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk import __version__
from kiosk.core.config import PAPER_SIZES, Settings
from kiosk.core.content import Library, QuestionBank
from kiosk.core.pages import format_date

MAX_OWN_QUESTION = 200  # characters: a question, not an essay


@dataclass
class QuestionPicks:
    """Question ids in the order the patient picked them, plus questions they typed."""

    ids: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self.ids

    def __len__(self) -> int:
        return len(self.ids) + len(self.own)

    def toggle(self, question_id: str) -> bool:
        """Add the question if it is not picked, else remove it; return True if now picked."""
        if question_id in self.ids:
            self.ids.remove(question_id)
            return False
        self.ids.append(question_id)
        return True

    def add(self, question_id: str) -> None:
        if question_id not in self.ids:
            self.ids.append(question_id)

    def remove(self, question_id: str) -> None:
        if question_id in self.ids:
            self.ids.remove(question_id)

    def add_own(self, text: str) -> bool:
        """Add a typed question (trimmed, one line); return False if it is empty or a repeat."""
        clean = " ".join(text.split())[:MAX_OWN_QUESTION]
        if not clean or clean in self.own:
            return False
        self.own.append(clean)
        return True

    def remove_own(self, text: str) -> None:
        if text in self.own:
            self.own.remove(text)

    def clear(self) -> None:
        self.ids.clear()
        self.own.clear()


@dataclass(frozen=True)
class Sheet:
    """Everything the printed question sheet shows, in the patient's language; no Qt."""

    title: str
    clinic: str
    logo: Path | None
    date_text: str
    intro: str
    questions: tuple[str, ...]  # picked bank questions in pick order, then the typed ones
    own_title: str
    notes_title: str
    footer: str
    continued: str
    page_label: str  # a template with {page} and {total}
    paper: str  # "letter" | "a4"
    # (heading, how many questions) for each run of questions for one person to ask, in order;
    # empty: one list, no headings (all for the same person, or none picked)
    groups: tuple[tuple[str, int], ...] = ()


WHO_ORDER = ("doctor", "acupuncturist", "pharmacist", "insurer")


def clinic_logo(settings: Settings, assets: Path) -> Path | None:
    """The clinic's logo from the settings (relative to the settings file), else the app's own."""
    if settings.logo:
        path = Path(settings.logo).expanduser()
        if not path.is_absolute() and settings.source not in ("", "defaults"):
            path = Path(settings.source).parent / path  # relative to the config file
        if path.is_file():
            return path.resolve()
    default = assets / "logo.svg"
    return default if default.is_file() else None


def build_sheet(library: Library, picks: QuestionPicks, settings: Settings, today: date) -> Sheet:
    """The sheet for these picks: bank questions grouped by who to ask, each group in pick order
    (unknown ids skipped), then the patient's own."""
    strings = library.strings
    chosen = [q for q in (library.questions.get(i) for i in picks.ids) if q is not None]
    # Grouped by who to ask (doctor first, then as the bank lists them), each in pick order.
    order = {who: n for n, who in enumerate(WHO_ORDER)}
    chosen.sort(key=lambda q: order.get(getattr(q, "who", "") or "doctor", len(order)))
    picked = [q.text for q in chosen]
    runs: list[list] = []
    for question in chosen:
        who = getattr(question, "who", "") or "doctor"
        if runs and runs[-1][0] == who:
            runs[-1][1] += 1
        else:
            runs.append([who, 1])
    groups = tuple((strings(f"who_{who}"), count) for who, count in runs) \
        if len(runs) > 1 or (runs and runs[0][0] != "doctor") else ()
    return Sheet(
        title=strings("sheet_title"),
        clinic=settings.clinic_name.strip() or strings("sheet_no_clinic"),
        logo=clinic_logo(settings, library.assets),
        date_text=strings("sheet_date", date=format_date(today, library.lang)),
        intro=strings("sheet_intro"),
        questions=tuple(picked + list(picks.own)),
        own_title=strings("sheet_own_title"),
        notes_title=strings("sheet_notes_title"),
        footer=strings("sheet_footer", version=__version__),
        continued=strings("sheet_continued"),
        page_label=strings("sheet_page"),
        paper=settings.paper_size if settings.paper_size in PAPER_SIZES else "letter",
        groups=groups,
    )


def unknown_ids(bank: QuestionBank, ids: list[str]) -> list[str]:
    """The ids (in the order given, without repeats) that are not in the question bank."""
    known = set(bank.ids())
    return list(dict.fromkeys(i for i in ids if i not in known))
