"""Rendered pages, kept: what the app needs of the renderer before it renders anything.

A page ready to show (`RenderedPage`), the cache that renders each guide once (`RenderCache`) and
a date as a patient reads it (`format_date`). They live apart from kiosk/core/render.py so that a
start shows home without importing the renderer (and its element tree): from an installed pack
every page was rendered when the pack was built, and from a content folder the guides are
rendered just after the first paint. kiosk/core/render.py still exports all three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.blocks import Block

if TYPE_CHECKING:
    from kiosk.core.models import Library
    from kiosk.core.problems import Problem


@dataclass(frozen=True)
class RenderedPage:
    """A page ready to show: sanitized HTML, its plain text (for reading level and speech) and
    its blocks (for cutting it into screens, slides and printed pages)."""

    slug: str
    title: str
    html: str
    text: str
    question_ids: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}


def format_date(day: dt.date, lang: str) -> str:
    """A date as a patient reads it in this language ('21 November 2026', '21 de noviembre...')."""
    months = MONTHS.get(lang, MONTHS["en"])
    if lang == "es":
        return f"{day.day} de {months[day.month - 1]} de {day.year}"
    return f"{months[day.month - 1]} {day.day}, {day.year}"


class RenderCache:
    """Renders each guide once, on first use or ahead of time, and keeps the pages."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._pages: dict[str, list[RenderedPage]] = {}
        self.problems: list[Problem] = []

    def pages(self, slug: str) -> list[RenderedPage]:
        """The rendered pages of a guide (rendering it now if this is its first use)."""
        if slug not in self._pages:
            guide = self.library.guide(slug)
            if guide is None:
                raise KeyError(slug)
            from kiosk.core.render import render_guide  # the renderer: on the first render

            pages, problems = render_guide(guide, self.library)
            self._pages[slug] = pages
            self.problems.extend(problems)
        return self._pages[slug]

    def pending(self) -> list[str]:
        """Slugs of guides not rendered yet, in home-screen order."""
        return [g.slug for g in self.library.guides if g.slug not in self._pages]
