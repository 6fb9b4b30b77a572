"""One patient's session: every choice the next patient must not inherit, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core.questions import QuestionPicks
from kiosk.core.visit import VisitAnswers


@dataclass
class PatientSession:
    """What a patient has chosen. Lives in memory only; `reset` returns it to the defaults."""

    default_lang: str = "en"
    default_text_step: int = 0
    lang: str = "en"
    text_step: int = 0
    high_contrast: bool = False
    picks: QuestionPicks = field(default_factory=QuestionPicks)
    visit: VisitAnswers = field(default_factory=VisitAnswers)  # the visit sheet's answers
    pages_printed: int = 0  # counted against the kiosk's per-patient page limit

    def __post_init__(self) -> None:
        self.lang = self.default_lang
        self.text_step = self.default_text_step

    def reset(self) -> None:
        """Forget everything this patient chose."""
        self.lang = self.default_lang
        self.text_step = self.default_text_step
        self.high_contrast = False
        self.picks.clear()
        self.visit.clear()
        self.pages_printed = 0

    def is_default(self) -> bool:
        return (
            self.lang == self.default_lang
            and self.text_step == self.default_text_step
            and not self.high_contrast
            and len(self.picks) == 0
            and self.visit.is_empty()
            and self.pages_printed == 0
        )
