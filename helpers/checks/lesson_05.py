"""Checks for the exercises of lesson 05 (logistic regression): the per-class accuracy of exercise 3.

The learner passes the answer with the predictions and labels it was computed from, so the check
judges it against those very predictions: ``exercise_3.check(per_class, val_predictions, val_labels)``.

Example:
    >>> import torch
    >>> predictions, labels = torch.tensor([0, 1, 1, 2, 2, 2]), torch.tensor([0, 1, 2, 2, 2, 1])
    >>> exercise_3.check(torch.tensor([1.0, 1 / 2, 2 / 3]), predictions, labels)
    Exercise 3: correct!
    True
    >>> exercise_3.check(torch.tensor([1.0, 1 / 2, 2 / 3]) * 100, predictions, labels)  # doctest: +ELLIPSIS
    Exercise 3: not yet. Your per_class has the right shape, but it holds percentages...
    False
"""

from __future__ import annotations

from typing import Any

import torch

from helpers.checks import Exercise, Mistake, describe, first_match, matches, to_tensor

__all__ = ["exercise_3"]


def _class_labels(value: Any, name: str) -> torch.Tensor:
    """Return the predictions or labels passed to the check as a 1-D integer tensor, or explain what they should be."""
    if not isinstance(value, torch.Tensor) or value.dim() != 1 or value.dtype.is_floating_point:
        raise Mistake(
            f"pass the lesson's {name} as the check's argument: a 1-D tensor of class indices, not {describe(value)}. "
            "Call exercise_3.check(per_class, val_predictions, val_labels)."
        )
    return value.detach().cpu().long()


def _check_per_class_accuracy(per_class: Any, predictions: Any, labels: Any) -> None:
    predictions, labels = _class_labels(predictions, "val_predictions"), _class_labels(labels, "val_labels")
    if predictions.shape != labels.shape:
        raise Mistake(
            f"val_predictions has {len(predictions)} entries and val_labels {len(labels)}: pass the predictions and "
            "the labels of the same images."
        )
    classes = int(max(predictions.max().item(), labels.max().item())) + 1
    matrix = torch.bincount(labels * classes + predictions, minlength=classes * classes).reshape(classes, classes)
    matrix = matrix.double()
    if isinstance(per_class, int | float) or (isinstance(per_class, torch.Tensor) and per_class.numel() == 1):
        raise Mistake(
            "your per_class is one number: that is the accuracy over all images. Compute one accuracy for each "
            f"digit, {classes} numbers."
        )
    answer = to_tensor(per_class, "per_class", (classes,))
    right = matrix.diag() / matrix.sum(dim=1)
    if matches(answer, right):
        return
    mistakes = {
        "it holds percentages: give fractions between 0 and 1, as the lesson's accuracies are.": 100 * right,
        "it divides the correct counts by the number of images *predicted* as each digit, the column sums of the "
        "confusion matrix: that is each digit's precision. The per-class accuracy divides by the number of "
        "images that really are each digit, the row sums (rows are true labels).": matrix.diag() / matrix.sum(dim=0),
        "it holds counts of correct images: divide each digit's count by how many images of that digit there "
        "are.": matrix.diag(),
        "it holds each digit's number of images, the row sums: the per-class accuracy is the diagonal divided by "
        "them.": matrix.sum(dim=1),
        "it holds, for each digit, the accuracy (TP + TN) / m of a yes/no detector of that digit, as in section 11. "
        "That counts the images of the other digits too, which are easy to reject. Here, each digit's accuracy is "
        "the share of its own images that are classified correctly: the diagonal divided by the row sums.": (
            matrix.sum() - matrix.sum(dim=0) - matrix.sum(dim=1) + 2 * matrix.diag()
        )
        / matrix.sum(),
    }
    mistake = first_match(answer, mistakes)
    if mistake is not None:
        raise Mistake(f"your per_class has the right shape, but {mistake}")
    raise Mistake(
        "your per_class has the right shape but not the right values. Build the confusion matrix of the predictions "
        "against the labels (rows are true labels), then divide its diagonal by the sum of each row."
    )


exercise_3 = Exercise(
    "Exercise 3",
    _check_per_class_accuracy,
    hint="confusion_matrix(val_predictions, val_labels, num_classes=10) has the true digit as its row. Its "
    "diagonal counts the correct images of each digit, and each row's sum counts that digit's images.",
)
