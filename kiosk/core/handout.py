"""What a printed guide handout or booklet holds: sections of print-ready HTML and labels; no Qt.

kiosk/printing.py lays these out and paints them. A section is one run of printed pages that starts
on a new page: a guide, the glossary, the sources. The HTML is the app's own rendered page HTML
(kiosk/render.py) with what only makes sense on screen taken out: links become plain text (paper
cannot be tapped) and paragraphs that hold only a picture are marked so they get no line spacing.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import PAPER_SIZES, Settings
from kiosk.core.content import Glossary, Guide, Library, Strings
from kiosk.core.questions import clinic_logo
from kiosk.core.render import format_date, render_guide, sanitize

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

LINK = re.compile(r"</?a\b[^>]*>")
PICTURE_PARAGRAPH = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")


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
    html: str  # print HTML: the body QTextDocument lays out


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


def print_html(page_html: str) -> str:
    """A rendered page's HTML for paper: links as plain text, picture paragraphs marked."""
    text = LINK.sub("", page_html)
    return PICTURE_PARAGRAPH.sub(r'<p class="picture">\1</p>', text)


def about_html(guide: Guide, library: Library, with_sources: bool) -> str:
    """The closing part of a printed guide: when to get help, not advice, dates and sources.

    The same words as the app's "About this guide" page (render.about_page); in a booklet the
    sources move to the end of the booklet.
    """
    s = library.strings
    reviewed = s("reviewed_on", reviewed=format_date(guide.reviewed, library.lang))
    due = s("review_due", review_by=format_date(guide.review_by, library.lang))
    parts = [
        f"<h2>{html.escape(s('about_guide_title'))}</h2>",
        "<table class='box box-danger' width='100%' cellspacing='0' cellpadding='14'><tr>"
        "<td class='bar bar-danger' width='10'> </td><td class='box-body box-danger'>"
        f"<p class='box-title box-title-danger'>{html.escape(s('urgent_title'))}</p>"
        f"<p>{html.escape(s('urgent_text'))}</p></td></tr></table>",
        f"<p><b>{html.escape(s('not_advice'))}</b></p>",
        f"<p>{html.escape(reviewed)} {html.escape(due)}</p>",
    ]
    if with_sources:
        parts.append(f"<h3>{html.escape(s('sources_title'))}</h3>{_sources_list(guide)}")
    else:
        parts.append(f"<p>{html.escape(label(s, 'print_sources_at_end'))}</p>")
    return sanitize("".join(parts))


def _sources_list(guide: Guide) -> str:
    items = "".join(f"<li>{html.escape(source)}</li>" for source in guide.sources)
    return f"<ul class='sources'>{items}</ul>"


def guide_section(guide: Guide, library: Library, with_sources: bool = True) -> Section:
    """A guide as printed: every page in order, then its "about" part."""
    pages, _ = render_guide(guide, library)  # problems are `kiosk check`'s to report
    body = "".join(print_html(page.html) for page in pages[:-1])  # the last is the app's about page
    icon = library.assets / guide.icon
    return Section(guide.slug, guide.title, guide.summary, icon if icon.is_file() else None,
                   body + about_html(guide, library, with_sources))


def _sort_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def glossary_html(glossary: Glossary) -> str:
    """Every term from A to Z under its letter, each with its definition."""
    parts: list[str] = []
    letter = ""
    for term in sorted(glossary.terms.values(), key=lambda t: _sort_key(t.term)):
        first = _sort_key(term.term)[:1].upper()
        if first != letter:
            letter = first
            parts.append(f"<h3>{html.escape(letter)}</h3>")
        parts.append(f"<p class='term'><b>{html.escape(_capital(term.term))}</b>: "
                     f"{html.escape(term.definition)}</p>")
    return sanitize("".join(parts))


def sources_html(library: Library) -> str:
    """The sources of every guide, under each guide's title."""
    return sanitize("".join(f"<h3>{html.escape(guide.title)}</h3>{_sources_list(guide)}"
                            for guide in library.guides))


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


class UnknownGuide(KeyError):
    """No guide has this slug; the message names the ones there are."""

    def __str__(self) -> str:
        return str(self.args[0])


def build_guide_handout(library: Library, slug: str, settings: Settings,
                        today: dt.date | None = None) -> Handout:
    """The handout of one guide; raises UnknownGuide (a KeyError) for a slug the pack lacks."""
    guide = library.guide(slug)
    if guide is None:
        raise UnknownGuide(f"no guide '{slug}'; guides are: "
                           f"{', '.join(g.slug for g in library.guides) or '(none)'}")
    return Handout(title=guide.title, sections=(guide_section(guide, library),), cover=None,
                   contents_title="", **_common(library, settings, today or dt.date.today()))


def build_booklet(library: Library, settings: Settings, today: dt.date | None = None) -> Handout:
    """Every guide as one booklet: cover, contents, the guides, words to know, and sources."""
    s = library.strings
    today = today or dt.date.today()
    common = _common(library, settings, today)
    sections = [guide_section(guide, library, with_sources=False) for guide in library.guides]
    if library.glossary.terms:
        sections.append(Section("glossary", label(s, "print_glossary_title"),
                                label(s, "print_glossary_intro"), None,
                                glossary_html(library.glossary)))
    sections.append(Section("sources", s("sources_title"), label(s, "print_sources_intro"), None,
                            sources_html(library)))
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
