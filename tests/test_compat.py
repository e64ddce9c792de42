"""`make compat`'s results (benchmarks/results/compat.json) back what the course promises about versions.

`make compat` runs every lesson alone in three fresh environments (benchmarks/compat.py): the oldest versions
`pyproject.toml` allows, the newest releases, and a hosted service's. These tests read its results: every lesson
passed everywhere, without the bootstrap cell changing an installed library; `pyproject.toml`'s lower bounds are
exactly the oldest environment's versions, so none of them is a promise nobody tested; no lesson output holds a
DeprecationWarning or FutureWarning raised by the course's own code; and the website's "Verified with" table shows
these results, each for the lesson's code of today (a hash of its code cells, comments left out) and for the versions
its row shows: any other result shows as "–", never as ✓. After changing a lesson's code or a lower bound, run
`make compat` again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "book")]
import compat  # benchmarks/compat.py
import generate_tables  # book/generate_tables.py

LESSONS = sorted(path.stem for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RESULTS = json.loads(compat.RESULTS.read_text()) if compat.RESULTS.is_file() else {"environments": {}}
ENVIRONMENTS = {"oldest": "3.10.", "newest": "3.13.", "hosted": "3.12."}


def test_the_three_environments_were_run_with_the_python_they_claim():
    assert set(RESULTS["environments"]) == set(ENVIRONMENTS), "run `make compat`"
    for name, prefix in ENVIRONMENTS.items():
        assert RESULTS["environments"][name]["python"].startswith(prefix), name


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_lesson_ran_alone_and_the_bootstrap_changed_nothing(environment):
    report = RESULTS["environments"].get(environment, {"lessons": {}})
    assert sorted(report["lessons"]) == LESSONS, "every lesson of today's course: run `make compat`"
    for lesson, outcome in report["lessons"].items():
        assert outcome["passed"], f"{environment}, {lesson}: {outcome['first_error']}"
        assert outcome["bootstrap_changed"] == [], f"{environment}, {lesson}: the bootstrap cell changed a library"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_result_is_for_the_lessons_code_of_today(environment):
    """A lesson whose code changed after `make compat` ran is not verified: its stored result must be run again."""
    report = RESULTS["environments"].get(environment, {"lessons": {}})
    stale = [lesson for lesson, outcome in report["lessons"].items()
             if outcome.get("code") != compat.code_hash(ROOT / "notebooks" / f"{lesson}.ipynb")]  # fmt: skip
    numbers = " ".join(lesson[:2] for lesson in stale)
    assert stale == [], f"the code of these lessons changed since `make compat`: run `make compat LESSONS='{numbers}'`"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_result_ran_with_the_versions_its_row_shows(environment):
    """A rebuilt environment (new releases) keeps the other lessons' results, which ran with other versions."""
    report = RESULTS["environments"].get(environment, {"lessons": {}})
    row = {"python": report.get("python"), "packages": report.get("packages")}
    other = [lesson for lesson, outcome in report["lessons"].items() if outcome.get("environment") != row]
    numbers = " ".join(lesson[:2] for lesson in other)
    assert other == [], f"these lessons ran with other versions than the row's: run `make compat LESSONS='{numbers}'`"


def test_a_result_for_code_that_changed_since_is_not_shown_as_verified(monkeypatch):
    """The table never shows ✓ for a lesson whose code changed after `make compat` ran it, even where the test above
    that asks for a new run is skipped."""
    lesson = LESSONS[0]
    environment = {"python": "3.10.0", "packages": {"torch": "2.4.0", "numpy": "1.24.0"}}
    stale = {"passed": True, "code": "not-today", "first_error": None, "warnings": [], "bootstrap_changed": [],
             "environment": environment}  # fmt: skip
    report = {**environment, "date": "2000-01-01", "lessons": {lesson: stale}}
    monkeypatch.setattr(generate_tables, "load", lambda name, command: {"environments": {"oldest": report}})
    row = generate_tables.compat_table("en").splitlines()[-1]
    assert "✓" not in row and f"| {generate_tables.NOT_RUN_FOR_THIS_VERSION} |" in row
    report["lessons"] = {lesson: {**stale, "code": compat.code_hash(ROOT / "notebooks" / f"{lesson}.ipynb")}}
    row = generate_tables.compat_table("en").splitlines()[-1]
    assert row.count("✓") == 1 and row.count(generate_tables.NOT_RUN_FOR_THIS_VERSION) == len(LESSONS) - 1, (
        "every lesson without a result shows a dash"
    )


def test_the_lower_bounds_are_the_versions_the_oldest_environment_passed_with():
    tested = RESULTS["environments"]["oldest"]["packages"]
    for name, bound in compat.lower_bounds().items():
        assert Version(tested[name]) == Version(bound), f"pyproject.toml: {name}>={bound}; tested: {tested[name]}"


def test_no_deprecation_or_future_warning_comes_from_the_course():
    found = [f"{environment}, {lesson}, cell {warning['cell']}: {warning['category']}: {warning['message']}"
             for environment, report in RESULTS["environments"].items()
             for lesson, outcome in report["lessons"].items()
             for warning in outcome["warnings"]
             if warning["course_code"] and warning["category"] in ("DeprecationWarning", "FutureWarning")]  # fmt: skip
    assert found == []


@pytest.mark.parametrize("edition", generate_tables.EDITIONS)
def test_the_verified_with_table_shows_each_environment(edition):
    table = generate_tables.compat_table(edition)
    for report in RESULTS["environments"].values():
        row = next(line for line in table.splitlines() if f"| {report['python']} |" in line)
        assert f"| {report['packages']['torch']} | {report['packages']['numpy']} | {report['date']} |" in row
        environment = {"python": report["python"], "packages": report["packages"]}
        shown = {lesson: report["lessons"][lesson] for lesson in LESSONS if lesson in report["lessons"]
                 and report["lessons"][lesson].get("code") == compat.code_hash(ROOT / "notebooks" / f"{lesson}.ipynb")
                 and report["lessons"][lesson].get("environment") == environment}  # fmt: skip
        passed = [outcome["passed"] and not outcome["bootstrap_changed"] for outcome in shown.values()]
        assert row.count("✓") == sum(passed) and row.count("✗") == len(passed) - sum(passed)
        assert row.count(generate_tables.NOT_RUN_FOR_THIS_VERSION) == len(LESSONS) - len(shown)
    assert table.splitlines()[0].endswith(" | ".join(lesson[:2] for lesson in LESSONS) + " |"), "one column per lesson"
