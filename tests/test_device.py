from collections import namedtuple

import pytest
import torch

from helpers import device as device_module
from helpers.device import DeviceUnavailableError, describe_device, get_device, to_device


@pytest.fixture
def available(monkeypatch):
    """Pretend exactly the given device kinds are available."""

    def set_available(*kinds: str) -> None:
        monkeypatch.setattr(device_module, "_is_available", lambda kind: kind == "cpu" or kind in kinds)

    monkeypatch.delenv("COURSE_DEVICE", raising=False)
    return set_available


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [((), "cpu"), (("mps",), "mps"), (("cuda",), "cuda"), (("cuda", "mps"), "cuda")],
)
def test_auto_choice_prefers_cuda_then_mps_then_cpu(available, kinds, expected):
    available(*kinds)
    assert get_device() == torch.device(expected)


def test_environment_variable_overrides_the_automatic_choice(available, monkeypatch):
    available("cuda")
    monkeypatch.setenv("COURSE_DEVICE", "CPU")
    assert get_device() == torch.device("cpu")


def test_unavailable_device_from_environment_says_so_and_how_to_fix(available, monkeypatch):
    available()
    monkeypatch.setenv("COURSE_DEVICE", "cuda")
    with pytest.raises(DeviceUnavailableError, match=r"'cuda' was requested .*COURSE_DEVICE.* not available"):
        get_device()


def test_unknown_device_lists_the_valid_names(available):
    with pytest.raises(DeviceUnavailableError, match=r"Unknown device 'tpu'.*cuda, mps, cpu"):
        get_device("tpu")


def test_empty_environment_variable_means_automatic(available, monkeypatch):
    available("mps")
    monkeypatch.setenv("COURSE_DEVICE", "")
    assert get_device() == torch.device("mps")


def test_to_device_moves_nested_containers_and_keeps_their_types():
    Batch = namedtuple("Batch", ["x", "y"])
    nested = {"pair": (torch.ones(1), [torch.zeros(2), 3]), "batch": Batch(torch.ones(1), "label"), "none": None}
    moved = to_device(nested, torch.device("meta"))
    assert moved["pair"][0].device.type == "meta"
    assert isinstance(moved["pair"][1], list)
    assert moved["pair"][1][0].device.type == "meta"
    assert moved["pair"][1][1] == 3
    assert isinstance(moved["batch"], Batch)
    assert moved["batch"].x.device.type == "meta"
    assert moved["batch"].y == "label"
    assert moved["none"] is None


def test_to_device_moves_a_module_parameters():
    model = to_device(torch.nn.Linear(2, 1), "meta")
    assert all(parameter.device.type == "meta" for parameter in model.parameters())


def test_describe_device_names_device_and_torch_version():
    line = describe_device("cpu")
    assert line.startswith("Device: cpu (")
    assert torch.__version__ in line
    assert "\n" not in line


def test_describe_device_counts_threads_in_good_english(monkeypatch):
    monkeypatch.setattr(torch, "get_num_threads", lambda: 1)
    assert "(1 thread)" in describe_device("cpu")
    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    assert "(2 threads)" in describe_device("cpu")


def test_a_torch_device_is_accepted_wherever_a_name_is(available):
    assert get_device(torch.device("cpu")) == torch.device("cpu")
    assert to_device(torch.ones(1), torch.device("meta")).device.type == "meta"
    assert describe_device(torch.device("cpu")).startswith("Device: cpu")


@pytest.mark.parametrize(("bad", "error"), [(0, TypeError), ("gpu", DeviceUnavailableError), (None, TypeError)])
def test_to_device_rejects_what_is_not_a_device(bad, error):
    with pytest.raises(error, match="device"):
        to_device(torch.ones(1), bad)
