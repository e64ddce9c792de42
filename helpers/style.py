"""The course's single figure style: size, fonts and colours, set in one place.

Figures are built with matplotlib's object-oriented API (:func:`new_figure`), not
with ``pyplot``, so a figure appears exactly once: when the notebook displays it
(as the last expression of a cell, or with ``display(fig)``).

Example:
    >>> from helpers.style import new_figure
    >>> fig, ax = new_figure()
    >>> fig.get_size_inches().tolist()
    [6.4, 4.0]
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.figure_text import describe_figure
from helpers.validation import as_float, as_int, received

#: The largest grid of axes, and the largest figure side in inches, that new_figure makes.
MAX_AXES_PER_SIDE = 100
MAX_INCHES = 200.0

#: Named colours, colour-blind safe (Okabe-Ito palette).
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "red": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",
}

COURSE_STYLE: dict[str, Any] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())),
    "image.cmap": "viridis",
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


def use_course_style() -> None:
    """Apply the course style to every figure made from now on (call once per notebook).

    Example:
        >>> use_course_style()
        >>> mpl.rcParams["axes.grid"]
        True
    """
    mpl.rcParams.update(COURSE_STYLE)
    _show_figures_inline()


def figure_png_with_alt(fig: Figure) -> tuple[str, dict[str, str]]:
    """Render ``fig`` as a PNG for Jupyter, with its description as the image's alt text.

    IPython stores the second item as the output's metadata, so the saved notebook and the
    website built from it say in words what each figure shows.

    Example:
        >>> fig, ax = new_figure()
        >>> _ = ax.set(title="Loss", xlabel="epoch")
        >>> _, metadata = figure_png_with_alt(fig)
        >>> metadata["alt"]
        'Figure: "Loss", an empty panel over epoch.'
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"figure_png_with_alt takes a matplotlib Figure, got {type(fig).__name__}.")
    from IPython.core.pylabtools import print_figure

    return print_figure(fig, "png", base64=True), {"alt": describe_figure(fig)}


def _show_figures_inline() -> None:
    """In Jupyter, display a Figure that ends a cell as a PNG image (without pyplot), with alt text."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    png = shell.display_formatter.formatters["image/png"]

    def register() -> None:
        png.for_type(Figure, figure_png_with_alt)

    register()
    # Importing pyplot anywhere (scikit-learn and ipywidgets can) makes matplotlib's inline backend register its
    # own PNG formatter, without alt text, over this one: register again before every cell runs.
    if not getattr(shell, "_course_alt_text_hook", False):
        shell.events.register("pre_execute", register)
        shell._course_alt_text_hook = True


def new_figure(
    nrows: int = 1, ncols: int = 1, *, width: float | None = None, height: float | None = None, **kwargs: Any
) -> tuple[Figure, Any]:
    """Make a new figure in the course style, with a grid of axes, like ``plt.subplots``.

    Args:
        nrows, ncols: the grid of axes, each from 1 to 100 (NumPy integers are fine).
        width, height: the size in inches, from above 0 to 200; ``None`` for the course default.
        kwargs: passed to ``Figure.subplots`` (``sharey=True``, say).

    Returns:
        ``(fig, ax)`` for one axes, else ``(fig, axes)`` with ``axes`` a NumPy array.

    Raises:
        TypeError: ``nrows`` or ``ncols`` is not an integer, or a size is not a number.
        ValueError: a value is out of range, or a size is nan or inf.

    Example:
        >>> fig, axes = new_figure(1, 2, width=8)
        >>> axes.shape
        (2,)
    """
    nrows = as_int(nrows, "nrows", minimum=1, maximum=MAX_AXES_PER_SIDE)
    ncols = as_int(ncols, "ncols", minimum=1, maximum=MAX_AXES_PER_SIDE)
    default_width, default_height = COURSE_STYLE["figure.figsize"]
    size = [
        default if value is None else as_float(value, name, above=0.0, hint=" It is a size in inches.")
        for value, name, default in ((width, "width", default_width), (height, "height", default_height))
    ]
    if max(size) > MAX_INCHES:
        raise ValueError(f"a figure side of {max(size):g} inches is larger than {MAX_INCHES:g}. Pass a smaller size.")
    with mpl.rc_context(COURSE_STYLE):
        fig = Figure(figsize=tuple(size), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def all_axes(axes: Axes | np.ndarray) -> list[Axes]:
    """Return the axes of :func:`new_figure`'s result as a flat list.

    Raises:
        TypeError: ``axes`` is neither an Axes nor an array or list of them.

    Example:
        >>> fig, axes = new_figure(2, 2)
        >>> len(all_axes(axes)), len(all_axes(axes[0, 0]))
        (4, 1)
    """
    if isinstance(axes, Axes):
        return [axes]
    flat = list(np.ravel(np.asarray(axes, dtype=object))) if isinstance(axes, np.ndarray | list | tuple) else None
    if flat is None or not all(isinstance(ax, Axes) for ax in flat):
        raise TypeError(f"all_axes takes what new_figure returns (an Axes or an array of them), got {received(axes)}.")
    return flat
