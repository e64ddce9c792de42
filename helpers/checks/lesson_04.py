"""Checks for the exercises of lesson 04 (linear regression with ``nn.Linear``).

Exercise 3 checks the learner's ``sgd_step(parameters, lr)`` and ``clear_gradients(parameters)``
on a small ``nn.Linear`` whose gradients are set by hand, against what ``torch.optim.SGD`` does:
``parameter -= lr * parameter.grad`` for every parameter that has a gradient.

Example:
    >>> def sgd_step(parameters, lr):
    ...     with torch.no_grad():
    ...         for parameter in parameters:
    ...             parameter += lr * parameter.grad
    >>> def clear_gradients(parameters):
    ...     for parameter in parameters:
    ...         parameter.grad = None
    >>> exercise_3.check(sgd_step, clear_gradients)  # doctest: +ELLIPSIS
    Exercise 3: not yet. Your sgd_step moved the parameters up the gradient, which increases the loss: ...
    False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from helpers.checks import FunctionExercise, Mistake, describe

__all__ = ["exercise_3"]

LR = 0.1
_WEIGHT = torch.tensor([[1.0, -2.0]])
_BIAS = torch.tensor([0.5])
_WEIGHT_GRAD = torch.tensor([[0.5, 1.0]])
_BIAS_GRAD = torch.tensor([-2.0])


def _layer_with_gradients() -> tuple[nn.Linear, list[nn.Parameter]]:
    """Return a small layer with known values and gradients, and the list of its parameters."""
    layer = nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(_WEIGHT)
        layer.bias.copy_(_BIAS)
    layer.weight.grad = _WEIGHT_GRAD.clone()
    layer.bias.grad = _BIAS_GRAD.clone()
    return layer, list(layer.parameters())


def _run(function: Callable[..., Any], name: str, *arguments: Any) -> None:
    """Call a learner's function; turn the errors that common mistakes raise into specific messages."""
    try:
        function(*arguments)
    except RuntimeError as error:
        if "leaf Variable that requires grad" in str(error):
            raise Mistake(
                f"your {name} changed a parameter in place while autograd was recording, and PyTorch refused. "
                "Put the update inside `with torch.no_grad():`."
            ) from None
        raise Mistake(f"calling your {name} raised RuntimeError: {error}") from None
    except TypeError as error:
        if "NoneType" in str(error):
            raise Mistake(
                f"your {name} fails on a parameter whose .grad is None: {error}. A parameter has no gradient "
                "before the first backward() and after clear_gradients(); optimizer.step() skips such "
                "parameters, and zero_grad() leaves them alone."
            ) from None
        if "assigned grad" in str(error):
            raise Mistake(
                f"your {name} assigned something other than a tensor to .grad ({error}). Set it to None, "
                "as zero_grad() does."
            ) from None
        raise Mistake(f"calling your {name} raised TypeError: {error}") from None
    except AttributeError as error:
        if "NoneType" in str(error):
            raise Mistake(
                f"your {name} fails on a parameter whose .grad is None: {error}. A parameter has no gradient "
                "before the first backward(); check `if parameter.grad is not None` first, or simply set "
                ".grad to None."
            ) from None
        raise Mistake(f"calling your {name} raised AttributeError: {error}") from None
    except Exception as error:
        raise Mistake(f"calling your {name} raised {type(error).__name__}: {error}") from None


def _same(tensor: torch.Tensor | None, expected: torch.Tensor) -> bool:
    return tensor is not None and tensor.shape == expected.shape and torch.allclose(tensor.detach(), expected)


def _check_sgd_step(sgd_step: Callable[..., Any]) -> None:
    layer, parameters = _layer_with_gradients()
    _run(sgd_step, "sgd_step", parameters, LR)
    weight, bias = layer.weight.detach(), layer.bias.detach()
    expected_weight, expected_bias = _WEIGHT - LR * _WEIGHT_GRAD, _BIAS - LR * _BIAS_GRAD  # what SGD's step() does
    if not (layer.weight.requires_grad and layer.bias.requires_grad):
        raise Mistake("after your sgd_step the parameters no longer require grad. Update their values only.")
    weight_right, bias_right = _same(weight, expected_weight), _same(bias, expected_bias)
    if not (weight_right and bias_right):
        if _same(weight, _WEIGHT) and _same(bias, _BIAS):
            raise Mistake(
                "your sgd_step did not change the parameters it was given. `parameter = parameter - lr * "
                "parameter.grad` only makes the name `parameter` point to a new tensor: change the parameter "
                "itself in place, with -=, inside `with torch.no_grad():`. And loop over the argument "
                "`parameters`, not over a model's."
            )
        if weight_right or bias_right or _same(weight, _WEIGHT) or _same(bias, _BIAS):
            raise Mistake(
                "your sgd_step updated only some of the parameters. Update every one: is there a `return` or "
                "`break` inside the loop?"
            )
        if _same(weight, _WEIGHT + LR * _WEIGHT_GRAD) and _same(bias, _BIAS + LR * _BIAS_GRAD):
            raise Mistake(
                "your sgd_step moved the parameters up the gradient, which increases the loss: subtract lr * grad."
            )
        if _same(weight, _WEIGHT - _WEIGHT_GRAD) and _same(bias, _BIAS - _BIAS_GRAD):
            raise Mistake("your sgd_step subtracts the whole gradient: scale it by the learning rate lr first.")
        if _same(weight, _WEIGHT - LR**2 * _WEIGHT_GRAD) and _same(bias, _BIAS - LR**2 * _BIAS_GRAD):
            raise Mistake("your sgd_step scales the gradient by lr twice.")
        raise Mistake(
            "your sgd_step changed the parameters, but not to parameter - lr * parameter.grad (for weight and bias "
            f"of an nn.Linear(2, 1) with lr={LR})."
        )
    if not (_same(layer.weight.grad, _WEIGHT_GRAD) and _same(layer.bias.grad, _BIAS_GRAD)):
        raise Mistake(
            "your sgd_step also changed the gradients. optimizer.step() leaves .grad alone: clearing it is "
            "zero_grad()'s job, which is clear_gradients here."
        )

    layer, parameters = _layer_with_gradients()
    layer.bias.grad = None  # a parameter without a gradient: optimizer.step() skips it
    _run(sgd_step, "sgd_step", parameters, LR)
    if not _same(layer.bias.detach(), _BIAS):
        raise Mistake("your sgd_step changed a parameter whose .grad is None. optimizer.step() skips it.")


def _check_clear_gradients(clear_gradients: Callable[..., Any]) -> None:
    layer, parameters = _layer_with_gradients()
    _run(clear_gradients, "clear_gradients", parameters)
    if not (_same(layer.weight.detach(), _WEIGHT) and _same(layer.bias.detach(), _BIAS)):
        raise Mistake("your clear_gradients changed the parameters themselves. Clear only their .grad.")
    cleared = [parameter.grad is None or not parameter.grad.any() for parameter in (layer.weight, layer.bias)]
    if not any(cleared):
        if _same(layer.weight.grad, _WEIGHT_GRAD) and _same(layer.bias.grad, _BIAS_GRAD):
            raise Mistake(
                "your clear_gradients left the gradients as they were. Set each parameter's .grad to None (what "
                "zero_grad() does by default). Giving a loop variable a new value, as in `grad = None`, does not "
                "change the parameter."
            )
        raise Mistake("your clear_gradients changed the gradients but did not clear them: set each .grad to None.")
    if not all(cleared):
        raise Mistake(
            "your clear_gradients cleared only some of the gradients. Is there a `return` or `break` inside the loop?"
        )
    # Before the first backward() every .grad is None: that must work too.
    for parameter in parameters:
        parameter.grad = None
    _run(clear_gradients, "clear_gradients", parameters)


def _check_own_optimizer(sgd_step: Any, clear_gradients: Any) -> None:
    for function, name in ((sgd_step, "sgd_step"), (clear_gradients, "clear_gradients")):
        if not callable(function):
            raise Mistake(f"pass the function {name} itself, without calling it; got {describe(function)}.")
    _check_sgd_step(sgd_step)
    _check_clear_gradients(clear_gradients)


exercise_3 = FunctionExercise(
    "Exercise 3",
    _check_own_optimizer,
    hint="Lesson 03's section 8 wrote both for two tensors w and b. Do the same in a loop over the parameters: the "
    "update in place (-=) inside `with torch.no_grad():`, skipping any parameter whose .grad is None, and "
    "the reset by setting .grad to None.",
)
