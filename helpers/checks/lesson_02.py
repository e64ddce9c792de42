"""Checks for the exercises of lesson 02 (autograd): the derivative of a cubic, and a vector output with detach.

Example:
    >>> exercise_1.check(0.375, 4.75)
    Exercise 1: not yet. Your autograd_derivative is g(1.5), the value of the function, not its derivative.
    False
"""

from __future__ import annotations

from typing import Any

import torch

from helpers.checks import Exercise, Mistake, first_match, matches, to_number, to_tensor

__all__ = ["exercise_1", "exercise_5"]


# Exercise 1: the derivative of g(x) = x³ - 2x at x = 1.5 -----------------------------------------

X_1 = 1.5
_DERIVATIVE = 3 * X_1**2 - 2  # g'(x) = 3x² - 2
_CUBIC_MISTAKES = {  # value: what went wrong
    X_1**3 - 2 * X_1: "is g(1.5), the value of the function, not its derivative.",
    2 * _DERIVATIVE: "is twice the derivative. backward() adds to .grad: was it called twice without resetting "
    "x.grad in between?",
    3 * X_1**2: "is 3x² alone: the derivative of -2x, which is -2, is missing.",
    3 * X_1**2 - 2 * X_1: "subtracts 2x, but the derivative of -2x is -2.",
    3 * X_1**2 + 2: "adds 2, but the derivative of -2x is -2.",
    3 * X_1 - 2: "uses 3x for the derivative of x³. The power rule gives 3x².",
    X_1**2 - 2: "uses x² for the derivative of x³. The power rule brings the exponent down: 3x².",
    3 * 1.0**2 - 2: "is the derivative at x = 1, not at x = 1.5.",
    3 * 2.0**2 - 2: "is the derivative at x = 2, not at x = 1.5.",
    X_1: "is x itself. After backward(), autograd puts the derivative in x.grad.",
}


def _check_one_derivative(value: Any, name: str) -> None:
    if callable(value):
        raise Mistake(f"your {name} is a function. Give the number g'(1.5): call your function at 1.5.")
    number = to_number(value, name)
    if abs(number - _DERIVATIVE) < 1e-4:
        return
    for wrong, message in _CUBIC_MISTAKES.items():
        if abs(number - wrong) < 1e-4:
            raise Mistake(f"your {name} {message}")
    if abs(number + _DERIVATIVE) < 1e-4:
        raise Mistake(f"your {name} has the right size but the wrong sign.")
    raise Mistake(f"your {name} is {number:.6g}, which is not g'(1.5).")


def _check_cubic(autograd_derivative: Any, by_hand: Any) -> None:
    if autograd_derivative is None:
        raise Mistake(
            "your autograd_derivative is None, as x.grad is until backward() runs. Create x with "
            "requires_grad=True, compute g(x), call backward() on it, then read x.grad."
        )
    _check_one_derivative(autograd_derivative, "autograd_derivative")
    _check_one_derivative(by_hand, "by_hand")


exercise_1 = Exercise(
    "Exercise 1",
    _check_cubic,
    hint="Create x = torch.tensor(1.5, requires_grad=True), compute g = x**3 - 2 * x, call g.backward() and read "
    "x.grad. By hand: the derivative of x**n is n * x**(n - 1), and the derivative of a sum is the sum of the "
    "derivatives.",
)


# Exercise 5: a vector output, and detach on one branch -------------------------------------------

X_5 = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
_WITH_ONES = 2 * X_5  # y = x**2: dy_i/dx_i = 2 x_i
_WITH_DETACH = X_5  # x * c with the constant c = x.detach(): the derivative is c


def _check_vector_gradients(with_ones: Any, with_detach: Any) -> None:
    if with_ones is None or with_detach is None:
        name = "with_ones" if with_ones is None else "with_detach"
        raise Mistake(f"your {name} is None, as x.grad is until backward() runs. Call backward(), then read x.grad.")
    if isinstance(with_ones, torch.Tensor) and isinstance(with_detach, torch.Tensor) and (
        with_ones.data_ptr() == with_detach.data_ptr()
    ):
        raise Mistake(
            "your with_ones and with_detach are the same tensor, x.grad, which the second backward() changed. "
            "Keep a copy of the first gradient with x.grad.clone()."
        )
    if isinstance(with_ones, torch.Tensor) and with_ones.numel() == 1:
        raise Mistake(
            "your with_ones is a single number. x has 3 elements, so x.grad holds 3 derivatives: pass all of x.grad."
        )
    ones = to_tensor(with_ones, "with_ones", (3,))
    detached = to_tensor(with_detach, "with_detach", (3,))
    if matches(ones, _WITH_DETACH) and matches(detached, _WITH_ONES):
        raise Mistake(
            "your two gradients look swapped. Pass the gradient of part 1 (gradient=torch.ones_like(y)) first, "
            "then the gradient of part 2 (with detach)."
        )
    if not matches(ones, _WITH_ONES):
        _explain_with_ones(ones)
    if not matches(detached, _WITH_DETACH):
        _explain_with_detach(detached)


def _explain_with_ones(ones: torch.Tensor) -> None:
    ones_mistakes = {
        "holds the values of y = x², not its gradient. The gradient is in x.grad.": X_5**2,
        "holds twice the gradient. backward() adds to .grad: reset x.grad between the two backward() calls.": (
            2 * _WITH_ONES
        ),
        "holds ones: that is the `gradient` argument you pass in. The result lands in x.grad.": torch.ones(3),
        "holds x itself. The gradient is in x.grad.": X_5,
    }
    mistake = first_match(ones, ones_mistakes)
    if mistake is not None:
        raise Mistake(f"your with_ones {mistake}")
    raise Mistake("your with_ones is not dy_i/dx_i for y = x². Compare it with 2 * x.")


def _explain_with_detach(detached: torch.Tensor) -> None:
    detach_mistakes = {
        "equals 2x, the gradient without detach(). For autograd, x.detach() is a constant: only the other "
        "factor x is differentiated.": _WITH_ONES,
        "includes the gradient of the previous backward(): .grad adds up. Reset x.grad before this backward().": (
            _WITH_ONES + _WITH_DETACH
        ),
        "is zero. detach() cuts only its own factor from the graph; the other factor x still requires grad.": (
            torch.zeros(3)
        ),
        "holds ones, the derivative of x alone. Here x is multiplied by the constant x.detach().": torch.ones(3),
    }
    mistake = first_match(detached, detach_mistakes)
    if mistake is not None:
        raise Mistake(f"your with_detach {mistake}")
    raise Mistake(
        "your with_detach is not the gradient of (x * x.detach()).sum(). For autograd, x.detach() is a constant c: "
        "what is the derivative of c * x?"
    )


exercise_5 = Exercise(
    "Exercise 5",
    _check_vector_gradients,
    hint="Keep with_ones = x.grad.clone() right after the first backward() (a copy: x.grad.zero_(), or a backward() "
    "without a reset, would change the tensor x.grad itself). Reset x.grad = None before each new backward(). "
    "For the second part: autograd treats x.detach() as a constant c, so the sum is the sum of c_i * x_i.",
)
