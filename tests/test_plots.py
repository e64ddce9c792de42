import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

from helpers.plots import plot_broadcasting, plot_function_and_derivative, plot_tangent
from helpers.style import COURSE_STYLE, new_figure, use_course_style


def test_style_is_applied_from_one_place():
    use_course_style()
    assert plt.rcParams["figure.figsize"] == list(COURSE_STYLE["figure.figsize"])
    assert plt.rcParams["axes.spines.top"] is False


def test_figures_are_not_registered_with_pyplot_so_they_show_once():
    before = plt.get_fignums()
    fig, _ = new_figure()
    plot_tangent([0, 1, 2], [0, 1, 4], 1.0, 1.0, 2.0)
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before


def test_broadcasting_picture_shows_the_result_values():
    a = torch.tensor([[0.0], [10.0], [20.0]])
    b = torch.tensor([1.0, 2.0, 3.0, 4.0])
    fig = plot_broadcasting(a, b)
    texts = {text.get_text() for text in fig.axes[0].texts}
    assert {"24", "11", "1"} <= texts
    assert {"a (3, 1)", "b (4,)", "a + b (3, 4)"} <= texts


def test_broadcasting_picture_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2,\) do not broadcast"):
        plot_broadcasting(torch.zeros(2, 3), torch.zeros(2))


def test_broadcasting_picture_rejects_3d_tensors():
    with pytest.raises(ValueError, match="at most 2 dimensions"):
        plot_broadcasting(torch.zeros(1, 1, 1), torch.zeros(1))


def test_function_and_derivative_draws_both_curves():
    x = torch.linspace(-1, 1, 11, requires_grad=True)
    fig = plot_function_and_derivative(x, x**2, 2 * x, name="x^2")
    lines = fig.axes[0].get_lines()
    np.testing.assert_allclose(lines[1].get_ydata(), (2 * x).detach().numpy())


def test_function_and_derivative_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        plot_function_and_derivative([0, 1], [0, 1], [0])


def test_function_and_derivative_rejects_2d_input():
    with pytest.raises(ValueError, match="one-dimensional"):
        plot_function_and_derivative(np.zeros((2, 2)), [0, 1], [0, 1])


def test_tangent_line_passes_through_the_point_with_the_slope():
    fig = plot_tangent([0.0, 1.0, 2.0], [0.0, 1.0, 4.0], 1.0, 1.0, 2.0)
    tangent = fig.axes[0].get_lines()[1]
    np.testing.assert_allclose(tangent.get_ydata(), [-1.0, 1.0, 3.0])
