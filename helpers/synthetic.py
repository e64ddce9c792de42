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

import numpy as np
import torch

from helpers.seeding import MAX_SEED
from helpers.validation import as_array, as_cpu_tensor, as_float, as_int, as_range

#: The most samples a maker draws: far more than a lesson needs, and little enough memory.
MAX_SAMPLES = 10_000_000


def _weights(weight: object) -> torch.Tensor:
    """One finite number, or a flat list of them, as a float32 vector."""
    if isinstance(weight, str) or not isinstance(weight, torch.Tensor | np.ndarray | Sequence):
        return torch.tensor([as_float(weight, "weight")], dtype=torch.float32)
    values = as_cpu_tensor(weight, "weight")
    if values.ndim > 1:
        raise ValueError(f"weight must be a number or a flat list of numbers, got shape {tuple(values.shape)}.")
    return torch.as_tensor(as_array(values.reshape(-1), "weight"), dtype=torch.float32)


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

    Integers may be NumPy integers; numbers must be finite (no ``nan`` or ``inf``).

    Returns:
        ``x`` of shape ``(n_samples, n_features)`` and ``y`` of shape ``(n_samples,)``,
        both ``float32``.

    Raises:
        TypeError: an argument has the wrong type (``n_samples=2.5``, ``weight="2"``...).
        ValueError: a value is out of range or not finite.

    Example:
        >>> x, y = make_line(n_samples=3, weight=[1.0, -1.0], noise=0.0)
        >>> tuple(x.shape)
        (3, 2)
        >>> bool(torch.allclose(y, x[:, 0] - x[:, 1] + 1.0))
        True
    """
    n_samples = as_int(n_samples, "n_samples", minimum=1, maximum=MAX_SAMPLES)
    w = _weights(weight)
    bias = as_float(bias, "bias")
    noise = as_float(noise, "noise", minimum=0.0, hint=" noise is a standard deviation: use 0 for none.")
    low, high = as_range(x_range, "x_range")
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
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
        n_samples: total number of points (at least 2), split as evenly as possible.
        centers: the two cluster centres, finite numbers.
        spread: standard deviation of each cluster, finite and > 0.
        seed: seed for this data set only.

    Returns:
        ``x`` of shape ``(n_samples, 2)`` (``float32``) and labels ``y`` of shape
        ``(n_samples,)`` with values 0.0 and 1.0 (``float32``, ready for
        ``BCEWithLogitsLoss``).

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: a value is out of range or not finite.

    Example:
        >>> x, y = make_clusters(n_samples=10)
        >>> tuple(x.shape), sorted(y.unique().tolist())
        ((10, 2), [0.0, 1.0])
    """
    n_samples = as_int(n_samples, "n_samples", minimum=2, maximum=MAX_SAMPLES, hint=" (one point per class at least)")
    centres = as_array(centers, "centers", ndim=2)
    if centres.shape != (2, 2):
        raise ValueError(f"centers must be two (x, y) points such as ((-1, -1), (1, 1)), got shape {centres.shape}.")
    centres = torch.as_tensor(centres, dtype=torch.float32)
    spread = as_float(spread, "spread", above=0.0, hint=" spread is the standard deviation of each cluster.")
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    generator = torch.Generator().manual_seed(seed)
    labels = torch.arange(n_samples) % 2
    x = centres[labels] + spread * torch.randn(n_samples, 2, generator=generator)
    order = torch.randperm(n_samples, generator=generator)
    return x[order], labels[order].float()
