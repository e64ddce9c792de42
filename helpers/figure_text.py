"""Describe a figure in words, for the alt text of the images the lessons store and the website shows.

:func:`describe_figure` reads what the figure itself says (its titles, axis labels, legend entries
and the kind of marks it holds), so every figure a lesson draws gets a description that matches
it, without a line of extra code in the lesson.

Example:
    >>> from helpers.style import new_figure
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], [1, 0], label="training")
    >>> _ = ax.set(title="Loss", xlabel="epoch", ylabel="loss")
    >>> _ = ax.legend()
    >>> describe_figure(fig)
    'Figure: "Loss", a line chart of loss against epoch (training).'
"""

from __future__ import annotations

import re

from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure


def _kind(ax: Axes) -> str:
    """Name the marks an axes holds: an image, a contour map, a scatter plot, bars, lines."""
    kinds = []
    if ax.images:
        kinds.append("an image")
    if any(isinstance(collection, ContourSet) for collection in ax.collections):
        kinds.append("a contour map")
    if any(isinstance(c, PathCollection) and len(c.get_offsets()) for c in ax.collections):
        kinds.append("a scatter plot")
    if ax.containers:
        kinds.append("a bar chart")
    if ax.get_lines():
        kinds.append("a line chart")
    if not kinds and ax.patches:
        kinds.append("a diagram")
    return " with ".join(kinds) if kinds else "an empty panel"


GREEK = {"alpha": "α", "beta": "β", "eta": "η", "lambda": "λ", "mu": "μ", "sigma": "σ", "theta": "θ"}


def plain_text(label: str) -> str:
    r"""Return a label with its TeX math turned into plain text, as a screen reader should read it.

    Example:
        >>> plain_text(r"$\sin(x)\,e^{-x/3}$"), plain_text(r"$\sigma'(z)$"), plain_text("$x_1$")
        ('sin(x) e^-x/3', "σ'(z)", 'x1')
    """
    if not isinstance(label, str):
        raise TypeError(f"plain_text needs a label as a string, such as '$x_1$', not {type(label).__name__}")
    text = re.sub(r"\\[,;:! ]", " ", label.replace("$", ""))
    text = re.sub(r"\\([A-Za-z]+)", lambda match: GREEK.get(match.group(1), match.group(1)), text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "").replace("_", "")).strip()


def describe_axes(ax: Axes) -> str:
    """One phrase for one panel: its title, the kind of chart, what is plotted against what, its legend."""
    if not isinstance(ax, Axes):
        raise TypeError(f"describe_axes takes a matplotlib Axes, got {type(ax).__name__}.")
    parts = [f'"{ax.get_title()}", ' if ax.get_title() else "", _kind(ax)]
    x_label, y_label = ax.get_xlabel(), ax.get_ylabel()
    if x_label and y_label and ax.axison:
        parts.append(f" of {y_label} against {x_label}")
    elif x_label and ax.axison:
        parts.append(f" over {x_label}")
    legend = ax.get_legend()
    if legend is not None:
        labels = [text.get_text() for text in legend.get_texts() if text.get_text()]
        if labels:
            parts.append(f" ({', '.join(labels)})")
    return plain_text("".join(parts))


def describe_figure(fig: Figure) -> str:
    """Return a short description of what ``fig`` shows, built from its own titles and labels."""
    if not isinstance(fig, Figure):
        raise TypeError(f"describe_figure takes a matplotlib Figure, got {type(fig).__name__}.")
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>" and (ax.has_data() or ax.get_title())]
    if not panels:
        return "Figure: empty."
    titled_images = [ax for ax in panels if ax.images and not ax.axison]
    if len(titled_images) > 4 and len(titled_images) == len(panels):
        titles = [ax.get_title() for ax in titled_images if ax.get_title()]
        shown = ", ".join(titles[:8]) + (" and more" if len(titles) > 8 else "")
        return f"Figure: a grid of {len(panels)} images" + (f", titled {shown}." if titles else ".")
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    head = f'Figure: "{suptitle}", ' if suptitle else "Figure: "
    if len(panels) == 1:
        return f"{head}{describe_axes(panels[0])}."
    described = "; ".join(f"panel {number}: {describe_axes(ax)}" for number, ax in enumerate(panels, start=1))
    return f"{head}{len(panels)} panels. {described[0].upper()}{described[1:]}."
