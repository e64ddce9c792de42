"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, with the network closed."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site_editions import reader_pages

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "book" / "_build" / "html"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def save_screenshot(page, name: str, full_page: bool = False) -> None:
    """Keep a picture of the page in artifacts/screenshots/ (git-ignored), for a human to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), "
            "or point COURSE_CHROMIUM at a Chromium binary. Never run `playwright install`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Recorder:
    """Blocks every request that leaves the machine and records what went wrong on a page."""

    def __init__(self, page) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        page.on(
            "response",
            lambda response: response.status >= 400 and self.failed.append(f"{response.url} (HTTP {response.status})"),
        )
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOOPBACK:
            self.blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.recorder = Recorder(new_page)
    yield new_page
    context.close()


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "intro.html").is_file():
        pytest.fail(f"The website is not built in {SITE.relative_to(ROOT)}: run `make book` first.")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


# --- Shared by the accessibility tests (tests/browser/test_accessibility.py) ---

AXE = ROOT / "book" / "node_modules" / "axe-core" / "axe.min.js"


def site_pages() -> list[str]:
    """Every HTML page a reader can open, relative to the site root, any language edition included.

    Walks the built site (tests/site_editions.py: ``reader_pages``), so pages added later (a new lesson, a page of
    the zh_CN/ edition) are tested without editing a list.
    """
    return [path.relative_to(SITE).as_posix() for path in reader_pages()]


WIDGETS_RENDERED = """() => Array.from(
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
).every(view => view.parentElement.querySelector('.jupyter-widgets'))"""


def load_rendered(page, url: str) -> None:
    """Open a page and wait until it looks as a reader sees it: images, MathJax, widget snapshots, fonts."""
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)", timeout=15_000)
    if page.locator(".math").count():
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.math')).every(m => m.querySelector('mjx-container'))",
            timeout=20_000,
        )
    page.wait_for_function(WIDGETS_RENDERED, timeout=20_000)
    # Widget outputs (images, sliders) arrive a moment after their box: wait for them, then for the site's
    # accessibility script (book/_assets/course-a11y.js) to have labelled them.
    page.wait_for_function("Array.from(document.images).every(img => img.complete)", timeout=15_000)
    page.evaluate("document.fonts.ready.then(() => new Promise(done => setTimeout(done, 100)))")
