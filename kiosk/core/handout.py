"""What a printed guide handout or booklet holds: sections of blocks and labels; no Qt.

kiosk/printing/handouts.py lays these out with the flow engine and paints them. A section is one
run of printed pages that starts on a new page: a guide, the glossary, the sources. Its blocks are
the app's own rendered page blocks (kiosk/core/render.py), each page under its title; paper shows
links as plain words (the print style asks the flow engine for that).
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.blocks import Block, heading_block, list_block, text_block
from kiosk.core.config import PAPER_SIZES, Settings
from kiosk.core.content import Glossary, Guide, Library, Strings
from kiosk.core.questions import clinic_logo
from kiosk.core.render import RenderedPage, about_blocks, format_date, render_guide

# English for the print labels a language pack may not have yet; the pack's text always wins.
DEFAULT_LABELS = {
    "print_booklet_subtitle": "Guides for patients and families",
    "print_printed_on": "Printed on {date}",
    "print_contents_title": "Contents",
    "print_glossary_title": "Words to know",
    "print_glossary_intro": "What the medical words in these guides mean, from A to Z.",
    "print_sources_intro": "Where the facts in each guide come from, guide by guide.",
    "print_sources_at_end": "The sources for this guide are listed at the end of this booklet.",
}


def label(strings: Strings, key: str, **fields: object) -> str:
    """A print label in the pack's language, else its English default (Strings returns the key)."""
    text = strings(key, **fields)
    if text == key and key in DEFAULT_LABELS:
        return DEFAULT_LABELS[key].format(**fields)
    return text


@dataclass(frozen=True)
class Section:
    """One run of printed pages, starting on a new page under its own title."""

    key: str  # a guide slug, or "glossary" / "sources"
    title: str  # printed large where it starts, in the running header and in the contents
    summary: str  # one line under the title ("" for none)
    icon: Path | None
    blocks: tuple[Block, ...]  # what the flow engine lays out and cuts into pages


@dataclass(frozen=True)
class Cover:
    """The booklet's front page."""

    clinic: str  # "" when the clinic has not set its name
    logo: Path | None
    title: str
    subtitle: str
    date_text: str
    icons: tuple[Path, ...]  # every guide's icon, a row of them as the cover picture


@dataclass(frozen=True)
class Handout:
    """A printed handout (one guide) or booklet (cover, contents, guides, glossary, sources)."""

    title: str  # the document's title (PDF metadata, printer queue)
    sections: tuple[Section, ...]
    cover: Cover | None  # booklets only
    contents_title: str  # "" for no contents page
    band: str  # clinic name (or the app's title) over the first page of a handout
    logo: Path | None
    date_text: str
    footer: str  # "information, not medical advice", on every page but the cover
    page_label: str  # a template with {page} and {total}
    paper: str  # "letter" | "a4"
    assets: Path  # pictures in the HTML are paths under this folder


def guide_section(guide: Guide, library: Library, with_sources: bool = True,
                  rendered: Rendered | None = None) -> Section:
    """A guide as printed: every page under its title, then its "about" part (in a booklet the
    sources move to the end of the booklet)."""
    # The app's pages, already rendered, where it has them; else rendered now (problems are
    # `kiosk check`'s to report).
    pages = rendered(guide.slug) if rendered is not None \
        else render_guide(guide, library, blocks_only=True)[0]
    blocks: list[Block] = []
    for page in pages[:-1]:  # the last is the app's about page, printed below with its title
        blocks += [heading_block(page.title, 2), *page.blocks]
    blocks.append(heading_block(library.strings("about_guide_title"), 2))
    blocks += about_blocks(guide, library, True if with_sources
                           else label(library.strings, "print_sources_at_end"))
    icon = library.assets / guide.icon
    return Section(guide.slug, guide.title, guide.summary, icon if icon.is_file() else None,
                   tuple(blocks))


def _sort_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def glossary_blocks(glossary: Glossary) -> tuple[Block, ...]:
    """Every term from A to Z under its letter, each with its definition."""
    blocks: list[Block] = []
    letter = ""
    for term in sorted(glossary.terms.values(), key=lambda t: _sort_key(t.term)):
        first = _sort_key(term.term)[:1].upper()
        if first != letter:
            letter = first
            blocks.append(heading_block(letter))
        blocks.append(text_block(f"<b>{html.escape(_capital(term.term))}</b>: "
                                 f"{html.escape(term.definition)}",
                                 f"{_capital(term.term)}: {term.definition}", ("term",)))
    return tuple(blocks)


def sources_blocks(library: Library) -> tuple[Block, ...]:
    """The sources of every guide, under each guide's title."""
    blocks: list[Block] = []
    for guide in library.guides:
        blocks += [heading_block(guide.title), list_block(guide.sources, ("sources",))]
    return tuple(blocks)


def _paper(settings: Settings) -> str:
    return settings.paper_size if settings.paper_size in PAPER_SIZES else "letter"


def _common(library: Library, settings: Settings, today: dt.date) -> dict[str, object]:
    s = library.strings
    return {
        "band": settings.clinic_name.strip() or s("app_title"),
        "logo": clinic_logo(settings, library.assets),
        "date_text": label(s, "print_printed_on", date=format_date(today, library.lang)),
        "footer": s("not_advice"),
        "page_label": s("sheet_page"),
        "paper": _paper(settings),
        "assets": library.assets,
    }


# A guide's rendered pages by its slug (the app's RenderCache.pages), to print without rendering
# them again.
Rendered = Callable[[str], "list[RenderedPage]"]


class UnknownGuide(KeyError):
    """No guide has this slug; the message names the ones there are."""

    def __str__(self) -> str:
        return str(self.args[0])


def build_guide_handout(library: Library, slug: str, settings: Settings,
                        today: dt.date | None = None, rendered: Rendered | None = None) -> Handout:
    """The handout of one guide; raises UnknownGuide (a KeyError) for a slug the pack lacks."""
    guide = library.guide(slug)
    if guide is None:
        raise UnknownGuide(f"no guide '{slug}'; guides are: "
                           f"{', '.join(g.slug for g in library.guides) or '(none)'}")
    return Handout(title=guide.title, sections=(guide_section(guide, library, True, rendered),),
                   cover=None,
                   contents_title="", **_common(library, settings, today or dt.date.today()))


def build_booklet(library: Library, settings: Settings, today: dt.date | None = None,
                  rendered: Rendered | None = None) -> Handout:
    """Every guide as one booklet: cover, contents, the guides, words to know, and sources."""
    s = library.strings
    today = today or dt.date.today()
    common = _common(library, settings, today)
    sections = [guide_section(guide, library, False, rendered) for guide in library.guides]
    if library.glossary.terms:
        sections.append(Section("glossary", label(s, "print_glossary_title"),
                                label(s, "print_glossary_intro"), None,
                                glossary_blocks(library.glossary)))
    sections.append(Section("sources", s("sources_title"), label(s, "print_sources_intro"), None,
                            sources_blocks(library)))
    cover = Cover(
        clinic=settings.clinic_name.strip(),
        logo=common["logo"],  # type: ignore[arg-type]
        title=s("app_title"),
        subtitle=label(s, "print_booklet_subtitle"),
        date_text=common["date_text"],  # type: ignore[arg-type]
        icons=tuple(section.icon for section in sections if section.icon is not None),
    )
    return Handout(title=s("app_title"), sections=tuple(sections), cover=cover,
                   contents_title=label(s, "print_contents_title"), **common)
