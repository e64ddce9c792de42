"""The course's public home is set once (book/_config.yml) and every copy of it agrees."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("course_home", ROOT / "book" / "course_home.py")
course_home = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_home)

URL, REF = course_home.course_home()
LESSONS = course_home.lesson_paths()


def test_the_home_is_a_public_repository_address():
    assert URL.startswith("https://github.com/") and URL.count("/") == 4, URL
    assert REF and " " not in REF


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_every_lesson_starts_with_the_same_bootstrap_cell(lesson):
    notebook = nbformat.read(lesson, as_version=4)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert first_code.source == course_home.bootstrap_source(URL, REF), "run `make home`, then `make execute`"
    assert first_code.metadata.get("tags") == ["remove-cell"], "the website leaves the bootstrap cell out"
    assert first_code.outputs == [], "with the package installed, the bootstrap cell does nothing"
    assert f"{URL}/archive/{REF}.zip" in first_code.source


@pytest.mark.parametrize("path", course_home.CLONE_COMMAND_FILES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_clone_commands_use_the_home(path):
    commands = course_home.CLONE_COMMAND.findall(path.read_text())
    assert commands and set(commands) == {URL}, "run `make home`"


@pytest.mark.parametrize("path", course_home.PULL_LINK_FILES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_the_classroom_link_names_the_home(path):
    links = course_home.PULL_LINK.findall(path.read_text())
    assert links, "the setup page gives the one-click classroom link"
    assert {(unquote(repository), unquote(branch)) for repository, branch in links} == {(URL, REF)}, "run `make home`"


def test_binder_installs_the_same_pinned_versions_as_the_course():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.lower()] = version
    binder = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            binder[name.lower()] = version
    for name in ("pytest", "nbval", "ruff", "playwright", "jupyter-book", "sphinx-book-theme"):
        assert name not in binder, f"{name} is for developers, not learners"
    for name in ("torch", "torchvision", "jupyterlab", "ipywidgets", "matplotlib", "scikit-learn", "tqdm"):
        assert name in binder, f"the lessons need {name}"
    for name, version in binder.items():
        assert version.split("+")[0] == pins[name], f"{name}: Binder has {version}, requirements.txt {pins[name]}"
