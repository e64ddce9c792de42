"""Figures for the classification lessons: decision boundaries, digit grids, confusion matrices.

Tensors may require grad or live on a GPU: each function detaches them and copies them to the CPU.

Example:
    >>> import torch
    >>> from helpers.classification_plots import plot_image_grid
    >>> fig = plot_image_grid(torch.rand(6, 1, 28, 28), titles=[str(i) for i in range(6)], ncols=3)
    >>> len(fig.axes)
    6
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import matplotlib as mpl
import numpy as np
import torch
from matplotlib.colors import Colormap
from matplotlib.figure import Figure

from helpers.style import COLORS, all_axes, new_figure
from helpers.validation import as_array, as_bool, as_cpu_tensor, as_int, as_strings, received

#: The most images plot_image_grid draws (one panel each), and the largest confusion matrix it writes out.
MAX_IMAGES = 100
MAX_CLASSES = 30
#: The finest decision-boundary grid, per axis.
MAX_RESOLUTION = 1000
#: Phrases of torch's errors when tensors on two devices meet.
_DEVICE_MISMATCH = re.compile(r"same device|expected device|two devices|MPS device|Placeholder storage", re.IGNORECASE)


def _call_probability(probability: Callable[[torch.Tensor], torch.Tensor], points: torch.Tensor) -> torch.Tensor:
    """Call ``probability`` on CPU points and check that it returns one probability in [0, 1] per point."""
    try:
        with torch.no_grad():
            shade = probability(points)
    except RuntimeError as error:
        if not _DEVICE_MISMATCH.search(str(error)):
            raise
        raise ValueError(
            "probability receives CPU points, but your model lives on another device (a GPU). Move the points "
            "there and the result back: lambda p: torch.sigmoid(model(p.to(device))).squeeze(1).cpu()"
        ) from None
    shade = as_cpu_tensor(shade, "the result of probability")
    if shade.numel() != len(points) or shade.ndim not in (1, 2):
        raise ValueError(
            f"probability must return one probability per point, shape ({len(points)},), but it returned shape "
            f"{tuple(shade.shape)} for {len(points)} points. For two logits per point, return softmax(...)[:, 1]."
        )
    values = shade.double()
    if not torch.isfinite(values).all() or values.min() < -1e-6 or values.max() > 1 + 1e-6:
        raise ValueError(
            f"probability must return probabilities in [0, 1], got values from {values.min().item():.3g} to "
            f"{values.max().item():.3g}. If it returns logits, apply torch.sigmoid to them."
        )
    return shade


def plot_decision_boundary(
    probability: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    y: torch.Tensor,
    title: str = "",
    resolution: int = 200,
) -> Figure:
    """Shade the predicted probability of class 1 over the plane, draw the 0.5 boundary and the points.

    Args:
        probability: maps CPU points of shape ``(n, 2)`` to probabilities of shape ``(n,)``
            (or ``(n, 1)``). For a model on a GPU, pass
            ``lambda p: torch.sigmoid(model(p.to(device))).squeeze(1).cpu()``.
        x: finite points of shape ``(samples, 2)``.
        y: labels 0 or 1 of shape ``(samples,)`` (integers, bools or 0.0/1.0 floats).
        resolution: grid points along each axis, from 2 to 1000.

    Raises:
        ValueError: bad shapes, no samples, non-finite points, labels other than 0 and 1, a model on
            another device, or a ``probability`` that returns the wrong shape or values outside [0, 1].
        TypeError: ``probability`` is not callable, or an argument has the wrong type.

    Example:
        >>> x, y = torch.tensor([[0.0, 0.0], [2.0, 1.0]]), torch.tensor([0, 1])
        >>> fig = plot_decision_boundary(lambda p: torch.sigmoid(p[:, 0] - 1), x, y, resolution=20)
        >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
        ['class 0', 'class 1']
    """
    if not callable(probability):
        raise TypeError(f"probability must be a function of points, such as a lambda, got {received(probability)}.")
    x, y = as_cpu_tensor(x, "x"), as_cpu_tensor(y, "y")
    if x.ndim != 2 or x.shape[1] != 2 or y.shape != (x.shape[0],):
        raise ValueError(f"x must have shape (samples, 2) and y (samples,), got {tuple(x.shape)} and {tuple(y.shape)}.")
    as_array(x, "x", ndim=2)  # at least one sample, all finite
    labels = sorted(set(y.double().unique().tolist()))
    if not set(labels) <= {0.0, 1.0}:
        raise ValueError(
            f"y must hold the labels 0 and 1 only, got {[int(v) if float(v).is_integer() else v for v in labels]}. "
            "plot_decision_boundary draws two classes: map the labels to 0 and 1 first."
        )
    resolution = as_int(resolution, "resolution", minimum=2, maximum=MAX_RESOLUTION)
    low, high = x.min(dim=0).values - 0.5, x.max(dim=0).values + 0.5
    grid_a, grid_b = torch.meshgrid(
        torch.linspace(low[0].item(), high[0].item(), resolution),
        torch.linspace(low[1].item(), high[1].item(), resolution),
        indexing="xy",
    )
    points = torch.stack([grid_a.reshape(-1), grid_b.reshape(-1)], dim=1)
    shade = _call_probability(probability, points).reshape(grid_a.shape)
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


def _as_images(images: object) -> torch.Tensor:
    """Return images as a finite float tensor of shape ``(n, height, width)``, with ``0 < n <= MAX_IMAGES``."""
    images = as_cpu_tensor(images, "images").float()
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3 or len(images) == 0 or 0 in images.shape:
        hint = " For a single image, pass image.unsqueeze(0)." if images.ndim == 2 else ""
        raise ValueError(
            "images must have shape (n, height, width), (n, 1, height, width) or (n, 784) with n > 0, "
            f"got {tuple(images.shape)}.{hint}"
        )
    if len(images) > MAX_IMAGES:
        raise ValueError(
            f"plot_image_grid draws each image in its own panel, and {len(images)} images are more than "
            f"{MAX_IMAGES}. Pass a slice such as images[:32]."
        )
    if not torch.isfinite(images).all():
        raise ValueError("images hold nan or inf, which cannot be drawn. Check the computation that produced them.")
    return images


def plot_image_grid(
    images: torch.Tensor,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    cmap: str = "gray_r",
    symmetric: bool = False,
) -> Figure:
    """Show images of shape ``(n, 28, 28)`` or ``(n, 1, 28, 28)`` (or flat 784-vectors) in a grid.

    Args:
        images: at most 100 images with finite pixels.
        titles: one short title per image (a list, or a tensor of labels).
        ncols: the number of columns, at least 1.
        cmap: a matplotlib colour map name, such as ``"gray_r"`` or ``"RdBu_r"``.
        symmetric: centre the colour scale on zero, for weights that can be negative.

    Raises:
        ValueError: no image, a bad shape, too many images, nan or inf pixels, or not one title per image.
        TypeError: an argument has the wrong type, or ``cmap`` is not a colour map.

    Example:
        >>> fig = plot_image_grid(torch.rand(2, 28, 28), titles=torch.tensor([3, 7]))
        >>> [ax.get_title() for ax in fig.axes]
        ['3', '7']
    """
    images = _as_images(images)
    if titles is not None:
        titles = as_strings(titles, "titles", len(images), per="image")
    ncols = as_int(ncols, "ncols", minimum=1)
    symmetric = as_bool(symmetric, "symmetric")
    if not isinstance(cmap, str | Colormap) or (isinstance(cmap, str) and cmap not in mpl.colormaps):
        raise ValueError(f"cmap must be a matplotlib colour map such as 'gray_r' or 'RdBu_r', got {received(cmap)}.")
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
    """Draw a confusion matrix (rows: true class, columns: predicted class) with counts in the cells.

    Args:
        matrix: a square matrix of finite, non-negative counts, at most 30 x 30. Counts that are not
            whole numbers (a normalized matrix) are written with two decimals.
        class_names: one name per class (a list, or a tensor of numbers).

    Raises:
        ValueError: the matrix is not square, is empty or too large, holds negative or non-finite
            values, or there is not one class name per class.
        TypeError: an argument has the wrong type.

    Example:
        >>> fig = plot_confusion_matrix(torch.tensor([[5, 1], [0, 7]]), class_names=["cat", "dog"])
        >>> sorted(text.get_text() for text in fig.axes[0].texts)
        ['0', '1', '5', '7']
    """
    matrix = as_cpu_tensor(matrix, "matrix")
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix is square, got shape {tuple(matrix.shape)}.")
    values = as_array(matrix, "matrix", ndim=2)  # non-empty and finite
    if (values < 0).any():
        raise ValueError(f"a confusion matrix holds counts, which cannot be negative, got {values.min():g}.")
    size = matrix.shape[0]
    if size > MAX_CLASSES:
        raise ValueError(f"plot_confusion_matrix writes every cell, and {size} classes are more than {MAX_CLASSES}.")
    names = as_strings(class_names, "class_names", size, per="class") if class_names is not None else None
    names = names or [str(i) for i in range(size)]
    whole = bool(np.all(values == np.round(values)))
    fig, ax = new_figure(width=1.0 + 0.5 * size, height=0.8 + 0.45 * size)
    shade = matrix.float().log1p()  # log scale: the diagonal would otherwise wash out every mistake
    ax.imshow(shade.numpy(), cmap="Blues")
    threshold = shade.max().item() * 0.6
    for i in range(size):
        for j in range(size):
            ax.text(
                j,
                i,
                str(int(matrix[i, j])) if whole else f"{values[i, j]:.2f}",
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
    """Plot training and validation loss, and validation accuracy, per epoch.

    Each argument holds one value per epoch: a list of numbers or of 0-dim tensors (which may
    require grad or live on a GPU), an array or a 1-D tensor. Accuracies are fractions in [0, 1].
    Losses that overflowed to nan or inf are drawn as gaps.

    Raises:
        ValueError: a sequence is empty, the lengths differ, a loss curve has no finite value, or an
            accuracy is not a finite fraction in [0, 1].
        TypeError: an argument does not hold numbers.

    Example:
        >>> fig = plot_learning_curves([1.0, 0.5], [1.1, 0.6], [0.9, 0.95])
        >>> fig.axes[1].get_ylabel()
        'validation accuracy (%)'
    """
    train = as_array(train_losses, "train_losses", finite=False)
    val = as_array(val_losses, "val_losses", finite=False)
    accuracies = as_array(val_accuracies, "val_accuracies")
    if not len(train) == len(val) == len(accuracies):
        raise ValueError(
            "one value per epoch in each of the three sequences, got "
            f"{len(train)}, {len(val)} and {len(accuracies)} values."
        )
    for name, losses in (("train_losses", train), ("val_losses", val)):
        if not np.isfinite(losses).any():
            raise ValueError(
                f"{name} has no finite value (only nan or inf): training diverged. Lower the learning rate."
            )
    if accuracies.min() < 0 or accuracies.max() > 1:
        raise ValueError(
            f"val_accuracies must be fractions between 0 and 1, got values from {accuracies.min():g} to "
            f"{accuracies.max():g}. If they are percentages, divide them by 100."
        )
    epochs = np.arange(1, len(train) + 1)
    fig, (loss_ax, acc_ax) = new_figure(1, 2, width=10, height=3.8)
    loss_ax.plot(epochs, train, "-o", label="training")
    loss_ax.plot(epochs, val, "-o", label="validation")
    loss_ax.set_xlabel("epoch")
    loss_ax.set_ylabel("loss")
    loss_ax.legend()
    acc_ax.plot(epochs, 100 * accuracies, "-o", color=COLORS["green"])
    acc_ax.set_xlabel("epoch")
    acc_ax.set_ylabel("validation accuracy (%)")
    return fig
