"""The built website works with no network, in both editions: every page loads cleanly in a real browser,
and every page links to the same page in the other edition."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import SITE, load_rendered, save_screenshot
from tests.site_editions import EDITION_FOLDERS, ROOT, repository_file, source_file, split_page, twin_path

LESSON_STEMS = [path.stem for path in sorted((SITE.parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
ENGLISH = ["intro.html", "setup.html", "cheatsheet.html", "glossary.html", "pitfalls.html", "performance.html"] + [
    f"notebooks/{stem}.html" for stem in LESSON_STEMS
]
#: Each edition's folder in the built site, as the start of an address: "" (English), "zh_CN/".
EDITIONS = [f"{folder}/" if folder else "" for folder in EDITION_FOLDERS]
PAGES = [f"{folder}{path}" for folder in EDITIONS for path in ENGLISH]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_and_offline(rendered, path):
    page = rendered.get(path)  # loaded with networkidle: every request has come back
    recorder = page.recorder
    assert recorder.blocked == [], "the page asked for something outside this machine"
    assert recorder.failed == []
    assert recorder.console_errors == []
    assert recorder.page_errors == []
    broken = page.evaluate("Array.from(document.images).filter(img => img.naturalWidth === 0).map(img => img.src)")
    assert broken == []
    folder, inner = split_page(path)
    if re.search(r"\$\$|\\frac|\\partial|\\sum", source_file(path).read_text()):
        assert page.locator(".math").count() > 0, "the source has math, but the page has none"
    unrendered = page.eval_on_selector_all(
        ".math", "nodes => nodes.filter(n => !n.querySelector('mjx-container')).length"
    )
    assert unrendered == 0, "math that MathJax did not render"
    if inner.startswith("notebooks/"):
        save_screenshot(page, f"{folder or 'en'}_{Path(path).stem}", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_language_link_leads_to_the_same_page_in_the_other_edition(static_page, site_url, path):
    page = static_page  # the link is plain HTML: it must work without scripts
    page.goto(f"{site_url}/{path}")
    folder = split_page(path)[0]
    expected_lang = "en" if folder else "zh-CN"
    assert page.evaluate("document.documentElement.lang") == ("zh-CN" if folder else "en")
    link = page.locator("nav.course-languages a")
    assert link.count() == 1, "one link to the other edition"
    assert link.get_attribute("lang") == expected_lang
    with page.expect_navigation(wait_until="domcontentloaded"):
        link.click()
    assert page.url == f"{site_url}/{twin_path(path)}"
    assert page.evaluate("document.documentElement.lang") == expected_lang
    # Leaving a page cuts short what it still loads (its fonts, which even a page without scripts asks for after
    # "load"): net::ERR_ABORTED is this test's doing, not the site's. Every page's requests are followed to the end,
    # with scripts (a superset: the pages' <noscript> holds only a style), by test_page_is_complete_and_offline.
    assert [failure for failure in page.recorder.failed if "net::ERR_ABORTED" not in failure] == []
    assert page.recorder.blocked == []


@pytest.mark.browser
def test_the_chinese_edition_uses_the_themes_chinese_labels(page, site_url):
    load_rendered(page, f"{site_url}/zh_CN/notebooks/01_tensors.html")
    header = page.inner_text("body")
    assert "搜索" in header, "the theme's search label in Chinese"
    hidden = page.locator("details.hide summary").first
    assert "显示隐藏的代码单元格" in hidden.inner_text()
    assert "PyTorch 从零到一" in page.title()


@pytest.mark.browser
@pytest.mark.parametrize(("folder", "word"), [("", "tensor"), ("zh_CN/", "张量"), ("zh_CN/", "梯度下降")])
def test_search_finds_the_lessons_in_each_language(page, site_url, folder, word):
    """The Chinese index is split into words by jieba: without it, no Chinese word could be found."""
    page.goto(f"{site_url}/{folder}search.html?q={quote(word)}", wait_until="networkidle")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 3
    assert any("notebooks/" in (link or "") for link in results.locator("a").evaluate_all("a => a.map(x => x.href)"))


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if "notebooks/" in p])
def test_lesson_page_has_solutions_behind_toggles_and_launch_links(static_page, site_url, path):
    page = static_page  # collapsed solutions are native <details>, and the links plain HTML: no script needed
    page.goto(f"{site_url}/{path}")
    hidden = page.locator("details.hide")
    assert hidden.count() >= 3, "at least three collapsed exercise solutions"
    assert not hidden.first.evaluate("element => element.open")
    hidden.first.locator("summary").click()
    assert hidden.first.evaluate("element => element.open")
    links = page.eval_on_selector_all("a", "anchors => anchors.map(a => a.href)")
    name = Path(path).stem
    repository_path = repository_file(path).relative_to(ROOT).as_posix()  # notebooks/zh_CN/... for Chinese
    assert any("colab.research.google.com" in link and link.endswith(repository_path) for link in links)
    assert any("mybinder.org" in link and link.endswith(repository_path) for link in links)
    assert page.locator(f'a[href$="{name}.ipynb"][download], a[href$="{name}.ipynb"]').count() > 0


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if "notebooks/" in p])
def test_widget_snapshots_render(rendered, path):
    page = rendered.get(path)
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
    for index in range(views.count()):
        view = views.nth(index)
        container = view.locator("xpath=..")
        container.locator(".jupyter-widgets").first.wait_for(timeout=15_000)
        assert container.inner_text().strip(), "a widget snapshot rendered as an empty box"
    assert "0%|" not in page.inner_text("main"), "a progress bar frozen at 0%"


@pytest.mark.browser
@pytest.mark.parametrize("folder", EDITIONS)
def test_progress_bar_shows_its_final_state(page, site_url, folder):
    load_rendered(page, f"{site_url}/{folder}notebooks/06_mnist_mlp.html")
    page.locator(".widget-html-content", has_text="training").first.wait_for(timeout=15_000)
    assert re.search(r"\b(\d+)/\1\s\[", page.inner_text("main")), "the stored progress bar is not at its end (N/N)"


@pytest.mark.browser
@pytest.mark.parametrize("folder", EDITIONS)
def test_every_table_of_contents_link_resolves(page, site_url, folder):
    load_rendered(page, f"{site_url}/{folder}intro.html")
    links = page.eval_on_selector_all("nav.bd-docs-nav a.reference.internal", "anchors => anchors.map(a => a.href)")
    assert len(links) >= len(ENGLISH) - 1
    for link in links:
        assert link.startswith(f"{site_url}/{folder}"), f"a table-of-contents link leaves the edition: {link}"
        response = page.request.get(link)
        assert response.status == 200, link
