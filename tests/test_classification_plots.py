import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers.classification_plots import (
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_image_grid,
    plot_learning_curves,
)


def test_decision_boundary_shades_the_probability_and_scatters_both_classes():
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
    y = torch.tensor([0.0, 0.0, 1.0, 1.0])
    fig = plot_decision_boundary(lambda points: torch.sigmoid(4 * (points[:, 0] - 1.5)), x, y, resolution=20)
    ax = fig.axes[0]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert len(fig.axes) == 2  # the plot and its colour bar
    assert plt.get_fignums() == []


def test_decision_boundary_rejects_points_that_are_not_2d():
    with pytest.raises(ValueError, match=r"\(samples, 2\)"):
        plot_decision_boundary(lambda p: p[:, 0], torch.zeros(4, 3), torch.zeros(4))


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 1, 28, 28), (5, 784)])
def test_image_grid_accepts_the_usual_image_shapes(shape):
    fig = plot_image_grid(torch.rand(shape), titles=list("abcde"), ncols=3)
    visible = [ax for ax in fig.axes if ax.images]
    assert len(visible) == 5 and len(fig.axes) == 6  # 2 rows of 3, one empty
    assert visible[0].get_title() == "a"


def test_image_grid_symmetric_scale_centres_zero():
    fig = plot_image_grid(torch.tensor([[[-2.0, 1.0], [0.0, 0.5]]]), symmetric=True)
    assert fig.axes[0].images[0].get_clim() == (-2.0, 2.0)


def test_image_grid_rejects_bad_shapes_and_title_counts():
    with pytest.raises(ValueError, match="shape"):
        plot_image_grid(torch.rand(28, 28))
    with pytest.raises(ValueError, match="2 titles for 3 images"):
        plot_image_grid(torch.rand(3, 28, 28), titles=["a", "b"])


def test_confusion_matrix_writes_every_count():
    fig = plot_confusion_matrix(torch.tensor([[5, 1], [0, 7]]), class_names=["cat", "dog"])
    texts = sorted(text.get_text() for text in fig.axes[0].texts)
    assert texts == ["0", "1", "5", "7"]
    assert [label.get_text() for label in fig.axes[0].get_xticklabels()] == ["cat", "dog"]


def test_confusion_matrix_writes_large_counts_in_white_on_dark_cells():
    fig = plot_confusion_matrix(torch.tensor([[900, 2], [0, 850]]))
    colors = {text.get_text(): text.get_color() for text in fig.axes[0].texts}
    assert colors == {"900": "white", "2": "black", "0": "black", "850": "white"}


def test_confusion_matrix_must_be_square():
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(torch.zeros(2, 3))


def test_learning_curves_plot_accuracy_in_percent():
    fig = plot_learning_curves([1.0, 0.5], [1.1, 0.6], [0.9, 0.95])
    np.testing.assert_allclose(fig.axes[1].get_lines()[0].get_ydata(), [90.0, 95.0])
    with pytest.raises(ValueError, match="one value per epoch"):
        plot_learning_curves([1.0], [1.0, 2.0], [0.5])


def test_decision_boundary_rejects_labels_other_than_0_and_1_instead_of_dropping_them():
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    with pytest.raises(ValueError, match=r"labels 0 and 1 only, got \[0, 1, 2\]"):
        plot_decision_boundary(lambda points: torch.sigmoid(points[:, 0]), x, torch.tensor([0, 1, 2]))


def test_decision_boundary_explains_a_model_on_another_device():
    model = torch.nn.Linear(2, 1).to("meta")  # meta stands in for a GPU: it cannot take CPU points
    with pytest.raises(ValueError, match=r"lambda p: torch.sigmoid\(model\(p.to\(device\)\)\).squeeze\(1\).cpu\(\)"):
        plot_decision_boundary(lambda p: torch.sigmoid(model(p)).squeeze(1), torch.zeros(2, 2), torch.tensor([0, 1]))


def test_learning_curves_accept_the_losses_a_training_loop_appends():
    losses = [torch.tensor(value, requires_grad=True) for value in (1.0, 0.5)]
    fig = plot_learning_curves(losses, losses, [0.5, 0.75])
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(), [1.0, 0.5])
