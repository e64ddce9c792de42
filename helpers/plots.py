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
from matplotlib.mathtext import MathTextParser
from matplotlib.patches import Rectangle

from helpers.style import COLORS, new_figure
from helpers.validation import as_array, as_cpu_tensor, as_float, received

ArrayLike = torch.Tensor | np.ndarray | Sequence[float]

#: plot_broadcasting draws every element: at most this many rows and columns.
MAX_BROADCAST_CELLS = 10


def _check_axes(ax: object) -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (the second value of new_figure()) or None, got {received(ax)}.")


def _check_math(name: str) -> None:
    """``name`` is drawn as TeX math between ``$`` signs: check now that matplotlib can parse it, not at display."""
    try:
        MathTextParser("path").parse(f"${name}$")
    except ValueError as error:
        problem = str(error).strip().splitlines()[-1]
        raise ValueError(
            f"name is drawn as TeX math, and matplotlib cannot parse {name!r} ({problem}). "
            "Fix the TeX (x_{12}, not x_1_2), or pass a plain name such as 'f(x)'."
        ) from None


def _curve(values: ArrayLike, name: str, length: int) -> np.ndarray:
    """Return a 1-D curve of ``length`` points; nan and inf stay (drawn as gaps), but a value must be finite."""
    if values is None and name == "dydx":
        raise TypeError("dydx is None. If you passed x.grad, call backward() first, e.g. f(x).sum().backward().")
    array = as_array(values, name, finite=False)
    if len(array) != length:
        raise ValueError(f"x and {name} must have the same length, got {length} and {len(array)}.")
    if not np.isfinite(array).any():
        raise ValueError(f"{name} has no finite value (only nan or inf), so there is nothing to draw.")
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

    Tensors may require grad or live on a GPU; lists and NumPy arrays work too.

    Raises:
        ValueError: the shapes cannot be broadcast, a tensor has more than 2 dimensions or no
            element, or ``a + b`` has more than 10 rows or columns (too many cells to draw).
        TypeError: ``a`` or ``b`` does not hold numbers.

    Example:
        >>> fig = plot_broadcasting(torch.tensor([[0.0], [10.0]]), torch.tensor([1.0, 2.0, 3.0]))
        >>> fig.axes[0].get_title()
        'Broadcasting: the faded cells are virtual copies (no memory is used)'
    """
    a, b = as_cpu_tensor(a, "a"), as_cpu_tensor(b, "b")
    if a.ndim > 2 or b.ndim > 2:
        raise ValueError(f"plot_broadcasting draws tensors of at most 2 dimensions, got {a.ndim} and {b.ndim}.")
    try:
        out_shape = torch.broadcast_shapes(a.shape, b.shape)
    except RuntimeError as error:
        raise ValueError(f"Shapes {tuple(a.shape)} and {tuple(b.shape)} do not broadcast: {error}") from None
    if a.numel() == 0 or b.numel() == 0:
        raise ValueError(
            f"plot_broadcasting needs an element in each tensor, got shapes {tuple(a.shape)} and {tuple(b.shape)}."
        )
    rows, cols = (1, 1) if len(out_shape) == 0 else ((1, out_shape[0]) if len(out_shape) == 1 else tuple(out_shape))
    if max(rows, cols) > MAX_BROADCAST_CELLS:
        raise ValueError(
            f"plot_broadcasting draws every element, and a + b has shape {tuple(out_shape)}: more than "
            f"{MAX_BROADCAST_CELLS} rows or columns. Slice the tensors first, e.g. a[:4] and b[:4]."
        )
    result = (a + b).reshape(rows, cols).double().numpy()

    def padded(t: torch.Tensor) -> tuple[np.ndarray, tuple[int, int]]:
        t2 = t.reshape((1,) * (2 - t.ndim) + tuple(t.shape))
        return t2.expand(rows, cols).double().numpy(), (t2.shape[0], t2.shape[1])

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

    The inputs may be tensors that require grad or live on a GPU, arrays, or lists of numbers
    or of 0-dim tensors. ``x`` must be finite; where ``y`` or ``dydx`` is nan or inf (``1/x`` at 0,
    say) its curve has a gap. ``name`` is TeX math, drawn between ``$`` signs.

    Raises:
        ValueError: the inputs are not non-empty 1-D arrays of the same length, ``x`` is not finite,
            a curve has no finite value, or ``name`` is not valid TeX.
        TypeError: an input does not hold numbers (``dydx`` is ``None``: ``backward()`` was not called),
            or ``ax`` is not an Axes.

    Example:
        >>> x = torch.linspace(-1, 1, 5, requires_grad=True)
        >>> (x**3).sum().backward()
        >>> fig = plot_function_and_derivative(x, x**3, x.grad, name="x^3")
        >>> fig.axes[0].get_legend().get_texts()[1].get_text()
        'derivative of $x^3$ (autograd)'
    """
    _check_axes(ax)
    _check_math(name)
    xs = as_array(x, "x")
    ys, ds = _curve(y, "y", len(xs)), _curve(dydx, "dydx", len(xs))
    fig, ax = (ax.figure, ax) if ax is not None else new_figure()
    ax.plot(xs, ys, color=COLORS["blue"], label=f"${name}$")
    ax.plot(xs, ds, color=COLORS["orange"], linestyle="--", label=f"derivative of ${name}$ (autograd)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("x")
    ax.legend()
    return fig  # type: ignore[return-value]


def plot_tangent(x: ArrayLike, y: ArrayLike, x0: float, y0: float, slope: float, name: str = "f(x)") -> Figure:
    """Plot a curve with its tangent line at ``(x0, y0)``.

    ``x`` and ``y`` are as for :func:`plot_function_and_derivative` (``y`` may have gaps);
    ``x0``, ``y0`` and ``slope`` are finite numbers or one-element tensors.

    Raises:
        ValueError: empty or mismatched curves, a non-finite ``x``, ``x0``, ``y0`` or ``slope``, or bad TeX.
        TypeError: an argument does not hold numbers.

    Example:
        >>> fig = plot_tangent([0, 1, 2], [0, 1, 4], x0=1.0, y0=1.0, slope=2.0)
        >>> fig.axes[0].get_title()
        'slope at x = 1.00 is 2.000'
    """
    _check_math(name)
    xs = as_array(x, "x")
    ys = _curve(y, "y", len(xs))
    x0, y0, slope = as_float(x0, "x0"), as_float(y0, "y0"), as_float(slope, "slope")
    fig, ax = new_figure()
    ax.plot(xs, ys, color=COLORS["blue"], label=f"${name}$")
    ax.plot(xs, y0 + slope * (xs - x0), color=COLORS["red"], linestyle="--", label="tangent")
    ax.plot([x0], [y0], "o", color=COLORS["red"])
    finite = ys[np.isfinite(ys)]
    margin = 0.1 * (finite.max() - finite.min() + 1e-9)
    ax.set_ylim(finite.min() - margin, finite.max() + margin)
    ax.set_xlabel("x")
    ax.set_title(f"slope at x = {x0:.2f} is {slope:.3f}")
    ax.legend(loc="upper left")
    return fig
