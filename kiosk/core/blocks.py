"""A page as blocks: its top-level pieces and what each may do when pages are cut into boxes.

The renderer (render.py) makes blocks from Markdown's element tree, and the app makes a few of its
own (the about page, the printed glossary and sources). The flow engine (kiosk/flow.py) measures
and cuts them for screens, slides and paper, composing each block's HTML here: nothing downstream
parses HTML. `sanitize` is the one HTML cleaner, for every piece of markup shown.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

    import markdown

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "br", "hr", "span",
    "table", "thead", "tbody", "tr", "th", "td", "a", "img", "code",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "td": {"width", "colspan", "valign", "align"},
    "th": {"colspan", "align"},
}


@dataclass(frozen=True)
class Block:
    """One top-level piece of a page and what it may do when pages are cut into boxes.

    kind: "heading" keeps with what follows; "text" (a paragraph) may split between lines on
    paper, or into `parts` (its sentences) on a screen as a last resort; "list" splits between
    `items`; "picture", "table" and "rule" never split; "box" (a warning, tip...) never splits,
    except into `parts` (one box per paragraph) when it is taller than a whole screen.
    `tag` and `classes` are the outer element; `inner` is its sanitized inner HTML (for a box,
    the inside of the tinted cell; for a list, empty: see `items`). `html` is the whole block as
    the reader shows it.
    """

    kind: str
    tag: str
    inner: str
    text: str
    classes: tuple[str, ...] = ()
    keep_with_next: bool = False
    items: tuple[str, ...] = ()  # a list's items, each the inner HTML of one <li>
    item_texts: tuple[str, ...] = ()  # the words of each item
    start: int = 1  # an ordered list's first number
    src: str = ""  # a picture's path under assets/
    alt: str = ""
    box: str = ""  # a box's kind: note, tip, warning, danger, evidence
    parts: tuple[Block, ...] = ()
    # The same with links made plain words (class "term" or "ref"), for slides and paper,
    # where nothing can be tapped.
    plain: str = ""
    plain_items: tuple[str, ...] = ()

    @property
    def html(self) -> str:
        return block_html(self)


def _class_attr(classes: tuple[str, ...] | list[str]) -> str:
    return f' class="{" ".join(classes)}"' if classes else ""


def _marked(inner: str, mark: str) -> str:
    """The inner HTML of a box with its name inside its first paragraph (a name on a block of its
    own would add a line)."""
    if not mark or not inner.startswith("<p"):
        return mark + inner
    end = inner.index(">") + 1  # the end of the opening tag this module wrote (or nh3 cleaned)
    return inner[:end] + mark + inner[end:]


def block_html(block: Block, *, anchor: str = "", box_padding: int = 14, bar_width: int = 10,
               picture: str | None = None, links: bool = True) -> str:
    """A block as HTML. `anchor` names its start (and `anchor.N` each list item) for the flow
    engine; a box's padding and bar scale with the output; `picture` replaces a picture's <img>;
    without links, linked words are plain words."""
    # Qt names the character after a name: a zero-width space carries it, so the block's own
    # first letter keeps its format (a letter with a format of its own is drawn, and read back
    # from a PDF, on its own).
    mark = f'<a name="{anchor}">\u200b</a>' if anchor else ""
    # Without links, the plain versions (a new Block for each would cost a booklet 4 ms).
    inner = block.inner if links else block.plain or block.inner
    if block.kind == "list":
        opening = f"<{block.tag}{_class_attr(block.classes)}" + \
            (f' start="{block.start}"' if block.tag == "ol" and block.start != 1 else "") + ">"
        items = "".join(f'<li>{f"<a name={chr(34)}{anchor}.{n}{chr(34)}>{chr(0x200B)}</a>" if anchor else ""}'
                        f"{item}</li>" for n, item in enumerate(
                            block.items if links else block.plain_items or block.items))
        return f"{opening}{items}</{block.tag}>"
    if block.kind == "box":
        return (f'<table class="box box-{block.box}" width="100%" cellspacing="0" '
                f'cellpadding="{box_padding}"><tr><td class="bar bar-{block.box}" '
                f'width="{bar_width}"> </td><td class="box-body box-{block.box}">'
                f"{_marked(inner, mark)}</td></tr></table>")
    if block.kind == "picture" and picture is not None:
        return f'<p{_class_attr(block.classes)} align="center">{mark}{picture}</p>'
    if block.kind == "rule":
        return "<hr>"
    return f"<{block.tag}{_class_attr(block.classes)}>{mark}{inner}</{block.tag}>"


@functools.cache
def _cleaner():
    """One nh3 sanitizer for the process: `nh3.clean` builds its rules anew on every call, and a
    booklet sanitizes 900 pieces of markup (42 ms of each print went to that alone)."""
    import nh3

    return nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes={"guide", "term"}, link_rel=None, strip_comments=True)


def sanitize(markup: str) -> str:
    """Keep only the tags, attributes and link schemes the viewer needs."""
    return _cleaner().clean(markup)


# --- blocks from the element tree -------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
CLASS_NAME = re.compile(r"^[A-Za-z][\w-]*$")


def _element(tag: str) -> etree.Element:
    """A new element tree node. The element tree comes with the renderer (Markdown), so a start
    that shows pages rendered ahead of time, from an installed pack, never imports it."""
    from xml.etree.ElementTree import Element

    return Element(tag)


def _inner_html(md: markdown.Markdown, element: etree.Element) -> str:
    """The sanitized HTML inside an element, serialized the way Markdown itself does."""
    shell = _element("div")  # ElementTree children have no parent link: sharing is safe
    shell.text = element.text
    shell.extend(element)
    markup = md.serializer(shell)
    for processor in md.postprocessors:
        markup = processor.run(markup)
    markup = markup[len("<div>"):-len("</div>")]
    return sanitize(markup).strip()


def _unlinked(element: etree.Element) -> etree.Element:
    """A copy with every link a plain span: "term" for glossary words, "ref" for other guides."""
    copy = deepcopy(element)
    for link in copy.iter("a"):
        href = link.get("href", "")
        link.tag = "span"
        link.attrib.clear()
        link.set("class", "term" if href.startswith("term:") else "ref")
    return copy


def _plain_inner(md: markdown.Markdown, element: etree.Element) -> str:
    if element.find(".//a") is None:
        return ""  # the same as the linked inner: block_html falls back to it
    return _inner_html(md, _unlinked(element))


def _classes(element: etree.Element) -> tuple[str, ...]:
    return tuple(c for c in element.get("class", "").split() if CLASS_NAME.match(c))


def _words(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _sentences(md: markdown.Markdown, element: etree.Element) -> tuple[Block, ...]:
    """A paragraph cut into one paragraph per sentence, inline markup kept whole (a last resort
    for a paragraph taller than a screen)."""
    pieces: list[etree.Element] = [_element(element.tag)]

    def add_text(text: str | None) -> None:
        if not text:
            return
        chunks = SENTENCE_END.split(text)
        for number, chunk in enumerate(chunks):
            if number:
                pieces.append(_element(element.tag))
            current = pieces[-1]
            if len(current):
                current[-1].tail = (current[-1].tail or "") + chunk
            else:
                current.text = (current.text or "") + chunk

    add_text(element.text)
    for child in element:
        copy = deepcopy(child)  # the child alone, without its tail
        copy.tail = None
        pieces[-1].append(copy)
        add_text(child.tail)
    if len(pieces) < 2:
        return ()
    classes = _classes(element)
    return tuple(Block("text", element.tag, _inner_html(md, piece), _words(piece), classes,
                       plain=_plain_inner(md, piece))
                 for piece in pieces if _words(piece))


def _element_block(md: markdown.Markdown, element: etree.Element) -> Block | None:
    tag, classes = element.tag, _classes(element)
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Block("heading", tag, _inner_html(md, element), _words(element), classes,
                     keep_with_next=True, plain=_plain_inner(md, element))
    if tag in ("ul", "ol"):
        items = [li for li in element if li.tag == "li"]
        start = element.get("start", "1")
        plain_items = tuple(_plain_inner(md, li) or _inner_html(md, li) for li in items) \
            if element.find(".//a") is not None else ()
        return Block("list", tag, "", _words(element), classes,
                     items=tuple(_inner_html(md, li) for li in items),
                     item_texts=tuple(_words(li) for li in items),
                     start=int(start) if start.isdigit() else 1, plain_items=plain_items)
    if tag == "table" and "box" in classes:
        kind = next((c[4:] for c in classes if c.startswith("box-")), "note")
        cell = element.find("tr/td[2]")
        if cell is None:
            return None
        parts = tuple(Block("box", "table", _inner_html(md, _shell(cell, [group])),
                            " ".join(_words(e) for e in group), classes, box=kind,
                            plain=_plain_inner(md, _shell(cell, [group])))
                      for group in _box_parts(cell))
        return Block("box", "table", _inner_html(md, cell), _words(cell), classes, box=kind,
                     parts=parts if len(parts) > 1 else (), plain=_plain_inner(md, cell))
    if tag == "table":
        return Block("table", "table", _inner_html(md, element), _words(element), classes,
                     plain=_plain_inner(md, element))
    if tag == "hr":
        return Block("rule", "hr", "", "")
    if tag == "p" and "picture" in classes:
        image = element.find("img")
        if image is not None:
            return Block("picture", "p", _inner_html(md, element), image.get("alt", ""), classes,
                         src=image.get("src", ""), alt=image.get("alt", ""))
    words = _words(element)
    if not words:
        return None
    return Block("text", tag if tag == "p" else "p", _inner_html(md, element), words, classes,
                 keep_with_next=words.endswith(":"),
                 parts=_sentences(md, element) if tag == "p" else (),
                 plain=_plain_inner(md, element))


def _box_parts(cell: etree.Element) -> list[list[etree.Element]]:
    """A box's paragraphs for splitting it, the title kept with the first of them."""
    groups: list[list[etree.Element]] = []
    for child in cell:
        if groups and len(groups) == 1 and "box-title" in groups[0][-1].get("class", "") \
                and len(groups[0]) == 1:
            groups[0].append(child)
        else:
            groups.append([child])
    return groups


def _shell(cell: etree.Element, groups: list[list[etree.Element]]) -> etree.Element:
    shell = _element("td")
    for group in groups:
        for child in group:
            shell.append(child)
    return shell


def tree_blocks(md: markdown.Markdown, root: etree.Element) -> tuple[Block, ...]:
    return tuple(b for b in (_element_block(md, child) for child in root) if b is not None)


# Blocks the app writes itself (the about page, printed glossary and sources): escaped text.


def heading_block(text: str, level: int = 3) -> Block:
    return Block("heading", f"h{level}", html.escape(text), text, keep_with_next=True)


def text_block(inner: str, text: str, classes: tuple[str, ...] = ()) -> Block:
    """A paragraph of ready, safe inner HTML (the caller escaped what it put in)."""
    return Block("text", "p", inner, text, classes, keep_with_next=text.endswith(":"))


def list_block(items: Sequence[str], classes: tuple[str, ...] = ()) -> Block:
    return Block("list", "ul", "", " ".join(items), classes,
                 items=tuple(html.escape(item) for item in items), item_texts=tuple(items))


def box_block(kind: str, title: str, text: str) -> Block:
    inner = (f'<p class="box-title box-title-{kind}">{html.escape(title)}</p>'
             f"<p>{html.escape(text)}</p>")
    return Block("box", "table", inner, f"{title} {text}", ("box", f"box-{kind}"), box=kind)
