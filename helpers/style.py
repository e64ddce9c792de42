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


def _show_figures_inline() -> None:
    """In Jupyter, display a Figure that ends a cell as a PNG image (without pyplot)."""
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import select_figure_formats
    except ImportError:  # plain Python: nothing to configure
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        select_figure_formats(shell, {"png"})


def new_figure(
    nrows: int = 1, ncols: int = 1, *, width: float | None = None, height: float | None = None, **kwargs: Any
) -> tuple[Figure, Any]:
    """Make a new figure in the course style, with a grid of axes, like ``plt.subplots``.

    Returns:
        ``(fig, ax)`` for one axes, else ``(fig, axes)`` with ``axes`` a NumPy array.

    Example:
        >>> fig, axes = new_figure(1, 2, width=8)
        >>> axes.shape
        (2,)
    """
    with mpl.rc_context(COURSE_STYLE):
        default_width, default_height = COURSE_STYLE["figure.figsize"]
        fig = Figure(figsize=(width or default_width, height or default_height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def all_axes(axes: Axes | np.ndarray) -> list[Axes]:
    """Return the axes of :func:`new_figure`'s result as a flat list."""
    return list(np.ravel(axes)) if isinstance(axes, np.ndarray) else [axes]
