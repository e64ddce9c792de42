"""Checks for the exercises of lesson 07 (training a better MLP): the label-smoothing targets of exercise 2.

The learner writes ``smoothed_targets(labels, smoothing)``: for a batch of labels (digits 0 to 9), one row of 10
probabilities per label, ``1 - smoothing + smoothing / 10`` for the label's class and ``smoothing / 10`` for each of
the other nine. That is the target that ``nn.CrossEntropyLoss(label_smoothing=smoothing)`` compares the prediction
with. The check calls the function on a few batches and smoothings: ``exercise_2.check(smoothed_targets)``.

Example:
    >>> def smoothed_targets(labels, smoothing):
    ...     targets = torch.full((len(labels), 10), smoothing / 10)
    ...     targets[torch.arange(len(labels)), labels] = 1 - smoothing + smoothing / 10
    ...     return targets
    >>> exercise_2.check(smoothed_targets)
    Exercise 2: correct!
    True
    >>> def forgot_the_share(labels, smoothing):
    ...     targets = torch.full((len(labels), 10), smoothing / 10)
    ...     targets[torch.arange(len(labels)), labels] = 1 - smoothing
    ...     return targets
    >>> exercise_2.check(forgot_the_share)  # doctest: +ELLIPSIS
    Exercise 2: not yet. Your right class gets 1 - smoothing...
    False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.checks import FunctionExercise, Mistake, call, describe, matches

__all__ = ["exercise_2"]

CLASSES = 10
#: The batches and smoothings the check tries: the lesson's 0.1, a larger one, and none at all.
CASES = (
    (torch.tensor([3, 7]), 0.1),
    (torch.tensor([0, 9, 9, 4, 1]), 0.3),
    (torch.tensor([5]), 0.0),
)


def _reference(labels: torch.Tensor, smoothing: float) -> torch.Tensor:
    """Return the label-smoothing target of each label: what ``nn.CrossEntropyLoss(label_smoothing=...)`` aims at."""
    targets = torch.full((len(labels), CLASSES), smoothing / CLASSES, dtype=torch.float64)
    targets[torch.arange(len(labels)), labels] = 1 - smoothing + smoothing / CLASSES
    return targets


def _candidates(labels: torch.Tensor, smoothing: float) -> dict[str, torch.Tensor]:
    """Return the answers that common mistakes give, each keyed by its message."""
    share = smoothing / CLASSES
    rows = torch.arange(len(labels))
    forgot_share = torch.full((len(labels), CLASSES), share, dtype=torch.float64)
    forgot_share[rows, labels] = 1 - smoothing
    nine_classes = torch.full((len(labels), CLASSES), smoothing / (CLASSES - 1), dtype=torch.float64)
    nine_classes[rows, labels] = 1 - smoothing
    whole_to_right = torch.full((len(labels), CLASSES), share, dtype=torch.float64)
    whole_to_right[rows, labels] = 1.0
    one_hot = torch.nn.functional.one_hot(labels, CLASSES).double()
    return {
        f"Your right class gets 1 - smoothing, so each row sums to less than 1. Every class gets its share "
        f"smoothing / {CLASSES}, the right class included: it gets "
        f"1 - smoothing + smoothing / {CLASSES}.": forgot_share,
        f"Your answer spreads the smoothing over the {CLASSES - 1} wrong classes. PyTorch's label_smoothing "
        f"spreads it over all {CLASSES} classes, so each gets smoothing / {CLASSES} and the right class gets "
        f"1 - smoothing + smoothing / {CLASSES}.": nine_classes,
        "Your right class gets 1, so each row sums to more than 1. Take the smoothing away from the right class: "
        f"it gets 1 - smoothing + smoothing / {CLASSES}.": whole_to_right,
        "Your targets are one-hot: the smoothing is missing. Give every class smoothing / "
        f"{CLASSES} first.": one_hot,
    }


def _check_smoothed_targets(smoothed_targets: Callable[[torch.Tensor, float], Any]) -> None:
    if not callable(smoothed_targets):
        raise Mistake(
            f"pass your function itself, exercise_2.check(smoothed_targets), not {describe(smoothed_targets)}."
        )
    for labels, smoothing in CASES:
        answer = call(smoothed_targets, labels.clone(), smoothing)
        where = f"For labels {labels.tolist()} and smoothing {smoothing:g}, your function returned {describe(answer)}"
        if not isinstance(answer, torch.Tensor):
            raise Mistake(f"{where}: it should return a tensor.")
        expected = _reference(labels, smoothing)
        if tuple(answer.shape) != tuple(expected.shape):
            raise Mistake(f"{where}: it should return one row of {CLASSES} per label, shape {tuple(expected.shape)}.")
        if not answer.dtype.is_floating_point:
            raise Mistake(f"{where}: probabilities need a floating-point dtype, such as float32.")
        answer = answer.detach().cpu()
        if matches(answer, expected, 1e-6):
            continue
        if smoothing > 0 and matches(answer, _reference(labels, 0.1), 1e-6):
            raise Mistake(
                f"{where}, the targets of smoothing 0.1: use the function's smoothing argument, not a fixed value."
            )
        mistake = _first_mistake(answer, labels, smoothing)
        if mistake:
            raise Mistake(mistake)
        if not matches(answer.sum(dim=1), torch.ones(len(labels), dtype=torch.float64), 1e-6):
            raise Mistake(f"{where}, whose rows do not sum to 1: each row should be a probability distribution.")
        raise Mistake(
            f"{where}, with the right shape and rows that sum to 1, but not the right values. Row i should hold "
            f"1 - smoothing + smoothing / {CLASSES} in column labels[i], and smoothing / {CLASSES} elsewhere."
        )


def _first_mistake(answer: torch.Tensor, labels: torch.Tensor, smoothing: float) -> str | None:
    """Return the message of the first common mistake that ``answer`` reproduces, or None."""
    for message, candidate in _candidates(labels, smoothing).items():
        if matches(answer, candidate, 1e-6):
            return message
    return None


exercise_2 = FunctionExercise(
    "Exercise 2",
    _check_smoothed_targets,
    hint="Start from torch.full((len(labels), 10), smoothing / 10). Then set the right class of each row, "
    "targets[torch.arange(len(labels)), labels], to 1 - smoothing + smoothing / 10 (lesson 05 indexed the same way).",
)
