"""A pytest plugin, loaded by `addopts` for every test run: how the suite is shared between workers when it runs in
parallel (`make test` runs it with pytest-xdist, ``-n``).

What must stay together goes to one worker as one unit, in order:

- **a notebook's cells**, which nbval runs one after another in one kernel (only when a notebook is named on the
  command line: the suite itself runs each lesson in tests/test_standalone.py);
- **a module whose tests share a slow module-scoped fixture** (the printed course PDF, a JupyterLab server), so that
  it is made once;
- **the tests of one page of the built site**, which share its rendering (tests/browser/conftest.py:
  ``RenderedPages``), so that each page is rendered once.

Every other test is a unit of its own. The longest units are handed out first (the PDF and the lessons' standalone
runs), so that the workers finish together instead of one of them starting the longest unit last. Without ``-n``
nothing changes.

(xdist's own ``--dist loadgroup`` cannot do this with pytest 9, which no longer lets xdist rename a test to mark its
group, so the grouping is this plugin's scheduler.)

Each worker computes on **one thread** (``OMP_NUM_THREADS=1``, inherited by the standalone runs' kernels): two
workers that each ran torch on every core would fight over them and run several times slower. The stored outputs are
made on every core by ``make execute``, so the standalone runs, which compare their outputs with the stored ones,
also check that they do not depend on the number of threads, as the course promises.

The folder for screenshots exists before any test runs: the standalone-lesson tests compare ``git status
--ignored`` before and after a lesson runs, and must not see another worker create it meanwhile.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
#: Test modules whose tests share a slow module-scoped fixture, with its rough cost in seconds on 2 cores.
SHARED_FIXTURE_MODULES = {
    "tests/browser/test_pdf.py": 35,  # course_pdf prints the site; printed_pages measures it
    "tests/browser/test_jupyterlab.py": 50,  # one `make lab` runs four lessons
}
#: Tests that run a whole lesson, by the file they start from: they cost about as much as the lesson.
WHOLE_LESSON_TESTS = ("tests/test_standalone.py::",)
#: A browser test's page, from its parameters: ``test_axe[notebooks/01_tensors.html-phone]``.
PAGE_PARAMETER = re.compile(r"\[([^\]]*?\.html)")


def unit_of(nodeid: str) -> str:
    """Return the unit a test is scheduled with: its notebook, its module or its page (see above), or itself.

    >>> unit_of("notebooks/03_linear_regression_from_scratch.ipynb::Cell 7")
    'notebooks/03_linear_regression_from_scratch.ipynb'
    >>> unit_of("tests/browser/test_pdf.py::test_no_code_line_is_clipped"), unit_of("tests/test_a.py::test_b[1]")
    ('tests/browser/test_pdf.py', 'tests/test_a.py::test_b[1]')
    >>> unit_of("tests/browser/test_accessibility.py::test_axe[zh_CN/notebooks/01_tensors.html-phone]")
    'page zh_CN/notebooks/01_tensors.html'
    """
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb") or path in SHARED_FIXTURE_MODULES:
        return path
    page = PAGE_PARAMETER.search(nodeid) if path.startswith("tests/browser/") else None
    return f"page {page.group(1)}" if page else nodeid


def cost(unit: str) -> float:
    """Guess a unit's cost in seconds, to hand out the longest first: a lesson costs about its size in 10 kB."""
    if unit in SHARED_FIXTURE_MODULES:
        return SHARED_FIXTURE_MODULES[unit]
    if unit.startswith("page "):
        return 10.0 if "notebooks/" in unit else 3.0
    lesson = next((ROOT / "notebooks").glob(f"**/{name}*.ipynb"), None) if (name := lesson_name(unit)) else None
    if lesson is None:
        return 0.0
    return lesson.stat().st_size / 10_000 * (1 if unit.endswith(".ipynb") else 1.5)


def lesson_name(unit: str) -> str | None:
    """Return the lesson a notebook unit or a whole-lesson test runs (``03_linear_regression``...), if any."""
    if unit.endswith(".ipynb"):
        return Path(unit).stem
    if unit.startswith(WHOLE_LESSON_TESTS) and "[" in unit:
        return Path(unit.split("[", 1)[1].rstrip("]")).stem
    return None


def pytest_configure(config: pytest.Config) -> None:
    # Created before any test runs, with a file in it: git status lists a folder only once it holds a file, and the
    # standalone tests compare git status before and after a lesson while other workers save screenshots here.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "README.txt").write_text("Screenshots of the browser tests, for a human to look at (git-ignored).\n")
    if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        os.environ["OMP_NUM_THREADS"] = "1"
        import torch

        torch.set_num_threads(1)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Schedule by the units above (only for xdist's default, ``--dist load``; an explicit ``--dist`` wins)."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    config.option.loadscopereorder = False  # keep the order the workers' collection gives: longest first
    return CourseScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker, order the tests longest unit first (a stable sort: a notebook's cells keep their order)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    costs = {unit: cost(unit) for unit in {unit_of(item.nodeid) for item in items}}
    items.sort(key=lambda item: -costs[unit_of(item.nodeid)])
