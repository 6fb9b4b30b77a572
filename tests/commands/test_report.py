"""`kiosk report`: three simulated kiosks over 30 days, totals, small-count hiding, real Chromium."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.commands import report
from kiosk.core.usage import DayCounts, day_file_bytes, file_name

REPO = Path(__file__).resolve().parents[2]
START = dt.date(2026, 4, 1)
DAYS = [START + dt.timedelta(days=n) for n in range(30)]


def north(n: int) -> DayCounts:
    """A busy kiosk: 10-16 sessions a day, one guide, a few completions, English only."""
    sessions = 10 + n % 7
    return DayCounts(sessions=sessions, pages_shown=sessions * 4,
                     guides_opened={"chronic-pain": sessions}, guides_completed={"chronic-pain": 3},
                     questions_added={"pain-cause": 2, "pain-sleep-mood": n % 3},
                     printed={"question_sheet": 1},
                     session_languages={"en": sessions})


def south(n: int) -> DayCounts:
    """A quiet kiosk: two sessions a day; one Spanish session on three days only."""
    spanish = 1 if n in (3, 4, 5) else 0
    return DayCounts(sessions=2, guides_opened={"is-acupuncture-safe": 1},
                     questions_added={"pain-tests": 1},
                     printed={"guide_handout": 1}, language_switches=spanish,
                     session_languages={"en": 2, "es": spanish})


def east(n: int) -> DayCounts:
    """Weekdays only; one question id this content pack does not know, once."""
    weekday = DAYS[n].weekday() < 5
    return DayCounts(sessions=6 if weekday else 0, guides_opened={"chronic-pain": 6 if weekday else 0},
                     questions_added={"retired-question": 1} if n == 0 else {},
                     text_size_sessions=1, session_languages={"en": 6 if weekday else 0})


KIOSKS = {"north": north, "south": south, "east": east}


@pytest.fixture
def collected(tmp_path: Path) -> Path:
    """Usage files of three kiosks over 30 days, one folder per kiosk as a group server keeps
    them; the last day only the south kiosk sent a file; plus a duplicate and a broken file."""
    root = tmp_path / "collected"
    for kiosk, counts in KIOSKS.items():
        folder = root / kiosk
        folder.mkdir(parents=True)
        for n, day in enumerate(DAYS):
            if n == 29 and kiosk != "south":
                continue
            (folder / file_name(kiosk, day)).write_bytes(day_file_bytes(kiosk, day, counts(n)))
    backup = tmp_path / "backup"
    backup.mkdir()
    shutil.copy(root / "north" / file_name("north", DAYS[0]), backup)  # the same day twice
    (root / "east" / file_name("east", dt.date(2026, 6, 1))).write_text('{"format": "pain-kiosk')
    (root / "north" / ".usage-north-2026-04-30.json.123.tmp").write_text("half")
    return root


def expected(field: str, days=range(30)) -> int:
    total = 0
    for kiosk, counts in KIOSKS.items():
        for n in days:
            if n == 29 and kiosk != "south":
                continue
            value = getattr(counts(n), field)
            total += value if isinstance(value, int) else sum(value.values())
    return total


def run_report(*args: str) -> tuple[int, str]:
    import contextlib

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["report", *args])
    return code, errors.getvalue()


def read_csv(path: Path) -> dict[tuple[str, str, str], str]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(r["section"], r["id"], r["column"]): r["value"] for r in rows} | {
        ("label", r["section"], r["id"]): r["label"] for r in rows}


def test_three_kiosks_over_30_days_give_the_right_totals(collected, tmp_path):
    """Ensure the merged totals equal the sum of every kiosk's days, each day counted once."""
    out = tmp_path / "out" / "report.html"
    code, errors = run_report(str(collected), str(tmp_path / "backup"), "-o", str(out))
    assert code == 0, errors
    assert "2026-06-01.json" in errors and "skipped" in errors  # the broken file, named
    values = read_csv(out.with_suffix(".csv"))
    assert values[("summary", "sessions", "Count")] == str(expected("sessions"))
    assert values[("summary", "pages_shown", "Count")] == str(expected("pages_shown"))
    assert values[("summary", "printed", "Count")] == str(expected("printed"))
    assert values[("guides", "chronic-pain", "Opened")] == str(
        sum(north(n).sessions for n in range(29)) + sum(east(n).guides_opened["chronic-pain"]
                                                         for n in range(29)))
    assert values[("guides", "chronic-pain", "Read to the end")] == str(3 * 29)
    assert values[("label", "guides", "chronic-pain")] == "Living with chronic pain"
    assert values[("kiosks", "south", "Patient sessions")] == "60"
    assert values[("kiosks", "north", "Days with counts")] == "29"
    assert values[("languages", "en", "Sessions")] == str(expected("sessions"))


def test_every_count_under_five_is_hidden_in_tables_csv_and_charts(collected, tmp_path):
    """Ensure no number from 0 to 4 appears anywhere; each shows as <5, and shares of them as -."""
    out = tmp_path / "report.html"
    assert run_report(str(collected), "-o", str(out))[0] == 0
    values = read_csv(out.with_suffix(".csv"))
    assert values[("languages", "es", "Sessions")] == "<5"  # 3 Spanish sessions in 30 days
    assert values[("questions", "retired-question", "Added")] == "<5"
    assert values[("label", "questions", "retired-question")] == "retired-question"  # unknown id
    assert values[("summary", "language_switches", "Count")] == "<5"
    assert values[("days", "2026-04-30", "Sessions")] == "<5"  # only the quiet kiosk that day
    assert values[("guides", "is-acupuncture-safe", "Read to the end")] == "<5"
    assert values[("guides", "is-acupuncture-safe", "Share read to the end")] == "-"
    for key, value in values.items():
        if key[0] != "label":
            assert value in ("<5", "-") or re.fullmatch(r"\d+%", value) or int(value) >= 5, key
    page = out.read_text()
    cells = [html.unescape(c) for c in re.findall(r'<td class="n">(.*?)</td>', page)]
    glance = [html.unescape(c) for c in re.findall(r"<div><b>(.*?)</b>", page)]
    assert cells and glance
    for cell in cells + glance:
        assert cell in ("<5", "-") or cell.endswith("%") or int(cell.replace(",", "")) >= 5, cell
    assert "&lt;5" in page


def test_a_hidden_count_is_a_hatched_stub_in_a_chart_never_its_real_length(monkeypatch):
    """Ensure chart bars under five are drawn as the hatched hidden band with a <5 label."""
    figures = []
    monkeypatch.setattr(report, "_png", lambda figure: figures.append(figure) or "data:")
    import matplotlib

    matplotlib.use("Agg")
    report.bars_chart("Test", ["rare", "common"], [("added", [3, 40], report.ACCENT)])
    axes = figures[0].axes[0]
    drawn = [(round(p.get_width(), 3), p.get_hatch()) for p in axes.patches]
    assert (3, None) not in drawn  # never the real small value
    assert (report.SMALL, "///") in drawn and (40, None) in drawn
    assert "<5" in [t.get_text() for t in axes.texts] and "3" not in [t.get_text() for t in axes.texts]
    report.sessions_chart(DAYS[:3], [2, 0, 30])
    heights = [(round(p.get_height(), 3), p.get_hatch()) for p in figures[1].axes[0].patches]
    assert (2, None) not in heights and (report.SMALL, "///") in heights and (30, None) in heights


def test_from_and_to_limit_the_days(collected, tmp_path):
    """Ensure --from and --to include exactly the days between them."""
    out = tmp_path / "week.html"
    code, errors = run_report(str(collected), "--from", "2026-04-11", "--to", "2026-04-17",
                              "-o", str(out))
    assert code == 0, errors
    values = read_csv(out.with_suffix(".csv"))
    assert values[("summary", "sessions", "Count")] == str(expected("sessions", range(10, 17)))
    assert [k[1] for k in values if k[0] == "days" and k[2] == "Sessions"] == [
        f"2026-04-{d}" for d in range(11, 18)]
    assert "11 April 2026 to 17 April 2026" in out.read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere", "-o", "r.html"], "no such folder"),
    (["{root}", "-o", "r.pdf"], "name it like report.html"),
    (["{root}", "--from", "2026-05-01", "--to", "2026-04-01", "-o", "r.html"], "is after"),
    (["{root}", "--from", "2030-01-01", "-o", "r.html"], "no usage files in that date range"),
])
def test_bad_requests_get_a_clear_message(collected, tmp_path, monkeypatch, args, message):
    """Ensure a missing folder, a wrong file type, a reversed or empty range are explained."""
    monkeypatch.chdir(tmp_path)
    code, errors = run_report(*[a.format(root=collected) for a in args])
    assert code in (1, 2) and message in errors


def test_the_kiosk_itself_never_imports_matplotlib():
    """Ensure starting the app (and its usage counting) does not load matplotlib."""
    import sys

    code = ("import sys; import kiosk.app, kiosk.cli, kiosk.core.usage; "
            "sys.exit(1 if 'matplotlib' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).returncode == 0


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHECK = """<script>
addEventListener("load", () => {
  const images = [...document.images];
  const loaded = images.filter(i => i.complete && i.naturalWidth > 0);
  document.body.dataset.images = images.length;
  document.body.dataset.loaded = loaded.length;
  document.title = "images " + loaded.length + "/" + images.length;
});
</script>"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
         "--hide-scrollbars", *args], capture_output=True, text=True, timeout=120)


# CI sets KIOSK_REQUIRE_CHROMIUM=1: there a missing browser is a failure, not a skip.
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("KIOSK_REQUIRE_CHROMIUM"),
                    reason="no chromium on this machine (apt-get install chromium)")
def test_the_page_opens_in_real_chromium_with_every_chart_loaded(collected, tmp_path):
    """Ensure headless Chromium loads the one-file page and decodes every chart image."""
    assert CHROMIUM, "KIOSK_REQUIRE_CHROMIUM is set but chromium is not installed"
    out = tmp_path / "report.html"
    assert run_report(str(collected), "-o", str(out))[0] == 0
    page = out.read_text()
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")  # static, local
    charts = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(charts) == 5
    for chart in charts:
        assert base64.b64decode(chart).startswith(b"\x89PNG")
    checked = tmp_path / "checked.html"  # the page as written, plus a script that counts images
    checked.write_text(page.replace("</body>", CHECK + "</body>"))
    run = chromium(tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom",
                   checked.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert 'data-images="5"' in run.stdout and 'data-loaded="5"' in run.stdout, run.stdout[:500]
    assert "<title>images 5/5</title>" in run.stdout
    shot = tmp_path / "report.png"
    run = chromium(tmp_path / "profile", "--window-size=1280,3300", f"--screenshot={shot}",
                   out.as_uri())
    assert run.returncode == 0 and shot.stat().st_size > 50_000, run.stderr[-2000:]
    if os.environ.get("KIOSK_SCREENSHOTS"):  # KIOSK_SCREENSHOTS=1 refreshes the picture in docs/
        shutil.copy(shot, REPO / "docs" / "screenshots" / "usage-report.png")
