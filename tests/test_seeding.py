import random

import numpy as np
import pytest
import torch

from helpers.seeding import seed_everything


def draw():
    return random.random(), float(np.random.rand()), torch.rand(3).tolist()


def test_same_seed_gives_same_draws_from_every_generator():
    seed_everything(123)
    first = draw()
    seed_everything(123)
    assert draw() == first


def test_different_seeds_give_different_draws():
    seed_everything(1)
    first = draw()
    seed_everything(2)
    second = draw()
    assert all(a != b for a, b in zip(first, second, strict=True))


def test_numpy_and_tensor_integer_seeds_act_like_python_ints():
    seed_everything(5)
    first = draw()
    for seed in (np.int64(5), np.uint8(5), torch.tensor(5)):
        seed_everything(seed)
        assert draw() == first


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (-1, ValueError, "at least 0, got -1"),
        (2**64, ValueError, "at most"),
        (1.5, TypeError, "must be an integer, got 1.5"),
        ("0", TypeError, "must be an integer"),
        (None, TypeError, "must be an integer"),
        (True, TypeError, "not True or False"),
    ],
)
def test_bad_seed_is_rejected(bad, error, message):
    with pytest.raises(error, match=message):
        seed_everything(bad)
