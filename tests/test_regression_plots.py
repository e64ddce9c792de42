import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers.regression_plots import (
    mse_surface,
    plot_descent_on_surface,
    plot_fit,
    plot_learning_rate_study,
    plot_loss_curves,
)


@pytest.fixture
def data():
    x = torch.tensor([-1.0, 0.0, 1.0, 2.0])
    return x, 2 * x + 1


def test_surface_is_the_mse_at_every_grid_point(data):
    x, y = data
    surface = mse_surface(x, y, w_range=(0.0, 4.0), b_range=(-1.0, 3.0), resolution=5)
    assert surface.loss.shape == (5, 5)
    i, j = 3, 1  # b index 3 -> b = 2.0, w index 1 -> w = 1.0
    w, b = surface.w[i, j].item(), surface.b[i, j].item()
    assert (w, b) == (1.0, 2.0)
    expected = ((w * x + b - y) ** 2).mean()
    torch.testing.assert_close(surface.loss[i, j], expected)
    assert surface.loss[surface.b == 1.0][surface.w[surface.b == 1.0] == 2.0].item() == 0.0


def test_surface_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"x \(3,\) and y \(2,\)"):
        mse_surface(torch.zeros(3), torch.zeros(2))


def test_fit_draws_the_requested_lines(data):
    x, y = data
    fig = plot_fit(x, y, {"model": (2.0, 1.0)})
    line = fig.axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 2 * np.asarray(line.get_xdata()) + 1)
    assert "y = 2.000·x + 1.000" in fig.axes[0].get_legend().get_texts()[1].get_text()


def test_descent_path_is_drawn_inside_the_surface_limits(data):
    x, y = data
    surface = mse_surface(x, y, w_range=(-1.0, 5.0), b_range=(-2.0, 4.0), resolution=11)
    path = [(0.0, 0.0), (1.0, 0.5), (9.0, 9.0)]
    fig = plot_descent_on_surface(surface, path)
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.get_lines()[0].get_xydata(), np.asarray(path))
    assert ax.get_xlim() == (-1.0, 5.0)


def test_path_must_be_pairs(data):
    x, y = data
    with pytest.raises(ValueError, match=r"\(w, b\) pairs"):
        plot_descent_on_surface(mse_surface(x, y, resolution=5), [1.0, 2.0, 3.0])


def test_learning_rate_study_has_one_panel_per_rate(data):
    x, y = data
    surface = mse_surface(x, y, resolution=5)
    fig = plot_learning_rate_study(surface, {"a": [(0, 0), (1, 1)], "b": [(0, 0)], "c": [(0, 0)]})
    assert [ax.get_title() for ax in fig.axes[:3]] == ["a", "b", "c"]


def test_loss_curves_use_a_log_axis_by_default():
    fig = plot_loss_curves({"run": [4.0, 2.0, 1.0]})
    assert fig.axes[0].get_yscale() == "log"
    assert plot_loss_curves({"run": [1.0]}, log_scale=False).axes[0].get_yscale() == "linear"
    assert plt.get_fignums() == []


def test_surface_in_small_blocks_is_the_same_as_in_one_block(data, monkeypatch):
    from helpers import regression_plots

    x, y = data
    whole = mse_surface(x, y, resolution=31)
    monkeypatch.setattr(regression_plots, "MSE_CHUNK_ELEMENTS", 100)  # a few rows of the grid at a time
    assert torch.equal(mse_surface(x, y, resolution=31).loss, whole.loss)


def test_loss_curves_draw_diverged_losses_as_gaps():
    fig = plot_loss_curves({"lr 10": [1.0, 100.0, float("inf"), float("nan")]})
    ydata = fig.axes[0].get_lines()[0].get_ydata()
    assert list(ydata[:2]) == [1.0, 100.0] and not np.isfinite(ydata[2:]).any()
