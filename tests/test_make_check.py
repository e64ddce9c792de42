"""`make check` runs the tests of exactly one lesson, and says so when LESSON names none or several."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), r"Say which lesson, for example: make check LESSON=03"),
        (("LESSON=99",), r"No lesson matches notebooks/99\*\.ipynb"),
        (("LESSON=0",), r"LESSON=0 matches \d+ lessons: name one, for example LESSON=03"),
    ],
)
def test_make_check_needs_one_lesson(arguments, message):
    # -o: leave .venv as it is (never reinstall it from a test); the refusal comes before any test runs.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "check", *arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert re.search(message, result.stderr), result.stderr
