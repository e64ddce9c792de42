"""The built website is accessible: axe-core finds nothing critical or serious, and every toggle works by keyboard.

Pages: every HTML page of the built site (see ``site_pages`` in conftest.py: asset folders and the index.html
redirect are skipped; search.html and genindex.html are kept, since readers reach them), so a new lesson or the
zh_CN/ edition is covered without editing this file. axe-core is injected from
book/node_modules/axe-core/axe.min.js (installed by `make book`'s `npm ci`), never from the network, and runs
once the page is fully drawn (MathJax, widget snapshots). Moderate and minor findings are printed, not failed;
the full axe report of each page is kept in artifacts/axe/ (git-ignored).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, AXE, SITE, VIEWPORTS, load_rendered, new_page, resize, site_pages

PAGES = site_pages()
FAILING_IMPACTS = ("critical", "serious")
# Toggles a reader opens: collapsed cells and solutions (<details>, MyST-NB and sphinx-togglebutton) and
# sphinx-togglebutton's buttons on admonitions, anywhere in the page's main content.
TOGGLES = "main details > summary, main button.toggle-button"
STATIC_TOGGLE = re.compile(r'<details\b|class="admonition\b[^"]*\b(toggle|dropdown)\b')


def run_axe(page) -> dict:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make book` (its `npm ci` in book/ installs axe-core).")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{len(violation['nodes'])}]")
        for node in violation["nodes"][:10]:
            lines.append(f"    {' '.join(node['target'][-1:]) if node['target'] else ''}: {node['html'][:300]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"        {line}" for line in summary.splitlines()[:4])
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def test_the_pages_are_found():
    assert "intro.html" in PAGES, "build the website first: `make book`"
    assert any(path.startswith("notebooks/") for path in PAGES)
    assert "zh_CN/intro.html" in PAGES and any(path.startswith("zh_CN/notebooks/") for path in PAGES), "zh_CN"
    assert "index.html" not in PAGES


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_critical_or_serious_violation(rendered, path, viewport):
    """At a desktop's and a phone's size: the theme moves the sidebars into dialogs, and wide content scrolls."""
    page = rendered.get(path, viewport)
    results = run_axe(page)
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{path.replace('/', '__')}.{viewport}.json").write_text(json.dumps(results["violations"], indent=1))
    violations = results["violations"]
    failing = [violation for violation in violations if violation["impact"] in FAILING_IMPACTS]
    others = [violation for violation in violations if violation["impact"] not in FAILING_IMPACTS]
    if others:
        print(f"{path} ({viewport}): moderate or minor findings (not failing):\n{describe(others)}")
    assert not failing, f"{path} ({viewport}): axe-core found critical or serious violations:\n{describe(failing)}"
    assert page.recorder.blocked == [], "the page (or axe) asked for something outside this machine"


def findings(results: dict) -> list[tuple]:
    """What axe-core found, every impact included: each rule with its impact and the elements it names."""
    return sorted(
        (violation["id"], violation["impact"], sorted(str(node["target"]) for node in violation["nodes"]))
        for violation in results["violations"]
    )


#: A lesson page with what a phone's width changes: math, figures, wide code and outputs that scroll, and widget
#: snapshots, among them a progress bar whose line scrolls on a phone (book/_assets/course-a11y.js).
RESIZED_PAGE = "notebooks/06_mnist_mlp.html"
FOCUS_STOPS = """() => Array.from(document.querySelectorAll('[tabindex]')).map(e =>
    [e.outerHTML.slice(0, 80), e.tabIndex])"""


@pytest.mark.browser
def test_a_resized_page_is_checked_as_one_loaded_at_that_size(browser, site_url):
    """The phone's axe run above looks at the desktop's tab resized (conftest.py: ``RenderedPages``), not at a page
    loaded at the phone's size: the two must not differ, or a defect that only a phone shows could pass."""
    resized, loaded = new_page(browser, "desktop"), new_page(browser, "phone")
    try:
        load_rendered(resized, f"{site_url}/{RESIZED_PAGE}", wait_until="networkidle")
        resize(resized, "phone")
        load_rendered(loaded, f"{site_url}/{RESIZED_PAGE}", wait_until="networkidle")
        assert resized.evaluate(FOCUS_STOPS) == loaded.evaluate(FOCUS_STOPS)
        assert findings(run_axe(resized)) == findings(run_axe(loaded))
    finally:
        resized.context.close()
        loaded.context.close()


def pages_with_toggles() -> list[str]:
    return [path for path in PAGES if STATIC_TOGGLE.search((SITE / path).read_text())]


# One Tab press, then report where the focus is: which toggle (by its number), or null.
WHERE_IS_FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return {wrapped: true};
    return {wrapped: false, toggle: element.dataset.a11yToggle ?? null};
}"""
IS_OPEN = """toggle => toggle.tagName === 'SUMMARY'
    ? toggle.parentElement.open
    : toggle.getAttribute('aria-expanded') === 'true'"""
HAS_FOCUS_RING = """toggle => {
    const style = getComputedStyle(toggle);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", pages_with_toggles())
def test_every_toggle_is_reached_with_tab_and_opened_with_enter_or_space(rendered, path):
    page = rendered.get(path)  # nothing on it has had the focus yet: Tab starts from the top of the page
    count = page.evaluate(
        f"""() => {{
            const toggles = Array.from(document.querySelectorAll({json.dumps(TOGGLES)}));
            toggles.forEach((toggle, index) => toggle.dataset.a11yToggle = String(index));
            document.activeElement?.blur();
            return toggles.length;
        }}"""
    )
    if path.startswith("notebooks/"):
        assert count >= 3, "a lesson with fewer than three collapsed solutions"
    reached: list[int] = []
    keys = ["Enter", "Space"]
    for presses in range(3000):  # far more Tab stops than any page has; the loop ends when focus wraps
        if len(reached) == count:
            break
        page.keyboard.press("Tab")
        focus = page.evaluate(WHERE_IS_FOCUS)
        if focus["wrapped"] and presses > 0:
            break
        if focus.get("toggle") is None or int(focus["toggle"]) in reached:
            continue
        index = int(focus["toggle"])
        reached.append(index)
        toggle = page.locator(f'[data-a11y-toggle="{index}"]')
        assert toggle.evaluate(HAS_FOCUS_RING), f"toggle {index} shows no focus indicator"
        assert not toggle.evaluate(IS_OPEN), f"toggle {index} starts open"
        key = keys[len(reached) % 2]
        page.keyboard.press(key)
        assert toggle.evaluate(IS_OPEN), f"{key} did not open toggle {index}: {toggle.evaluate('t => t.outerHTML')}"
    missing = sorted(set(range(count)) - set(reached))
    assert not missing, f"toggles never reached with Tab: {missing}"


def test_toggle_pages_are_found():
    pages = pages_with_toggles()
    lessons = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert lessons, "no lessons"
    for edition in ("", "zh_CN/"):
        found = {Path(path).stem for path in pages if path.startswith(f"{edition}notebooks/")}
        assert found >= set(lessons), f"lessons without toggles in the {edition or 'English'} edition"
