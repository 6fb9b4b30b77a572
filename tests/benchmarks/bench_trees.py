"""This tree against another checkout of the app: start-up and booklet, in the same minutes.

"No worse than before" needs the old code measured beside the new on the same machine and the
same content. Make a worktree of the old commit, then:

  git worktree add /tmp/old e142ce8
  QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_trees.py /tmp/old [--runs 11]

Start-up: the bench's `app` child (tests/benchmarks/bench_children.py: the real `kiosk` command,
CPU time to the first painted home) run from each tree with PYTHONPATH and `--content` this
tree's content, alternating with the bare window. Booklet: each tree prints this tree's `en`
booklet into a PDF ten times in a process of its own (median of the last eight), alternating.
The old tree needs its own dependencies importable from this environment.

With --pack, start-up is from an installed content pack instead (`kiosk --config FILE`): each tree
builds the bundled content into a pack with its own code and installs it, as bench_kiosk.py does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHILD = HERE / "bench_children.py"

BOOKLET = r'''
import statistics, sys, tempfile, time
from pathlib import Path
tree, content = Path(sys.argv[1]), Path(sys.argv[2])
from kiosk.qtcompat import keep_singletons_alive
keep_singletons_alive()
from PySide6.QtWidgets import QApplication
app = QApplication([])
try:
    from kiosk.core.config import Settings
    from kiosk.core.content import load_library
except ImportError:  # the layout before issue 11
    from kiosk.config import Settings
    from kiosk.content import load_library
from kiosk import printing
library, _ = load_library(content / "en", tree / "assets")
target = printing.PrintTarget(pdf=Path(tempfile.mkdtemp()) / "booklet.pdf")
times = []
for _ in range(10):
    start = time.perf_counter()
    result = printing.print_booklet(library, Settings(), target)
    times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times[2:]):.1f} {result.pages}")
'''


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(tree), KIOSK_BENCH_T0=repr(time.monotonic()))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def installed_pack(tree: Path, folder: Path) -> Path:
    """The tree's bundled content built and installed by the tree's own code; its settings file."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "import bench_kiosk; print(bench_kiosk._installed_pack(Path(sys.argv[2])))")
    out = subprocess.run([sys.executable, "-c", code, str(tree / "tests" / "benchmarks"),
                          str(folder)], env=_env(tree), cwd=tree, capture_output=True, text=True,
                         timeout=300, check=True)
    return Path(out.stdout.split()[-1])


def start_cpu(tree: Path | None, pack_config: Path | None = None) -> float:
    args = [sys.executable, str(CHILD), "bare"] if tree is None else \
        [sys.executable, str(CHILD), "pack", "--config", str(pack_config)] if pack_config else \
        [sys.executable, str(CHILD), "app", "--content", str(REPO / "content")]
    env = _env(tree or REPO)
    if tree is None:
        env.pop("PYTHONPATH")
    out = subprocess.run(args, env=env, cwd=tree or REPO, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])["cpu_ms"]


def booklet(tree: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", BOOKLET, str(tree), str(REPO / "content")],
                         env=_env(tree), cwd=tree, capture_output=True, text=True, timeout=300,
                         check=True)
    ms, pages = out.stdout.split()[-2:]
    return float(ms), int(pages)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path, help="a checkout of the app to compare with")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--booklets", type=int, default=5)
    parser.add_argument("--pack", action="store_true",
                        help="start each tree from an installed pack of the bundled content")
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": REPO}
    scratch = tempfile.TemporaryDirectory()
    packs = {name: installed_pack(tree, Path(scratch.name) / name) if args.pack else None
             for name, tree in trees.items()}
    start_cpu(None)  # warm the page cache and the .pyc files
    for name, tree in trees.items():
        start_cpu(tree, packs[name])
    cpu: dict[str, list[float]] = {"bare": [], "old": [], "new": []}
    for _ in range(args.runs):
        cpu["bare"].append(start_cpu(None))
        for name, tree in trees.items():
            cpu[name].append(start_cpu(tree, packs[name]))
    bare = statistics.median(cpu["bare"])
    source = "an installed pack" if args.pack else "the content folder"
    print(f"start-up from {source}, CPU to the first painted home, median of {args.runs} "
          "alternating runs:")
    for name in ("bare", "old", "new"):
        median = statistics.median(cpu[name])
        paired = "" if name == "bare" else "  (paired IQR {:.2f}-{:.2f}x)".format(
            *statistics.quantiles([a / b for a, b in zip(cpu[name], cpu["bare"], strict=True)],
                                  n=4)[::2])
        print(f"  {name:<4} {median:5.0f} ms  {median / bare:.2f}x bare{paired}")
    print(f"booklet of this tree's en content, {args.booklets} alternating pairs:")
    for number in range(args.booklets):
        line = []
        for name, tree in trees.items():
            ms, pages = booklet(tree)
            line.append(f"{name} {ms:.0f} ms, {pages} pages, {ms / pages:.2f} ms a page")
        print(f"  pair {number + 1}: " + "; ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
