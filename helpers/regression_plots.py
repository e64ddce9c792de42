"""Figures for the linear-regression lessons: fits, loss curves and loss surfaces.

Each function returns a Figure and never shows it; display it by ending a cell with it.

Example:
    >>> import torch
    >>> from helpers.regression_plots import mse_surface
    >>> x, y = torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0])
    >>> surface = mse_surface(x, y, w_range=(0, 4), b_range=(0, 2), resolution=5)
    >>> round(surface.loss.min().item(), 4)
    0.0
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.style import COLORS, new_figure
from helpers.validation import as_array, as_bool, as_cpu_tensor, as_float, as_int, as_mapping, as_range, received

#: A descent path: one (w, b) pair per step.
Path = Sequence[tuple[float, float]] | torch.Tensor
#: The finest loss-surface grid, per axis.
MAX_RESOLUTION = 1000
#: mse_surface evaluates at most this many (grid point, sample) terms at a time.
MSE_CHUNK_ELEMENTS = 4_000_000
#: plot_learning_rate_study draws at most this many panels.
MAX_PANELS = 12


class LossSurface(NamedTuple):
    """The mean squared error on a grid of (w, b) values."""

    w: torch.Tensor
    b: torch.Tensor
    loss: torch.Tensor


def _check_xy(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One finite feature per sample, and one finite target per sample, as float32 CPU tensors."""
    x, y = as_cpu_tensor(x, "x").reshape(-1), as_cpu_tensor(y, "y")
    if y.ndim != 1 or x.shape != y.shape:
        raise ValueError(
            f"x must hold one feature per sample and match y: got x {tuple(x.shape)} and y {tuple(y.shape)}."
        )
    as_array(x, "x")  # non-empty and finite
    as_array(y, "y")
    return x.float(), y.float()


def _as_path(path: Path, name: str = "path") -> np.ndarray:
    """Return a descent path as a (steps, 2) array; it may hold nan or inf where a descent diverged."""
    points = as_cpu_tensor(path, name)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"a path is a sequence of (w, b) pairs, got shape {tuple(points.shape)}.")
    return as_array(points, name, ndim=2, finite=False)


def _check_surface(surface: object) -> LossSurface:
    """Check a LossSurface as mse_surface makes it: three finite 2-D grids of one shape, at least 2 x 2."""
    if not (isinstance(surface, tuple) and len(surface) == 3):
        raise TypeError(f"surface must be the LossSurface that mse_surface() returns, got {received(surface)}.")
    grids = [as_cpu_tensor(grid, f"surface.{name}") for grid, name in zip(surface, LossSurface._fields, strict=True)]
    shapes = [tuple(grid.shape) for grid in grids]
    if len(set(shapes)) != 1 or len(shapes[0]) != 2 or min(shapes[0]) < 2:
        raise ValueError(
            f"surface must hold three 2-D grids of one shape, at least 2 x 2, got {shapes}. Use mse_surface()."
        )
    for grid, name in zip(grids, LossSurface._fields, strict=True):
        if not torch.isfinite(grid).all():
            raise ValueError(
                f"surface.{name} holds nan or inf: the squared error overflowed. "
                "Use smaller w_range and b_range, or rescale the data."
            )
    return LossSurface(*grids)


def _chunked_mse(grid_w: torch.Tensor, grid_b: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Compute the MSE at every grid point, a block of rows at a time so that memory stays small."""
    rows = max(1, MSE_CHUNK_ELEMENTS // (grid_w.shape[1] * len(x)))
    blocks = []
    for start in range(0, grid_w.shape[0], rows):
        w, b = grid_w[start : start + rows, :, None], grid_b[start : start + rows, :, None]
        blocks.append(((w * x + b - y) ** 2).mean(dim=-1))
    return torch.cat(blocks)


def mse_surface(
    x: torch.Tensor,
    y: torch.Tensor,
    w_range: tuple[float, float] = (-1.0, 5.0),
    b_range: tuple[float, float] = (-2.0, 4.0),
    resolution: int = 121,
) -> LossSurface:
    """Compute the mean squared error of ``w * x + b`` over a grid of ``(w, b)``.

    Args:
        x, y: one finite feature and one finite target per sample (tensors may require grad or
            live on a GPU).
        w_range, b_range: ``(low, high)`` with finite ``low < high``.
        resolution: grid points along each axis, from 2 to 1000.

    Raises:
        ValueError: empty, mismatched or non-finite data, a bad range, or a resolution out of range.
        TypeError: an argument has the wrong type (``resolution=50.0``, say).

    Example:
        >>> surface = mse_surface(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0]), resolution=3)
        >>> tuple(surface.loss.shape)
        (3, 3)
    """
    x, y = _check_xy(x, y)
    w_range, b_range = as_range(w_range, "w_range"), as_range(b_range, "b_range")
    resolution = as_int(resolution, "resolution", minimum=2, maximum=MAX_RESOLUTION)
    w = torch.linspace(*w_range, resolution)
    b = torch.linspace(*b_range, resolution)
    grid_w, grid_b = torch.meshgrid(w, b, indexing="xy")
    return LossSurface(grid_w, grid_b, _chunked_mse(grid_w, grid_b, x, y))


def _draw_surface(ax: Axes, surface: LossSurface) -> None:
    levels = np.quantile(surface.loss.numpy(), np.linspace(0.0, 0.95, 12) ** 2)
    ax.contourf(
        surface.w.numpy(),
        surface.b.numpy(),
        surface.loss.numpy(),
        levels=np.unique(levels),
        cmap="Blues_r",
        antialiased=False,
    )
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_aspect("equal")  # one unit of w as long as one unit of b: right angles look right
    ax.grid(False)


def _draw_path(ax: Axes, path: np.ndarray, surface: LossSurface, color: str) -> None:
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=3, linewidth=1.5, label="descent path")
    ax.plot(*path[0], "s", color="black", markersize=7, label="start")
    ax.plot(*path[-1], "*", color=color, markersize=14, markeredgecolor="black", label="end")
    ax.set_xlim(surface.w.min().item(), surface.w.max().item())
    ax.set_ylim(surface.b.min().item(), surface.b.max().item())


def _line(label: object, line: object) -> tuple[float, float]:
    if isinstance(line, torch.Tensor | np.ndarray):
        line = as_cpu_tensor(line, f"lines[{label!r}]").reshape(-1).tolist()
    if not isinstance(line, Sequence) or isinstance(line, str) or len(line) != 2:
        raise TypeError(f"lines[{label!r}] must be a pair (w, b) such as (2.0, 1.0), got {received(line)}.")
    return as_float(line[0], f"w of lines[{label!r}]"), as_float(line[1], f"b of lines[{label!r}]")


def plot_fit(x: torch.Tensor, y: torch.Tensor, lines: Mapping[str, tuple[float, float]]) -> Figure:
    """Scatter the data and draw one line ``y = w x + b`` per entry of ``lines`` (label -> (w, b)).

    ``x`` and ``y`` are as for :func:`mse_surface`; ``w`` and ``b`` are finite numbers (or one-element
    tensors). An empty ``lines`` draws the data alone.

    Raises:
        ValueError: empty, mismatched or non-finite data, or a non-finite ``w`` or ``b``.
        TypeError: ``lines`` is not a dict of (w, b) pairs.

    Example:
        >>> fig = plot_fit(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0]), {"fit": (2.0, 1.0)})
        >>> fig.axes[0].get_legend().get_texts()[1].get_text()
        'fit: y = 2.000·x + 1.000'
    """
    x, y = _check_xy(x, y)
    if not isinstance(lines, Mapping):
        raise TypeError(
            f"lines must be a dict of label -> (w, b), such as {{'fit': (2.0, 1.0)}}, got {received(lines)}."
        )
    checked = {label: _line(label, line) for label, line in lines.items()}
    fig, ax = new_figure()
    ax.scatter(x.numpy(), y.numpy(), s=14, color=COLORS["grey"], alpha=0.7, label="data")
    xs = torch.linspace(x.min().item(), x.max().item(), 2)
    for (label, (w, b)), style in zip(checked.items(), itertools.cycle(["-", "--", ":", "-."])):
        ax.plot(xs.numpy(), (w * xs + b).numpy(), style, label=f"{label}: y = {w:.3f}·x + {b:.3f}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return fig


def _loss_curve(label: object, losses: object, log_scale: bool) -> np.ndarray:
    curve = as_array(losses, f"curves[{label!r}]", finite=False)
    finite = curve[np.isfinite(curve)]
    if finite.size == 0:
        raise ValueError(
            f"curves[{label!r}] has no finite loss (only nan or inf): training diverged from the first step. "
            "Lower the learning rate."
        )
    if log_scale and not (finite > 0).any():
        raise ValueError(
            f"curves[{label!r}] has no positive loss, which a log scale cannot show. Pass log_scale=False."
        )
    return curve


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]], log_scale: bool = True, title: str = "", x_label: str = "step"
) -> Figure:
    """Plot one loss curve per entry of ``curves`` (label -> loss per step, or per ``x_label``).

    A curve is a list of numbers or of 0-dim tensors (which may require grad or live on a GPU),
    an array or a 1-D tensor. Losses that overflowed to nan or inf, as when a learning rate is too
    large, are not rejected: the curve stops there (a gap), and the finite part is drawn.

    Raises:
        ValueError: ``curves`` or a curve is empty, a curve has no finite value, or (with
            ``log_scale``) no positive value.
        TypeError: ``curves`` is not a dict, or a curve does not hold numbers.

    Example:
        >>> fig = plot_loss_curves({"run": [1.0, 0.5, 0.25]}, x_label="epoch")
        >>> fig.axes[0].get_xlabel()
        'epoch'
    """
    curves = as_mapping(curves, "curves", example='{"lr 0.1": losses}')
    log_scale = as_bool(log_scale, "log_scale")
    checked = {label: _loss_curve(label, losses, log_scale) for label, losses in curves.items()}
    fig, ax = new_figure()
    for label, losses in checked.items():
        ax.plot(np.arange(len(losses)), losses, label=label)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(x_label)
    ax.set_ylabel("loss (MSE)")
    ax.set_title(title)
    ax.legend()
    return fig


def plot_descent_on_surface(surface: LossSurface, path: Path, title: str = "") -> Figure:
    """Draw a descent path of ``(w, b)`` pairs on a contour map of the loss surface.

    ``path`` is a list of pairs of numbers (or of 0-dim tensors), or a ``(steps, 2)`` tensor. A
    path that diverged to nan or inf is drawn up to where it left the finite numbers.

    Raises:
        ValueError: the path is empty or not made of (w, b) pairs.
        TypeError: ``surface`` is not what :func:`mse_surface` returns, or the path does not hold numbers.

    Example:
        >>> x, y = torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0])
        >>> fig = plot_descent_on_surface(mse_surface(x, y), [(0.0, 0.0), (1.0, 1.0)])
        >>> fig.axes[0].get_xlabel()
        'w'
    """
    surface, points = _check_surface(surface), _as_path(path)
    fig, ax = new_figure(width=5.5, height=4.5)
    _draw_surface(ax, surface)
    _draw_path(ax, points, surface, COLORS["orange"])
    ax.set_title(title)
    ax.legend(loc="upper right")
    return fig


def plot_learning_rate_study(surface: LossSurface, paths: Mapping[str, Path]) -> Figure:
    """Draw several descent paths side by side, one panel per learning rate (label -> path).

    Each path is as for :func:`plot_descent_on_surface`; at most 12 panels.

    Raises:
        ValueError: ``paths`` is empty or has more than 12 entries, or a path is not made of (w, b) pairs.
        TypeError: ``surface`` is not what :func:`mse_surface` returns, or ``paths`` is not a dict.

    Example:
        >>> surface = mse_surface(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0]), resolution=5)
        >>> fig = plot_learning_rate_study(surface, {"lr 0.1": [(0, 0), (1, 1)], "lr 1": [(0, 0), (3, 3)]})
        >>> [ax.get_title() for ax in fig.axes]
        ['lr 0.1', 'lr 1']
    """
    surface = _check_surface(surface)
    paths = as_mapping(paths, "paths", example='{"lr 0.1": path}')
    if len(paths) > MAX_PANELS:
        raise ValueError(f"paths has {len(paths)} entries, one panel each: at most {MAX_PANELS} fit. Pass fewer.")
    checked = {label: _as_path(path, f"paths[{label!r}]") for label, path in paths.items()}
    fig, axes = new_figure(1, len(checked), width=4.2 * len(checked), height=4.0, sharey=True)
    colors = itertools.cycle([COLORS["sky"], COLORS["green"], COLORS["red"], COLORS["purple"]])
    for ax, (label, path), color in zip(np.atleast_1d(axes), checked.items(), colors, strict=False):
        _draw_surface(ax, surface)
        _draw_path(ax, path, surface, color)
        ax.set_title(label)
    return fig
