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


@pytest.mark.parametrize("bad", [-1, 1.5, "0", None, True])
def test_bad_seed_is_rejected(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        seed_everything(bad)
