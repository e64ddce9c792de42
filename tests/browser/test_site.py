"""The built website works with no network: every page loads cleanly in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import SITE, save_screenshot

PAGES = ["intro.html", "setup.html", "pitfalls.html", "performance.html"] + [
    f"notebooks/{path.stem}.html" for path in sorted((SITE.parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
]


def load(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)", timeout=15_000)
    if page.locator(".math").count():
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.math')).every(m => m.querySelector('mjx-container'))",
            timeout=20_000,
        )


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_and_offline(page, site_url, path):
    load(page, f"{site_url}/{path}")
    recorder = page.recorder
    assert recorder.blocked == [], "the page asked for something outside this machine"
    assert recorder.failed == []
    assert recorder.console_errors == []
    assert recorder.page_errors == []
    broken = page.evaluate("Array.from(document.images).filter(img => img.naturalWidth === 0).map(img => img.src)")
    assert broken == []
    source = (SITE / "_sources" / path).with_suffix(".ipynb" if path.startswith("notebooks/") else ".md")
    if re.search(r"\$\$|\\frac|\\partial|\\sum", source.read_text()):
        assert page.locator(".math").count() > 0, "the source has math, but the page has none"
    unrendered = page.eval_on_selector_all(
        ".math", "nodes => nodes.filter(n => !n.querySelector('mjx-container')).length"
    )
    assert unrendered == 0, "math that MathJax did not render"
    if path.startswith("notebooks/"):
        save_screenshot(page, Path(path).stem, full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("notebooks/")])
def test_lesson_page_has_solutions_behind_toggles_and_launch_links(page, site_url, path):
    load(page, f"{site_url}/{path}")
    hidden = page.locator("details.hide")
    assert hidden.count() >= 3, "at least three collapsed exercise solutions"
    assert not hidden.first.evaluate("element => element.open")
    hidden.first.locator("summary").click()
    assert hidden.first.evaluate("element => element.open")
    links = page.eval_on_selector_all("a", "anchors => anchors.map(a => a.href)")
    name = Path(path).stem
    assert any("colab.research.google.com" in link and link.endswith(f"notebooks/{name}.ipynb") for link in links)
    assert any("mybinder.org" in link for link in links)
    assert page.locator(f'a[href$="{name}.ipynb"][download], a[href$="{name}.ipynb"]').count() > 0


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("notebooks/")])
def test_widget_snapshots_render(page, site_url, path):
    load(page, f"{site_url}/{path}")
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
    for index in range(views.count()):
        view = views.nth(index)
        container = view.locator("xpath=..")
        container.locator(".jupyter-widgets").first.wait_for(timeout=15_000)
        assert container.inner_text().strip(), "a widget snapshot rendered as an empty box"
    assert "0%|" not in page.inner_text("main"), "a progress bar frozen at 0%"


@pytest.mark.browser
def test_progress_bar_shows_its_final_state(page, site_url):
    load(page, f"{site_url}/notebooks/06_mnist_mlp.html")
    page.locator(".widget-html-content", has_text="training").first.wait_for(timeout=15_000)
    assert re.search(r"\b(\d+)/\1\s\[", page.inner_text("main")), "the stored progress bar is not at its end (N/N)"


@pytest.mark.browser
def test_every_table_of_contents_link_resolves(page, site_url):
    load(page, f"{site_url}/intro.html")
    links = page.eval_on_selector_all("nav.bd-docs-nav a.reference.internal", "anchors => anchors.map(a => a.href)")
    assert len(links) >= len(PAGES) - 1
    for link in links:
        response = page.request.get(link)
        assert response.status == 200, link
