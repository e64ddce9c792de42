"""Checks for the exercises of lesson 06 (the MNIST MLP): the most confused pair of exercise 3.

The learner passes the pair with the confusion matrix it was read from, so the check judges it
against that very matrix: ``exercise_3.check(true_digit, predicted_digit, matrix)``.

Example:
    >>> import torch
    >>> matrix = torch.tensor([[50, 1, 0], [0, 40, 7], [2, 3, 45]])
    >>> exercise_3.check(1, 2, matrix)
    Exercise 3: correct!
    True
    >>> exercise_3.check(0, 0, matrix)  # doctest: +ELLIPSIS
    Exercise 3: not yet. Your pair (0, 0) is on the diagonal...
    False
    >>> rates = matrix / matrix.sum(dim=1, keepdim=True)  # a matrix of rates is judged the same way
    >>> exercise_3.check(2, 0, rates)  # doctest: +ELLIPSIS
    Exercise 3: not yet. Matrix[2, 0] is 0.04, but another pair...
    False
"""

from __future__ import annotations

from typing import Any

import torch

from helpers.checks import Exercise, Mistake, describe, to_number

__all__ = ["exercise_3"]


def _digit(value: Any, name: str, classes: int) -> int:
    number = to_number(value, name)
    if number != int(number) or not 0 <= number < classes:
        raise Mistake(f"your {name} should be a digit from 0 to {classes - 1}, but it is {describe(value)}.")
    return int(number)


def _check_most_confused_pair(true_digit: Any, predicted_digit: Any, matrix: Any) -> None:
    if not isinstance(matrix, torch.Tensor) or matrix.dim() != 2 or matrix.shape[0] != matrix.shape[1]:
        raise Mistake(
            f"pass the lesson's confusion matrix as the check's third argument, not {describe(matrix)}: "
            "exercise_3.check(true_digit, predicted_digit, matrix)."
        )
    counts = matrix.detach().cpu().double()  # counts, or rates: never rounded, so 0.03 is not read as 0
    classes = counts.shape[0]
    true_digit, predicted_digit = _digit(true_digit, "true_digit", classes), _digit(
        predicted_digit, "predicted_digit", classes
    )
    if true_digit == predicted_digit:
        raise Mistake(
            f"your pair ({true_digit}, {predicted_digit}) is on the diagonal: those are the images the network got "
            "right. Set the diagonal to 0 first (fill_diagonal_(0) on a clone), then look for the largest count."
        )
    off_diagonal = counts.clone()
    off_diagonal.fill_diagonal_(0)
    most = off_diagonal.max().item()
    if off_diagonal[true_digit, predicted_digit].item() == most:
        return
    if off_diagonal[predicted_digit, true_digit].item() == most:
        raise Mistake(
            f"your pair is the right two digits in the wrong order. The rows of the matrix are the true labels and "
            f"the columns the predictions, so matrix[{predicted_digit}, {true_digit}] counts images of a "
            f"{predicted_digit} predicted as {true_digit}."
        )
    raise Mistake(
        f"matrix[{true_digit}, {predicted_digit}] is {off_diagonal[true_digit, predicted_digit].item():g}, "
        "but another pair is confused more often. Look for the largest entry off the diagonal "
        "(.argmax().item() of the matrix with its diagonal set to 0, then divmod by the number of columns)."
    )


exercise_3 = Exercise(
    "Exercise 3",
    _check_most_confused_pair,
    hint="Clone the matrix as off_diagonal and set its diagonal to 0 with fill_diagonal_(0). Then "
    "position = off_diagonal.argmax().item() is the position of the largest entry in the flattened matrix, "
    "as a Python int (divmod does not accept a tensor); divmod(position, 10) turns it into (row, column).",
)
