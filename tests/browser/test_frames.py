"""On the website, every interactive figure moves with its sliders, in both editions, with no kernel behind it.

Each slider of each interactive figure (helpers/explore.py) is focused and moved with the arrow keys. The figure
and its alt text must change, and the figure must be the stored frame for the value the slider's readout shows
(read from the frames file the site serves, book/_ext/course_frames.py). The figure the page opens with is the
widget's stored first drawing, which tests/test_notebook_hygiene.py checks against the starting frame.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import SITE, load_rendered
from tests.site_editions import reader_pages

FRAME_PAGES = [
    path.relative_to(SITE).as_posix()
    for path in reader_pages()
    if "notebooks/" in path.as_posix() and 'class="course-frames"' in path.read_text()
]


def stored_frames(page_path: str, digest: str) -> dict:
    folder = page_path.split("notebooks/")[0]  # "" or "zh_CN/": each edition serves its own frames
    script = (SITE / folder / "_static" / "course-frames" / f"{digest}.js").read_text()
    return json.loads(re.search(r"= (\{.*\});\s*$", script, re.S).group(1))


def position_shown(control: dict, readout: str) -> int:
    """The index of the position whose value the readout shows (a number, or a label)."""
    shown = control["shown"]
    if isinstance(shown[0], str):
        return shown.index(readout.strip())
    value = float(readout)  # rounded for display: the nearest value, relatively
    return min(range(len(shown)), key=lambda index: abs(shown[index] - value) / max(abs(shown[index]), 1e-9))


def test_the_interactive_lessons_are_found():
    lessons = {path.split("notebooks/")[1] for path in FRAME_PAGES}
    assert {"02_autograd.html", "03_linear_regression_from_scratch.html"} <= lessons
    assert any(path.startswith("zh_CN/") for path in FRAME_PAGES), "both editions"


@pytest.mark.browser
@pytest.mark.parametrize("path", FRAME_PAGES)
def test_every_slider_moves_its_figure(page, site_url, path):
    load_rendered(page, f"{site_url}/{path}")
    widgets = page.locator(".widget-interact[data-course-frames]")
    boxes = page.locator(".course-frames[data-frames]")
    assert widgets.count() == boxes.count() >= 1, "every interactive figure is connected to its frames"
    for number in range(widgets.count()):
        widget = widgets.nth(number)
        frames = stored_frames(path, widget.get_attribute("data-course-frames"))
        image = widget.locator("img").first
        sliders = widget.locator(".widget-slider, .widget-hslider")
        assert sliders.count() == len(frames["controls"])
        for index in range(sliders.count()):
            slider = sliders.nth(index)
            handle = slider.locator('[role="slider"]').first
            assert handle.get_attribute("aria-labelledby") or handle.get_attribute("aria-label"), "a named slider"
            before = (image.get_attribute("src"), image.get_attribute("alt"))
            readout_before = slider.locator(".widget-readout").inner_text()
            handle.focus()
            control = frames["controls"][index]
            at_end = position_shown(control, readout_before) == len(control["positions"]) - 1
            key = "ArrowLeft" if at_end else "ArrowRight"
            page.keyboard.press(key)
            page.keyboard.press(key)
            changed = "([img, src]) => img.getAttribute('src') !== src"
            page.wait_for_function(changed, arg=[image.element_handle(), before[0]])
            after = (image.get_attribute("src"), image.get_attribute("alt"))
            assert after[1] and after[1] != before[1], "the alt text follows the figure"
            readouts = [sliders.nth(other).locator(".widget-readout").inner_text() for other in range(sliders.count())]
            assert readouts[index] != readout_before, "the readout shows the new value"
            shown = zip(frames["controls"], readouts, strict=True)
            expected = ",".join(str(position_shown(control, readout)) for control, readout in shown)
            frame = frames["frames"][expected]
            assert after == (f"data:image/png;base64,{frame['png']}", frame["alt"]), "the frame for the value shown"
    assert page.recorder.blocked == [] and page.recorder.failed == [], "the frames come from the site itself"
