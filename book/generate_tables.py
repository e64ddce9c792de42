"""Write the website's measured tables from the committed benchmark results.

`make book` runs this before building. The numbers come from
`benchmarks/results/notebook_times.json` (`make timings`) and
`benchmarks/results/mnist_speed.json` (`make bench`); rerun those to refresh them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed_table import summary_rows  # the rows `make bench` prints; no torch needed

OUT = Path(__file__).resolve().parent / "_generated"


def load(name: str, command: str) -> dict:
    """Read one results file, or stop with the command that makes it."""
    path = RESULTS / name
    if not path.is_file():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `{command}` first.")
    return json.loads(path.read_text())


def lesson_map() -> str:
    """Return the landing page's table of lessons with their measured run times."""
    seconds = load("notebook_times.json", "make timings")["seconds"]
    rows = ["| Lesson | Run time on a 2-core CPU |", "|---|---|"]
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        title = json.loads(notebook.read_text())["cells"][0]["source"]
        title = (title if isinstance(title, str) else "".join(title)).splitlines()[0].lstrip("# ").strip()
        measured = f"{seconds[notebook.stem]:.0f} s" if notebook.stem in seconds else "not measured yet"
        rows.append(f"| [{title}](notebooks/{notebook.stem}.ipynb) | {measured} |")
    return "\n".join(rows) + "\n"


def performance_table() -> str:
    """Return the performance page's table of benchmark figures (the rows `make bench` prints)."""
    result = load("mnist_speed.json", "make bench")
    machine = result["machine"]
    lines = [
        "| Measure | Value | Target |",
        "|---|---|---|",
        *[f"| {name} | {value} | {target} |" for name, value, target in summary_rows(result)],
        "",
        f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads, "
        f"medians over {result['settings']['repeats']} runs.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write both tables into book/_generated/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "lesson_map.md").write_text(lesson_map())
    (OUT / "performance_table.md").write_text(performance_table())


if __name__ == "__main__":
    main()
