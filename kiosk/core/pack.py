"""Content packs: build one archive (manifest, ready index, assets) and start the app from it.

A pack is a zip file. `manifest.json` names the pack and holds the SHA-256 of every other entry;
`index.json` lists the languages; `index/LANG.json` holds that language's Library (and the
visit sheet's words) and names one file per guide, `index/LANG/NN.json`, holding that guide's
rendered pages, ready to show without Markdown, YAML or nh3: a kiosk reads the small language
file at start and a guide's pages when it is opened. `assets/...` are the pictures and icons.
The index is written by a generic codec over dataclasses, so a field added to a content or
render dataclass travels in the pack without a change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import logging
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk.core.content import Library, Problem
from kiosk.core.placeholders import US_NUMBERS, ClinicNumbers, fill

# Build with the placeholders kept, so every kiosk fills in its own numbers.
KEEP_PLACEHOLDERS = ClinicNumbers("{{emergency}}", "{{crisis}}")

if typing.TYPE_CHECKING:
    from kiosk.core.pages import RenderCache

# zipfile, hashlib and io are imported where a pack is built or opened: a kiosk starting from an
# unpacked pack needs only json.

# Bumped when the index changes in a way the generic codec cannot carry (a renamed top-level key,
# a different path scheme). Adding or removing dataclass fields does not need a bump.
INDEX_FORMAT = 2  # 2: each guide's pages in a file of their own
PAGE_FILE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)?/\d{2,4}\.json")  # index/LANG/NN.json
MANIFEST_FORMAT = 1
PACK_SUFFIX = ".kpack"
DEFAULT_NAME = "pain-kiosk content"
VERSION = re.compile(r"^\d{4}\.\d{2}\.\d{2}\.\d{6}$")
# Tags of the codec; a dataclass field can never be named like this (leading underscore).
TYPE_KEY = "_type"


log = logging.getLogger("kiosk.packs")


class PackError(Exception):
    """A pack cannot be built, read or installed; the message says why and what to do."""


# --- the codec: dataclasses to JSON and back, by their fields and type hints ---------------------


class IndexCodec:
    """Turns dataclass trees into JSON values and back, with paths relative to one folder.

    Paths under `base` are written relative to it (forward slashes) and read back under the
    folder the pack was unpacked to, so a Library built on the content machine points at the
    kiosk's own copy of the assets."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._decoders: dict[Any, Callable[[Any], Any]] = {}

    def encode(self, value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            data = {TYPE_KEY: type(value).__name__}
            for field in dataclasses.fields(value):
                data[field.name] = self.encode(getattr(value, field.name))
            return data
        if isinstance(value, Path):
            try:
                return value.resolve().relative_to(self.base.resolve()).as_posix()
            except ValueError:
                return value.as_posix()  # outside the pack (a stray source path): kept as text
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {str(k): self.encode(v) for k, v in value.items()}
        if isinstance(value, (tuple, list)):
            return [self.encode(v) for v in value]
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        raise PackError(f"cannot store a {type(value).__name__} in a pack index: {value!r:.60}")

    def decode(self, hint: Any, data: Any) -> Any:
        """Rebuild a value of type `hint` (a resolved type hint) from its JSON form."""
        return self._decoder(hint)(data)

    def _decoder(self, hint: Any) -> Callable[[Any], Any]:
        # One small function per type hint, made once: start-up reads thousands of values, and
        # working out what a hint means for each of them cost more than the JSON parse itself.
        decoder = self._decoders.get(hint)
        if decoder is None:
            decoder = self._decoders[hint] = self._make_decoder(hint)
        return decoder

    def _make_decoder(self, hint: Any) -> Callable[[Any], Any]:
        origin = typing.get_origin(hint)
        if hint is Any or hint is object:
            return _same
        if origin in (typing.Union, types.UnionType):
            return self._union_decoder(hint)
        if origin in (tuple, list):
            args = typing.get_args(hint)
            if origin is tuple and args and args[-1] is not Ellipsis:
                parts = [self._decoder(a) for a in args]
                return lambda data: tuple(d(v) for d, v in zip(parts, data, strict=True))
            item = self._decoder(args[0] if args else Any)
            if origin is tuple:
                return lambda data: tuple([item(v) for v in data])
            return lambda data: [item(v) for v in data]
        if origin in (dict, Mapping, typing.Mapping) or hint in (dict, Mapping):
            args = typing.get_args(hint) or (str, Any)
            value = self._decoder(args[1])
            return lambda data: {k: value(v) for k, v in data.items()}
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._dataclass_decoder(hint)
        if hint is Path:  # a pack's paths are POSIX, relative to its folder unless absolute
            return self._path_decoder()
        if hint is dt.date:
            return dt.date.fromisoformat
        if hint is dt.datetime:
            return dt.datetime.fromisoformat
        if hint is float:
            return _number
        if isinstance(hint, type):
            return functools.partial(_checked, hint)
        return _same

    def _path_decoder(self) -> Callable[[Any], Path]:
        # Start-up decodes seven hundred paths (where each line of a page was written) naming
        # some thirty files: each file's Path is made once and shared (a Path never changes).
        base = f"{self.base}/"
        made: dict[str, Path] = {}

        def decode(data: Any) -> Path:
            path = made.get(data)
            if path is None:
                path = made[data] = Path(data) if data.startswith("/") else Path(base + data)
            return path

        return decode

    def _union_decoder(self, hint: Any) -> Callable[[Any], Any]:
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = type(None) in typing.get_args(hint)

        def decode(data: Any) -> Any:
            if data is None and optional:
                return None
            choices = options
            if isinstance(data, dict) and TYPE_KEY in data:
                named = [a for a in options if getattr(a, "__name__", None) == data[TYPE_KEY]]
                choices = named or options
            for option in choices:
                try:
                    return self._decoder(option)(data)
                except (PackError, TypeError, ValueError):
                    continue
            raise PackError(f"no type of {hint} fits {data!r:.60}")

        return decode

    def _dataclass_decoder(self, cls: type) -> Callable[[Any], Any]:
        hints = _hints(cls)
        fields = dataclasses.fields(cls)
        required = {f.name for f in fields if f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING}
        name = cls.__name__

        def decode(data: Any) -> Any:
            if not isinstance(data, dict):
                raise PackError(f"expected {name}, found {data!r:.60}")
            if data.get(TYPE_KEY, name) != name:
                raise PackError(f"expected {name}, found {data.get(TYPE_KEY)}")
            missing = required - data.keys()
            if missing:
                raise PackError(f"{name} in the index has no '{sorted(missing)[0]}'; rebuild "
                                "the pack with this version of the app")
            # A field the running app does not know (a newer pack) is left out: it cannot use it.
            return cls(**{f.name: self._decoder(hints[f.name])(data[f.name])
                          for f in fields if f.name in data})

        return decode


def _same(data: Any) -> Any:
    return data


def _number(data: Any) -> float:
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise PackError(f"expected a number, found {data!r:.60}")
    return float(data)


def _checked(kind: type, data: Any) -> Any:
    if not isinstance(data, kind):
        raise PackError(f"expected {kind.__name__}, found {data!r:.60}")
    return data


_hint_cache: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _hint_cache:
        module = sys.modules[cls.__module__]
        _hint_cache[cls] = typing.get_type_hints(cls, vars(module))
    return _hint_cache[cls]


# --- building --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What a pack is: its name and version, and a hash of every file it holds."""

    name: str
    version: str
    built: str  # ISO 8601, UTC
    languages: tuple[str, ...]
    guides: Mapping[str, tuple[str, ...]]  # language -> guide slugs, home-screen order
    files: Mapping[str, str]  # archive path -> SHA-256 (hex)
    format: int = MANIFEST_FORMAT

    def to_json(self) -> bytes:
        return json.dumps(IndexCodec(Path(".")).encode(self), indent=1, ensure_ascii=False,
                          sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PackError(f"the manifest is not JSON ({error})") from error
        found = data.get("format") if isinstance(data, dict) else None
        if found != MANIFEST_FORMAT:
            raise PackError(f"the manifest format is {found}; this app reads format "
                            f"{MANIFEST_FORMAT}: update the app")
        manifest = IndexCodec(Path(".")).decode(cls, data)
        if not VERSION.match(manifest.version):
            raise PackError(f"the manifest version '{manifest.version}' is not like 2026.12.01.093000")
        return manifest


def version_for(built: dt.datetime) -> str:
    """A pack's version is its UTC build time, so every later build is a newer version."""
    return built.astimezone(dt.UTC).strftime("%Y.%m.%d.%H%M%S")


def pack_name(content_root: Path) -> str:
    """The pack's name: `name = "..."` in content/pack.toml, else a generic one."""
    path = content_root / "pack.toml"
    if not path.is_file():
        return DEFAULT_NAME
    import tomllib

    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("name", DEFAULT_NAME)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackError(f"{path}: cannot read it ({error}); fix it or remove it") from error
    if not isinstance(name, str) or not name.strip():
        raise PackError(f"{path}: 'name' must be text, like name = \"Riverside clinics\"")
    return name.strip()


@dataclasses.dataclass(frozen=True)
class BuildResult:
    manifest: Manifest | None
    problems: list[Problem]


def build_pack(content_root: Path, assets: Path, output: Path,
               built: dt.datetime | None = None, today: dt.date | None = None) -> BuildResult:
    """Check the content with every `kiosk check` rule; if it is clean, write the pack."""
    import hashlib

    from kiosk.core.content import offered_languages
    from kiosk.core.render import render_guide
    from kiosk.core.validate import check_content
    from kiosk.core.visit import load_visit_wording

    report = check_content(content_root, assets, today)
    if not report.ok:
        return BuildResult(None, report.problems)
    # The index keeps {{emergency}} and {{crisis}}: each kiosk fills in its own clinic's numbers
    # when it loads the pack (PackContent.load), as it does from a content folder.
    report = check_content(content_root, assets, today, KEEP_PLACEHOLDERS)
    built = built or dt.datetime.now(dt.UTC)
    # The index points at the pack's own assets/ folder and its languages' folders.
    codec = _PackPaths(content_root, assets)
    entries: dict[str, bytes] = {}
    guides: dict[str, tuple[str, ...]] = {}
    for library in report.libraries:
        page_files = {}
        for number, guide in enumerate(library.guides):
            rendered, _ = render_guide(guide, library)
            name = f"{library.lang}/{number:02d}.json"
            entries[f"index/{name}"] = _json({"format": INDEX_FORMAT,
                                              "pages": codec.encode(rendered)})
            page_files[guide.slug] = name
        index = {"format": INDEX_FORMAT, "library": codec.encode(library),
                 "pages": page_files}
        if (content_root / library.lang / "visit.yaml").is_file():  # the visit sheet's words
            index["visit"] = codec.encode(load_visit_wording(content_root / library.lang, []))
        entries[f"index/{library.lang}.json"] = _json(index)
        guides[library.lang] = tuple(g.slug for g in library.guides)
    offered = offered_languages(content_root)
    entries["index.json"] = _json({"format": INDEX_FORMAT, "languages": [list(o) for o in offered]})
    for path in sorted(p for p in assets.rglob("*") if p.is_file()):
        if path.is_symlink():
            raise PackError(f"{path}: a link in the assets folder; copy the real file there")
        entries[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    manifest = Manifest(
        name=pack_name(content_root), version=version_for(built),
        built=built.astimezone(dt.UTC).isoformat(timespec="seconds"),
        languages=tuple(lib.lang for lib in report.libraries), guides=guides,
        files={name: hashlib.sha256(data).hexdigest() for name, data in sorted(entries.items())})
    write_archive(output, {"manifest.json": manifest.to_json(), **entries})
    return BuildResult(manifest, [])


def write_archive(output: Path, entries: Mapping[str, bytes]) -> None:
    """Write a zip with fixed timestamps (same content, same bytes), via a temporary name."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    output.parent.mkdir(parents=True, exist_ok=True)
    # A share or Syncthing never sees a half-written pack under its real name.
    temporary = output.with_name(f".{output.name}.part")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(output)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _PackPaths(IndexCodec):
    """Writes content paths as LANG/... and asset paths as assets/..., the pack's own layout."""

    def __init__(self, content_root: Path, assets: Path) -> None:
        super().__init__(content_root)
        self.content_root = content_root.resolve()
        self.assets = assets.resolve()

    def encode(self, value: Any) -> Any:
        if isinstance(value, Path):
            resolved = value.resolve()
            if resolved == self.assets or self.assets in resolved.parents:
                return ("assets/" + resolved.relative_to(self.assets).as_posix()).rstrip("/") \
                    if resolved != self.assets else "assets"
            if self.content_root in resolved.parents:
                return resolved.relative_to(self.content_root).as_posix()
            return value.as_posix()
        return super().encode(value)


# --- starting from an installed pack -----------------------------------------------------------


@functools.cache
def _indexed_pages_class() -> type:
    from kiosk.core.pages import RenderCache

    class IndexedPages(RenderCache):
        """The render cache of a pack: every page was rendered when the pack was built.

        A guide's pages are read from its file in the index the first time they are asked for
        (about 2 ms a guide, when it is opened): reading all of them before home is shown cost
        about 20 ms and 1-2 MiB of every start. A subclass, so whatever else the render cache
        learns to do still works here; a guide the index lacks (none, for a pack that built), or
        whose file cannot be read, is rendered from its markdown as usual."""

        def __init__(self, library: Library, encoded: dict[str, Any],
                     decode: Callable[[Any], list]) -> None:
            super().__init__(library)
            self.encoded = encoded  # slug -> the file in the index holding its pages
            self.decode = decode

        def pages(self, slug: str) -> list:
            if slug not in self._pages and slug in self.encoded:
                try:
                    self._pages[slug] = self.decode(self.encoded.pop(slug))
                except PackError as error:
                    log.error("packs: %s; rendering the guide from its text instead", error)
            return super().pages(slug)

        def pending(self) -> list[str]:
            """Guides to render from markdown: none that the index holds (those only decode)."""
            return [slug for slug in super().pending() if slug not in self.encoded]

    return IndexedPages


class PackContent:
    """An unpacked pack folder (manifest.json, index.json, index/, assets/) the app reads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.assets = folder / "assets"
        try:
            self.manifest = Manifest.from_json((folder / "manifest.json").read_bytes())
            top = json.loads((folder / "index.json").read_bytes())
        except (OSError, json.JSONDecodeError) as error:
            raise PackError(f"{folder}: cannot read the pack ({error})") from error
        _check_format(top, folder / "index.json")
        self.languages = [tuple(item) for item in top["languages"]]
        # Visit wording per language, decoded once: each index file holds every rendered page
        # (hundreds of KiB of JSON), so reading it again for a few labels cost 5-6 ms a time.
        self._visit: dict[str, Any] = {}

    @property
    def version(self) -> str:
        return self.manifest.version

    def offered(self, wanted: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
        """(code, own name, invitation) per language, as offered_languages gives for a folder."""
        codes = [code for code, _, _ in self.languages]
        keep = [c for c in wanted if c in codes] if wanted else codes
        return [item for item in self.languages if item[0] in keep]

    def visit_wording(self, lang: str):
        """The visit sheet's words in one language (kiosk.core.visit.VisitWording), or None."""
        if lang not in self._visit:
            self._remember_visit(lang, self._index(lang))
        return self._visit[lang]

    def _remember_visit(self, lang: str, data: dict | None) -> None:
        from kiosk.core.visit import VisitWording

        self._visit[lang] = None if data is None or "visit" not in data \
            else IndexCodec(self.folder).decode(VisitWording, data["visit"])

    def library(self, lang: str) -> Library:
        """One language's Library from the index (US numbers: for its questions and names)."""
        return self.load(lang)[0]

    def _index(self, lang: str) -> dict | None:
        path = self.folder / "index" / f"{lang}.json"
        try:
            data = json.loads(path.read_bytes())
        except (OSError, json.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def load(self, lang: str, numbers: ClinicNumbers = US_NUMBERS
             ) -> tuple[Library, RenderCache, list[Problem]]:
        """The Library and its rendered pages for one language (English if it is not there),
        with the clinic's urgent-help numbers where the pack keeps {{emergency}} and {{crisis}}."""
        from kiosk.core.pages import RenderedPage

        problems: list[Problem] = []
        if lang not in self.manifest.languages:
            problems.append(Problem(self.folder, 1, f"no language pack '{lang}'; using English"))
            lang = "en" if "en" in self.manifest.languages else self.manifest.languages[0]
        path = self.folder / "index" / f"{lang}.json"
        try:
            data = json.loads(path.read_bytes())
        except (OSError, json.JSONDecodeError) as error:
            raise PackError(f"{path}: cannot read the index ({error})") from error
        _check_format(data, path)
        if lang not in self._visit:
            self._remember_visit(lang, data)
        codec = IndexCodec(self.folder)
        library = codec.decode(Library, _with_numbers(data["library"], numbers))
        files = data.get("pages")
        encoded = {slug: name for slug, name in files.items()
                   if isinstance(name, str) and PAGE_FILE.fullmatch(name)} \
            if isinstance(files, dict) else {}

        def decode(name: str) -> list:
            path = self.folder / "index" / name
            try:
                pages = json.loads(path.read_bytes())
            except (OSError, json.JSONDecodeError) as error:
                raise PackError(f"{path}: cannot read the guide's pages ({error})") from error
            _check_format(pages, path)
            if "pages" not in pages:
                raise PackError(f"{path}: no pages in the guide's file")
            return codec.decode(list[RenderedPage], _with_numbers(pages["pages"], numbers))

        return library, _indexed_pages_class()(library, encoded, decode), problems


def _with_numbers(value: Any, numbers: ClinicNumbers) -> Any:
    """Every string of a decoded index with its {{emergency}} and {{crisis}} filled in."""
    if isinstance(value, str):
        return fill(value, numbers)[0] if "{{" in value else value
    if isinstance(value, list):
        return [_with_numbers(item, numbers) for item in value]
    if isinstance(value, dict):
        return {key: _with_numbers(item, numbers) for key, item in value.items()}
    return value


def _check_format(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise PackError(f"{path}: index format {found}, this app reads {INDEX_FORMAT}; "
                        "build the pack with the same app version the kiosks run")


def read_manifest(data: bytes) -> Manifest:
    """The manifest of a pack held in memory (no other entry is read)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            raw = archive.read("manifest.json")
    except KeyError as error:
        raise PackError("not a content pack: it has no manifest.json") from error
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise PackError(f"not a content pack: the archive is damaged ({error})") from error
    return Manifest.from_json(raw)
