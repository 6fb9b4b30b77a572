"""Markdown pages to the HTML subset QTextDocument shows well: boxes, glossary links, sanitized.

Each page also comes as BLOCKS (`Block`): its top-level pieces with what each may do when a page
is cut into screens, slides or printed pages (kiosk/flow.py does the cutting). The blocks are made
from Markdown's element tree, so nothing downstream parses the HTML made here.

Links in the output use three schemes the app handles itself and never hands to a browser:
`guide:SLUG#PAGE` (another guide or page), `term:ID` (a glossary popup). Web addresses become
plain text. Pictures keep their path under assets/; the viewer resolves them from there.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from kiosk.core.blocks import (
    Block,
    box_block,
    heading_block,
    list_block,
    sanitize,
    text_block,
    tree_blocks,
)
from kiosk.core.content import Glossary, Guide, Library, Page, Problem, Term
from kiosk.core.pages import MONTHS, RenderCache, RenderedPage, format_date  # noqa: F401 - exported
from kiosk.core.paths import relative_src, safe_asset

if TYPE_CHECKING:
    import markdown

# Markdown and nh3 are imported on the first render, not at start-up (the home screen needs
# neither). Extensions are passed as objects: by name, Markdown reads every installed package's
# metadata to find them, which costs 25-40 ms and 4 MiB.
BOX_TYPES = {"note", "tip", "warning", "danger", "evidence"}
RAW_HTML = re.compile(r"</?[A-Za-z][\w-]*(\s[^<>]*)?/?>|<!--")
INLINE_CODE = re.compile(r"`[^`]*`")
MARKDOWN_ESCAPE = re.compile("\x02(\\d+)\x03")
NO_TERM_LINKS = {"a", "h1", "h2", "h3", "h4", "code"}

class _PageTreeprocessor:
    """Checks and rewrites links and pictures, builds boxes, and links glossary terms.

    Markdown needs only a `run(root)` method of a tree processor."""

    def __init__(self, md: markdown.Markdown, job: _RenderJob | None) -> None:
        self.md = md
        self.job = job  # the page being rendered: set before each conversion

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "a":
                    self.job.rewrite_link(parent, index, child)
                elif child.tag == "img":
                    self.job.check_image(child)
                    if parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip() \
                            and not (child.tail or "").strip():
                        parent.set("class", "picture")  # no text line height under a picture
                elif child.tag == "div" and "admonition" in child.get("class", ""):
                    parent[index] = self.job.box(child)
        self.job.link_terms(root)


class _BlocksTreeprocessor:
    """The last tree processor: it makes the page's blocks from the finished tree. For paper
    (`blocks_only`) it then hands Markdown an empty tree: the page's HTML, which nobody reads
    there, is never written out."""

    def __init__(self, md: markdown.Markdown, page: _PageTreeprocessor) -> None:
        self.md = md
        self.page = page

    def run(self, root: etree.Element) -> etree.Element | None:
        job = self.page.job
        if job is None:
            return None
        job.blocks = tree_blocks(self.md, root)
        return etree.Element(self.md.doc_tag) if job.blocks_only else None


class _RenderJob:
    """The state of rendering one page: where it is, what it may link to, what went wrong."""

    def __init__(self, page: Page, guide: Guide, library: Library,
                 blocks_only: bool = False) -> None:
        self.page = page
        self.guide = guide
        self.library = library
        self.blocks_only = blocks_only
        self.problems: list[Problem] = []
        self.blocks: tuple[Block, ...] = ()  # made by _BlocksTreeprocessor
        self._last_offset = 0  # problems come in reading order: look after the last one first

    def line_of(self, needle: str) -> int:
        """The guide-file line of the page line holding this text (else the heading): the first
        at or after the previous problem's line, so a repeated text gets its own line."""
        lines = self.page.markdown.splitlines()
        order = [*range(self._last_offset, len(lines)), *range(self._last_offset)]
        for index in order:
            if needle and needle in lines[index]:
                self._last_offset = index
                return self.page.line + index + 1
        return self.page.line

    def problem(self, needle: str, message: str) -> None:
        self.problems.append(Problem(self.guide.path, self.line_of(needle), message))

    # links -------------------------------------------------------------------------------

    def rewrite_link(self, parent: etree.Element, index: int, link: etree.Element) -> None:
        href = link.get("href", "").strip()
        text = "".join(link.itertext())
        if href.startswith("term:"):
            if self.library.glossary.get(href[5:]) is None:
                self.problem(href, f"unknown glossary term '{href[5:]}' in link '{text}'; "
                             "add it to glossary.yaml or fix the id")
                self._unlink(parent, index, link)
            return
        if href.startswith("#"):
            href = f"guide:{self.guide.slug}{href}"
            link.set("href", href)
        if href.startswith("guide:"):
            target, _, page_slug = href[6:].partition("#")
            guide = self.library.guide(target)
            if guide is None:
                self.problem(href.split("#")[0] if target != self.guide.slug else f"#{page_slug}",
                             f"link '{text}' goes to guide '{target}', which does not exist; "
                             f"guides are: {', '.join(g.slug for g in self.library.guides)}")
                self._unlink(parent, index, link)
            elif page_slug and guide.page_index(page_slug) is None:
                self.problem(f"#{page_slug}", f"link '{text}' goes to page '{page_slug}' of "
                             f"'{target}', which has no such page; pages are: "
                             f"{', '.join(p.slug for p in guide.pages)}")
                link.set("href", f"guide:{target}")
            return
        if re.match(r"^(https?:|mailto:|www\.)", href):
            # A kiosk never opens a browser: show where to look instead.
            address = re.sub(r"^(https?://|mailto:)", "", href).rstrip("/")
            span = etree.Element("span", {"class": "web"})
            span.text = text if text.strip() == address or not text.strip() else \
                f"{text} ({address})"
            span.tail = link.tail
            parent[index] = span
            return
        self.problem(href or text, f"link '{text}' to '{href}' is not supported; link to "
                     "another guide with (guide:SLUG) or to a page with (#page-slug)")
        self._unlink(parent, index, link)

    @staticmethod
    def _unlink(parent: etree.Element, index: int, link: etree.Element) -> None:
        span = etree.Element("span")
        span.text = "".join(link.itertext())
        span.tail = link.tail
        parent[index] = span

    # pictures ----------------------------------------------------------------------------

    def check_image(self, image: etree.Element) -> None:
        # Markdown keeps backslash escapes as placeholders until after this runs: undo them, so
        # the path checked (and shown to the author) is the path written.
        src = MARKDOWN_ESCAPE.sub(lambda m: chr(int(m.group(1))), image.get("src", ""))
        written = f"]({src}" if f"]({src}" in self.page.markdown else f"[{image.get('alt', '')}]("
        if not image.get("alt", "").strip():
            self.problem(src, f"picture '{src}' has no alt text; describe what it shows: "
                         "![what it shows](path)")
        target = safe_asset(self.library.assets, src)
        if target is None:
            self.problem(written, f"picture '{src}' is a path outside the pack's assets folder "
                         "(it is not shown or printed); use a path under assets/, "
                         "like illustrations/name.svg")
            image.tag = "span"  # no picture at all: nothing for a viewer to try to open
            image.attrib.clear()
        elif not target.is_file():
            self.problem(written, f"picture '{src}' not found in assets/; add the file or fix "
                         "the path")
        else:
            image.set("src", relative_src(self.library.assets, target))

    # boxes -------------------------------------------------------------------------------

    def box(self, div: etree.Element) -> etree.Element:
        """Turn an admonition into a table QTextDocument draws as a tinted box with a bar."""
        kinds = [c for c in div.get("class", "").split() if c != "admonition"]
        kind = kinds[0] if kinds else "note"
        if kind not in BOX_TYPES:
            self.problem(f"!!! {kind}", f"box type '{kind}' is not known; use one of: "
                         f"{', '.join(sorted(BOX_TYPES))}")
            kind = "note"
        table = etree.Element("table", {
            "class": f"box box-{kind}", "width": "100%", "cellspacing": "0", "cellpadding": "14",
        })
        row = etree.SubElement(table, "tr")
        etree.SubElement(row, "td", {"class": f"bar bar-{kind}", "width": "10"}).text = " "
        cell = etree.SubElement(row, "td", {"class": f"box-body box-{kind}"})
        for child in list(div):
            if child.tag == "p" and "admonition-title" in child.get("class", ""):
                child.set("class", f"box-title box-title-{kind}")
            cell.append(child)
        table.tail = div.tail
        return table

    # glossary ----------------------------------------------------------------------------

    def link_terms(self, root: etree.Element) -> None:
        """Link the first use on this page of each glossary term (any of its forms)."""
        linked = {
            a.get("href", "")[5:] for a in root.iter("a") if a.get("href", "").startswith("term:")
        }
        pattern = _terms_pattern(self.library.glossary)
        if pattern is None:
            return
        form_to_term = _form_index(self.library.glossary)
        _link_in(root, pattern, form_to_term, linked)


def _form_index(glossary: Glossary) -> dict[str, Term]:
    return {form.lower(): term for term in glossary.terms.values() for form in term.forms}


# The terms pattern of the last few glossaries (a language switch loads its pack's glossary
# afresh). Kept few: it holds each glossary and its compiled pattern, and an unbounded cache
# kept every glossary of every language switch for the life of the kiosk (tools/soak.py).
_pattern_cache: dict[int, tuple[Glossary, re.Pattern[str] | None]] = {}
PATTERNS_KEPT = 4


def _terms_pattern(glossary: Glossary) -> re.Pattern[str] | None:
    cached = _pattern_cache.get(id(glossary))
    if cached is not None and cached[0] is glossary:
        return cached[1]
    while len(_pattern_cache) >= PATTERNS_KEPT:
        del _pattern_cache[next(iter(_pattern_cache))]  # the oldest
    forms = sorted(_form_index(glossary), key=len, reverse=True)
    pattern = None
    if forms:
        # A term may wrap across lines in the markdown: any run of spaces matches one space.
        alternatives = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms)
        pattern = re.compile(rf"(?<![\w.])({alternatives})(?![\w])", re.IGNORECASE)
    _pattern_cache[id(glossary)] = (glossary, pattern)
    return pattern


def _link_in(
    element: etree.Element, pattern: re.Pattern[str], forms: dict[str, Term], linked: set[str]
) -> None:
    if element.tag in NO_TERM_LINKS:
        return
    element.text = _split_text(element, None, element.text, pattern, forms, linked)
    for child in list(element):
        _link_in(child, pattern, forms, linked)
        child.tail = _split_text(element, child, child.tail, pattern, forms, linked)


def _split_text(
    parent: etree.Element,
    after: etree.Element | None,
    text: str | None,
    pattern: re.Pattern[str],
    forms: dict[str, Term],
    linked: set[str],
) -> str | None:
    """Wrap the first unlinked term in `text` in a term link; return what stays as plain text."""
    if not text:
        return text
    for match in pattern.finditer(text):
        term = forms[" ".join(match.group(1).split()).lower()]
        if term.id in linked:
            continue
        linked.add(term.id)
        link = etree.Element("a", {"href": f"term:{term.id}", "class": "term"})
        link.text = match.group(1)
        rest = text[match.end():]
        position = 0 if after is None else list(parent).index(after) + 1
        parent.insert(position, link)
        link.tail = _split_text(parent, link, rest, pattern, forms, linked)
        return text[: match.start()]
    return text


@functools.cache
def _markdown_kit():
    """One Markdown converter with the extensions every page uses and our page processor."""
    import markdown
    from markdown.extensions import Extension
    from markdown.extensions.admonition import AdmonitionExtension
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    class PageExtension(Extension):
        def __init__(self) -> None:
            super().__init__()
            self.processor: _PageTreeprocessor | None = None

        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown API
            # Raw HTML is never passed through: it is shown as text and `kiosk check` reports it.
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            self.processor = _PageTreeprocessor(md, None)
            md.treeprocessors.register(self.processor, "kiosk_page", 5)
            # After Markdown's own last one ("unescape", 0), which puts escaped characters back.
            md.treeprocessors.register(_BlocksTreeprocessor(md, self.processor), "kiosk_blocks", -10)

    extensions = (TableExtension, AdmonitionExtension, SaneListExtension, AttrListExtension)
    page = PageExtension()
    md = markdown.Markdown(extensions=[*(e() for e in extensions), page], output_format="html")
    return md, page.processor


def _converter(job: _RenderJob) -> markdown.Markdown:
    """The one Markdown converter, reset and pointed at this page's job. Building a converter
    (its extensions and pattern registries) for every page took a fifth of a booklet's time."""
    md, processor = _markdown_kit()
    md.reset()
    processor.job = job
    return md


def render_page(page: Page, guide: Guide, library: Library, blocks_only: bool = False
                ) -> tuple[RenderedPage, list[Problem]]:
    """Render one page to sanitized HTML; return it with every problem found on the way.

    `blocks_only`: the page's blocks alone, for paper (its html and text stay empty: the page's
    sanitized HTML and plain text were a tenth of rendering a booklet, for nothing printed)."""
    job = _RenderJob(page, guide, library, blocks_only)
    for offset, line in enumerate(page.markdown.splitlines(), start=1):
        found = RAW_HTML.search(INLINE_CODE.sub("", line))
        if found:
            job.problems.append(Problem(
                guide.path, page.line + offset, f"raw HTML '{found.group(0)[:40]}' is not "
                "allowed; use markdown (lists, **bold**, boxes with !!!)"))
    md = _converter(job)
    try:
        body = md.convert(page.markdown)
    except RecursionError:  # the load-time limits should make this unreachable; never a crash
        job.problems.append(Problem(guide.path, page.line, f"page '{page.title}' nests its "
                                    "markup too deeply to lay out; simplify it"))
        body = f"<p>{html.escape(page.markdown[:2000])}</p>"
    if blocks_only:
        return RenderedPage(page.slug, page.title, "", "", page.question_ids, job.blocks), \
            job.problems
    clean = sanitize(f"<h2>{html.escape(page.title)}</h2>\n" + body)
    return (
        RenderedPage(page.slug, page.title, clean, plain_text(clean), page.question_ids,
                     job.blocks),
        job.problems,
    )


def plain_text(markup: str) -> str:
    """The words of a page, one block per sentence, for reading-level checks and speech."""
    sentences = []
    for _, inner in re.findall(r"<(p|li|h[1-6]|td|th)\b[^>]*>(.*?)</\1>", markup, flags=re.S):
        words = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner))).strip()
        if not words:
            continue
        if words[-1] not in ".?!:;":
            words += "."
        sentences.append(words)
    return " ".join(sentences)


def render_guide(guide: Guide, library: Library, blocks_only: bool = False
                 ) -> tuple[list[RenderedPage], list[Problem]]:
    """Render every page of a guide, then its closing 'About this guide' page (`blocks_only`:
    the pages' blocks alone, for paper; see render_page)."""
    pages: list[RenderedPage] = []
    problems: list[Problem] = []
    for page in guide.pages:
        rendered, found = render_page(page, guide, library, blocks_only)
        pages.append(rendered)
        problems.extend(found)
    pages.append(about_page(guide, library, blocks_only))
    return pages, problems


def about_blocks(guide: Guide, library: Library, sources: bool | str = True) -> list[Block]:
    """What closes every guide: when to get urgent care, not medical advice, the review dates,
    and the sources (or, given a sentence instead, that sentence where the sources would be)."""
    s = library.strings
    dates = (f"{s('reviewed_on', reviewed=format_date(guide.reviewed, library.lang))} "
             f"{s('review_due', review_by=format_date(guide.review_by, library.lang))}")
    blocks = [
        box_block("danger", s("urgent_title"), s("urgent_text")),
        text_block(f"<b>{html.escape(s('not_advice'))}</b>", s("not_advice")),
        text_block(html.escape(dates), dates),
    ]
    if sources is True:
        blocks += [heading_block(s("sources_title")), list_block(guide.sources, ("sources",))]
    elif sources:
        blocks.append(text_block(html.escape(sources), sources))
    return blocks


def about_page(guide: Guide, library: Library, blocks_only: bool = False) -> RenderedPage:
    """The page the app adds to every guide: sources, dates, not medical advice, urgent care."""
    title = library.strings("about_guide_title")
    blocks = tuple(about_blocks(guide, library))
    if blocks_only:
        return RenderedPage("about-this-guide", title, "", "", (), blocks)
    clean = sanitize(f"<h2>{html.escape(title)}</h2>" + "".join(b.html for b in blocks))
    return RenderedPage("about-this-guide", title, clean, plain_text(clean), (), blocks)
