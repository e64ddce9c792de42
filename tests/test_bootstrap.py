"""The bootstrap cell (book/course_home.py) installs the course package wherever a learner's Python allows it, and
where it cannot, it says what to do.

Each test runs the bootstrap cell's code, as it stands in every lesson, with a Python that has torch and the rest
but not the course package (tests/test_standalone.py: ``make_bare_python``):

- with no pip, as in an environment made by ``uv venv``: uv installs the package when it is there; without uv the
  cell stops with a message that names the fixes;
- offline (no package index): installing from a folder fails, since building the package needs hatchling from the
  index, and the message names the fix; installing from a wheel works.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_standalone import PACKAGE, build_wheel, make_bare_python

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("course_home", ROOT / "book" / "course_home.py")
course_home = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_home)
BOOTSTRAP = course_home.bootstrap_source(*course_home.course_home())
REPORT = "\nimport importlib.metadata\nprint('installed', importlib.metadata.version('pytorch-zero-to-one-helpers'))"
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


def run_bootstrap(python: Path, source: str, folder: Path, **environment: str) -> subprocess.CompletedProcess:
    """Run the bootstrap cell's code with ``python``, installing from ``source``, in an empty folder."""
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("PIP_", "UV_"))},
        "COURSE_PACKAGE_SOURCE": source,
        "PYTHONPATH": "",
        **environment,
    }
    return subprocess.run([str(python), "-c", BOOTSTRAP + REPORT], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def path_without_uv() -> str:
    return os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep)
                           if not (Path(folder) / "uv").exists())  # fmt: skip


def test_the_bare_python_really_has_no_pip(tmp_path):
    python = make_bare_python(tmp_path, leave_out=("pip",))
    assert subprocess.run([str(python), "-c", "import pip"], capture_output=True).returncode != 0


@pytest.mark.slow
def test_without_pip_uv_installs_the_package(tmp_path):
    assert UV, "uv is in requirements.txt: run `make venv`"
    python = make_bare_python(tmp_path, leave_out=("pip",), linked=True)
    path = f"{Path(UV).parent}{os.pathsep}{path_without_uv()}"
    result = run_bootstrap(python, str(ROOT), tmp_path, PATH=path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Installing the course package" in result.stdout
    assert "installed 0." in result.stdout


def test_without_pip_or_uv_the_message_names_the_fixes(tmp_path):
    python = make_bare_python(tmp_path, leave_out=("pip",))
    result = run_bootstrap(python, str(ROOT), tmp_path, PATH=path_without_uv())
    assert result.returncode != 0
    message = result.stderr
    assert "has no pip, and uv is not installed" in message
    for fix in ("python -m ensurepip", "install uv", "pip wheel --no-deps", "COURSE_PACKAGE_SOURCE"):
        assert fix in message, fix
    assert "Installing the course package" not in result.stdout, "it stops before trying"


@pytest.mark.slow
def test_offline_a_folder_fails_with_the_fix_and_a_wheel_installs(tmp_path):
    wheel = build_wheel(tmp_path / "wheels")
    python = make_bare_python(tmp_path / "env")
    offline = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": ""}

    from_folder = run_bootstrap(python, str(ROOT), tmp_path, **offline)
    assert from_folder.returncode != 0
    assert f"Could not install the course package from {ROOT}" in from_folder.stderr
    assert "hatchling" in from_folder.stderr, "pip's own error, saying what it could not find"
    assert "COURSE_PACKAGE_SOURCE" in from_folder.stderr and "pip wheel --no-deps" in from_folder.stderr

    from_wheel = run_bootstrap(python, str(wheel), tmp_path, **offline)
    assert from_wheel.returncode == 0, from_wheel.stderr[-3000:]
    assert "installed 0." in from_wheel.stdout
    shown = subprocess.run([str(python), "-m", "pip", "show", PACKAGE], capture_output=True, text=True)
    assert shown.returncode == 0
