import pytest
import torch

from helpers.synthetic import make_clusters, make_line


def test_line_has_expected_shapes_and_dtype():
    x, y = make_line(n_samples=50)
    assert x.shape == (50, 1) and y.shape == (50,)
    assert x.dtype == y.dtype == torch.float32


def test_line_without_noise_lies_exactly_on_the_line():
    x, y = make_line(n_samples=20, weight=[2.0, -3.0, 0.5], bias=1.0, noise=0.0)
    assert x.shape == (20, 3)
    torch.testing.assert_close(y, x @ torch.tensor([2.0, -3.0, 0.5]) + 1.0)


def test_line_is_reproducible_and_independent_of_global_seed():
    torch.manual_seed(0)
    first = make_line(seed=7)
    torch.manual_seed(99)
    second = make_line(seed=7)
    assert all(torch.equal(a, b) for a, b in zip(first, second, strict=True))
    assert not torch.equal(make_line(seed=8)[1], first[1])


def test_line_noise_has_requested_spread():
    x, y = make_line(n_samples=20000, noise=0.5, seed=1)
    residual = y - (2.0 * x[:, 0] + 1.0)
    assert abs(residual.std().item() - 0.5) < 0.02


def test_line_respects_x_range():
    x, _ = make_line(n_samples=1000, x_range=(3.0, 4.0))
    assert x.min() >= 3.0 and x.max() <= 4.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 0}, "n_samples must be at least 1"),
        ({"noise": -1.0}, "noise is a standard deviation"),
        ({"x_range": (1.0, 1.0)}, "low < high"),
        ({"weight": [[1.0]]}, "flat list"),
    ],
)
def test_line_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_line(**kwargs)


def test_clusters_are_balanced_labelled_and_shuffled():
    x, y = make_clusters(n_samples=200, seed=3)
    assert x.shape == (200, 2) and y.shape == (200,)
    assert y.dtype == torch.float32
    assert int(y.sum()) == 100
    assert not torch.equal(y[:10], torch.tensor([0.0, 1.0] * 5))  # not in generation order


def test_cluster_means_are_near_their_centres():
    x, y = make_clusters(n_samples=4000, centers=((-2.0, 0.0), (2.0, 1.0)), spread=0.5)
    torch.testing.assert_close(x[y == 0].mean(0), torch.tensor([-2.0, 0.0]), atol=0.05, rtol=0)
    torch.testing.assert_close(x[y == 1].mean(0), torch.tensor([2.0, 1.0]), atol=0.05, rtol=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 1}, "at least 2"),
        ({"centers": ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))}, "two \\(x, y\\) points"),
        ({"spread": 0.0}, "spread must be > 0"),
    ],
)
def test_clusters_reject_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_clusters(**kwargs)


@pytest.mark.parametrize(
    ("maker", "kwargs", "error", "message"),
    [
        (make_line, {"weight": float("nan")}, ValueError, "weight must be a finite number"),
        (make_line, {"noise": float("inf")}, ValueError, "noise must be a finite number"),
        (make_line, {"x_range": (0.0, float("inf"))}, ValueError, r"x_range\[1\] must be a finite number"),
        (make_line, {"n_samples": 2.5}, TypeError, "n_samples must be an integer"),
        (make_clusters, {"spread": float("nan")}, ValueError, "spread must be a finite number"),
        (make_clusters, {"centers": ((0.0, float("nan")), (1.0, 1.0))}, ValueError, "centers must be finite"),
    ],
)
def test_makers_reject_non_finite_numbers_and_non_integer_sizes(maker, kwargs, error, message):
    with pytest.raises(error, match=message):
        maker(**kwargs)


def test_makers_accept_numpy_integers():
    import numpy as np

    assert make_line(n_samples=np.int64(5))[0].shape == (5, 1)
    assert make_clusters(n_samples=np.int32(10), seed=np.int64(1))[0].shape == (10, 2)
