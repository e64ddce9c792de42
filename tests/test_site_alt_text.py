"""Every figure of the website has an alt text that says something, never its file name.

Two parts: the built site (run after `make book`), and the site extension's rules (book/_ext/course_site.py)
on a small notebook built here with Sphinx, which checks the order: the output's metadata alt, then the
cell's `fig-alt`, then "Figure from lesson NN, cell N".
"""

from __future__ import annotations

import base64
import html.parser
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import pytest

from tests.site_editions import reader_pages, source_file

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
EXTENSIONS = ROOT / "book" / "_ext"
PAGES = reader_pages()
LESSON_PAGES = [path for path in PAGES if re.fullmatch(r"\d\d_.*", path.stem) and path.parent.name == "notebooks"]
FILE_LIKE = re.compile(r"(^|/)[^/\s]+\.(png|jpe?g|gif|svg|pdf|webp)$|_images/|^[0-9a-f]{32,}", re.IGNORECASE)
spec = importlib.util.spec_from_file_location("course_site", EXTENSIONS / "course_site.py")
course_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_site)


class Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.views: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "img":
            self.images.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/vnd.jupyter.widget-view+json":
            self.views.append(attributes)


def tags(page: Path) -> Tags:
    parser = Tags()
    parser.feed(page.read_text())
    return parser


def is_meaningful(alt: str | None) -> bool:
    return bool(alt and alt.strip()) and not FILE_LIKE.search(alt.strip())


def test_the_lessons_are_built():
    assert LESSON_PAGES, "build the website first: `make book`"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_every_image_has_a_meaningful_alt(page):
    bad = [image.get("src") for image in tags(page).images if not is_meaningful(image.get("alt"))]
    assert not bad, f"images whose alt is missing, empty or a file name: {bad}"


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_lesson_figures_and_widget_views_are_described(page):
    found = tags(page)
    figures = [image for image in found.images if "_images/" in (image.get("src") or "")]
    lesson = page.stem[:2]
    for image in figures:
        assert image["alt"] != image["src"]
        assert image["alt"].strip(), image["src"]
    for view in found.views:  # read by book/_assets/course-a11y.js for the figures inside widgets
        assert is_meaningful(view.get("data-course-alt")), view
        if view.get("data-course-alt-source") == "generic":
            assert f"lesson {lesson}" in view["data-course-alt"] or f"第 {lesson} 课" in view["data-course-alt"]


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_figure_files_are_named_as_the_extension_expects(page):
    """The extension finds a figure's output by MyST-NB's file name (the hash of its bytes): check that."""
    notebook = json.loads(source_file(page.relative_to(SITE).as_posix()).read_text())
    shown = {Path(image["src"]).stem for image in tags(page).images if "_images/" in (image.get("src") or "")}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if "image/png" in data:
                assert course_site.image_file_stem("image/png", data["image/png"]) in shown


def test_generic_alt_texts():
    assert course_site.generic_alt("en", Path("03_x.ipynb"), 11) == "Figure from lesson 03, cell 12"
    assert course_site.generic_alt("en", Path("03_x.ipynb"), 0, 1, 2) == "Figure 2 of 2 from lesson 03, cell 1"
    assert course_site.generic_alt("zh_CN", Path("03_x.ipynb"), 11) == "第 03 课第 12 个单元格中的图"
    assert course_site.generic_alt("fr", Path("notes.ipynb"), 0) == "Figure from the notebook “notes”, cell 1"


def png(color: str) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    plt.imsave(buffer, [[0.0]], cmap="gray" if color == "black" else "Reds", format="png")
    return base64.b64encode(buffer.getvalue()).decode()


def figure(data: str, alt: str | None = None) -> dict:
    metadata = {"image/png": {"alt": alt}} if alt is not None else {}
    return {"output_type": "display_data", "data": {"image/png": data, "text/plain": "<Figure>"}, "metadata": metadata}


def code_cell(outputs: list[dict], **metadata) -> dict:
    cell = {"cell_type": "code", "execution_count": 1, "metadata": metadata, "source": "show()", "outputs": outputs}
    return {"id": f"cell-{len(outputs)}-{id(outputs)}", **cell}


def test_the_extension_chooses_alt_texts_in_order(tmp_path):
    from sphinx.application import Sphinx

    one, two = png("black"), png("red")
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [
            {"id": "title", "cell_type": "markdown", "metadata": {}, "source": "# Lesson"},
            code_cell([figure(one, "A dark square"), figure(two)], **{"fig-alt": "The cell's figures"}),
            code_cell([figure(two)], **{"fig-alt": "A red square"}),
            code_cell([figure(one, "   ")]),
            code_cell([figure(one), figure(two)]),
        ],
    }
    source = tmp_path / "source"
    source.mkdir()
    (source / "07_figures.ipynb").write_text(json.dumps(notebook))
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXTENSIONS)!r})\n"
        "extensions = ['myst_nb', 'course_site']\nnb_execution_mode = 'off'\nroot_doc = '07_figures'\n"
    )
    sys.modules.pop("course_site", None)
    app = Sphinx(source, source, tmp_path / "html", tmp_path / "doctrees", "html", status=None, warning=io.StringIO())
    app.build()
    alts = [image["alt"] for image in tags(tmp_path / "html" / "07_figures.html").images]
    assert alts == [
        "A dark square",  # the output's metadata
        "The cell's figures",  # the cell's fig-alt, for a figure without its own
        "A red square",
        "Figure from lesson 07, cell 4",  # a blank alt counts as none
        "Figure 1 of 2 from lesson 07, cell 5",
        "Figure 2 of 2 from lesson 07, cell 5",
    ]
