"""Run every lesson where learners run it: fresh environments at both ends of the supported range, and a hosted one.

``make compat`` (about an hour, three PyTorch installs from the package index; ``REUSE=1`` skips the installs) builds
each environment below in ``build/compat/<name>`` from the package index, **without** the course package, and runs
every English lesson in it alone, in an empty folder, as a learner who downloaded one notebook would: its bootstrap
cell installs the package from this checkout (``COURSE_PACKAGE_SOURCE``). For each lesson it records whether it
passed, the first error, the wall time, every warning in the outputs (and whether the course's own code raised it),
whether the bootstrap changed the version of anything already installed (it must not), and the Python and library
versions it ran with (the table shows a result only in the row of those versions). The results go to
``benchmarks/results/compat.json``; the website's "Verified with" page shows them, and ``tests/test_compat.py`` checks
that ``pyproject.toml``'s lower bounds are the versions of the oldest environment.

- **oldest**: Python 3.10 and every lower bound in ``pyproject.toml``;
- **newest**: Python 3.13 and the newest releases;
- **hosted**: Python 3.12 with the PyTorch and the libraries a hosted notebook service (Colab, late 2025) had.

Usage: ``python benchmarks/compat.py [--env oldest newest hosted] [--lesson 01 ...] [--reuse]`` (results are merged
into the file, environment by environment; ``--reuse``, or ``make compat REUSE=1``, keeps the environments an earlier
run built; the date recorded is the day an environment was built, so "newest" means the newest of that day).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book"))
from translations import code_without_comments  # book/translations.py

RESULTS = ROOT / "benchmarks" / "results" / "compat.json"
BUILD = ROOT / "build" / "compat"
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
PACKAGE = "pytorch-zero-to-one-helpers"
#: What runs the notebooks, as in any Jupyter: not the course's own dependencies, so never pinned.
RUNNER = ["ipykernel", "nbconvert"]
#: The versions recorded for each environment (the table shows Python, torch and numpy).
REPORTED = ["torch", "torchvision", "numpy", "matplotlib", "scikit-learn", "tqdm", "ipywidgets", "pillow"]
HOSTED = {
    "torch": "2.9.1", "torchvision": "0.24.1", "numpy": "2.0.2", "matplotlib": "3.10.0", "scikit-learn": "1.6.1",
    "tqdm": "4.67.1", "ipywidgets": "7.7.1", "pillow": "11.3.0",
}  # fmt: skip
WARNING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?P<category>\w*Warning): (?P<message>.*)$", re.M)


def lower_bounds() -> dict[str, str]:
    """The ``>=`` bound of each dependency in pyproject.toml: ``{"torch": "2.4", ...}``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition(">=")
        bounds[name.strip().lower()] = version.split(",")[0].strip()
    return bounds


def environments() -> dict[str, dict]:
    """Each environment: its Python and what to install (pins where the environment is about versions)."""
    return {
        "oldest": {"python": "3.10", "install": [f"{name}=={version}" for name, version in lower_bounds().items()]},
        "newest": {"python": "3.13", "install": [*lower_bounds()], "upgrade": True},
        "hosted": {"python": "3.12", "install": [f"{name}=={version}" for name, version in HOSTED.items()]},
    }


def pyenv_python(version: str) -> Path:
    """The newest pyenv interpreter of a minor version, such as 3.10."""
    found = sorted(PYENV.glob(f"{version}.*"), key=lambda path: [int(part) for part in path.name.split(".")])
    if not found:
        raise SystemExit(f"no Python {version} in {PYENV}: install it with `pyenv install {version}`")
    return found[-1] / "bin" / "python"


def pip_environment() -> dict[str, str]:
    """The environment for pip: the package index only, without this machine's local version caps."""
    return {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def build(name: str, spec: dict, reuse: bool = False) -> tuple[Path, str]:
    """Create the environment afresh; return its Python and the day it was built (ISO format).

    With ``reuse``, an environment that an earlier run built from the same ``spec`` is kept, minus the course package
    (so that each lesson's bootstrap cell installs it from this checkout again): much faster, for rerunning a few
    lessons after a change; "newest" then means the newest of that earlier day.
    """
    folder = BUILD / name
    stamp, wanted = folder / "spec.json", json.dumps(spec, sort_keys=True)
    python = folder / "bin" / "python"
    if reuse and python.exists() and stamp.exists() and stamp.read_text() == wanted:
        print(f"[{name}] reusing {folder.relative_to(ROOT)}", flush=True)
        subprocess.run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", PACKAGE], check=True)
        return python, built_on(stamp)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([str(pyenv_python(spec["python"])), "-m", "venv", str(folder)], check=True)
    upgrade = ["--upgrade"] if spec.get("upgrade") else []
    command = [str(python), "-m", "pip", "install", "--quiet", *upgrade, *spec["install"], *RUNNER]
    print(f"[{name}] pip install {' '.join(spec['install'])}", flush=True)
    subprocess.run(command, check=True, env=pip_environment())
    stamp.write_text(wanted)
    return python, built_on(stamp)


def built_on(stamp: Path) -> str:
    """The day an environment was built: its spec file is written once its installs are done."""
    return datetime.date.fromtimestamp(stamp.stat().st_mtime).isoformat()


def installed(python: Path) -> dict[str, str]:
    """Every distribution installed in the environment, with its version."""
    code = (
        "import importlib.metadata as m, json\n"
        "print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions()}))"
    )
    return json.loads(subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout)


@functools.cache
def python_version(python: Path) -> str:
    """An environment's Python version, asked once per environment (each lesson's row repeats it)."""
    code = "import platform; print(platform.python_version())"
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def versions(python: Path, packages: dict[str, str]) -> dict:
    """What the "Verified with" table shows of an environment: its Python and the versions of ``REPORTED``."""
    return {"python": python_version(python), "packages": {package: packages.get(package) for package in REPORTED}}


def warnings_in(notebook: dict) -> list[dict]:
    """Every warning printed in the executed lesson's outputs, with whether the course's own code raised it."""
    found = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output.get("name") != "stderr":
                continue
            text = "".join(output["text"]) if isinstance(output["text"], list) else output["text"]
            for match in WARNING.finditer(text):
                source = match["file"]
                own = "/helpers/" in source or "ipykernel_" in source or source.startswith("/tmp/")
                found.append({"cell": cell.get("id"), "category": match["category"], "message": match["message"][:300],
                              "source": Path(source).name, "course_code": own})  # fmt: skip
    return found


def first_error(notebook: dict) -> str | None:
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {cell.get('id')}: {output['ename']}: {output['evalue']}"[:500]
    return None


def code_hash(lesson: Path) -> str:
    """Return a short hash of a lesson's code without its comments: what a run of the lesson checked.

    ``tests/test_compat.py`` compares it with the stored one, so a result cannot outlive the code it was run on.

    >>> len(code_hash(sorted((ROOT / "notebooks").glob("01_*.ipynb"))[0]))
    12
    """
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    code = "\n\n".join(code_without_comments("".join(cell["source"])) for cell in cells if cell["cell_type"] == "code")
    return hashlib.sha256(code.encode()).hexdigest()[:12]


def run_lesson(python: Path, lesson: Path) -> dict:
    """Run one lesson alone in an empty folder with ``python``; report what happened."""
    before = installed(python)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / lesson.name).write_bytes(lesson.read_bytes())
        environment = {
            **pip_environment(),
            "COURSE_PACKAGE_SOURCE": str(ROOT),
            "COURSE_DEVICE": "cpu",
            "COURSE_DATA_DIR": os.environ.get("COURSE_DATA_DIR", str(ROOT / "data")),
            "JUPYTER_CONFIG_DIR": str(work / "config"),
            "JUPYTER_DATA_DIR": str(work / "data"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
            "PYTHONPATH": "",
            "MPLCONFIGDIR": str(work / "matplotlib"),
        }
        environment.pop("COURSE_SHOW_SOLUTIONS", None)
        start = time.perf_counter()
        run = subprocess.run(
            [str(python), "-m", "nbconvert", "--to", "notebook", "--execute", "--output", "executed.ipynb",
             "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.kernel_name=python3", lesson.name],
            cwd=work, env=environment, capture_output=True, text=True,
            stdin=subprocess.DEVNULL,  # run from a background job, a lesson with widgets hung until the timeout
        )  # fmt: skip
        seconds = time.perf_counter() - start
        executed = work / "executed.ipynb"
        notebook = json.loads(executed.read_text()) if executed.exists() else {"cells": []}
    after = installed(python)
    changed = sorted(f"{name} {version} -> {after.get(name)}" for name, version in before.items()
                     if after.get(name) != version)  # fmt: skip
    added = sorted(name for name in set(after) - set(before) if name != PACKAGE)
    error = first_error(notebook) or (None if run.returncode == 0 else run.stderr.strip().splitlines()[-1][:500])
    subprocess.run([str(python), "-m", "pip", "uninstall", "--yes", "--quiet", PACKAGE], env=pip_environment(),
                   capture_output=True)  # fmt: skip
    return {
        "code": code_hash(lesson),
        "passed": run.returncode == 0 and error is None,
        "first_error": error,
        "seconds": round(seconds, 1),
        "warnings": warnings_in(notebook),
        "bootstrap_changed": changed + [f"{name} added" for name in added],
        "environment": versions(python, before),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", nargs="+", choices=list(environments()), default=list(environments()))
    parser.add_argument("--lesson", nargs="+", default=[], help="lesson numbers, such as 01 (default: all)")
    parser.add_argument("--reuse", action="store_true", help="keep environments built earlier from the same spec")
    arguments = parser.parse_args(argv)
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if arguments.lesson:
        lessons = [path for path in lessons if path.name[:2] in arguments.lesson]
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"environments": {}}
    for name in arguments.env:
        spec = environments()[name]
        python, built = build(name, spec, reuse=arguments.reuse)
        report = results["environments"].get(name, {}) if arguments.lesson else {}
        # The other lessons' results are kept: the table marks them "–" when they ran with other versions.
        report.update({**versions(python, installed(python)), "date": built})
        report.setdefault("lessons", {})
        for lesson in lessons:
            outcome = run_lesson(python, lesson)
            report["lessons"][lesson.stem] = outcome
            mark = "passed" if outcome["passed"] else f"FAILED: {outcome['first_error']}"
            print(f"[{name}] {lesson.stem:40s} {outcome['seconds']:6.1f} s  {mark}", flush=True)
            for warning in outcome["warnings"]:
                print(f"    {warning['category']} ({warning['source']}): {warning['message'][:120]}", flush=True)
            if outcome["bootstrap_changed"]:
                print(f"    the bootstrap changed: {', '.join(outcome['bootstrap_changed'])}", flush=True)
        report["lessons"] = dict(sorted(report["lessons"].items()))
        results["environments"][name] = report
        results["machine"] = {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
                              "cores": os.cpu_count()}  # fmt: skip
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    failed = [(env, lesson) for env, report in results["environments"].items()
              for lesson, outcome in report["lessons"].items() if not outcome["passed"]]  # fmt: skip
    print(f"written to {RESULTS.relative_to(ROOT)}; {len(failed)} failed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
