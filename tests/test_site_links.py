"""Every Colab, Binder, download and repository link on the built site points at the course's home,
and at a notebook that exists in this checkout at the path the link names (run after `make book`)."""

from __future__ import annotations

import html.parser
import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
spec = importlib.util.spec_from_file_location("course_home", ROOT / "book" / "course_home.py")
course_home = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_home)
URL, REF = course_home.course_home()
OWNER_REPO = urlsplit(URL).path.strip("/")
LESSON_PAGES = sorted(SITE.rglob("notebooks/[0-9][0-9]_*.html")) if SITE.is_dir() else []


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text())
    return parser.hrefs


def test_the_site_is_built():
    assert (SITE / "intro.html").is_file(), "build the website first: `make book`"
    assert LESSON_PAGES, "no lesson pages in the built site"


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda page: page.stem)
def test_launch_and_download_links_point_at_this_course(page):
    hrefs = links(page)
    lesson = ROOT / "notebooks" / f"{page.stem}.ipynb"
    assert lesson.is_file()

    colab = [href for href in hrefs if "colab.research.google.com" in href]
    assert colab, "no Colab link"
    for href in colab:
        prefix = f"https://colab.research.google.com/github/{OWNER_REPO}/blob/{REF}/"
        assert href.startswith(prefix), href
        assert (ROOT / href.removeprefix(prefix)).resolve() == lesson.resolve(), href

    binder = [href for href in hrefs if "mybinder.org" in href]
    assert binder, "no Binder link"
    for href in binder:
        parts = urlsplit(href)
        assert parts.path == f"/v2/gh/{OWNER_REPO}/{REF}", href
        target = parse_qs(parts.query)["urlpath"][0].removeprefix("lab/tree/")
        assert (ROOT / target).resolve() == lesson.resolve(), href

    downloads = [href for href in hrefs if href.endswith(".ipynb") and not href.startswith("http")]
    assert downloads, "no download link"
    for href in downloads:
        served = (page.parent / unquote(href)).resolve()
        assert served.is_file(), href
        assert served.read_bytes() == lesson.read_bytes(), "the download is the committed, executed lesson"


@pytest.mark.parametrize("page", sorted(SITE.rglob("*.html")) if SITE.is_dir() else [], ids=lambda p: p.stem)
def test_every_link_to_github_points_at_the_course_home(page):
    for href in links(page):
        absolute = urljoin(f"file://{page}", href)
        if "github.com" in absolute and "colab.research.google.com" not in absolute:
            assert absolute.startswith(URL), absolute
            assert not re.search(r"executablebooks|jupyter-book", absolute), absolute
