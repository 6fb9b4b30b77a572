"""Printed handouts of a hostile pack: no blank pages, and no picture from outside the pack on paper."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from hostile_pack import _guide, build_hostile_pack
from pypdf import PdfReader

from kiosk.core.config import Settings
from kiosk.core.content import load_library

REPO = Path(__file__).resolve().parents[2]


def _red_pixels(pdf: Path) -> int:
    """Pure red pixels on the printed pages (the secret picture is a pure red square)."""
    root = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "30", str(pdf), str(root)], check=True)
    count = 0
    for page in sorted(pdf.parent.glob(f"{root.name}-*.ppm")):
        data = page.read_bytes()
        magic, width, height, _, pixels = data.split(maxsplit=4)
        assert magic == b"P6"
        pixels = pixels[: int(width) * int(height) * 3]
        count += sum(1 for i in range(0, len(pixels), 3)
                     if pixels[i] > 220 and pixels[i + 1] < 40 and pixels[i + 2] < 40)
    return count


def _print(library, slug: str, out: Path) -> PdfReader:
    from kiosk import printing

    result = printing.print_guide(library, slug, Settings(), printing.PrintTarget(pdf=out))
    assert result.ok, result.detail
    return PdfReader(out)


def _at_the_limits(pack: Path) -> None:
    """Guides just inside every limit: 8-deep list and quote, an endless word, a wide table."""
    _guide(pack, 8, "deep-eight", "## Deep\n\n" + "".join("    " * n + "- level\n" for n in range(8)))
    _guide(pack, 9, "quote-eight", "## Quote\n\n" + "> " * 8 + "a deep quote\n")
    _guide(pack, 10, "long-word", "## Word\n\n" + "a" * 20_000 + "\n")
    columns = range(40)
    _guide(pack, 11, "wide-table", "## Table\n\n|" + "|".join(f"h{n}" for n in columns) + "|\n|"
           + "|".join("-" for _ in columns) + "|\n|" + "|".join("x" * 30 for _ in columns) + "|\n")


def test_every_printable_guide_of_a_hostile_pack_prints_without_blank_pages(qapp, tmp_path):
    """Ensure each guide that loads prints with words on every page; refused ones do not print."""
    files = build_hostile_pack(tmp_path)
    pack = files["content"] / "en"
    _at_the_limits(pack)
    library, _ = load_library(pack, REPO / "assets", today=dt.date(2026, 6, 1))
    assert library.guide("deep") is None and library.guide("huge") is None
    for guide in library.guides:
        reader = _print(library, guide.slug, tmp_path / f"{guide.slug}.pdf")
        blank = [n for n, page in enumerate(reader.pages, start=1)
                 if len((page.extract_text() or "").split()) < 3]
        assert blank == [], f"{guide.slug}: blank pages {blank} of {len(reader.pages)}"


def test_a_picture_escaping_the_assets_by_any_encoding_is_not_printed(qapp, tmp_path):
    """Ensure none of the encoded escapes puts the file outside the pack on paper."""
    files = build_hostile_pack(tmp_path)
    library, _ = load_library(files["content"] / "en", REPO / "assets",
                              today=dt.date(2026, 6, 1))
    _print(library, "encoded", tmp_path / "encoded.pdf")
    assert _red_pixels(tmp_path / "encoded.pdf") == 0
    # The same picture inside the assets does print red: the check above can see it.
    assets = tmp_path / "assets"
    shutil.copytree(REPO / "assets", assets)
    shutil.copy(files["secret"], assets / "illustrations" / "red.svg")
    _guide(files["content"] / "en", 20, "red", "## Red\n\n![a red square](illustrations/red.svg)\n")
    library, _ = load_library(files["content"] / "en", assets, today=dt.date(2026, 6, 1))
    _print(library, "red", tmp_path / "red.pdf")
    assert _red_pixels(tmp_path / "red.pdf") > 0
