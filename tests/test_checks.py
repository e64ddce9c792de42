"""The lessons' checkable exercises: right answers pass, `...` is not answered, each common mistake gets its message."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
import torch
from torch import nn

from helpers.checks import (
    FunctionExercise,
    is_placeholder,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
)
from helpers.synthetic import make_line

# Lesson 01 ---------------------------------------------------------------------------------------

M = torch.arange(12).reshape(3, 4)
POINTS, CENTRES = lesson_01.POINTS.float(), lesson_01.CENTRES.float()
DIFFERENCES = POINTS.unsqueeze(1) - CENTRES.unsqueeze(0)
SQUARED = (DIFFERENCES**2).sum(dim=2)
DTYPES = [torch.float32, torch.int64, torch.float16, torch.float64, torch.int64, torch.float16, torch.uint8]


def dtypes_with(number: int, dtype: torch.dtype) -> tuple:
    """The right answers to exercise 5, except the dtype of sum `number`."""
    answer = list(DTYPES)
    answer[number - 1] = dtype
    return (*answer, 4)


# Lesson 02 ---------------------------------------------------------------------------------------

X5 = torch.tensor([1.0, 2.0, 3.0])


def x_grad_after_two_backward_calls() -> tuple[torch.Tensor, torch.Tensor]:
    """with_ones kept without clone(), then zeroed in place: both names are the same x.grad."""
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x**2).sum().backward()
    with_ones = x.grad
    x.grad.zero_()
    (x * x.detach()).sum().backward()
    return with_ones, x.grad


# Lesson 03 ---------------------------------------------------------------------------------------

FEATURES, Y = make_line(n_samples=100, weight=2.0, bias=1.0, noise=0.5, seed=0)
X = FEATURES[:, 0]


def gradient(x, y, w):
    return (2 * (w * x - y) * x).mean().item()


def placeholder(x, y, w): ...  # a template cell not filled in yet


def forgot_return(x, y, w):
    (2 * (w * x - y) * x).mean()


def raises(x, y, w):
    raise ValueError("unfinished")


# Lesson 04 ---------------------------------------------------------------------------------------


def sgd_step(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            if parameter.grad is not None:
                parameter -= lr * parameter.grad


def clear_gradients(parameters):
    for parameter in parameters:
        parameter.grad = None


def zero_gradients(parameters):  # zero_grad(set_to_none=False): right too
    for parameter in parameters:
        if parameter.grad is not None:
            parameter.grad.zero_()


def step_without_no_grad(parameters, lr):
    for parameter in parameters:
        parameter -= lr * parameter.grad


def step_rebinding(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter = parameter - lr * parameter.grad  # the mistake under test


def step_uphill(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter += lr * parameter.grad


def step_without_lr(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter -= parameter.grad


def step_lr_twice(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter -= lr * lr * parameter.grad


def step_first_only(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter -= lr * parameter.grad
            return


def step_and_clear(parameters, lr):
    sgd_step(parameters, lr)
    clear_gradients(parameters)


def step_without_none_check(parameters, lr):
    with torch.no_grad():
        for parameter in parameters:
            parameter -= lr * parameter.grad


def step_losing_requires_grad(parameters, lr):
    for parameter in parameters:
        parameter.requires_grad_(False)
        parameter -= lr * parameter.grad


def clear_nothing(parameters):
    for parameter in parameters:
        grad = parameter.grad
        grad = None  # noqa: F841 (the mistake under test)


def clear_with_zero_(parameters):
    for parameter in parameters:
        parameter.grad.zero_()


def clear_with_number(parameters):
    for parameter in parameters:
        parameter.grad = 0


def clear_parameters(parameters):
    with torch.no_grad():
        for parameter in parameters:
            parameter.zero_()


def clear_first_only(parameters):
    for parameter in parameters:
        parameter.grad = None
        return


def clear_halving(parameters):
    for parameter in parameters:
        parameter.grad /= 2


# The table -----------------------------------------------------------------------------------------

# Lesson 05, exercise 3: predictions and labels of 3 classes; per-class accuracy 1, 1/2, 1/3, precision 1, 1/3, 1/2
PREDICTIONS, LABELS = torch.tensor([0, 1, 1, 1, 2, 2]), torch.tensor([0, 1, 2, 2, 2, 1])
PER_CLASS = torch.tensor([1.0, 1 / 2, 1 / 3])
# Lesson 06, exercise 3: a confusion matrix whose largest off-diagonal count is at (1, 2)
CONFUSION = torch.tensor([[50, 1, 0], [0, 40, 7], [2, 3, 45]])


# Lesson 07, exercise 2: the label-smoothing targets, right and wrong
def smoothed_targets(labels, smoothing):
    targets = torch.full((len(labels), 10), smoothing / 10)
    targets[torch.arange(len(labels)), labels] = 1 - smoothing + smoothing / 10
    return targets


def smoothed_from_one_hot(labels, smoothing):
    return (1 - smoothing) * nn.functional.one_hot(labels, 10).double() + smoothing / 10


def smoothed_forgot_share(labels, smoothing):
    targets = torch.full((len(labels), 10), smoothing / 10)
    targets[torch.arange(len(labels)), labels] = 1 - smoothing
    return targets


def smoothed_over_nine(labels, smoothing):
    targets = torch.full((len(labels), 10), smoothing / 9)
    targets[torch.arange(len(labels)), labels] = 1 - smoothing
    return targets


def smoothed_fixed(labels, smoothing):
    return smoothed_targets(labels, 0.1)


def smoothed_one_hot(labels, smoothing):
    return nn.functional.one_hot(labels, 10).float()


def smoothed_transposed(labels, smoothing):
    return smoothed_targets(labels, smoothing).T


def smoothed_placeholder(labels, smoothing): ...  # the template cell, not filled in yet


RIGHT = [
    (lesson_01.exercise_1, (M, M[:, 1], M[-1])),
    (lesson_01.exercise_1, (M, M[:, 1], M[2])),
    (lesson_01.exercise_1, (torch.arange(12.0).reshape(3, 4), torch.arange(12.0).reshape(3, 4)[:, 1], M[-1])),
    (lesson_01.exercise_3, (SQUARED,)),
    (lesson_01.exercise_3, (SQUARED.double(),)),
    (lesson_01.exercise_3, (torch.cdist(POINTS, CENTRES) ** 2,)),
    (lesson_01.exercise_5, (*DTYPES, 4)),
    (lesson_01.exercise_5, ("float32", "torch.int64", torch.half, "float64", torch.long, "float16", "uint8", 4)),
    (lesson_01.exercise_5, (*DTYPES, torch.tensor([4], dtype=torch.uint8))),
    (lesson_01.exercise_5, (*DTYPES, np.int64(4))),
    (lesson_01.exercise_5, ("float", *DTYPES[1:], 4)),  # "float" is torch.float, which is float32
    (lesson_02.exercise_1, (torch.tensor(4.75), 4.75)),
    (lesson_02.exercise_1, (torch.tensor([4.75]), torch.tensor(3 * 1.5**2 - 2))),
    (lesson_02.exercise_5, (2 * X5, X5.clone())),
    (lesson_02.exercise_5, ([2.0, 4.0, 6.0], [1, 2, 3])),
    (lesson_02.exercise_5, ((2 * X5).double(), X5.clone().requires_grad_())),
    (lesson_03.exercise_1, (gradient,)),
    (lesson_03.exercise_1, (lambda x, y, w: 2 * ((w * x - y) * x).sum() / len(x),)),
    (lesson_03.exercise_1, (lambda x, y, w: torch.tensor([(2 * (w * x - y) * x).mean()]),)),
    (lesson_03.exercise_2, (48, 12)),  # the counts that the lesson's own loop prints
    (lesson_03.exercise_2, (48.0, torch.tensor(12))),
    (lesson_04.exercise_3, (sgd_step, clear_gradients)),
    (lesson_04.exercise_3, (sgd_step, zero_gradients)),
    (lesson_05.exercise_3, (PER_CLASS, PREDICTIONS, LABELS)),
    (lesson_05.exercise_3, (PER_CLASS.tolist(), PREDICTIONS, LABELS)),
    (lesson_05.exercise_3, (PER_CLASS.double(), PREDICTIONS.int(), LABELS)),
    (lesson_06.exercise_3, (1, 2, CONFUSION)),
    (lesson_06.exercise_3, (torch.tensor(1), np.int64(2), CONFUSION)),
    (lesson_06.exercise_3, (1, 2, torch.tensor([[50, 7, 0], [0, 40, 7], [2, 3, 45]]))),  # a tie: either pair
    (lesson_06.exercise_3, (0, 1, torch.tensor([[50, 7, 0], [0, 40, 7], [2, 3, 45]]))),
    (lesson_07.exercise_2, (smoothed_targets,)),
    (lesson_07.exercise_2, (smoothed_from_one_hot,)),
]

NOT_ANSWERED = [
    (lesson_01.exercise_1, (..., ..., ...)),
    (lesson_01.exercise_1, (M, ..., M[-1])),
    (lesson_01.exercise_3, (...,)),
    (lesson_01.exercise_5, (*DTYPES[:6], ..., ...)),
    (lesson_02.exercise_1, (..., ...)),
    (lesson_02.exercise_5, (..., ...)),
    (lesson_03.exercise_1, (...,)),
    (lesson_03.exercise_1, (placeholder,)),
    (lesson_03.exercise_2, (..., ...)),
    (lesson_04.exercise_3, (..., ...)),
    (lesson_04.exercise_3, (placeholder, placeholder)),
    (lesson_04.exercise_3, (sgd_step, placeholder)),
    (lesson_05.exercise_3, (..., PREDICTIONS, LABELS)),
    (lesson_06.exercise_3, (..., ..., CONFUSION)),
    (lesson_07.exercise_2, (...,)),
    (lesson_07.exercise_2, (smoothed_placeholder,)),
]

MISTAKES = [
    # Lesson 01, exercise 1: the matrix
    (lesson_01.exercise_1, (M.tolist(), M[:, 1], M[-1]), r"m is a Python list"),
    (lesson_01.exercise_1, (M.numpy(), M[:, 1], M[-1]), r"m should be a tensor, but it is a value of type ndarray"),
    (lesson_01.exercise_1, (torch.arange(12), M[:, 1], M[-1]), r"m has shape \(12,\): reshape it"),
    (lesson_01.exercise_1, (torch.arange(12).reshape(4, 3), M[:, 1], M[-1]), r"shape \(4, 3\): 4 rows of 3"),
    (lesson_01.exercise_1, (torch.arange(1, 13).reshape(3, 4), M[:, 1], M[-1]), r"m counts from 1 to 12"),
    (lesson_01.exercise_1, (torch.arange(12).reshape(4, 3).T, M[:, 1], M[-1]), r"filled column by column"),
    (lesson_01.exercise_1, (torch.zeros(3, 4), M[:, 1], M[-1]), r"not the numbers 0 to 11"),
    (lesson_01.exercise_1, (torch.arange(24).reshape(2, 3, 4), M[:, 1], M[-1]), r"should have shape \(3, 4\)"),
    # Lesson 01, exercise 1: the column
    (lesson_01.exercise_1, (M, M[1], M[-1]), r"second_column is the second row of m"),
    (lesson_01.exercise_1, (M, M[:, 0], M[-1]), r"second_column is the first column of m"),
    (lesson_01.exercise_1, (M, M[:, 2], M[-1]), r"second_column is the third column of m. Indices count from 0"),
    (lesson_01.exercise_1, (M, M[:, 1:2], M[-1]), r"second_column has shape \(3, 1\): a slice such as 1:2"),
    (lesson_01.exercise_1, (M, M[1:2], M[-1]), r"second_column has shape \(1, 4\) and is a row"),
    (lesson_01.exercise_1, (M, [1, 5, 9], M[-1]), r"second_column is a Python list"),
    (lesson_01.exercise_1, (M, torch.tensor([9, 9, 9]), M[-1]), r"second_column should be the column of m at index 1"),
    # Lesson 01, exercise 1: the row
    (lesson_01.exercise_1, (M, M[:, 1], M[-1:]), r"last_row has shape \(1, 4\): the slice -1: keeps"),
    (lesson_01.exercise_1, (M, M[:, 1], M[:, -1]), r"last_row is the last column of m"),
    (lesson_01.exercise_1, (M, M[:, 1], M[0]), r"last_row is the first row of m"),
    (lesson_01.exercise_1, (M, M[:, 1], M[1]), r"last_row is the second row of m"),
    (lesson_01.exercise_1, (M, M[:, 1], (8, 9, 10, 11)), r"last_row is a Python tuple"),
    (lesson_01.exercise_1, (M, M[:, 1], M[-1] + 1), r"last_row should be the last row of m"),
    # Lesson 01, exercise 3
    (lesson_01.exercise_3, (SQUARED.tolist(),), r"squared_distances is a Python list"),
    (lesson_01.exercise_3, (DIFFERENCES**2,), r"shape \(5, 3, 2\): one value per coordinate"),
    (lesson_01.exercise_3, ((DIFFERENCES**2).sum(dim=1),), r"shape \(5, 2\): the sum ran over the centres"),
    (lesson_01.exercise_3, (SQUARED.T,), r"shape \(3, 5\): one row per centre"),
    (lesson_01.exercise_3, (torch.cdist(POINTS, CENTRES),), r"the distances themselves"),
    (lesson_01.exercise_3, (DIFFERENCES.sum(dim=2) ** 2,), r"summed before squaring"),
    (lesson_01.exercise_3, (DIFFERENCES.sum(dim=2),), r"summed without squaring"),
    (lesson_01.exercise_3, ((DIFFERENCES**2).mean(dim=2),), r"mean over the two coordinates"),
    (lesson_01.exercise_3, (DIFFERENCES.abs().sum(dim=2),), r"sums of absolute differences"),
    (lesson_01.exercise_3, (SQUARED + 1,), r"right shape \(5, 3\), but not the right values"),
    (lesson_01.exercise_3, (torch.zeros(15),), r"should have shape \(5, 3\)"),
    (lesson_01.exercise_3, (3.0,), r"should be a tensor of shape \(5, 3\)"),
    # Lesson 01, exercise 5: one specific message per misreading of the rule
    (lesson_01.exercise_5, dtypes_with(1, torch.int64), r"7 of your 8 answers are right.*\n- sum 1: 0.5 is a float"),
    (lesson_01.exercise_5, dtypes_with(1, torch.float64), r"sum 1: a Python float does not count as float64"),
    (lesson_01.exercise_5, dtypes_with(2, torch.int32), r"sum 2: both operands are vectors of integers"),
    (lesson_01.exercise_5, dtypes_with(2, torch.float32), r"sum 2: both operands are integers"),
    (lesson_01.exercise_5, dtypes_with(3, torch.float32), r"sum 3: a Python number never changes the dtype"),
    (lesson_01.exercise_5, dtypes_with(3, torch.int64), r"sum 3: both operands are floating point"),
    (lesson_01.exercise_5, dtypes_with(4, torch.float32), r"sum 4: in step 2 only the operands of the highest"),
    (lesson_01.exercise_5, dtypes_with(4, torch.int64), r"sum 4: step 1 comes first"),
    (lesson_01.exercise_5, dtypes_with(5, torch.bool), r"sum 5: 1 is an integer, and integer outranks bool"),
    (lesson_01.exercise_5, dtypes_with(5, torch.int32), r"sum 5: the bool vector is in a lower category"),
    (lesson_01.exercise_5, dtypes_with(6, torch.float32), r"sum 6: in step 2 only the floating-point operands"),
    (lesson_01.exercise_5, dtypes_with(6, torch.int64), r"sum 6: step 1 comes first"),
    (lesson_01.exercise_5, dtypes_with(7, torch.int64), r"sum 7: a Python number never changes the dtype"),
    (lesson_01.exercise_5, dtypes_with(7, torch.complex64), r"sum 7: not torch.complex64. Apply step 1"),
    (lesson_01.exercise_5, (*DTYPES, 260), r"value_7: uint8 holds only the whole numbers 0 to 255"),
    (lesson_01.exercise_5, (*DTYPES, 255), r"value_7: uint8 arithmetic does not stop at 255"),
    (lesson_01.exercise_5, (*DTYPES, 3), r"value_7: not what PyTorch gives"),
    (lesson_01.exercise_5, (*DTYPES[:6], torch.int64, 260), r"6 of your 8 answers are right.*\n- sum 7.*\n- value_7"),
    (lesson_01.exercise_5, (int, *DTYPES[1:], 4), r"dtype_1 is Python's int type"),
    (lesson_01.exercise_5, ("floaty", *DTYPES[1:], 4), r"dtype_1 is the string 'floaty', which is not"),
    (lesson_01.exercise_5, (*DTYPES, 4, 5), r"pass 8 answers"),
    # Lesson 02, exercise 1
    (lesson_02.exercise_1, (None, 4.75), r"autograd_derivative is None, as x.grad is until backward\(\) runs"),
    (lesson_02.exercise_1, (torch.tensor(0.375), 4.75), r"is g\(1.5\), the value of the function"),
    (lesson_02.exercise_1, (torch.tensor(9.5), 4.75), r"twice the derivative. backward\(\) adds to .grad"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 6.75), r"by_hand is 3x² alone"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 3.75), r"by_hand subtracts 2x"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 8.75), r"by_hand adds 2"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 2.5), r"by_hand uses 3x for the derivative of x³"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 0.25), r"by_hand uses x² for the derivative of x³"),
    (lesson_02.exercise_1, (torch.tensor(1.0), 4.75), r"the derivative at x = 1, not at x = 1.5"),
    (lesson_02.exercise_1, (torch.tensor(10.0), 4.75), r"the derivative at x = 2, not at x = 1.5"),
    (lesson_02.exercise_1, (torch.tensor(1.5, requires_grad=True), 4.75), r"is x itself"),
    (lesson_02.exercise_1, (torch.tensor(4.75), -4.75), r"by_hand has the right size but the wrong sign"),
    (lesson_02.exercise_1, (torch.tensor(4.75), 7.0), r"by_hand is 7, which is not g'\(1.5\)"),
    (lesson_02.exercise_1, (torch.tensor(4.75), lambda x: 3 * x**2 - 2), r"by_hand is a function"),
    (lesson_02.exercise_1, (torch.tensor([4.75, 1.0]), 4.75), r"should be one number, but it is a tensor of shape"),
    (lesson_02.exercise_1, (torch.tensor(float("nan")), 4.75), r"is nan: a finite number was expected"),
    # Lesson 02, exercise 5
    (lesson_02.exercise_5, (None, X5), r"with_ones is None"),
    (lesson_02.exercise_5, x_grad_after_two_backward_calls(), r"are the same tensor, x.grad"),
    (lesson_02.exercise_5, (torch.tensor(12.0), X5), r"with_ones is a single number"),
    (lesson_02.exercise_5, (X5**2, X5), r"with_ones holds the values of y = x²"),
    (lesson_02.exercise_5, (4 * X5, X5), r"with_ones holds twice the gradient"),
    (lesson_02.exercise_5, (torch.ones(3), X5), r"with_ones holds ones: that is the `gradient` argument"),
    (lesson_02.exercise_5, (X5, X5.clone()), r"with_ones holds x itself"),
    (lesson_02.exercise_5, (X5.clone(), 2 * X5), r"your two gradients look swapped"),
    (lesson_02.exercise_5, ((2 * X5).unsqueeze(1), X5), r"with_ones should have shape \(3,\)"),
    (lesson_02.exercise_5, (-2 * X5, X5), r"with_ones is not dy_i/dx_i"),
    (lesson_02.exercise_5, (2 * X5, 2 * X5), r"with_detach equals 2x, the gradient without detach"),
    (lesson_02.exercise_5, (2 * X5, 3 * X5), r"with_detach includes the gradient of the previous backward"),
    (lesson_02.exercise_5, (2 * X5, torch.zeros(3)), r"with_detach is zero"),
    (lesson_02.exercise_5, (2 * X5, torch.ones(3)), r"with_detach holds ones"),
    (lesson_02.exercise_5, (2 * X5, X5**2), r"with_detach is not the gradient of \(x \* x.detach\(\)\).sum\(\)"),
    (lesson_02.exercise_5, (2 * X5, "1, 2, 3"), r"with_detach should be a tensor of shape \(3,\)"),
    # Lesson 03, exercise 1
    (lesson_03.exercise_1, (lambda x, y, w: ((w * x - y) * x).mean(),), r"half the gradient: the factor 2"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (y - w * x) * x).mean(),), r"has the wrong sign. The residual"),
    (lesson_03.exercise_1, (lambda x, y, w: ((y - w * x) * x).mean(),), r"the tutorial formula of section 2"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (w * x - y) * x).sum(),), r"sums over the samples instead of"),
    (lesson_03.exercise_1, (lambda x, y, w: ((w * x - y) * x).sum(),), r"instead of taking the mean, and misses"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (y - w * x) * x).sum(),), r"and has the wrong sign"),
    (lesson_03.exercise_1, (lambda x, y, w: ((w * x - y) ** 2).mean(),), r"returns the loss L\(w\) itself"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (w * x - y)).mean(),), r"misses the factor x_i"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (w * x - y) * w).mean(),), r"multiplies by w instead of x_i"),
    (lesson_03.exercise_1, (lambda x, y, w: 2 * (w * x - y) * x,), r"one value per sample. The loss is a mean"),
    (lesson_03.exercise_1, (forgot_return,), r"returned None. Did it forget to `return`"),
    (lesson_03.exercise_1, (lambda x, y, w: 1.0,), r"gives the same value at every w"),
    (lesson_03.exercise_1, (lambda x, y, w: gradient(X, Y, w),), r"right for the lesson's x and y, but not for other"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (w * x - y) * x).sum() / 100,), r"not for other data"),
    (lesson_03.exercise_1, (lambda x, y, w: (2 * (w * x - y) * x**2).mean(),), r"does not match autograd: at w ="),
    (lesson_03.exercise_1, (raises,), r"calling raises raised ValueError: unfinished"),
    (lesson_03.exercise_1, (gradient(X, Y, 0.0),), r"pass the function itself, gradient_no_bias, without calling"),
    # Lesson 03, exercise 2
    (lesson_03.exercise_2, (49, 12), r"learning rate 0.1, your count is one too many"),
    (lesson_03.exercise_2, (48, 11), r"learning rate 0.3, your count is one too few"),
    (lesson_03.exercise_2, (12, 48), r"your two counts are swapped"),
    (lesson_03.exercise_2, (46, 12), r"right for a loop that starts at w = 0, b = 0. Start from w = -0.5"),
    (lesson_03.exercise_2, (27, 12), r"0.1, your count matches a different stopping rule: .*squared length"),
    (lesson_03.exercise_2, (48, 7), r"0.3, your count matches a different stopping rule: .*squared length"),
    (lesson_03.exercise_2, (28, 12), r"different stopping rule: you stopped when ∂L/∂w alone was small"),
    (lesson_03.exercise_2, (48, 10), r"different stopping rule: you stopped when ∂L/∂w alone was small"),
    (lesson_03.exercise_2, (10_000, 12), r"is far too many. Does your loop stop at all"),
    (lesson_03.exercise_2, (60, 12), r"0.1, your count is too many"),
    (lesson_03.exercise_2, (48, 3), r"0.3, your count is too few"),
    (lesson_03.exercise_2, (48.5, 12), r"steps_lr_01 is 48.5: a number of steps is a whole number"),
    (lesson_03.exercise_2, ("48", 12), r"steps_lr_01 should be a number, but it is a value of type str"),
    # Lesson 04, exercise 3: sgd_step
    (lesson_04.exercise_3, (step_without_no_grad, clear_gradients), r"Put the update inside `with torch.no_grad\(\):`"),
    (lesson_04.exercise_3, (step_rebinding, clear_gradients), r"did not change the parameters it was given"),
    (lesson_04.exercise_3, (step_uphill, clear_gradients), r"moved the parameters up the gradient"),
    (lesson_04.exercise_3, (step_without_lr, clear_gradients), r"subtracts the whole gradient: scale it by"),
    (lesson_04.exercise_3, (step_lr_twice, clear_gradients), r"scales the gradient by lr twice"),
    (lesson_04.exercise_3, (step_first_only, clear_gradients), r"sgd_step updated only some of the parameters"),
    (lesson_04.exercise_3, (step_and_clear, clear_gradients), r"sgd_step also changed the gradients"),
    (lesson_04.exercise_3, (step_without_none_check, clear_gradients), r"sgd_step fails on a parameter whose .grad"),
    (lesson_04.exercise_3, (step_losing_requires_grad, clear_gradients), r"no longer require grad"),
    (lesson_04.exercise_3, (lambda parameters, lr: 1 / 0, clear_gradients), r"raised ZeroDivisionError"),
    # Lesson 04, exercise 3: clear_gradients
    (lesson_04.exercise_3, (sgd_step, clear_nothing), r"clear_gradients left the gradients as they were"),
    (lesson_04.exercise_3, (sgd_step, clear_with_zero_), r"clear_gradients fails on a parameter whose .grad is None"),
    (lesson_04.exercise_3, (sgd_step, clear_with_number), r"assigned something other than a tensor to .grad"),
    (lesson_04.exercise_3, (sgd_step, clear_parameters), r"changed the parameters themselves"),
    (lesson_04.exercise_3, (sgd_step, clear_first_only), r"cleared only some of the gradients"),
    (lesson_04.exercise_3, (sgd_step, clear_halving), r"changed the gradients but did not clear them"),
    (lesson_04.exercise_3, (sgd_step, "clear_gradients"), r"pass the function clear_gradients itself"),
    # Lesson 05, exercise 3: the per-class accuracy
    (lesson_05.exercise_3, (100 * PER_CLASS, PREDICTIONS, LABELS), r"percentages"),
    (lesson_05.exercise_3, (torch.tensor([1.0, 1 / 3, 1 / 2]), PREDICTIONS, LABELS), r"predicted.*precision.*row sums"),
    (lesson_05.exercise_3, (torch.tensor([1.0, 1.0, 1.0]), PREDICTIONS, LABELS), r"counts of correct images"),
    (lesson_05.exercise_3, (torch.tensor([1.0, 2.0, 3.0]), PREDICTIONS, LABELS), r"number of images, the row sums"),
    (lesson_05.exercise_3, (torch.tensor([1.0, 1 / 2, 1 / 2]), PREDICTIONS, LABELS), r"\(TP \+ TN\) / m of a yes/no"),
    (lesson_05.exercise_3, (torch.tensor(0.6667), PREDICTIONS, LABELS), r"one number: that is the accuracy over all"),
    (lesson_05.exercise_3, (PER_CLASS[:2], PREDICTIONS, LABELS), r"should have shape \(3,\)"),
    (lesson_05.exercise_3, (torch.tensor([0.5, 0.5, 0.5]), PREDICTIONS, LABELS), r"not the right values"),
    (lesson_05.exercise_3, (PER_CLASS, PREDICTIONS.float(), LABELS), r"1-D tensor of class indices"),
    (lesson_05.exercise_3, (PER_CLASS, PREDICTIONS[:4], LABELS), r"6 entries|4 entries"),
    # Lesson 06, exercise 3: the most confused pair
    (lesson_06.exercise_3, (1, 1, CONFUSION), r"on the diagonal"),
    (lesson_06.exercise_3, (2, 1, CONFUSION), r"wrong order.*rows of the matrix are the true labels"),
    (lesson_06.exercise_3, (2, 0, CONFUSION), r"is 2, but another pair"),
    (lesson_06.exercise_3, (1, 12, CONFUSION), r"digit from 0 to 2"),
    (lesson_06.exercise_3, (1.5, 2, CONFUSION), r"digit from 0 to 2"),
    (lesson_06.exercise_3, (1, 2, CONFUSION.tolist()), r"confusion matrix as the check's third argument"),
    # Lesson 07, exercise 2: the label-smoothing targets
    (lesson_07.exercise_2, (smoothed_forgot_share,), r"right class gets 1 - smoothing, so each row sums to less"),
    (lesson_07.exercise_2, (smoothed_over_nine,), r"spreads the smoothing over the 9 wrong classes"),
    (lesson_07.exercise_2, (smoothed_fixed,), r"use the function's smoothing argument"),
    (lesson_07.exercise_2, (smoothed_one_hot,), r"one-hot: the smoothing is missing"),
    (lesson_07.exercise_2, (smoothed_transposed,), r"one row of 10 per label"),
    (lesson_07.exercise_2, (smoothed_targets(torch.tensor([3, 7]), 0.1),), r"pass your function itself"),
]


def case_id(case: tuple) -> str:
    return case[0].name.replace(" ", "_")


@pytest.mark.parametrize(("exercise", "answer"), RIGHT, ids=[case_id(case) for case in RIGHT])
def test_a_right_answer_passes(exercise, answer, capsys):
    assert exercise.check(*answer)
    assert capsys.readouterr().out == f"{exercise.name}: correct!\n"


@pytest.mark.parametrize(("exercise", "answer"), NOT_ANSWERED, ids=[case_id(case) for case in NOT_ANSWERED])
def test_dots_count_as_not_answered(exercise, answer, capsys):
    assert not exercise.check(*answer)
    assert "not answered yet" in capsys.readouterr().out


@pytest.mark.parametrize(("exercise", "answer", "message"), MISTAKES, ids=[case_id(case) for case in MISTAKES])
def test_each_common_mistake_gets_its_own_message(exercise, answer, message, capsys):
    passed = exercise.check(*answer)
    out = capsys.readouterr().out
    assert re.search(message, out, re.IGNORECASE), out
    assert not passed
    assert "Traceback" not in out


def test_every_checkable_exercise_has_a_hint_and_points_to_its_solution(capsys):
    exercises = [lesson_01.exercise_1, lesson_01.exercise_3, lesson_01.exercise_5, lesson_02.exercise_1,
                 lesson_02.exercise_5, lesson_03.exercise_1, lesson_03.exercise_2, lesson_04.exercise_3,
                 lesson_05.exercise_3, lesson_06.exercise_3, lesson_07.exercise_2]
    for exercise in exercises:
        exercise.hint()
        exercise.solution()
        out = capsys.readouterr().out
        assert f"{exercise.name}, hint: " in out and "collapsed cell" in out


def test_the_messages_never_give_the_answer_away(capsys):
    """A wrong answer's message describes the mistake, never the expected values."""
    lesson_01.exercise_3.check(SQUARED + 1)
    lesson_02.exercise_1.check(torch.tensor(4.75), 7.0)
    lesson_03.exercise_1.check(lambda x, y, w: (2 * (w * x - y) * x**2).mean())
    out = capsys.readouterr().out
    assert "4.75" not in out and str(SQUARED[0].tolist()) not in out
    assert f"{gradient(X, Y, -1.0):.4g}" not in out


def test_a_function_counts_as_not_answered_only_while_its_body_is_empty():
    assert is_placeholder(placeholder)
    assert not is_placeholder(gradient) and not is_placeholder(raises)
    assert not is_placeholder(...) and not is_placeholder(3)
    assert isinstance(lesson_03.exercise_1, FunctionExercise) and isinstance(lesson_04.exercise_3, FunctionExercise)


def test_the_gradient_reference_is_autograd():
    """Exercise 1 of lesson 03 is judged against autograd, at the lesson's data and several w."""
    for w in lesson_03.W_VALUES:
        w_tensor = torch.tensor(w, requires_grad=True)
        ((w_tensor * X - Y) ** 2).mean().backward()
        assert abs(gradient(X, Y, w) - w_tensor.grad.item()) < 1e-4


@pytest.mark.slow
def test_the_step_reference_is_what_torch_optim_sgd_does():
    """Exercise 3 of lesson 04 expects what torch.optim.SGD's step() does (a few seconds: SGD's first step)."""
    layer = nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(lesson_04._WEIGHT)
        layer.bias.copy_(lesson_04._BIAS)
    layer.weight.grad, layer.bias.grad = lesson_04._WEIGHT_GRAD.clone(), lesson_04._BIAS_GRAD.clone()
    torch.optim.SGD(layer.parameters(), lr=lesson_04.LR).step()
    mine = nn.Linear(2, 1)
    with torch.no_grad():
        mine.weight.copy_(lesson_04._WEIGHT)
        mine.bias.copy_(lesson_04._BIAS)
    mine.weight.grad, mine.bias.grad = lesson_04._WEIGHT_GRAD.clone(), lesson_04._BIAS_GRAD.clone()
    sgd_step(list(mine.parameters()), lesson_04.LR)
    assert torch.equal(layer.weight, mine.weight) and torch.equal(layer.bias, mine.bias)


@pytest.mark.parametrize("exercise", [lesson_03.exercise_1, lesson_03.exercise_2, lesson_04.exercise_3])
def test_checks_are_fast(exercise):
    answers = {
        lesson_03.exercise_1: (gradient,),
        lesson_03.exercise_2: (48, 12),
        lesson_04.exercise_3: (sgd_step, clear_gradients),
    }
    exercise.check(*answers[exercise])  # warm the caches
    start = time.perf_counter()
    exercise.check(*answers[exercise])
    assert time.perf_counter() - start < 0.5
