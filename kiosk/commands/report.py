"""`kiosk report`: merge usage files from many kiosks into one static HTML page and a CSV.

Every count under SMALL is shown as "<5" in tables, charts and the CSV, so no small group of
patients can be singled out. matplotlib (the `report` extra) is imported only by this command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.usage import (
    NUMBERS,
    TALLIES,
    DayCounts,
    parse_file_name,
    read_day_raw,
    scan_usage_files,
)

SMALL = 5  # counts below this are never shown
HIDDEN = f"<{SMALL}"
PRINT_NAMES = {"question_sheet": "Question sheets", "visit_sheet": "Visit sheets",
               "guide_handout": "Guide handouts"}


def shown(count: int) -> str:
    """A count as the report may show it."""
    return HIDDEN if count < SMALL else str(count)


@dataclass
class Merged:
    """Every kiosk's days in the range, added up."""

    days: dict[dt.date, DayCounts] = field(default_factory=dict)
    total: DayCounts = field(default_factory=DayCounts)
    kiosk_sessions: Counter = field(default_factory=Counter)
    kiosk_days: Counter = field(default_factory=Counter)
    files: int = 0
    skipped: list[str] = field(default_factory=list)


PARALLEL_FROM = 5000  # files; below this, starting worker processes costs more than it saves


def merge(folders: list[Path], start: dt.date | None = None, end: dt.date | None = None,
          workers: int | None = None) -> Merged:
    """Read every usage file in the folders within [start, end] and add them up. A kiosk's day
    found twice (a copy in two folders) counts once: the fuller copy wins.

    Many files are read by one process per core, each given whole kiosks (so a day's copies
    meet in one process), and their few hundred day totals are added up here."""
    by_kiosk: dict[str, list[tuple[str, str, dt.date]]] = {}
    count = 0
    for path, name in scan_usage_files(folders):
        named = parse_file_name(name)
        if named is None or (start and named[1] < start) or (end and named[1] > end):
            continue  # not a usage file, or out of range: not even opened
        by_kiosk.setdefault(named[0], []).append((path, named[0], named[1]))
        count += 1
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers > 1 and count >= PARALLEL_FROM:
        shares: list[list[tuple[str, str, dt.date]]] = [[] for _ in range(workers)]
        for files in sorted(by_kiosk.values(), key=len, reverse=True):
            min(shares, key=len).extend(files)
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_merge_files, shares))
    else:
        parts = [_merge_files([f for files in by_kiosk.values() for f in files])]
    merged = Merged()
    for part in parts:
        for date, counts in part.days.items():
            merged.days.setdefault(date, DayCounts()).add(counts)
        merged.kiosk_sessions.update(part.kiosk_sessions)
        merged.kiosk_days.update(part.kiosk_days)
        merged.files += part.files
        merged.skipped += part.skipped
    merged.days = dict(sorted(merged.days.items()))
    for counts in merged.days.values():  # a few hundred days, not every file
        merged.total.add(counts)
    return merged


def _merge_files(files: list[tuple[str, str, dt.date]]) -> Merged:
    """Read these files (every copy of a kiosk's day among them) and add them up by day."""
    merged = Merged()
    chosen: dict[tuple[str, dt.date], dict] = {}
    for path, kiosk, date in files:
        try:
            found_kiosk, found_date, counts = read_day_raw(path)
        except ValueError as error:
            merged.skipped.append(f"{path}: {error}; skipped")
            continue
        if (found_kiosk, found_date) != (kiosk, date):
            merged.skipped.append(f"{path}: its name says {kiosk} {date} but it holds "
                                  f"{found_kiosk} {found_date}; skipped")
            continue
        merged.files += 1
        key = (kiosk, date)
        if key not in chosen or _size(counts) > _size(chosen[key]):
            chosen[key] = counts
    # Plain dicts while adding 73,000 files up: DayCounts only for the few hundred day totals.
    days: dict[dt.date, tuple[dict, dict]] = {}
    for (kiosk, date), counts in chosen.items():
        numbers, tallies = days.get(date) or days.setdefault(
            date, (dict.fromkeys(NUMBERS, 0), {name: {} for name in TALLIES}))
        for name in NUMBERS:
            numbers[name] += counts.get(name, 0)
        for name in TALLIES:
            tally = tallies[name]
            for key, value in counts.get(name, {}).items():
                tally[key] = tally.get(key, 0) + value
        merged.kiosk_sessions[kiosk] += counts.get("sessions", 0)
        merged.kiosk_days[kiosk] += 1
    merged.days = {date: DayCounts.from_checked({**numbers, **tallies})
                   for date, (numbers, tallies) in days.items()}
    return merged


def _size(counts: dict) -> int:
    """Every count added up: of two copies of a kiosk's day, the fuller one is the newer."""
    return sum(counts.get(name, 0) for name in NUMBERS) + sum(
        sum(counts.get(name, {}).values()) for name in TALLIES)


@dataclass(frozen=True)
class Names:
    """Readable names for ids, from the bundled (or given) content."""

    guides: dict[str, str]
    questions: dict[str, str]
    languages: dict[str, str]

    @classmethod
    def load(cls, content_root: Path, lang: str = "en") -> Names:
        from kiosk.core.content import Problem, load_questions, offered_languages

        problems: list[Problem] = []
        pack = content_root / lang if (content_root / lang).is_dir() else content_root / "en"
        bank = load_questions(pack / "questions.yaml", problems)
        return cls(_guide_titles(pack / "guides"),
                   {q.id: q.text for q in bank.questions},
                   {code: name for code, name, _ in offered_languages(content_root)})


def _guide_titles(folder: Path) -> dict[str, str]:
    # Only the front matter's title is needed: no rendering, no validation.
    import re

    import yaml

    from kiosk.core.content import GUIDE_NAME

    titles = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        name = GUIDE_NAME.match(path.name)
        match = re.match(r"^---\n(.*?)\n---", path.read_text(encoding="utf-8"), re.DOTALL)
        try:
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            meta = None  # `kiosk check` reports it; the report falls back to the slug
        if name and isinstance(meta, dict) and isinstance(meta.get("title"), str):
            titles[name.group(2)] = meta["title"]
    return titles


# --- charts ----------------------------------------------------------------------------------

INK, ACCENT, SECOND, MUTED = "#1f2933", "#0f766e", "#b45309", "#9aa5b1"


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure, figure.add_subplot()


def _style(axes, title: str) -> None:
    axes.set_title(title, loc="left", fontsize=15, color=INK, pad=12)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=11, colors=INK)


def _png(figure) -> str:
    import base64
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def sessions_chart(days: list[dt.date], counts: list[int]) -> str:
    """Sessions per day; a day under SMALL is a hatched stub of the hidden band, not its value."""
    figure, axes = _figure(11, 3.8)
    real = [c if c >= SMALL else 0 for c in counts]
    stubs = [SMALL if 0 < c < SMALL else 0 for c in counts]
    width = 0.8 if len(days) < 120 else 1.0
    axes.bar(days, real, width=width, color=ACCENT, label="patient sessions")
    if any(stubs):
        axes.bar(days, stubs, width=width, color="white", edgecolor=MUTED, hatch="///",
                 linewidth=0.6)
    _style(axes, "Patient sessions per day")
    axes.set_ylabel("sessions", fontsize=11, color=INK)
    axes.grid(axis="y", color="#e4e7eb")
    axes.set_axisbelow(True)
    figure.autofmt_xdate()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    _legend_above(axes, any(stubs))
    return _png(figure)


def bars_chart(title: str, labels: list[str], series: list[tuple[str, list[int], str]]) -> str:
    """Horizontal bars, one row per label, one bar per series; hidden counts are hatched stubs
    labelled "<5", never drawn at their real length."""
    import textwrap

    rows = len(labels)
    figure, axes = _figure(11, 1.1 + 0.55 * rows * max(1, len(series)) ** 0.6)
    height = 0.8 / len(series)
    any_hidden = False
    biggest = max([c for _, values, _ in series for c in values] + [SMALL])
    for number, (name, values, colour) in enumerate(series):
        positions = [r + (number - (len(series) - 1) / 2) * height for r in range(rows)]
        real = [v if v >= SMALL else 0 for v in values]
        axes.barh(positions, real, height=height * 0.92, color=colour, label=name)
        for position, value in zip(positions, values, strict=True):
            if value < SMALL:
                any_hidden = True
                axes.barh(position, SMALL, height=height * 0.92, color="white", edgecolor=MUTED,
                          hatch="///", linewidth=0.6)
            axes.text(max(value, SMALL) + biggest * 0.01, position,
                      f"{value:,}" if value >= SMALL else HIDDEN, va="center", fontsize=11,
                      color=INK)
    axes.set_yticks(range(rows), ["\n".join(textwrap.wrap(label, 44)[:2]) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, biggest * 1.12)
    _style(axes, title)
    axes.grid(axis="x", color="#e4e7eb")
    axes.set_axisbelow(True)
    if len(series) > 1 or any_hidden:
        _legend_above(axes, any_hidden)
    return _png(figure)


def _legend_above(axes, any_hidden: bool) -> None:
    """The key sits in its own row under the plot, where it can never cover a bar or the title."""
    handles = axes.get_legend_handles_labels()[0]
    if any_hidden:
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="white", edgecolor=MUTED, hatch="///",
                             label=f"fewer than {SMALL}: number hidden"))
    axes.figure.legend(handles=handles, fontsize=11, frameon=False, loc="outside lower left",
                       ncols=len(handles))


# --- the page and the CSV ----------------------------------------------------------------------


@dataclass
class Table:
    """One table of the report, also written to the CSV under its section name."""

    section: str
    title: str
    headers: list[str]
    rows: list[tuple[str, str, list[int | str]]]  # (id for the CSV, label, cells)
    note: str = ""


def build_tables(merged: Merged, names: Names, days: list[dt.date]) -> list[Table]:
    total = merged.total
    tables = [Table("summary", "At a glance", ["Count"], [
        ("sessions", "Patient sessions", [total.sessions]),
        ("pages_shown", "Guide pages shown", [total.pages_shown]),
        ("guides_opened", "Guides opened", [sum(total.guides_opened.values())]),
        ("guides_completed", "Guides read to the last page", [sum(total.guides_completed.values())]),
        ("questions_added", "Questions added to a sheet", [sum(total.questions_added.values())]),
        ("printed", "Sheets and handouts printed", [sum(total.printed.values())]),
        ("language_switches", "Language switches", [total.language_switches]),
        ("text_size_sessions", "Sessions that changed the text size", [total.text_size_sessions]),
        ("high_contrast_sessions", "Sessions that used high contrast",
         [total.high_contrast_sessions]),
        ("listen_sessions", "Sessions that used Listen (read aloud)", [total.listen_sessions]),
    ])]
    slugs = sorted(set(total.guides_opened) | set(total.guides_completed),
                   key=lambda s: (-total.guides_opened[s], names.guides.get(s, s)))
    tables.append(Table("guides", "Guides: opened and read to the last page",
                        ["Opened", "Read to the end", "Share read to the end"],
                        [(slug, names.guides.get(slug, slug),
                          [total.guides_opened[slug], total.guides_completed[slug],
                           _share(total.guides_completed[slug], total.guides_opened[slug])])
                         for slug in slugs],
                        "A guide counts once per patient session, however often it is opened."))
    top = sorted(total.questions_added.items(), key=lambda item: (-item[1], item[0]))
    tables.append(Table("questions", "Questions patients added to their sheet", ["Added"],
                        [(qid, names.questions.get(qid, qid), [n]) for qid, n in top],
                        "Each question counts once per patient session. Unknown ids are "
                        "questions not in this content pack."))
    tables.append(Table("prints", "Printed", ["Printed"],
                        [(kind, PRINT_NAMES.get(kind, kind), [n])
                         for kind, n in sorted(total.printed.items(), key=lambda i: -i[1])]))
    tables.append(Table("languages", "Languages used", ["Sessions"],
                        [(code, names.languages.get(code, code), [n]) for code, n in
                         sorted(total.session_languages.items(), key=lambda i: -i[1])],
                        "A session that switched language counts for each language it used."))
    tables.append(Table("kiosks", "Kiosks", ["Days with counts", "Patient sessions"],
                        [(kiosk, kiosk, [merged.kiosk_days[kiosk], merged.kiosk_sessions[kiosk]])
                         for kiosk in sorted(merged.kiosk_days)]))
    tables.append(Table("days", "Patient sessions per day", ["Sessions"],
                        [(day.isoformat(), day.strftime("%a %d %b %Y"),
                          [merged.days[day].sessions if day in merged.days else 0])
                         for day in days]))
    return tables


def _share(part: int, whole: int) -> str:
    # A share of hidden counts would give them away (3 of 3 is 100%): shown only when both show.
    if part < SMALL or whole < SMALL:
        return "-"
    return f"{round(100 * part / whole)}%"


def _cell(value: int | str) -> str:
    return shown(value) if isinstance(value, int) else value


def _cell_html(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) and value >= SMALL else _cell(value)


def write_csv(path: Path, tables: list[Table]) -> None:
    import csv  # this module is imported by every `kiosk` start (its arguments); csv is not

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["section", "id", "label", "column", "value"])
        for table in tables:
            for key, label, cells in table.rows:
                for header, value in zip(table.headers, cells, strict=True):
                    writer.writerow([table.section, key, label, header, _cell(value)])


STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1f2933; margin: 0;
       background: #f5f7fa; font-size: 18px; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 60px; background: white; }
h1 { font-size: 32px; margin: 0 0 6px; color: #0f766e; }
h2 { font-size: 24px; margin: 40px 0 10px; border-bottom: 2px solid #e4e7eb; padding-bottom: 4px; }
p.lead { font-size: 19px; margin: 4px 0; }
.note { color: #52606d; font-size: 16px; }
.privacy { background: #ecfdf5; border-left: 6px solid #0f766e; padding: 12px 16px; margin: 18px 0; }
.problems { background: #fffbeb; border-left: 6px solid #b45309; padding: 12px 16px; }
table { border-collapse: collapse; margin: 10px 0 6px; min-width: 50%; }
th, td { text-align: left; padding: 7px 14px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f0f4f8; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
img.chart { display: block; width: 100%; height: auto; margin: 8px 0 4px; }
details summary { cursor: pointer; font-size: 17px; color: #0f766e; margin: 8px 0; }
.glance { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px; }
.glance div { border: 1px solid #e4e7eb; border-radius: 8px; padding: 10px 14px; }
.glance b { display: block; font-size: 30px; color: #0f766e; }
"""


def render_html(merged: Merged, tables: list[Table], charts: dict[str, str], first: dt.date,
                last: dt.date, csv_name: str) -> str:
    e = html.escape
    by_section = {t.section: t for t in tables}
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Kiosk usage {first.isoformat()} to {last.isoformat()}</title>",
        f"<style>{STYLE}</style>", "</head>", "<body>", "<main>",
        "<h1>How the kiosks were used</h1>",
        f'<p class="lead">{e(_long_date(first))} to {e(_long_date(last))}: '
        f"{len(merged.kiosk_days)} kiosk{'s' if len(merged.kiosk_days) != 1 else ''}, "
        f"{len(merged.days)} days with counts.</p>",
        f'<p class="note">Made {dt.date.today().isoformat()} by <code>kiosk report</code> from '
        f"{merged.files} daily files. The same figures are in <a href=\"{e(csv_name)}\">"
        f"{e(csv_name)}</a>.</p>",
        '<p class="privacy"><b>Small numbers are hidden.</b> Any count under '
        f"{SMALL} is shown as <b>{e(HIDDEN)}</b> in every table, chart and the CSV, and hatched "
        "bars in the charts mark them without showing their size, so that no small group of "
        "patients can be singled out. The kiosks count daily totals only: never who, never "
        "when in the day, never anything typed or answered.</p>",
    ]
    if merged.skipped:
        parts.append('<div class="problems"><b>Files left out</b><ul>' + "".join(
            f"<li>{e(line)}</li>" for line in merged.skipped[:50]) + "</ul></div>")
    summary = by_section["summary"]
    parts.append("<h2>At a glance</h2>")
    parts.append('<div class="glance">' + "".join(
        f"<div><b>{e(_cell_html(cells[0]))}</b>{e(label)}</div>"
        for _, label, cells in summary.rows) + "</div>")
    sections = [("Patient sessions", "sessions", "days"), ("Guides", "guides", "guides"),
                ("Top questions", "questions", "questions"), ("Printed", "prints", "prints"),
                ("Languages", "languages", "languages"), ("Kiosks", None, "kiosks")]
    for heading, chart, section in sections:
        table = by_section[section]
        parts.append(f"<h2>{e(heading)}</h2>")
        if chart and chart in charts:
            parts.append(f'<img class="chart" src="{charts[chart]}" '
                         f'alt="{e(table.title)} (chart; the same figures are in the table)">')
        elif chart:
            parts.append('<p class="note">Nothing counted in this period.</p>')
        if table.note:
            parts.append(f'<p class="note">{e(table.note)}</p>')
        rendered = _table_html(table)
        if section == "days":
            parts.append(f"<details><summary>Every day as a table ({len(table.rows)} days)"
                         f"</summary>{rendered}</details>")
        else:
            parts.append(rendered)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _table_html(table: Table) -> str:
    e = html.escape
    if not table.rows:
        return '<p class="note">Nothing counted in this period.</p>'
    head = "<tr><th></th>" + "".join(f'<th class="n">{e(h)}</th>' for h in table.headers) + "</tr>"
    body = "".join(
        f"<tr><td>{e(label)}</td>" + "".join(f'<td class="n">{e(_cell_html(v))}</td>' for v in cells)
        + "</tr>" for _, label, cells in table.rows)
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def make_charts(merged: Merged, names: Names, days: list[dt.date], top: int = 15) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window, never a display
    total = merged.total
    charts = {}
    if days:
        charts["sessions"] = sessions_chart(
            days, [merged.days[d].sessions if d in merged.days else 0 for d in days])
    slugs = sorted(set(total.guides_opened) | set(total.guides_completed),
                   key=lambda s: (-total.guides_opened[s], names.guides.get(s, s)))
    if slugs:
        charts["guides"] = bars_chart(
            "Guides: opened and read to the last page", [names.guides.get(s, s) for s in slugs],
            [("opened", [total.guides_opened[s] for s in slugs], ACCENT),
             ("read to the end", [total.guides_completed[s] for s in slugs], SECOND)])
    questions = sorted(total.questions_added.items(), key=lambda i: (-i[1], i[0]))[:top]
    if questions:
        charts["questions"] = bars_chart(
            f"Top {len(questions)} questions added to a sheet",
            [names.questions.get(q, q) for q, _ in questions],
            [("added", [n for _, n in questions], ACCENT)])
    if total.printed:
        kinds = sorted(total.printed.items(), key=lambda i: -i[1])
        charts["prints"] = bars_chart("Printed", [PRINT_NAMES.get(k, k) for k, _ in kinds],
                                      [("printed", [n for _, n in kinds], ACCENT)])
    if total.session_languages:
        langs = sorted(total.session_languages.items(), key=lambda i: -i[1])
        charts["languages"] = bars_chart(
            "Sessions by language", [names.languages.get(c, c) for c, _ in langs],
            [("sessions", [n for _, n in langs], ACCENT)])
    return charts


def run_report(args: argparse.Namespace) -> int:
    """Run `kiosk report`; return the exit code."""
    for folder in args.folders:
        if not folder.exists():
            print(f"kiosk report: {folder}: no such folder; give the folder(s) the usage files "
                  "were collected into", file=sys.stderr)
            return 2
    if args.start and args.end and args.start > args.end:
        print(f"kiosk report: --from {args.start} is after --to {args.end}", file=sys.stderr)
        return 2
    if args.output.suffix.lower() not in (".html", ".htm"):
        print(f"kiosk report: -o {args.output}: the report is a web page; name it like "
              "report.html (the CSV is written beside it)", file=sys.stderr)
        return 2
    merged = merge(args.folders, args.start, args.end)
    for line in merged.skipped:
        print(f"kiosk report: {line}", file=sys.stderr)
    if not merged.days:
        where = ", ".join(str(f) for f in args.folders)
        print(f"kiosk report: no usage files{' in that date range' if args.start or args.end else ''}"
              f" under {where} (they are named usage-KIOSK-YYYY-MM-DD.json)", file=sys.stderr)
        return 1
    first = args.start or min(merged.days)
    last = args.end or max(merged.days)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    from kiosk.core.resources import locations

    content_root, _ = locations(args.content)
    names = Names.load(content_root, args.lang or "en")
    tables = build_tables(merged, names, days)
    try:
        charts = make_charts(merged, names, days)
    except ImportError:
        print("kiosk report: the charts need matplotlib: pip install 'pain-kiosk[report]'",
              file=sys.stderr)
        return 1
    csv_path = args.output.with_suffix(".csv")
    page = render_html(merged, tables, charts, first, last, csv_path.name)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(page, encoding="utf-8")
        write_csv(csv_path, tables)
    except OSError as error:
        print(f"kiosk report: cannot write {args.output}: {error}", file=sys.stderr)
        return 1
    print(f"kiosk report: {merged.files} files from {len(merged.kiosk_days)} kiosks, "
          f"{first} to {last}: {args.output} and {csv_path}")
    return 0
