"""Interactive figures (helpers/explore.py): the live widget draws exactly the stored frames.

The website shows stored frames where JupyterLab redraws the figure, so the two must be the same picture for the
same slider values: the frame for the sliders' starting values is the figure the live widget draws first, and
moving a slider draws the frame of its new position.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from matplotlib.figure import Figure

from helpers import explore
from helpers.style import new_figure


def tilted(slope: float, label: str) -> Figure:
    fig, ax = new_figure(width=2, height=2)
    ax.plot([0, 1], [0, slope])
    ax.set_title(f"{label}: slope {slope:g}")
    return fig


def controls() -> dict[str, widgets.Widget]:
    return {
        "slope": widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.5, description="slope"),
        "label": widgets.SelectionSlider(options=["a", "b"], value="b", description="label"),
    }


@pytest.fixture
def displayed(monkeypatch) -> list[tuple[dict, dict | None]]:
    """What the explorer displays, in order, as a learner's Jupyter would receive it."""
    shown: list[tuple[dict, dict | None]] = []

    def display(bundle: dict, raw: bool = False, metadata: dict | None = None) -> None:
        shown.append((bundle, metadata))

    monkeypatch.setattr("IPython.display.display", display)
    return shown


def test_the_live_widget_first_draws_the_starting_frame_and_then_the_frame_of_each_move(displayed, monkeypatch):
    monkeypatch.setenv(explore.STORE_FRAMES_ENV_VAR, "1")
    live = explore.explorer(tilted, **controls())
    (first, first_metadata), (stored_bundle, _) = displayed[:2]
    stored = stored_bundle[explore.FRAMES_MIME]
    assert stored["default"] == "2,1", "log-slider exponent 0 (slope 1) is the third position; 'b' the second option"
    start = stored["frames"][stored["default"]]
    assert first["image/png"] == start["png"]
    assert first_metadata["image/png"]["alt"] == start["alt"] == 'Figure: "b: slope 1", a line chart.'
    assert 'class="course-frames"' in stored_bundle["text/html"]

    live.kwargs_widgets[0].value = 10**-0.5  # one step to the left
    moved, metadata = displayed[-1]
    assert moved["image/png"] == stored["frames"]["1,1"]["png"]
    assert metadata["image/png"]["alt"] == stored["frames"]["1,1"]["alt"]


def test_frames_are_stored_only_when_make_execute_asks(displayed, monkeypatch):
    monkeypatch.delenv(explore.STORE_FRAMES_ENV_VAR, raising=False)
    explore.explorer(tilted, **controls())
    assert len(displayed) == 1 and "image/png" in displayed[0][0], "a learner's Jupyter only draws the live figure"


def test_every_position_has_a_frame_and_the_readouts_values():
    stored = explore.frames(tilted, **controls())
    assert len(stored["frames"]) == 5 * 2
    slope, label = stored["controls"]
    assert slope["positions"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert slope["shown"] == pytest.approx([0.1, 10**-0.5, 1.0, 10**0.5, 10.0])
    assert label == {"description": "label", "positions": [0.0, 1.0], "shown": ["a", "b"]}
    assert stored["frames"]["4,0"]["alt"] == 'Figure: "a: slope 10", a line chart.'


def test_a_frame_is_a_small_palette_png():
    from base64 import b64decode
    from io import BytesIO

    from PIL import Image

    drawn = explore.frame(tilted, {"slope": 1.0, "label": "a"})
    image = Image.open(BytesIO(b64decode(drawn["png"])))
    assert image.mode == "P" and len(image.getpalette()) // 3 <= explore.PALETTE_COLOURS
    assert image.size == (2 * explore.FRAME_DPI, 2 * explore.FRAME_DPI)
