"""Building a content pack: the check rules gate it; manifest, ready index and assets inside."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kiosk.core.content import load_library
from kiosk.core.pack import (
    INDEX_FORMAT,
    IndexCodec,
    PackContent,
    PackError,
    build_pack,
    read_manifest,
)
from kiosk.core.render import RenderedPage, render_guide
from kiosk.core.validate import check_content

REPO = Path(__file__).resolve().parents[2]
BUILT = dt.datetime(2026, 12, 1, 9, 30, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


def unpack(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def bundled_pack(tmp_path_factory) -> Path:
    """The bundled content (English and Spanish) built into a pack once for this module."""
    out = tmp_path_factory.mktemp("built") / "bundled.kpack"
    result = build_pack(REPO / "content", REPO / "assets", out, built=BUILT, today=TODAY)
    assert result.problems == [], [str(p) for p in result.problems[:5]]
    return out


def test_manifest_names_the_pack_and_hashes_every_file(bundled_pack, tmp_path):
    """Ensure the manifest holds name, version, build date, languages, guides and each file's hash."""
    manifest = read_manifest(bundled_pack.read_bytes())
    assert manifest.version == "2026.12.01.093000"
    assert manifest.built == "2026-12-01T09:30:00+00:00"
    assert manifest.languages == ("en", "es")
    assert "how-acupuncture-works" in manifest.guides["en"]
    assert manifest.guides["en"] == manifest.guides["es"]
    folder = unpack(bundled_pack, tmp_path / "x")
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk - {"manifest.json"} == set(manifest.files)
    for name, digest in manifest.files.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assets = {p.relative_to(REPO).as_posix() for p in (REPO / "assets").rglob("*") if p.is_file()}
    assert assets <= on_disk


def test_index_round_trips_every_bundled_page_equal(bundled_pack, tmp_path):
    """Ensure every rendered page of every language comes back from the index equal to a fresh render."""
    content = PackContent(unpack(bundled_pack, tmp_path / "x"))
    for lang in ("en", "es"):
        source, _ = load_library(REPO / "content" / lang, REPO / "assets", today=TODAY)
        library, cache, problems = content.load(lang)
        assert problems == []
        assert [g.slug for g in library.guides] == [g.slug for g in source.guides]
        for guide in source.guides:
            fresh, _ = render_guide(guide, source)
            assert cache.pages(guide.slug) == fresh, (lang, guide.slug)
        assert cache.pending() == []


def test_index_library_matches_the_source_library_field_for_field(bundled_pack, tmp_path):
    """Ensure guides, pages' markdown, questions, glossary and strings survive the index unchanged."""
    folder = unpack(bundled_pack, tmp_path / "x")
    library, _, _ = PackContent(folder).load("es")
    source, _ = load_library(REPO / "content" / "es", REPO / "assets", today=TODAY)
    # Where each line was written is kept, but in the pack's own copy of the files.
    assert [dataclasses.replace(p, origins=()) for p in library.guides[0].pages] == \
        [dataclasses.replace(p, origins=()) for p in source.guides[0].pages]
    assert [o[1] for p in library.guides[0].pages for o in p.origins] == \
        [o[1] for p in source.guides[0].pages for o in p.origins]
    assert library.questions.questions == source.questions.questions
    assert library.glossary.terms == source.glossary.terms
    assert library.strings("app_title") == source.strings("app_title")
    assert library.assets == folder / "assets"
    assert (library.assets / library.guides[0].icon).is_file()
    assert library.guides[0].reviewed == source.guides[0].reviewed


def test_codec_carries_a_new_nested_dataclass_field_without_code_changes(tmp_path):
    """Ensure a RenderedPage-like class with a tuple of small frozen dataclasses round-trips."""

    @dataclasses.dataclass(frozen=True)
    class Picture:
        src: str
        width: int = 0

    @dataclasses.dataclass(frozen=True)
    class Paragraph:
        text: str
        keep_with_next: bool = False

    @dataclasses.dataclass(frozen=True)
    class Page:
        slug: str
        blocks: tuple[Paragraph | Picture, ...] = ()
        sizes: dict[str, float] = dataclasses.field(default_factory=dict)
        where: Path | None = None

    page = Page("one", (Paragraph("Hello", True), Picture("illustrations/a.svg", 320)),
                {"body": 22.0}, tmp_path / "assets" / "a.svg")
    codec = IndexCodec(tmp_path)
    data = json.loads(json.dumps(codec.encode(page)))
    assert data["where"] == "assets/a.svg"
    # Classes defined in a function: tell the codec's hint lookup where they live.
    Page.__annotations__.update(blocks=tuple[Paragraph | Picture, ...], sizes=dict[str, float],
                                where=Path | None)
    assert codec.decode(Page, data) == page


def test_rendered_page_gains_fields_in_the_index_automatically():
    """Ensure every RenderedPage field (whatever the lead adds) is written by name."""
    page = RenderedPage("s", "T", "<p>x</p>", "x.")
    encoded = IndexCodec(Path(".")).encode(page)
    assert set(encoded) - {"_type"} == {f.name for f in dataclasses.fields(RenderedPage)}


def test_index_from_another_format_is_refused_with_what_to_do(bundled_pack, tmp_path):
    """Ensure an index of another format version is refused, saying to rebuild with the same app."""
    folder = unpack(bundled_pack, tmp_path / "x")
    index = json.loads((folder / "index" / "en.json").read_text())
    index["format"] = INDEX_FORMAT + 1
    (folder / "index" / "en.json").write_text(json.dumps(index))
    with pytest.raises(PackError, match=f"index format {INDEX_FORMAT + 1}, this app reads "
                                         f"{INDEX_FORMAT}; build the pack"):
        PackContent(folder).load("en")


def test_build_refuses_content_that_kiosk_check_rejects(pack, assets, tmp_path):
    """Ensure a pack is not built when any check rule fails, and every problem is reported."""
    guide = pack / "guides" / "01-alpha.md"
    guide.write_text(guide.read_text().replace("[placebo](term:placebo)", "[x](term:nothing)"))
    out = tmp_path / "out.kpack"
    result = build_pack(pack.parent, assets, out, built=BUILT, today=TODAY)
    assert result.manifest is None
    assert result.problems == check_content(pack.parent, assets, TODAY).problems
    assert any("unknown glossary term 'nothing'" in str(p) for p in result.problems)
    assert not out.exists()


def test_build_command_refuses_and_writes_nothing_on_problems(pack, assets, tmp_path):
    """Ensure `kiosk pack build` prints the problems, exits 1 and leaves no file."""
    (pack / "glossary.yaml").write_text("placebo: [not, a, term]\n")
    out = tmp_path / "out.kpack"
    done = subprocess.run([sys.executable, "-m", "kiosk", "pack", "build", "--content",
                           str(pack.parent), "-o", str(out)], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 1
    assert "term 'placebo' needs a 'term' and a 'definition'" in done.stdout
    assert "No pack was written" in done.stderr
    assert not out.exists()


def test_pack_name_comes_from_pack_toml(pack, assets, tmp_path):
    """Ensure content/pack.toml names the pack, and builds are byte-identical for the same input."""
    (pack.parent / "pack.toml").write_text('name = "Riverside clinics"\n')
    first, second = tmp_path / "a.kpack", tmp_path / "b.kpack"
    build_pack(pack.parent, assets, first, built=BUILT, today=TODAY)
    build_pack(pack.parent, assets, second, built=BUILT, today=TODAY)
    assert read_manifest(first.read_bytes()).name == "Riverside clinics"
    assert first.read_bytes() == second.read_bytes()


def test_a_pack_shows_each_kiosks_own_urgent_numbers_and_carries_the_visit_words(bundled_pack,
                                                                                  tmp_path):
    """Ensure the index keeps {{emergency}} and {{crisis}} so a UK kiosk shows 999 and 116 123
    (not the build machine's 911), and the visit sheet's words travel in the pack."""
    from kiosk.core.placeholders import ClinicNumbers

    folder = unpack(bundled_pack, tmp_path / "x")
    uk = ClinicNumbers("999", "116 123")
    library, cache, _ = PackContent(folder).load("en", uk)
    text = " ".join(page.text for guide in library.guides for page in cache.pages(guide.slug))
    assert "999" in text and "116 123" in text
    # (sources may name 988lifeline.org: a web address, not a number to call)
    assert not re.search(r"(?<![\w.])(911|988)(?![\w.])", text) and "{{" not in text
    assert "999" in library.strings("urgent_text")
    wording = PackContent(folder).visit_wording("es")
    assert wording is not None and wording.lang == "es" and wording.values


def test_a_guides_pages_are_read_when_it_is_opened_and_a_broken_file_falls_back_to_its_text(
        bundled_pack, tmp_path, caplog):
    """Ensure loading a language reads no guide's pages file; opening a guide reads its own; a
    guide whose file is damaged is rendered from its text, with a log line, and the others load."""
    folder = unpack(bundled_pack, tmp_path / "x")
    source, _ = load_library(REPO / "content" / "en", REPO / "assets", today=TODAY)
    files = json.loads((folder / "index" / "en.json").read_bytes())["pages"]
    assert list(files) == [g.slug for g in source.guides]
    assert all(re.fullmatch(r"en/\d\d\.json", name) for name in files.values())
    first, second = source.guides[0].slug, source.guides[1].slug
    (folder / "index" / files[second]).write_text("{not json", encoding="utf-8")
    # The language loads although a guide's file is broken: it is not read yet.
    library, cache, problems = PackContent(folder).load("en")
    assert problems == [] and cache.pending() == []
    (folder / "index" / files[first]).unlink()  # read now, it could not be loaded
    with caplog.at_level("ERROR", logger="kiosk.packs"):
        fresh, _ = render_guide(source.guides[1], source)
        assert [p.title for p in cache.pages(second)] == [p.title for p in fresh]
        assert cache.pages(source.guides[2].slug)  # the others are still read from the pack
        assert len(cache.pages(first)) == len(render_guide(source.guides[0], source)[0])
    logged = [r.getMessage() for r in caplog.records]
    assert any(files[second] in line and "rendering the guide from its text" in line
               for line in logged), logged
    assert any(files[first] in line for line in logged), logged
