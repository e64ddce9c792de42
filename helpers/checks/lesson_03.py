"""Checks for the exercises of lesson 03 (linear regression from scratch).

Exercise 1 checks the learner's function ``gradient_no_bias(x, y, w)`` against autograd at several
``w``; exercise 2 checks the number of steps gradient descent needs until the gradient is small.
Both use the lesson's data, ``make_line(n_samples=100, weight=2.0, bias=1.0, noise=0.5, seed=0)``.

Example:
    >>> exercise_1.check(lambda x, y, w: ((w * x - y) * x).mean())
    Exercise 1: not yet. Your gradient_no_bias gives half the gradient: the factor 2 from the square is missing.
    False
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import torch

from helpers.checks import Exercise, FunctionExercise, Mistake, call, describe, to_number
from helpers.synthetic import make_line

__all__ = ["exercise_1", "exercise_2"]


@functools.cache
def _lesson_data() -> tuple[torch.Tensor, torch.Tensor]:
    """Return the x and y of the lesson's section 1."""
    features, y = make_line(n_samples=100, weight=2.0, bias=1.0, noise=0.5, seed=0)
    return features[:, 0], y


# Exercise 1: a line through the origin -----------------------------------------------------------

W_VALUES = (-1.0, 0.0, 3.0, 0.5)
#: A second, small data set: a function that ignores its arguments x and y fails on it.
_OTHER_X = torch.tensor([0.5, -1.0, 2.0])
_OTHER_Y = torch.tensor([1.0, 0.0, 3.0])


def _autograd_gradient(x: torch.Tensor, y: torch.Tensor, w: float) -> float:
    """Return dL/dw for the MSE of the model w * x, computed by autograd in float64."""
    w_tensor = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    ((w_tensor * x.double() - y.double()) ** 2).mean().backward()
    return w_tensor.grad.item()


def _mistaken_gradients(x: torch.Tensor, y: torch.Tensor, w: float) -> dict[str, float]:
    """Return what each common wrong formula gives, keyed by the message that explains it."""
    x, y = x.double(), y.double()
    residual = w * x - y
    m = len(x)
    gradient = (2 * residual * x).mean().item()
    return {
        "gives half the gradient: the factor 2 from the square is missing.": gradient / 2,
        "has the wrong sign. The residual is prediction minus target, w x_i - y_i: "
        "with the other order, every step would climb.": -gradient,
        "has the wrong sign and misses the factor 2: it is the tutorial formula of section 2, "
        "-1/2 times the gradient.": -gradient / 2,
        "sums over the samples instead of taking the mean: it is m = 100 times the gradient of the MSE.": m * gradient,
        "sums over the samples instead of taking the mean, and misses the factor 2.": m * gradient / 2,
        "sums instead of taking the mean, and has the wrong sign.": -m * gradient,
        "returns the loss L(w) itself, not its derivative.": (residual**2).mean().item(),
        "misses the factor x_i. By the chain rule, the derivative of (w x_i - y_i)² with respect to w is "
        "2 (w x_i - y_i) x_i.": (2 * residual).mean().item(),
        "multiplies by w instead of x_i: that is the derivative with respect to x. Differentiate with "
        "respect to w: the derivative of w x_i is x_i.": (2 * residual * w).mean().item(),
    }


def _gradient_at(function: Callable[..., Any], x: torch.Tensor, y: torch.Tensor, w: float) -> float:
    """Call the learner's function on copies of the data, and turn its answer into a float."""
    value = call(function, x.clone(), y.clone(), w)
    if value is None:
        raise Mistake("your gradient_no_bias returned None. Did it forget to `return` the gradient?")
    if isinstance(value, torch.Tensor) and value.numel() == len(x) > 1:
        raise Mistake(
            f"your gradient_no_bias returns {describe(value)}, one value per sample. The loss is a mean "
            "over the samples, and so is its derivative: average them."
        )
    return to_number(value, f"gradient_no_bias(x, y, {w})")


def _close(answer: list[float], expected: list[float], tolerance: float = 1e-3) -> bool:
    return all(math.isclose(a, e, rel_tol=tolerance, abs_tol=tolerance) for a, e in zip(answer, expected, strict=True))


def _check_gradient_no_bias(gradient_no_bias: Any) -> None:
    if not callable(gradient_no_bias):
        raise Mistake(
            f"pass the function itself, gradient_no_bias, without calling it; got {describe(gradient_no_bias)}."
        )
    x, y = _lesson_data()
    answers = [_gradient_at(gradient_no_bias, x, y, w) for w in W_VALUES]
    expected = [_autograd_gradient(x, y, w) for w in W_VALUES]
    if _close(answers, expected):
        other = _gradient_at(gradient_no_bias, _OTHER_X, _OTHER_Y, 1.0)
        if not math.isclose(other, _autograd_gradient(_OTHER_X, _OTHER_Y, 1.0), rel_tol=1e-3, abs_tol=1e-3):
            raise Mistake(
                "your gradient_no_bias is right for the lesson's x and y, but not for other data. Use the "
                "arguments x and y, and divide by len(x) rather than by a fixed number."
            )
        return
    mistaken = [_mistaken_gradients(x, y, w) for w in W_VALUES]
    for message in mistaken[0]:
        if _close(answers, [at_w[message] for at_w in mistaken]):
            raise Mistake(f"your gradient_no_bias {message}")
    if len({round(answer, 6) for answer in answers}) == 1:
        raise Mistake("your gradient_no_bias gives the same value at every w: the gradient depends on w.")
    worst = max(range(len(W_VALUES)), key=lambda i: abs(answers[i] - expected[i]))
    raise Mistake(
        f"your gradient_no_bias does not match autograd: at w = {W_VALUES[worst]}, for one, it gives "
        f"{answers[worst]:.4g}. Derive dL/dw for L = mean((w x_i - y_i)²) again."
    )


exercise_1 = FunctionExercise(
    "Exercise 1",
    _check_gradient_no_bias,
    hint="Write the residual r_i = w x_i - y_i. L is the mean of r_i², and by the chain rule the derivative of "
    "r_i² with respect to w is 2 r_i times the derivative of r_i with respect to w. Then take the mean.",
)


# Exercise 2: stop when the gradient is small -----------------------------------------------------

LEARNING_RATES = (0.1, 0.3)
TOLERANCE = 1e-4
MAX_STEPS = 10_000


#: The start that the exercise states (section 3's), and the one a learner may take instead.
START = (-0.5, 3.0)
ORIGIN = (0.0, 0.0)


@functools.cache
def _steps_until(lr: float, start: tuple[float, float] = START) -> dict[str, int]:
    """Return the number of updates until each stopping rule, the right one and common wrong ones, first holds.

    The loop is section 3's: the hand-derived gradients on float32 data, from ``start`` (w, b).
    """
    x, y = _lesson_data()
    w, b = start
    steps: dict[str, int] = {}
    rules = {
        "length": lambda gw, gb: math.sqrt(gw**2 + gb**2) < TOLERANCE,
        "squared length": lambda gw, gb: gw**2 + gb**2 < TOLERANCE,
        "w only": lambda gw, gb: abs(gw) < TOLERANCE,
        "b only": lambda gw, gb: abs(gb) < TOLERANCE,
        "each": lambda gw, gb: max(abs(gw), abs(gb)) < TOLERANCE,
    }
    for step in range(MAX_STEPS):
        residual = w * x + b - y
        grad_w, grad_b = (2 * (residual * x).mean()).item(), (2 * residual.mean()).item()
        for name, rule in rules.items():
            if name not in steps and rule(grad_w, grad_b):
                steps[name] = step
        if "length" in steps:  # every other rule holds at the latest when this one does
            break
        w, b = w - lr * grad_w, b - lr * grad_b
    return steps


def _count(value: Any, name: str) -> int:
    number = to_number(value, name)
    if number != int(number) or number < 0:
        raise Mistake(f"your {name} is {number:g}: a number of steps is a whole number, 0 or more.")
    return int(number)


def _check_count(count: int, lr: float) -> None:
    steps = _steps_until(lr)
    expected = steps["length"]
    if count == expected:
        return
    prefix = f"with learning rate {lr}, your count"
    if count == expected + 1:
        raise Mistake(
            f"{prefix} is one too many. Count the updates made before the gradient's length drops below 1e-4: "
            "if the very first gradient were that small, the answer would be 0."
        )
    wrong_rules = {
        "squared length": "you stopped when the squared length dropped below 1e-4. Take the square root.",
        "w only": "you stopped when ∂L/∂w alone was small. The length includes ∂L/∂b too.",
        "b only": "you stopped when ∂L/∂b alone was small. The length includes ∂L/∂w too.",
        "each": "you stopped when each partial derivative was below 1e-4. The length, "
        "sqrt((∂L/∂w)² + (∂L/∂b)²), is larger than either.",
    }
    for rule, message in wrong_rules.items():
        if steps[rule] != expected and count == steps[rule]:
            raise Mistake(f"{prefix} matches a different stopping rule: {message}")
    if count == expected - 1:
        raise Mistake(
            f"{prefix} is one too few: the loop stopped one update early. Compute the gradient, stop if its "
            "length is below 1e-4, and only otherwise update."
        )
    if count >= 10 * expected:
        raise Mistake(
            f"{prefix} is far too many. Does your loop stop at all? It should stop as soon as the gradient's length "
            "drops below 1e-4."
        )
    direction = "many" if count > expected else "few"
    raise Mistake(f"{prefix} is too {direction}. Check the stopping test and where the loop counts its steps.")


def _check_steps(steps_lr_01: Any, steps_lr_03: Any) -> None:
    counts = (_count(steps_lr_01, "steps_lr_01"), _count(steps_lr_03, "steps_lr_03"))
    expected = tuple(_steps_until(lr)["length"] for lr in LEARNING_RATES)
    if counts == expected[::-1] and counts != expected:
        raise Mistake("your two counts are swapped: steps_lr_01 is for learning rate 0.1, steps_lr_03 for 0.3.")
    from_origin = tuple(_steps_until(lr, ORIGIN)["length"] for lr in LEARNING_RATES)
    if counts == from_origin and counts != expected:
        raise Mistake("your counts are right for a loop that starts at w = 0, b = 0. Start from w = -0.5, b = 3, "
                      "as the exercise says.")
    for count, lr in zip(counts, LEARNING_RATES, strict=True):
        _check_count(count, lr)


exercise_2 = Exercise(
    "Exercise 2",
    _check_steps,
    hint="Turn the loop of section 3 into a function of the learning rate. In each step, compute the gradients "
    "first; if (grad_w**2 + grad_b**2) ** 0.5 is below 1e-4, return the step's number; otherwise update w and b.",
)
