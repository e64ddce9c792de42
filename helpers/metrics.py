"""Classification metrics computed with torch, as derived in lesson 05.

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


def _check_labels(predicted: torch.Tensor, targets: torch.Tensor) -> None:
    if predicted.ndim != 1 or predicted.shape != targets.shape:
        raise ValueError(
            "predicted and target labels must be 1-D tensors of the same length, got "
            f"{tuple(predicted.shape)} and {tuple(targets.shape)}. "
            "Turn scores into labels first, for example with scores.argmax(dim=1)."
        )


def accuracy(scores: torch.Tensor, targets: torch.Tensor) -> float:
    """Return the fraction of samples whose highest score is the target class.

    Args:
        scores: logits or probabilities of shape ``(samples, classes)``.
        targets: class indices of shape ``(samples,)``.

    Raises:
        ValueError: the shapes do not fit, which catches the classic
            ``(outputs == targets)`` mistake of comparing scores with labels.
    """
    if scores.ndim != 2:
        raise ValueError(f"scores must have shape (samples, classes), got {tuple(scores.shape)}.")
    predicted = scores.argmax(dim=1)
    _check_labels(predicted, targets)
    return (predicted == targets).float().mean().item()


def confusion_matrix(predicted: torch.Tensor, targets: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Count how often each true class (row) is predicted as each class (column).

    Returns:
        An ``int64`` tensor of shape ``(num_classes, num_classes)``.
    """
    _check_labels(predicted, targets)
    if len(targets) and (int(targets.max()) >= num_classes or int(predicted.max()) >= num_classes):
        raise ValueError(f"labels must be smaller than num_classes={num_classes}.")
    flat_index = targets.long() * num_classes + predicted.long()
    return torch.bincount(flat_index.cpu(), minlength=num_classes**2).reshape(num_classes, num_classes)
