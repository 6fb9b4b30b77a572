"""Usage counts: what a session adds to the day, safe writes, restarts, full disks, a kill -9."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core import usage
from kiosk.core.config import Settings, parse_settings, usage_outbox_path
from kiosk.core.usage import DayCounts, UsageCounter, kiosk_name, read_day_file

DAY = dt.date(2026, 3, 2)


class Clock:
    """A calendar the test moves by hand."""

    def __init__(self, day: dt.date = DAY) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def counter(tmp_path: Path, clock: Clock | None = None) -> UsageCounter:
    return UsageCounter(tmp_path / "outbox", "front-desk", version="test", today=clock or Clock())


def test_a_session_counts_each_guide_and_question_once_and_closes_at_the_reset(tmp_path):
    """Ensure one session's actions become exactly the expected daily totals."""
    c = counter(tmp_path)
    c.guide_opened("chronic-pain")
    for index in range(3):
        c.page_shown("chronic-pain", index, index == 2)
    c.page_shown("chronic-pain", 2, True)  # the same page again (re-layout): not counted
    c.guide_opened("chronic-pain")  # opened again in the same session: one patient
    c.page_shown("chronic-pain", 0, False)
    c.question_added("ask-cause")
    c.question_added("ask-cause")
    c.question_added("ask-sleep")
    c.printed("question_sheet")
    c.printed("guide_handout")
    c.language_switched("es")
    c.language_switched("es")  # the language already showing: not a switch
    c.text_size_changed()
    c.text_size_changed()
    c.high_contrast_on()
    c.listen_used()
    assert c.in_session and not c.outbox.exists()  # nothing is written mid-session
    c.end_session()
    assert not c.in_session
    day = read_day_file(c.path_for(DAY))
    assert day.kiosk == "front-desk" and day.date == DAY
    assert day.counts.to_json() == {
        "sessions": 1, "pages_shown": 4, "language_switches": 1, "text_size_sessions": 1,
        "high_contrast_sessions": 1, "listen_sessions": 1,
        "guides_opened": {"chronic-pain": 1}, "guides_completed": {"chronic-pain": 1},
        "questions_added": {"ask-cause": 1, "ask-sleep": 1},
        "printed": {"guide_handout": 1, "question_sheet": 1},
        "session_languages": {"en": 1, "es": 1},
    }


def test_the_next_session_counts_again_and_a_reset_without_a_patient_counts_nothing(tmp_path):
    """Ensure sessions are counted per patient and an empty reset adds no session."""
    c = counter(tmp_path)
    c.end_session()  # a reset with nobody there (idle after start-up)
    c.guide_opened("a")
    c.end_session()
    c.guide_opened("a")
    c.page_shown("a", 0, False)
    c.end_session()
    counts = read_day_file(c.path_for(DAY)).counts
    assert counts.sessions == 2 and counts.guides_opened == {"a": 2} and counts.pages_shown == 1
    assert counts.session_languages == {"en": 2}


def test_a_day_file_holds_only_counts_and_names_of_ids(tmp_path):
    """Ensure the file is the format, kiosk, date, version and counts, nothing else."""
    c = counter(tmp_path)
    c.question_added("ask-cause")
    c.end_session()
    data = json.loads(c.path_for(DAY).read_text())
    assert set(data) == {"format", "kiosk", "date", "app_version", "counts"}
    assert data["date"] == "2026-03-02"  # the day, never a time
    values = [v for v in data["counts"].values() if isinstance(v, int)] + [
        n for v in data["counts"].values() if isinstance(v, dict) for n in v.values()]
    assert len(values) == 8 and all(isinstance(n, int) for n in values)
    assert c.path_for(DAY).name == "usage-front-desk-2026-03-02.json"


def test_midnight_starts_a_new_file_and_past_days_leave_memory(tmp_path):
    """Ensure counts go to the day they happen on and a written past day is dropped from memory."""
    clock = Clock()
    c = counter(tmp_path, clock)
    c.guide_opened("a")
    clock.day = DAY + dt.timedelta(days=1)
    c.guide_opened("b")
    c.end_session()  # the session ends on the second day and counts there
    first = read_day_file(c.path_for(DAY)).counts
    second = read_day_file(c.path_for(clock.day)).counts
    assert first.guides_opened == {"a": 1} and first.sessions == 0
    assert second.guides_opened == {"b": 1} and second.sessions == 1
    assert list(c.days) == [clock.day]


def test_a_restart_carries_on_from_the_days_file(tmp_path):
    """Ensure a new run adds to today's file instead of replacing it with smaller counts."""
    first = counter(tmp_path)
    first.guide_opened("a")
    first.close()
    second = counter(tmp_path)
    second.guide_opened("a")
    second.close()
    counts = read_day_file(second.path_for(DAY)).counts
    assert counts.sessions == 2 and counts.guides_opened == {"a": 2}


def test_an_unreadable_days_file_is_moved_aside_not_overwritten(tmp_path, caplog):
    """Ensure a damaged file is kept for a person to look at and counting starts afresh."""
    c = counter(tmp_path)
    path = c.path_for(DAY)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    c.guide_opened("a")
    c.close()
    assert read_day_file(path).counts.sessions == 1
    assert (path.parent / (path.name + ".unreadable")).read_text() == "{not json"
    assert "moved aside" in caplog.text


def test_an_unwritable_outbox_is_logged_once_and_counting_goes_on(tmp_path, caplog):
    """Ensure a folder that cannot be made logs a clear error and the counts stay in memory."""
    (tmp_path / "blocker").write_text("a file where the folder should be")
    c = UsageCounter(tmp_path / "blocker" / "outbox", "k", today=Clock())
    caplog.set_level(logging.INFO, "kiosk.usage")
    for _ in range(3):
        c.guide_opened("a")
        c.end_session()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "counting goes on in memory" in errors[0].getMessage()
    assert c.days[DAY].sessions == 3


def test_a_full_disk_keeps_the_old_file_whole_and_the_next_write_catches_up(tmp_path, monkeypatch,
                                                                            caplog):
    """Ensure ENOSPC during a write leaves the last good file and no temp file, then recovers."""
    caplog.set_level(logging.INFO, "kiosk.usage")
    c = counter(tmp_path)
    c.guide_opened("a")
    c.end_session()
    real_fsync = os.fsync

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(usage.os, "fsync", full)
    c.guide_opened("b")
    assert c.flush() is False
    assert read_day_file(c.path_for(DAY)).counts.guides_opened == {"a": 1}
    assert not list(c.outbox.glob("*.tmp"))
    assert "No space left" in caplog.text
    monkeypatch.setattr(usage.os, "fsync", real_fsync)
    c.end_session()
    assert read_day_file(c.path_for(DAY)).counts.guides_opened == {"a": 1, "b": 1}
    assert "works again" in caplog.text


def test_the_outbox_keeps_temp_files_away_from_syncthing(tmp_path):
    """Ensure the outbox gets a .stignore that keeps unfinished writes on the kiosk."""
    c = counter(tmp_path)
    c.guide_opened("a")
    c.end_session()
    assert "*.tmp" in (c.outbox / ".stignore").read_text().splitlines()


@pytest.mark.parametrize("bad", [
    '{"format": "pain-kiosk-usage/1", "kiosk": "k", "date": "2026-13-01", "counts": {}}',
    '{"format": "pain-kiosk-usage/1", "kiosk": "k", "date": "2026-01-01", "counts": {"x": 1}}',
    '{"format": "pain-kiosk-usage/1", "kiosk": "k", "date": "2026-01-01", '
    '"counts": {"sessions": -1}}',
    '{"format": "pain-kiosk-usage/1", "kiosk": "k", "date": "2026-01-01", '
    '"counts": {"questions_added": {"What is wrong with me?": 1}}}',
    '{"format": "other", "kiosk": "k", "date": "2026-01-01", "counts": {}}',
    "[1, 2]",
])
def test_reading_refuses_anything_that_is_not_a_count(tmp_path, bad):
    """Ensure a file with free text, negative numbers or a bad date is refused with a reason."""
    path = tmp_path / "usage-k-2026-01-01.json"
    path.write_text(bad)
    with pytest.raises(ValueError, match=r"\w"):
        read_day_file(path)


def test_kiosk_name_is_the_setting_or_the_host_made_safe():
    """Ensure the file-name part is the kiosk_id, else the host name, with only safe characters."""
    assert kiosk_name("front-desk.2") == "front-desk.2"
    assert kiosk_name("Front desk / 2") == "Front-desk-2"
    assert kiosk_name("") and "/" not in kiosk_name("")


def test_the_outbox_setting_is_relative_to_the_config_file(tmp_path):
    """Ensure usage_outbox resolves beside kiosk.toml, and empty means the data folder."""
    settings, problems = parse_settings('usage_counts = true\nusage_outbox = "out"\n',
                                        tmp_path / "kiosk.toml")
    assert problems == [] and settings.usage_counts
    assert usage_outbox_path(settings) == tmp_path / "out"
    assert usage_outbox_path(Settings()).name == "usage-outbox"


def test_summary_adds_today_and_the_last_seven_days_from_files_and_memory(tmp_path):
    """Ensure the staff menu's figures include earlier days' files and today's unsaved counts."""
    clock = Clock()
    c = counter(tmp_path, clock)
    for offset in range(9):  # nine days, one session each
        clock.day = DAY + dt.timedelta(days=offset)
        c.guide_opened("a")
        c.end_session()
    c.guide_opened("a")  # today, a second patient still reading
    c.page_shown("a", 0, False)
    today, week = c.summary(7)
    assert today.sessions == 1 and today.guides_opened == {"a": 2} and today.pages_shown == 1
    assert week.sessions == 7 and week.guides_opened == {"a": 8}


WRITER = """
import datetime as dt, sys
from pathlib import Path
from kiosk.core.usage import UsageCounter
days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(4)]
state = {"day": days[0]}
c = UsageCounter(Path(sys.argv[1]), "killed", today=lambda: state["day"])
n = 0
while True:
    n += 1
    state["day"] = days[n % len(days)]
    c.guide_opened(f"guide-{n % 50}")
    c.question_added(f"question-{n % 200}")
    c.end_session()
    print(n, flush=True)
"""


ROUNDS = 20


def test_kill_9_during_writes_leaves_only_whole_files(tmp_path):
    """Ensure a writer killed with SIGKILL mid-write leaves only parseable day files."""
    outbox = tmp_path / "outbox"
    repo = Path(__file__).resolve().parents[2]
    hit_mid_write = 0
    last: dict[str, int] = {}
    for round_ in range(ROUNDS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(outbox)], cwd=repo,
                                  stdout=subprocess.PIPE, text=True)
        wanted = 20 + round_ * 7  # a different number of writes each round
        for line in writer.stdout:
            if int(line) >= wanted:
                break
        # Reading the line wakes us at the same point of the writer's loop every time; a
        # jitter of up to 3 ms spreads the kills across open, write, fsync and rename.
        time.sleep(random.Random(round_).uniform(0, 0.003))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        hit_mid_write += bool(list(outbox.glob("*.tmp")))
        days = sorted(outbox.glob("usage-*.json"))
        assert days, "the writer wrote nothing"
        for path in days:
            counts = read_day_file(path).counts  # raises on a broken file
            assert counts.sessions >= last.get(path.name, 0)  # never fewer than before the kill
            last[path.name] = counts.sessions
    # The next run clears what a killed run left half-written, and the day files stay whole.
    survivor = UsageCounter(outbox, "killed", today=lambda: dt.date(2026, 1, 1))
    survivor.guide_opened("a")
    survivor.close()
    assert not list(outbox.glob("*.tmp"))
    assert all(isinstance(read_day_file(p).counts, DayCounts) for p in outbox.glob("*.json"))
    # Some kills must have landed mid-write (a temp file left behind), or this proved nothing.
    assert hit_mid_write >= 1, "no kill landed during a write"
