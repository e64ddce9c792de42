"""Figures for the classification lessons: decision boundaries, digit grids, confusion matrices.

Example:
    >>> import torch
    >>> from helpers.classification_plots import plot_image_grid
    >>> fig = plot_image_grid(torch.rand(6, 1, 28, 28), titles=[str(i) for i in range(6)], ncols=3)
    >>> len(fig.axes)
    6
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
from matplotlib.figure import Figure

from helpers.style import COLORS, all_axes, new_figure


def plot_decision_boundary(
    probability: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    y: torch.Tensor,
    title: str = "",
    resolution: int = 200,
) -> Figure:
    """Shade the predicted probability of class 1 over the plane, draw the 0.5 boundary and the points.

    Args:
        probability: maps points of shape ``(n, 2)`` to probabilities of shape ``(n,)``.
        x: points of shape ``(samples, 2)``.
        y: labels 0 or 1 of shape ``(samples,)``.
    """
    x, y = torch.as_tensor(x).detach().cpu(), torch.as_tensor(y).detach().cpu()
    if x.ndim != 2 or x.shape[1] != 2 or y.shape != (x.shape[0],):
        raise ValueError(f"x must have shape (samples, 2) and y (samples,), got {tuple(x.shape)} and {tuple(y.shape)}.")
    low, high = x.min(dim=0).values - 0.5, x.max(dim=0).values + 0.5
    grid_a, grid_b = torch.meshgrid(
        torch.linspace(low[0].item(), high[0].item(), resolution),
        torch.linspace(low[1].item(), high[1].item(), resolution),
        indexing="xy",
    )
    with torch.no_grad():
        shade = probability(torch.stack([grid_a.reshape(-1), grid_b.reshape(-1)], dim=1)).reshape(grid_a.shape)
    fig, ax = new_figure(width=5.5, height=4.5)
    grid_a, grid_b, shade = grid_a.numpy(), grid_b.numpy(), shade.numpy()
    filled = ax.contourf(
        grid_a, grid_b, shade, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6, antialiased=False
    )
    ax.contour(grid_a, grid_b, shade, levels=[0.5], colors="black", linewidths=1.5)
    for label, color in ((0, COLORS["blue"]), (1, COLORS["red"])):
        points = x[y == label]
        ax.scatter(
            points[:, 0].numpy(),
            points[:, 1].numpy(),
            s=16,
            color=color,
            edgecolor="white",
            linewidth=0.5,
            label=f"class {label}",
        )
    fig.colorbar(filled, ax=ax, label="P(class 1)")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.legend(loc="upper left")
    ax.grid(False)
    return fig


def plot_image_grid(
    images: torch.Tensor,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    cmap: str = "gray_r",
    symmetric: bool = False,
) -> Figure:
    """Show images of shape ``(n, 28, 28)`` or ``(n, 1, 28, 28)`` (or flat 784-vectors) in a grid.

    Args:
        titles: one short title per image.
        symmetric: centre the colour scale on zero, for weights that can be negative.
    """
    images = torch.as_tensor(images).detach().cpu().float()
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n, height, width) with n > 0, got {tuple(images.shape)}.")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images.")
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = new_figure(nrows, ncols, width=1.3 * ncols, height=1.45 * nrows + 0.2)
    limit = images.abs().max().item() if symmetric else None
    for i, ax in enumerate(all_axes(axes)):
        ax.axis("off")
        if i < len(images):
            kwargs = {"vmin": -limit, "vmax": limit} if symmetric else {}
            ax.imshow(images[i].numpy(), cmap=cmap, **kwargs)
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    return fig


def plot_confusion_matrix(matrix: torch.Tensor, class_names: Sequence[str] | None = None, title: str = "") -> Figure:
    """Draw a confusion matrix (rows: true class, columns: predicted class) with counts in the cells."""
    matrix = torch.as_tensor(matrix).detach().cpu()
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix is square, got shape {tuple(matrix.shape)}.")
    size = matrix.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(size)]
    fig, ax = new_figure(width=1.0 + 0.5 * size, height=0.8 + 0.45 * size)
    shade = matrix.float().log1p()  # log scale: the diagonal would otherwise wash out every mistake
    ax.imshow(shade.numpy(), cmap="Blues")
    threshold = shade.max().item() * 0.6
    for i in range(size):
        for j in range(size):
            ax.text(
                j,
                i,
                str(int(matrix[i, j])),
                ha="center",
                va="center",
                fontsize=8 if size > 5 else 11,
                color="white" if shade[i, j] > threshold else "black",
            )
    ax.set_xticks(range(size), names)
    ax.set_yticks(range(size), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    ax.grid(False)
    return fig


def plot_learning_curves(
    train_losses: Sequence[float], val_losses: Sequence[float], val_accuracies: Sequence[float]
) -> Figure:
    """Plot training and validation loss, and validation accuracy, per epoch."""
    if not len(train_losses) == len(val_losses) == len(val_accuracies):
        raise ValueError("one value per epoch in each of the three sequences")
    epochs = np.arange(1, len(train_losses) + 1)
    fig, (loss_ax, acc_ax) = new_figure(1, 2, width=10, height=3.8)
    loss_ax.plot(epochs, train_losses, "-o", label="training")
    loss_ax.plot(epochs, val_losses, "-o", label="validation")
    loss_ax.set_xlabel("epoch")
    loss_ax.set_ylabel("loss")
    loss_ax.legend()
    acc_ax.plot(epochs, 100 * np.asarray(val_accuracies), "-o", color=COLORS["green"])
    acc_ax.set_xlabel("epoch")
    acc_ax.set_ylabel("validation accuracy (%)")
    return fig
