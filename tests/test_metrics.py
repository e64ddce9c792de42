import pytest
import torch

from helpers.metrics import accuracy, confusion_matrix


def test_accuracy_uses_the_highest_score():
    scores = torch.tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    assert accuracy(scores, torch.tensor([1, 0, 0, 0])) == 0.75


def test_accuracy_rejects_comparing_scores_with_labels():
    with pytest.raises(ValueError, match=r"shape \(samples, classes\)"):
        accuracy(torch.tensor([1, 0, 1]), torch.tensor([1, 0, 1]))
    with pytest.raises(ValueError, match="same length"):
        accuracy(torch.rand(4, 10), torch.tensor([1, 2, 3]))


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    predicted = torch.tensor([0, 2, 2, 1, 0, 2])
    actual = torch.tensor([0, 2, 1, 1, 2, 2])
    matrix = confusion_matrix(predicted, actual, num_classes=3)
    assert matrix.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    assert matrix.sum() == 6 and matrix.dtype == torch.int64


def test_confusion_matrix_rejects_labels_out_of_range_and_scores():
    with pytest.raises(ValueError, match="smaller than num_classes=2"):
        confusion_matrix(torch.tensor([0, 2]), torch.tensor([0, 1]), num_classes=2)
    with pytest.raises(ValueError, match=r"argmax\(dim=1\)"):
        confusion_matrix(torch.rand(3, 2), torch.tensor([0, 1, 1]), num_classes=2)


@pytest.mark.parametrize(
    ("predicted", "targets", "error", "message"),
    [
        ([0, -1], [0, 1], ValueError, "predicted contains the label -1"),
        ([0, 1], [0, 5], ValueError, "targets contains the label 5"),
        (torch.tensor([0.0, 1.0]), [0, 1], TypeError, "integer class labels, got dtype float32"),
    ],
)
def test_confusion_matrix_names_the_bad_label(predicted, targets, error, message):
    with pytest.raises(error, match=message):
        confusion_matrix(torch.as_tensor(predicted), torch.as_tensor(targets), num_classes=2)


def test_accuracy_rejects_float_and_out_of_range_targets():
    with pytest.raises(TypeError, match=r"\.long\(\)"):
        accuracy(torch.rand(2, 2), torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="contains the label 2"):
        accuracy(torch.rand(2, 2), torch.tensor([0, 2]))
