"""Opt-in anonymous usage counts: daily totals only, written atomically to one small file per day."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("kiosk.usage")

FORMAT = "pain-kiosk-usage/1"
PRINT_KINDS = ("question_sheet", "visit_sheet", "guide_handout")
# Syncthing sends whatever is in a folder; a half-written temp file must never leave the kiosk.
STIGNORE = "// Written by the kiosk: temp files of an unfinished write stay on this machine.\n*.tmp\n"
_FILE_NAME = re.compile(r"^usage-(?P<kiosk>[A-Za-z0-9._-]+)-(?P<date>\d{4}-\d{2}-\d{2})\.json$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")

# Plain numbers in a day's file; the rest are per-key tallies (guide slug, question id, ...).
NUMBERS = ("sessions", "pages_shown", "language_switches", "text_size_sessions",
           "high_contrast_sessions", "listen_sessions")
TALLIES = ("guides_opened", "guides_completed", "questions_added", "printed", "session_languages")


@dataclass
class DayCounts:
    """One calendar day's totals on one kiosk. Nothing in here can be traced to a person."""

    sessions: int = 0  # patients' uses, first tap to reset
    pages_shown: int = 0  # every guide page put on screen
    language_switches: int = 0
    text_size_sessions: int = 0  # sessions that changed the text size
    high_contrast_sessions: int = 0  # sessions that turned high contrast on
    listen_sessions: int = 0  # sessions that used Listen (read aloud)
    guides_opened: Counter = field(default_factory=Counter)  # slug -> sessions that opened it
    guides_completed: Counter = field(default_factory=Counter)  # slug -> ... read to the last page
    questions_added: Counter = field(default_factory=Counter)  # question id -> sessions adding it
    printed: Counter = field(default_factory=Counter)  # kind (PRINT_KINDS) -> successful prints
    session_languages: Counter = field(default_factory=Counter)  # language code -> sessions in it

    def to_json(self) -> dict:
        data: dict = {name: getattr(self, name) for name in NUMBERS}
        for name in TALLIES:
            data[name] = dict(sorted(getattr(self, name).items()))
        return data

    @classmethod
    def from_json(cls, data: object) -> DayCounts:
        """Read counts back, refusing anything that is not a count (raises ValueError)."""
        return cls.from_checked(check_counts(data))

    @classmethod
    def from_checked(cls, data: dict) -> DayCounts:
        """Counts from a dict `check_counts` accepted."""
        day = cls.__new__(cls)  # every field is set below; the defaults' factories cost time
        for name in NUMBERS:
            setattr(day, name, data.get(name, 0))
        for name in TALLIES:
            counter = Counter.__new__(Counter)  # Counter() runs Python code; this does not
            dict.update(counter, data.get(name, {}))
            setattr(day, name, counter)
        return day

    def add(self, other: DayCounts) -> None:
        for name in NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in TALLIES:
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] += value


def check_counts(data: object) -> dict:
    """Return `data` if it holds counts only, else raise ValueError saying what is wrong."""
    if type(data) is not dict:
        raise ValueError("'counts' is not an object")
    if not data.keys() <= _FIELDS:
        raise ValueError(f"unknown counts {sorted(data.keys() - _FIELDS)}")
    for name in NUMBERS:
        value = data.get(name, 0)
        if type(value) is not int or value < 0:  # bool is not a count either
            raise ValueError(f"'{name}' is not a whole number >= 0")
    for name in TALLIES:
        tally = data.get(name, {})
        # Keys must be ids (never free text), values whole numbers. Checked in bulk, and each
        # id's spelling once per process: a group's report reads 73,000 of these files.
        if type(tally) is not dict or not set(map(type, tally.values())) <= _INT \
                or min(tally.values(), default=0) < 0:
            raise ValueError(f"'{name}' is not a map of ids to whole numbers >= 0")
        new = tally.keys() - _KNOWN_IDS
        if new:
            if not all(map(_SLUG.match, new)):
                raise ValueError(f"'{name}' has a key that is not an id")
            _KNOWN_IDS.update(new)
    return data


_FIELDS = frozenset(NUMBERS) | frozenset(TALLIES)
_INT = {int}
_KNOWN_IDS: set[str] = set()  # ids already found well-formed (a few hundred at most)


def kiosk_name(setting: str = "") -> str:
    """The kiosk's name in file names: the `kiosk_id` setting, else the host name, made safe."""
    import socket  # only when counting: the kiosk starts without it

    name = setting.strip() or socket.gethostname() or "kiosk"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "kiosk"
    return safe[:60]


def file_name(kiosk: str, day: dt.date) -> str:
    return f"usage-{kiosk}-{day.isoformat()}.json"


def parse_file_name(name: str) -> tuple[str, dt.date] | None:
    match = _FILE_NAME.match(name)
    if match is None:
        return None
    try:
        return match["kiosk"], dt.date.fromisoformat(match["date"])
    except ValueError:
        return None


@dataclass(frozen=True)
class DayFile:
    """One kiosk's counts for one day, as read from the outbox."""

    kiosk: str
    date: dt.date
    counts: DayCounts


def read_day_file(path: Path | str) -> DayFile:
    """Read one day's file; raises ValueError with a plain reason when it is not one."""
    kiosk, day, counts = read_day_raw(path)
    return DayFile(kiosk, day, DayCounts.from_checked(counts))


def read_day_raw(path: Path | str) -> tuple[str, dt.date, dict]:
    """(kiosk, day, checked counts as a plain dict) of one day's file; raises ValueError."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read it as JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a usage file (no \"format\": \"{FORMAT}\")")
    kiosk, date = data.get("kiosk"), data.get("date")
    if not isinstance(kiosk, str) or not _SLUG.match(kiosk):
        raise ValueError("'kiosk' is missing or not a plain name")
    try:
        day = dt.date.fromisoformat(date) if isinstance(date, str) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError("'date' is missing or not YYYY-MM-DD")
    return kiosk, day, check_counts(data.get("counts"))


def day_file_bytes(kiosk: str, day: dt.date, counts: DayCounts, version: str = "") -> bytes:
    data = {"format": FORMAT, "kiosk": kiosk, "date": day.isoformat(), "app_version": version,
            "counts": counts.to_json()}
    return (json.dumps(data, indent=1, sort_keys=False) + "\n").encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a reader (or a power cut) sees the old file or the new
    one, never a part: a temp file in the same folder, flushed to the disk, then renamed over."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename itself lives in the folder's entry; without this a power cut can undo it.
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class UsageCounter:
    """Counts one kiosk's use per day in memory and writes each day's totals to the outbox.

    A session starts at the first patient action after a start or a reset and ends at the reset;
    what it did is held in memory only until then (to count each guide or question once per
    session), and only the day's totals are ever written. `today` is injected for tests."""

    def __init__(self, outbox: Path, kiosk: str, *, lang: str = "en", version: str = "",
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.outbox = outbox
        self.lang = lang  # the language on screen: a session starts in it
        self.kiosk = kiosk
        self.version = version
        self.today = today
        self.days: dict[dt.date, DayCounts] = {}
        self._dirty: set[dt.date] = set()
        self._failing = False
        self._prepared = False
        self.closed = False
        self._session: _Session | None = None

    # --- the session ------------------------------------------------------------------------

    @property
    def in_session(self) -> bool:
        return self._session is not None

    def activity(self) -> None:
        """A patient did something: starts a session if none is running."""
        if self._session is None and not self.closed:
            self._session = _Session(languages={self.lang})

    def end_session(self, lang: str | None = None) -> None:
        """The reset: count the session that just ended (if any), then write the day's file.
        `lang` is the language the kiosk shows the next patient."""
        session, self._session = self._session, None
        if lang:
            self.lang = lang
        if session is not None:
            day = self._day()
            day.sessions += 1
            day.session_languages.update(session.languages)
            day.text_size_sessions += session.text_size
            day.high_contrast_sessions += session.high_contrast
            day.listen_sessions += session.listen
        self.flush()

    # --- what a patient does ----------------------------------------------------------------

    def guide_opened(self, slug: str) -> None:
        session = self._touch()
        if session is None:
            return
        if slug not in session.opened:
            session.opened.add(slug)
            self._day().guides_opened[slug] += 1

    def page_shown(self, slug: str, index: int, last: bool) -> None:
        session = self._touch()
        if session is None:
            return
        if session.shown == (slug, index):
            return  # the same page again after a re-layout or a language switch: not a new page
        session.shown = (slug, index)
        day = self._day()
        day.pages_shown += 1
        if last and slug not in session.completed:
            session.completed.add(slug)
            day.guides_completed[slug] += 1

    def guide_closed(self) -> None:
        if self._session is not None:
            self._session.shown = None

    def question_added(self, question_id: str) -> None:
        session = self._touch()
        if session is not None and question_id not in session.questions:
            session.questions.add(question_id)
            self._day().questions_added[question_id] += 1

    def printed(self, kind: str) -> None:
        if kind not in PRINT_KINDS:
            raise ValueError(f"unknown print kind {kind!r}; kinds are {PRINT_KINDS}")
        if self._touch() is not None:
            self._day().printed[kind] += 1

    def language_switched(self, to: str) -> None:
        session = self._touch()
        if session is not None and to != self.lang:
            self.lang = to
            session.languages.add(to)
            self._day().language_switches += 1

    def text_size_changed(self) -> None:
        session = self._touch()
        if session is not None:
            session.text_size = True

    def high_contrast_on(self) -> None:
        session = self._touch()
        if session is not None:
            session.high_contrast = True

    def listen_used(self) -> None:
        session = self._touch()
        if session is not None:
            session.listen = True

    def _touch(self) -> _Session | None:
        self.activity()
        return self._session

    # --- days and files ---------------------------------------------------------------------

    def _day(self, day: dt.date | None = None) -> DayCounts:
        day = day or self.today()
        counts = self.days.get(day)
        if counts is None:
            # After a restart the day's file already holds this morning's counts: carry on from
            # them, or the next write would replace them with smaller ones.
            counts = self._read_own(day) or DayCounts()
            self.days[day] = counts
        self._dirty.add(day)
        return counts

    def path_for(self, day: dt.date) -> Path:
        return self.outbox / file_name(self.kiosk, day)

    def _read_own(self, day: dt.date) -> DayCounts | None:
        path = self.path_for(day)
        if not path.is_file():
            return None
        try:
            found = read_day_file(path)
        except ValueError as error:
            aside = path.with_name(path.name + ".unreadable")
            log.error("usage counts: %s: %s; moved aside to %s, counting from zero",
                      path, error, aside.name)
            with contextlib.suppress(OSError):
                os.replace(path, aside)
            return None
        return found.counts

    def _prepare(self) -> None:
        """Once: make the outbox, keep temp files out of Syncthing, clear a killed run's temps."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        stignore = self.outbox / ".stignore"
        if not stignore.exists():
            write_atomically(stignore, STIGNORE.encode("utf-8"))
        for stale in self.outbox.glob(f".usage-{self.kiosk}-*.json.*.tmp"):
            stale.unlink(missing_ok=True)
        self._prepared = True

    def flush(self) -> bool:
        """Write every day changed since the last write. A disk that is full or a folder that
        cannot be written is logged (once until it works again); the counts stay in memory."""
        if not self._dirty:
            return True
        try:
            if not self._prepared:
                self._prepare()
            for day in sorted(self._dirty):
                write_atomically(self.path_for(day), day_file_bytes(
                    self.kiosk, day, self.days[day], self.version))
                self._dirty.discard(day)
        except OSError as error:
            if not self._failing:
                log.error("usage counts: cannot write to %s (%s); counting goes on in memory "
                          "and the write is tried again", self.outbox, error)
            self._failing = True
            return False
        if self._failing:
            log.info("usage counts: writing to %s works again", self.outbox)
        self._failing = False
        # Past days are written and final: only today stays in memory.
        today = self.today()
        for day in [d for d in self.days if d < today and d not in self._dirty]:
            del self.days[day]
        return True

    def close(self) -> None:
        """At exit: the session in progress counts, everything is written, counting stops."""
        if self.closed:
            return
        self.end_session()
        self.closed = True

    # --- the staff menu -----------------------------------------------------------------------

    def summary(self, days: int = 7) -> tuple[DayCounts, DayCounts]:
        """(today, the last `days` days including today) for this kiosk, from memory and files."""
        today = self.today()
        today_counts = DayCounts()
        week = DayCounts()
        for offset in range(days):
            day = today - dt.timedelta(days=offset)
            counts = self.days.get(day)
            if counts is None:
                try:
                    counts = read_day_file(self.path_for(day)).counts \
                        if self.path_for(day).is_file() else None
                except ValueError:
                    counts = None
            if counts is None:
                continue
            week.add(counts)
            if offset == 0:
                today_counts.add(counts)
        return today_counts, week


@dataclass
class _Session:
    """What the session in progress has done, in memory only, so each thing counts once."""

    languages: set[str]
    opened: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    questions: set[str] = field(default_factory=set)
    shown: tuple[str, int] | None = None
    text_size: bool = False
    high_contrast: bool = False
    listen: bool = False


def scan_usage_files(folders: Iterable[Path]) -> Iterable[tuple[str, str]]:
    """(path, file name) of every usage file under the folders, as plain strings: a group's
    report walks tens of thousands of them, and Path objects would cost more than the reading."""
    for folder in folders:
        if os.path.isfile(folder):
            yield os.fspath(folder), os.path.basename(folder)
            continue
        for root, _dirs, names in os.walk(folder):
            for name in names:
                if name.startswith("usage-") and _FILE_NAME.match(name):
                    yield os.path.join(root, name), name


def default_outbox() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("pain-kiosk", appauthor=False)) / "usage-outbox"
