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

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.style import COLORS, new_figure

#: A descent path: one (w, b) pair per step.
Path = Sequence[tuple[float, float]] | torch.Tensor


class LossSurface(NamedTuple):
    """The mean squared error on a grid of (w, b) values."""

    w: torch.Tensor
    b: torch.Tensor
    loss: torch.Tensor


def _check_xy(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    x, y = torch.as_tensor(x).detach().cpu().reshape(-1), torch.as_tensor(y).detach().cpu()
    if y.ndim != 1 or x.shape != y.shape:
        raise ValueError(
            f"x must hold one feature per sample and match y: got x {tuple(x.shape)} and y {tuple(y.shape)}."
        )
    return x.float(), y.float()


def _as_path(path: Path) -> np.ndarray:
    points = np.asarray(torch.as_tensor(path, dtype=torch.float64).detach().cpu())
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"a path is a sequence of (w, b) pairs, got shape {points.shape}.")
    return points


def mse_surface(
    x: torch.Tensor,
    y: torch.Tensor,
    w_range: tuple[float, float] = (-1.0, 5.0),
    b_range: tuple[float, float] = (-2.0, 4.0),
    resolution: int = 121,
) -> LossSurface:
    """Compute the mean squared error of ``w * x + b`` over a grid of ``(w, b)``."""
    x, y = _check_xy(x, y)
    w = torch.linspace(*w_range, resolution)
    b = torch.linspace(*b_range, resolution)
    grid_w, grid_b = torch.meshgrid(w, b, indexing="xy")
    predictions = grid_w[..., None] * x + grid_b[..., None]
    return LossSurface(grid_w, grid_b, ((predictions - y) ** 2).mean(dim=-1))


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


def plot_fit(x: torch.Tensor, y: torch.Tensor, lines: Mapping[str, tuple[float, float]]) -> Figure:
    """Scatter the data and draw one line ``y = w x + b`` per entry of ``lines`` (label -> (w, b))."""
    x, y = _check_xy(x, y)
    fig, ax = new_figure()
    ax.scatter(x.numpy(), y.numpy(), s=14, color=COLORS["grey"], alpha=0.7, label="data")
    xs = torch.linspace(x.min().item(), x.max().item(), 2)
    for (label, (w, b)), style in zip(lines.items(), ["-", "--", ":", "-."], strict=False):
        ax.plot(xs.numpy(), (w * xs + b).numpy(), style, label=f"{label}: y = {w:.3f}·x + {b:.3f}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return fig


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]], log_scale: bool = True, title: str = "", x_label: str = "step"
) -> Figure:
    """Plot one loss curve per entry of ``curves`` (label -> loss per step, or per ``x_label``).

    Example:
        >>> fig = plot_loss_curves({"run": [1.0, 0.5, 0.25]}, x_label="epoch")
        >>> fig.axes[0].get_xlabel()
        'epoch'
    """
    fig, ax = new_figure()
    for label, losses in curves.items():
        ax.plot(np.arange(len(losses)), np.asarray(losses, dtype=float), label=label)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(x_label)
    ax.set_ylabel("loss (MSE)")
    ax.set_title(title)
    ax.legend()
    return fig


def plot_descent_on_surface(surface: LossSurface, path: Path, title: str = "") -> Figure:
    """Draw a descent path of ``(w, b)`` pairs on a contour map of the loss surface.

    Example:
        >>> x, y = torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0])
        >>> fig = plot_descent_on_surface(mse_surface(x, y), [(0.0, 0.0), (1.0, 1.0)])
        >>> fig.axes[0].get_xlabel()
        'w'
    """
    fig, ax = new_figure(width=5.5, height=4.5)
    _draw_surface(ax, surface)
    _draw_path(ax, _as_path(path), surface, COLORS["orange"])
    ax.set_title(title)
    ax.legend(loc="upper right")
    return fig


def plot_learning_rate_study(surface: LossSurface, paths: Mapping[str, Path]) -> Figure:
    """Draw several descent paths side by side, one panel per learning rate (label -> path)."""
    fig, axes = new_figure(1, len(paths), width=4.2 * len(paths), height=4.0, sharey=True)
    colors = [COLORS["sky"], COLORS["green"], COLORS["red"], COLORS["purple"]]
    for ax, (label, path), color in zip(np.atleast_1d(axes), paths.items(), colors, strict=False):
        _draw_surface(ax, surface)
        _draw_path(ax, _as_path(path), surface, color)
        ax.set_title(label)
    return fig
