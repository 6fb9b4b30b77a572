"""The patient's picked questions (a plain model, never written to disk) and the printed sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

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
