"""Classification metrics computed with torch, as derived in lesson 05.

Labels are class indices ``0 .. k-1`` in an integer dtype (``torch.int64``, say); anything else is
rejected with a message that names the problem.

Example:
    >>> import torch
    >>> from helpers.metrics import accuracy, confusion_matrix
    >>> logits = torch.tensor([[2.0, 0.1], [0.3, 1.5], [1.0, 0.0]])
    >>> targets = torch.tensor([0, 1, 1])
    >>> round(accuracy(logits, targets), 4)
    0.6667
    >>> confusion_matrix(logits.argmax(dim=1), targets, num_classes=2).tolist()
    [[1, 0], [1, 1]]
"""

from __future__ import annotations

import torch

from helpers.validation import as_cpu_tensor, as_int

#: The largest confusion matrix counted: 1000 x 1000 cells.
MAX_CLASSES = 1000


def _as_tensor(values: object, name: str) -> torch.Tensor:
    """Keep a tensor where it is (a GPU, say); make a list or an array a CPU tensor."""
    if isinstance(values, torch.Tensor):
        return as_cpu_tensor(values, name) if values.device.type == "meta" else values.detach()
    return as_cpu_tensor(values, name)


def _check_labels(predicted: torch.Tensor, targets: torch.Tensor) -> None:
    if predicted.ndim != 1 or predicted.shape != targets.shape:
        raise ValueError(
            "predicted and target labels must be 1-D tensors of the same length, got "
            f"{tuple(predicted.shape)} and {tuple(targets.shape)}. "
            "Turn scores into labels first, for example with scores.argmax(dim=1)."
        )


def _check_classes(labels: torch.Tensor, name: str, num_classes: int, too_large: str) -> None:
    """Check that labels have an integer dtype and lie in ``0 .. num_classes - 1``; ``too_large`` explains the limit."""
    if labels.dtype.is_floating_point or labels.dtype.is_complex or labels.dtype == torch.bool:
        fix = (
            "Turn scores into labels with scores.argmax(dim=1), or convert labels with predicted.long()."
            if name == "predicted"
            else f"Convert 0.0/1.0 labels with {name}.long()."
        )
        raise TypeError(
            f"{name} must hold integer class labels, got dtype {str(labels.dtype).replace('torch.', '')}. {fix}"
        )
    if labels.numel() == 0:
        return
    low, high = int(labels.min()), int(labels.max())
    if low < 0:
        raise ValueError(
            f"{name} contains the label {low}, but class labels count from 0 (0 to {num_classes - 1}). "
            "Map your classes to 0, 1, 2, ... first."
        )
    if high >= num_classes:
        limit = too_large.format(k=num_classes, last=num_classes - 1, needed=high + 1)
        raise ValueError(f"{name} contains the label {high}, but {limit}")


def accuracy(scores: torch.Tensor, targets: torch.Tensor) -> float:
    """Return the fraction of samples whose highest score is the target class.

    Args:
        scores: logits or probabilities of shape ``(samples, classes)``, on any device.
        targets: class indices ``0 .. classes-1`` of shape ``(samples,)``, in an integer dtype.

    Raises:
        ValueError: the shapes do not fit, which catches the classic
            ``(outputs == targets)`` mistake of comparing scores with labels; there are no samples;
            or a target is negative or not smaller than the number of classes.
        TypeError: ``targets`` are not integers (``0.0/1.0`` floats, say), or not numbers at all.

    Example:
        >>> accuracy(torch.tensor([[0.9, 0.1], [0.2, 0.8]]), torch.tensor([0, 0]))
        0.5
    """
    scores, targets = _as_tensor(scores, "scores"), _as_tensor(targets, "targets")
    if scores.ndim != 2:
        raise ValueError(f"scores must have shape (samples, classes), got {tuple(scores.shape)}.")
    if scores.shape[0] == 0 or scores.shape[1] == 0:
        raise ValueError(f"scores has shape {tuple(scores.shape)}: accuracy needs at least one sample and one class.")
    predicted = scores.argmax(dim=1)
    _check_labels(predicted, targets)
    _check_classes(
        targets,
        "targets",
        scores.shape[1],
        "scores has {k} columns, for the classes 0 to {last}. Give scores one column per class.",
    )
    return (predicted == targets.to(predicted.device)).float().mean().item()


def confusion_matrix(predicted: torch.Tensor, targets: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Count how often each true class (row) is predicted as each class (column).

    Args:
        predicted, targets: class indices ``0 .. num_classes-1`` of shape ``(samples,)``, in an
            integer dtype, on any device. With no samples, every count is 0.
        num_classes: the number of classes, ``k`` (at most :data:`MAX_CLASSES`).

    Returns:
        An ``int64`` CPU tensor of shape ``(num_classes, num_classes)``.

    Raises:
        ValueError: the shapes do not fit, or a label is negative or not smaller than ``num_classes``.
        TypeError: labels are not integers, or ``num_classes`` is not an integer.

    Example:
        >>> confusion_matrix(torch.tensor([1, 1]), torch.tensor([0, 1]), num_classes=2).tolist()
        [[0, 1], [0, 1]]
    """
    num_classes = as_int(num_classes, "num_classes", minimum=1, maximum=MAX_CLASSES)
    predicted, targets = _as_tensor(predicted, "predicted").cpu(), _as_tensor(targets, "targets").cpu()
    _check_labels(predicted, targets)
    too_large = "labels must be smaller than num_classes={k}. Pass num_classes={needed} if there are {needed} classes."
    _check_classes(targets, "targets", num_classes, too_large)
    _check_classes(predicted, "predicted", num_classes, too_large)
    flat_index = targets.long() * num_classes + predicted.long()
    return torch.bincount(flat_index, minlength=num_classes**2).reshape(num_classes, num_classes)
