"""Figures for lessons 01 and 02: broadcasting, and functions with their derivatives.

Every function returns the Figure (or draws on the Axes you pass and returns it);
none of them calls ``show``.

Example:
    >>> import torch
    >>> from helpers.plots import plot_function_and_derivative
    >>> x = torch.linspace(-2, 2, 50)
    >>> fig = plot_function_and_derivative(x, x**2, 2 * x, name="x^2")
    >>> len(fig.axes)
    1
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers.style import COLORS, new_figure

ArrayLike = torch.Tensor | np.ndarray | Sequence[float]


def _as_numpy(values: ArrayLike, name: str) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}.")
    return array


def _draw_grid(
    ax: Axes, values: np.ndarray, origin: tuple[float, float], real_shape: tuple[int, int], color: str, label: str
) -> None:
    """Draw a 2-D array as cells; cells outside ``real_shape`` are broadcast copies (faded)."""
    x0, y0 = origin
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            real = i < real_shape[0] and j < real_shape[1]
            ax.add_patch(
                Rectangle(
                    (x0 + j, y0 - i - 1),
                    1,
                    1,
                    facecolor=color,
                    alpha=0.85 if real else 0.25,
                    edgecolor="white",
                    linewidth=2,
                    linestyle="-" if real else "--",
                )
            )
            ax.text(
                x0 + j + 0.5,
                y0 - i - 0.5,
                f"{values[i, j]:g}",
                ha="center",
                va="center",
                color="black" if real else "dimgray",
                fontsize=10,
            )
    ax.text(x0 + cols / 2, y0 + 0.35, label, ha="center", va="bottom", fontsize=10)


def plot_broadcasting(a: torch.Tensor, b: torch.Tensor) -> Figure:
    """Picture ``a + b`` for two tensors of at most two dimensions, with broadcast copies faded.

    Raises:
        ValueError: the shapes cannot be broadcast, or a tensor has more than 2 dimensions.

    Example:
        >>> fig = plot_broadcasting(torch.tensor([[0.0], [10.0]]), torch.tensor([1.0, 2.0, 3.0]))
        >>> fig.axes[0].get_title()
        'Broadcasting: the faded cells are virtual copies (no memory is used)'
    """
    if a.ndim > 2 or b.ndim > 2:
        raise ValueError(f"plot_broadcasting draws tensors of at most 2 dimensions, got {a.ndim} and {b.ndim}.")
    try:
        out_shape = torch.broadcast_shapes(a.shape, b.shape)
    except RuntimeError as error:
        raise ValueError(f"Shapes {tuple(a.shape)} and {tuple(b.shape)} do not broadcast: {error}") from None
    rows, cols = (1, 1) if len(out_shape) == 0 else ((1, out_shape[0]) if len(out_shape) == 1 else tuple(out_shape))
    result = (a + b).reshape(rows, cols).detach().cpu().numpy()

    def padded(t: torch.Tensor) -> tuple[np.ndarray, tuple[int, int]]:
        t2 = t.reshape((1,) * (2 - t.ndim) + tuple(t.shape))
        return t2.expand(rows, cols).detach().cpu().numpy(), (t2.shape[0], t2.shape[1])

    (a_values, a_shape), (b_values, b_shape) = padded(a), padded(b)
    gap = 1.5
    fig, ax = new_figure(width=1.2 + 0.9 * (3 * cols + 2 * gap), height=1.2 + 0.9 * rows)
    _draw_grid(ax, a_values, (0, 0), a_shape, COLORS["sky"], f"a {tuple(a.shape)}")
    ax.text(cols + gap / 2, -rows / 2, "+", ha="center", va="center", fontsize=18)
    _draw_grid(ax, b_values, (cols + gap, 0), b_shape, COLORS["orange"], f"b {tuple(b.shape)}")
    ax.text(2 * cols + 1.5 * gap, -rows / 2, "=", ha="center", va="center", fontsize=18)
    _draw_grid(ax, result, (2 * (cols + gap), 0), (rows, cols), COLORS["green"], f"a + b {tuple(out_shape)}")
    ax.set_xlim(-0.2, 3 * cols + 2 * gap + 0.2)
    ax.set_ylim(-rows - 0.2, 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Broadcasting: the faded cells are virtual copies (no memory is used)")
    return fig


def plot_function_and_derivative(
    x: ArrayLike, y: ArrayLike, dydx: ArrayLike, name: str = "f(x)", ax: Axes | None = None
) -> Figure:
    """Plot a function and its derivative on shared axes.

    Raises:
        ValueError: the three inputs are not 1-D arrays of the same length.
    """
    xs, ys, ds = _as_numpy(x, "x"), _as_numpy(y, "y"), _as_numpy(dydx, "dydx")
    if not len(xs) == len(ys) == len(ds):
        raise ValueError(f"x, y and dydx must have the same length, got {len(xs)}, {len(ys)} and {len(ds)}.")
    fig, ax = (ax.figure, ax) if ax is not None else new_figure()
    ax.plot(xs, ys, color=COLORS["blue"], label=f"${name}$")
    ax.plot(xs, ds, color=COLORS["orange"], linestyle="--", label=f"derivative of ${name}$ (autograd)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("x")
    ax.legend()
    return fig  # type: ignore[return-value]


def plot_tangent(x: ArrayLike, y: ArrayLike, x0: float, y0: float, slope: float, name: str = "f(x)") -> Figure:
    """Plot a curve with its tangent line at ``(x0, y0)``.

    Example:
        >>> fig = plot_tangent([0, 1, 2], [0, 1, 4], x0=1.0, y0=1.0, slope=2.0)
        >>> fig.axes[0].get_title()
        'slope at x = 1.00 is 2.000'
    """
    xs, ys = _as_numpy(x, "x"), _as_numpy(y, "y")
    fig, ax = new_figure()
    ax.plot(xs, ys, color=COLORS["blue"], label=f"${name}$")
    ax.plot(xs, y0 + slope * (xs - x0), color=COLORS["red"], linestyle="--", label="tangent")
    ax.plot([x0], [y0], "o", color=COLORS["red"])
    margin = 0.1 * (ys.max() - ys.min() + 1e-9)
    ax.set_ylim(ys.min() - margin, ys.max() + margin)
    ax.set_xlabel("x")
    ax.set_title(f"slope at x = {x0:.2f} is {slope:.3f}")
    ax.legend(loc="upper left")
    return fig
