"""Interactive figures that also move on the website, where no kernel is there to redraw them.

:func:`explorer` is ``ipywidgets.interactive`` for a function that returns a matplotlib figure: in Jupyter the
figure is drawn again whenever a slider moves. When a lesson is executed to be stored (``make execute`` sets
``COURSE_STORE_FRAMES=1``), it also draws the figure at every position the sliders can reach and stores these
**frames** as one more output of the cell; the website shows the frame of the sliders' position as they move
(``book/_ext/course_frames.py``, ``book/_assets/course-frames.js``). The live figure and the frames are made by
the same function, :func:`frame`, so a frame is exactly what the widget draws for the same values.

Frames are small PNGs (90 dpi, a palette of 64 colours), each with its alt text (:func:`describe_figure`).

Example:
    >>> import ipywidgets as widgets
    >>> from helpers.style import new_figure
    >>> def line(slope: float):
    ...     fig, ax = new_figure(width=2, height=2)
    ...     ax.plot([0, 1], [0, slope])
    ...     ax.set_title(f"slope {slope:g}")
    ...     return fig
    >>> stored = frames(line, slope=widgets.FloatSlider(value=1, min=0, max=2, step=0.5))
    >>> stored["controls"][0]["positions"], stored["default"]
    ([0.0, 0.5, 1.0, 1.5, 2.0], '2')
    >>> stored["frames"]["2"]["alt"]
    'Figure: "slope 1", a line chart.'
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import math
import os
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from helpers.figure_text import describe_figure
from helpers.validation import received

#: The environment variable ``make execute`` sets, so that the stored lessons hold the frames.
STORE_FRAMES_ENV_VAR = "COURSE_STORE_FRAMES"
#: The MIME type of the output that holds the frames (JupyterLab shows its empty ``text/html`` instead).
FRAMES_MIME = "application/vnd.course.frames+json"
#: More frames than this makes a notebook heavy: make the sliders' steps larger instead.
MAX_FRAMES = 150
PALETTE_COLOURS = 64
#: A frame's resolution: a little below the lessons' 100 dpi, so that a figure's frames weigh 20 % less.
FRAME_DPI = 90
SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider)


def positions(control: widgets.Widget) -> list[tuple[float, Any]]:
    """Return every position a slider can take, as (position on the slider, value the function receives).

    The position is what the slider's handle moves along: the value, the exponent for a ``FloatLogSlider``,
    the index for a ``SelectionSlider``.

    Example:
        >>> positions(widgets.FloatLogSlider(value=0.1, base=10, min=-2, max=0, step=1))
        [(-2.0, 0.01), (-1.0, 0.1), (0.0, 1.0)]
    """
    if isinstance(control, widgets.SelectionSlider):
        return [(float(index), value) for index, value in enumerate(control._options_values)]
    if not isinstance(control, SLIDERS):
        raise TypeError(
            f"explorer takes sliders (IntSlider, FloatSlider, FloatLogSlider, SelectionSlider), "
            f"got {type(control).__name__}: the website can only show frames for positions it can list."
        )
    count = round((control.max - control.min) / control.step) + 1
    steps = [round(control.min + index * control.step, 10) for index in range(count)]
    if isinstance(control, widgets.FloatLogSlider):
        return [(step, control.base**step) for step in steps]
    if isinstance(control, widgets.IntSlider):
        return [(float(step), int(step)) for step in steps]
    return [(step, step) for step in steps]


def _position_of(control: widgets.Widget) -> float:
    """Return the slider's current position (see :func:`positions`)."""
    if isinstance(control, widgets.SelectionSlider):
        return float(control.index)
    if isinstance(control, widgets.FloatLogSlider):
        return round(math.log(control.value, control.base), 10)
    return float(control.value)


def _nearest(grid: list[tuple[float, Any]], position: float) -> int:
    """Return the index of the grid position nearest to ``position``."""
    return min(range(len(grid)), key=lambda index: abs(grid[index][0] - position))


def _encode_png(fig: Figure) -> str:
    """Return ``fig`` as a base64 PNG at 90 dpi with a palette of 64 colours: about 8 kB for a lesson's figure."""
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FRAME_DPI)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB")
    image = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    packed = io.BytesIO()
    image.save(packed, format="PNG", optimize=True)
    return base64.b64encode(packed.getvalue()).decode("ascii")


def _check_draw(draw: object) -> None:
    if not callable(draw):
        raise TypeError(f"draw must be a function that returns a matplotlib Figure, got {received(draw)}.")


def frame(draw: Callable[..., Figure], values: Mapping[str, Any]) -> dict[str, str]:
    """Draw the figure for ``values`` and return it as ``{"png": base64 PNG, "alt": description}``.

    Raises:
        TypeError: ``draw`` is not a function, ``values`` is not a dict, or ``draw`` did not return a Figure.
    """
    _check_draw(draw)
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a dict of the function's arguments, got {received(values)}.")
    fig = draw(**values)
    if not isinstance(fig, Figure):
        raise TypeError(
            f"the function given to explorer must return a matplotlib Figure, got {type(fig).__name__}: "
            "end it with `return fig` instead of displaying the figure."
        )
    return {"png": _encode_png(fig), "alt": describe_figure(fig)}


def frames(draw: Callable[..., Figure], **controls: widgets.Widget) -> dict[str, Any]:
    """Draw the figure at every position the sliders can reach; return what the website needs to show them.

    Returns a dict with ``controls`` (each slider's description, positions and the values its readout shows there,
    in order), ``default`` (the key of
    the sliders' starting positions) and ``frames`` (key -> PNG and alt text). A key is the index of each
    slider's position, joined by commas.

    Raises:
        TypeError: ``draw`` is not a function, or a control is not a slider.
        ValueError: more than ``MAX_FRAMES`` positions in all.
    """
    _check_draw(draw)
    grids = {name: positions(control) for name, control in controls.items()}
    total = math.prod(len(grid) for grid in grids.values())
    if total > MAX_FRAMES:
        sizes = " x ".join(f"{len(grid)} {name}" for name, grid in grids.items())
        raise ValueError(
            f"the sliders reach {total} positions ({sizes}), more than {MAX_FRAMES} frames: "
            "give them a larger step or fewer options."
        )
    default = ",".join(str(_nearest(grid, _position_of(controls[name]))) for name, grid in grids.items())
    stored = {}
    for indices in itertools.product(*(range(len(grid)) for grid in grids.values())):
        values = {name: grid[index][1] for (name, grid), index in zip(grids.items(), indices, strict=True)}
        stored[",".join(map(str, indices))] = frame(draw, values)
    return {
        "controls": [
            {
                "description": controls[name].description or name,
                "positions": [position for position, _ in grid],
                "shown": _shown_values(controls[name], grid),
            }
            for name, grid in grids.items()
        ],
        "default": default,
        "frames": stored,
    }


def _shown_values(control: widgets.Widget, grid: list[tuple[float, Any]]) -> list[float | str]:
    """Return what the slider's readout says at each position: the value, or the option's label."""
    if isinstance(control, widgets.SelectionSlider):
        return [str(label) for label in control._options_labels]
    return [float(value) for _, value in grid]


def _frames_output(payload: dict[str, Any]) -> dict[str, str | dict]:
    """Return the output bundle that stores the frames: the frames for the website, an empty box for JupyterLab.

    The box names the frames by a hash of their content; the website writes them to a file of that name.
    """
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
    return {FRAMES_MIME: payload, "text/html": f'<div class="course-frames" data-frames="{digest}" hidden></div>'}


def explorer(draw: Callable[..., Figure], **controls: widgets.Widget) -> widgets.interactive:
    """Return an interactive figure: ``draw(**values)`` returns the figure for the sliders' values.

    In Jupyter it redraws as the sliders move. With ``COURSE_STORE_FRAMES=1`` (``make execute``) it also displays
    the frames for the website (see the module's docstring).

    Raises:
        TypeError: ``draw`` is not a function, or a control is not a slider.
        ValueError: a slider starts between two of its steps, or the sliders reach too many positions.
    """
    from IPython.display import display

    _check_draw(draw)
    for name, control in controls.items():
        grid = positions(control)  # checks that it is a slider, before anything is drawn
        here = _position_of(control)
        if abs(grid[_nearest(grid, here)][0] - here) > 1e-9:
            raise ValueError(
                f"the slider {name!r} starts at {control.value!r}, between two of its steps: the website has no "
                "frame for it. Start it on a step (min + a whole number of steps)."
            )

    def show(**values: Any) -> None:
        drawn = frame(draw, values)
        display({"image/png": drawn["png"]}, raw=True, metadata={"image/png": {"alt": drawn["alt"]}})

    live = widgets.interactive(show, **controls)
    if os.environ.get(STORE_FRAMES_ENV_VAR) == "1":
        display(_frames_output(frames(draw, **controls)), raw=True)
    return live
