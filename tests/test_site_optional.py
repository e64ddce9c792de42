"""A lesson's optional parts are collapsed on the built site (book/_ext/course_optional.py), in both editions: each
section titled "Optional: ..." ("选读：...") has its content in a closed <details>, named after the part. The browser
tests open them with the keyboard (tests/browser/test_accessibility.py); the PDF prints them open."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from tests.site_editions import SITE, repository_file

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("course_optional", ROOT / "book" / "_ext" / "course_optional.py")
course_optional = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_optional)
LESSON_PAGES = sorted(SITE.rglob("notebooks/[0-9][0-9]_*.html")) if SITE.is_dir() else []
DETAILS = re.compile(r'<details class="course-optional"( open)?><summary>([^<]*)</summary>')


def optional_titles(notebook: Path) -> list[str]:
    """The titles of a lesson's optional sections, without their marker, in order."""
    titles = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            for heading in re.findall(r"^#{2,6}\s+(.*)$", cell.source, re.M):
                title = course_optional.optional_title(heading)
                if title is not None:
                    titles.append(title)
    return titles


def test_the_lessons_are_built():
    assert LESSON_PAGES, "build the website first: `make book`"


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_every_optional_part_is_collapsed_and_named(page):
    found = DETAILS.findall(page.read_text())
    titles = optional_titles(repository_file(page.relative_to(SITE).as_posix()))
    assert len(found) == len(titles), "one collapsed part per optional section"
    for (opened, summary), title in zip(found, titles, strict=True):
        assert not opened, f"{title!r} starts open"
        assert title.replace("`", "") in summary, f"the summary {summary!r} does not name {title!r}"


def test_the_title_marker_is_recognized_in_both_languages():
    assert course_optional.optional_title("3. Optional: the Hessian") == "the Hessian"
    assert course_optional.optional_title("选读：黑塞矩阵") == "黑塞矩阵"
    assert course_optional.optional_title("The optional extra") is None
