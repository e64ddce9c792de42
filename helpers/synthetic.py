"""Small seeded data sets for the regression and classification lessons.

Each maker takes its own ``seed`` and uses a private ``torch.Generator``, so it
returns the same tensors every time, whatever else the notebook has drawn.

Example:
    >>> from helpers.synthetic import make_line
    >>> x, y = make_line(n_samples=5, seed=0)
    >>> tuple(x.shape), tuple(y.shape)
    ((5, 1), (5,))
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def _check_positive(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


def make_line(
    n_samples: int = 100,
    weight: float | Sequence[float] = 2.0,
    bias: float = 1.0,
    noise: float = 0.5,
    x_range: tuple[float, float] = (-2.0, 2.0),
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy samples of ``y = x @ weight + bias + noise``.

    Args:
        n_samples: number of rows.
        weight: one number for a single feature, or one number per feature.
        bias: the intercept.
        noise: standard deviation of the Gaussian noise added to ``y``.
        x_range: features are drawn uniformly from this interval.
        seed: seed for this data set only.

    Returns:
        ``x`` of shape ``(n_samples, n_features)`` and ``y`` of shape ``(n_samples,)``,
        both ``float32``.

    Example:
        >>> x, y = make_line(n_samples=3, weight=[1.0, -1.0], noise=0.0)
        >>> tuple(x.shape)
        (3, 2)
        >>> bool(torch.allclose(y, x[:, 0] - x[:, 1] + 1.0))
        True
    """
    _check_positive("n_samples", n_samples)
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}.")
    low, high = x_range
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}.")
    w = torch.atleast_1d(torch.as_tensor(weight, dtype=torch.float32))
    if w.ndim != 1:
        raise ValueError(f"weight must be a number or a flat list of numbers, got shape {tuple(w.shape)}.")
    generator = torch.Generator().manual_seed(seed)
    x = low + (high - low) * torch.rand(n_samples, w.numel(), generator=generator)
    y = x @ w + bias + noise * torch.randn(n_samples, generator=generator)
    return x, y


def make_clusters(
    n_samples: int = 200,
    centers: Sequence[Sequence[float]] = ((-1.0, -1.0), (1.5, 1.0)),
    spread: float = 0.8,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two Gaussian clusters in 2-D, labelled 0 and 1, in shuffled order.

    Args:
        n_samples: total number of points, split as evenly as possible.
        centers: the two cluster centres.
        spread: standard deviation of each cluster.
        seed: seed for this data set only.

    Returns:
        ``x`` of shape ``(n_samples, 2)`` (``float32``) and labels ``y`` of shape
        ``(n_samples,)`` with values 0.0 and 1.0 (``float32``, ready for
        ``BCEWithLogitsLoss``).

    Example:
        >>> x, y = make_clusters(n_samples=10)
        >>> tuple(x.shape), sorted(y.unique().tolist())
        ((10, 2), [0.0, 1.0])
    """
    _check_positive("n_samples", n_samples)
    if n_samples < 2:
        raise ValueError("n_samples must be at least 2: one point per class.")
    centres = torch.as_tensor(centers, dtype=torch.float32)
    if centres.shape != (2, 2):
        raise ValueError(f"centers must be two (x, y) points, got shape {tuple(centres.shape)}.")
    if spread <= 0:
        raise ValueError(f"spread must be > 0, got {spread}.")
    generator = torch.Generator().manual_seed(seed)
    labels = torch.arange(n_samples) % 2
    x = centres[labels] + spread * torch.randn(n_samples, 2, generator=generator)
    order = torch.randperm(n_samples, generator=generator)
    return x[order], labels[order].float()
