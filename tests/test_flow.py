"""The one flow engine: blocks measured in a QTextDocument and cut into boxes for every output."""

from __future__ import annotations

import pytest
from conftest import BUNDLED_ASSETS, BUNDLED_CONTENT
from PySide6.QtGui import QFont

from kiosk.core.blocks import Block, block_html
from kiosk.core.content import load_library
from kiosk.core.render import RenderCache
from kiosk.flow import FlowStyle, document_for, flow_boxes, measure, paginate
from kiosk.printing.style import UNIT, print_flow_style

CSS = "p, li { line-height: 135%; } p { margin-bottom: 12px; } table.box { margin-bottom: 14px; }"


def screen_style(width: int, body_px: int) -> FlowStyle:
    font = QFont()
    font.setPixelSize(body_px)
    return FlowStyle(width=width, font=font, css=CSS, indent=body_px, links=False)


def bundled_pages():
    for lang in ("en", "es"):
        library, _ = load_library(BUNDLED_CONTENT / lang, BUNDLED_ASSETS)
        cache = RenderCache(library)
        for guide in library.guides:
            for page in cache.pages(guide.slug):
                yield f"{lang}/{guide.slug}/{page.slug}", page


WHOLE = ("box", "picture", "table")


@pytest.mark.parametrize("width,body_px,room", [(600, 22, 330), (900, 30, 520), (1100, 44, 700)])
def test_screen_boxes_never_split_a_box_picture_or_table_nor_end_on_a_heading(qapp, width, body_px, room):
    """Ensure every bundled page, cut for screens, keeps boxes, pictures and tables whole, shows
    every block once in order, and never leaves a heading at the foot of a box."""
    style = screen_style(width, body_px)
    for where, page in bundled_pages():
        boxes = flow_boxes(page.blocks, style, lambda n: room)
        seen = [u.ref for box in boxes for u in box.units]
        assert seen == sorted(seen) and len(seen) == len(set(seen)), f"{where}: {seen}"
        shown = " ".join(" ".join(document_for(b.blocks, style).toPlainText().split()) for b in boxes)
        whole = " ".join(document_for(page.blocks, style).toPlainText().split())
        assert shown == whole, f"{where}: a block is missing, twice or out of order"
        for number, box in enumerate(boxes):
            if number < len(boxes) - 1:
                assert box.units[-1].kind != "heading", f"{where}: box {number} ends on a heading"
            for unit in box.units:
                if unit.kind in WHOLE:  # units are whole by construction: check the composed box
                    shown = document_for(box.blocks, style).toPlainText()
                    assert " ".join(unit.text.split()[:6]) in " ".join(shown.split()), where


def test_printed_slices_never_cut_a_box_picture_or_table(qapp):
    """Ensure paper, which may split paragraphs between lines, never cuts a box or picture and
    never ends a page on a heading."""
    style = print_flow_style(508 * UNIT, BUNDLED_ASSETS)
    room = 600 * UNIT
    for where, page in bundled_pages():
        measured = measure(page.blocks, style)
        slices = paginate(measured.units, lambda n: room)
        for unit in measured.units:
            if unit.kind in WHOLE and unit.bottom - unit.top <= room:
                assert any(top <= unit.top and unit.bottom <= bottom for top, bottom in slices), \
                    f"{where}: {unit.kind} '{unit.text[:30]}' is cut"
        for top, bottom in slices[:-1]:
            inside = [u for u in measured.units if top <= u.top < bottom]
            assert inside and inside[-1].kind != "heading", f"{where}: a page ends on a heading"


def test_a_table_moves_whole_and_a_list_splits_between_items_keeping_its_numbers(qapp):
    """Ensure a table that does not fit moves whole to the next box, and a numbered list cut in
    two carries on with the right number."""
    rows = "".join(f"<tr><td>Row {n}</td><td>value {n}</td></tr>" for n in range(6))
    blocks = [
        Block("text", "p", "Lead paragraph. " * 6, "Lead paragraph."),
        Block("table", "table", rows, "rows"),
        Block("list", "ol", "", "items", items=tuple(f"Step number {n}" for n in range(1, 9))),
    ]
    style = screen_style(400, 20)
    heights = [u.bottom - u.top for u in measure(blocks, style).units]
    boxes = flow_boxes(blocks, style, lambda n: heights[0] + heights[1] * 0.6)
    table_boxes = [b for b in boxes if any(u.kind == "table" for u in b.units)]
    assert len(table_boxes) == 1 and table_boxes[0].units[0].kind == "table"
    lists = [blk for box in boxes for blk in box.blocks if blk.kind == "list"]
    assert len(lists) >= 2, "the list was not cut"
    assert [blk.start for blk in lists] == [1, *(1 + sum(len(x.items) for x in lists[:i])
                                               for i in range(1, len(lists)))]
    assert '<ol start="' in block_html(lists[1])


def test_a_box_taller_than_a_screen_splits_between_its_paragraphs_only_as_a_last_resort(qapp):
    """Ensure a warning box stays whole when it fits a box, and is cut into one box per paragraph
    (never inside one) only when it is taller than a whole box."""
    parts = tuple(Block("box", "table", f"<p>Part {n}. " + "Words here. " * 12 + "</p>", f"Part {n}",
                        box="warning") for n in range(4))
    inner = "".join(p.inner for p in parts)
    box = Block("box", "table", inner, "box", box="warning", parts=parts)
    style = screen_style(500, 20)
    whole = measure([box], style).units[0]
    tall = whole.bottom - whole.top
    assert len(flow_boxes([box], style, lambda n: tall + 10)) == 1
    cut = flow_boxes([box], style, lambda n: tall * 0.6)
    assert len(cut) >= 2 and not any(b.overflows for b in cut)
    shown = [document_for(b.blocks, style).toPlainText() for b in cut]
    for n in range(4):
        assert sum(f"Part {n}." in text for text in shown) == 1
