"""MNIST loading: offline use, checksums, and fast, clear failures.

Most tests use tiny fake IDX files (with their checksums patched in), so they run
anywhere. The last test loads the real data from the course's data directory.
"""

import hashlib
import socket
import struct
import threading
import time
from pathlib import Path

import pytest
import torch
import torchvision.datasets

from helpers import mnist
from helpers.mnist import (
    MNISTChecksumError,
    MNISTUnavailableError,
    ensure_mnist,
    load_mnist_dataset,
    load_mnist_tensors,
    verify_files,
)
from helpers.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]


def idx_images(count: int) -> bytes:
    pixels = bytes((i * 7) % 256 for i in range(count * 28 * 28))
    return struct.pack(">IIII", 0x00000803, count, 28, 28) + pixels


def idx_labels(count: int) -> bytes:
    return struct.pack(">II", 0x00000801, count) + bytes(i % 10 for i in range(count))


@pytest.fixture
def fake_root(tmp_path, monkeypatch):
    """A data directory holding tiny but valid IDX files, with their MD5s registered."""
    contents = {
        "train-images-idx3-ubyte": idx_images(6),
        "train-labels-idx1-ubyte": idx_labels(6),
        "t10k-images-idx3-ubyte": idx_images(4),
        "t10k-labels-idx1-ubyte": idx_labels(4),
    }
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name, data in contents.items():
        (raw / name).write_bytes(data)
    monkeypatch.setattr(mnist, "RAW_FILE_MD5", {n: hashlib.md5(d).hexdigest() for n, d in contents.items()})
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    """Point torchvision at a local port where nothing listens: every download is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [f"http://127.0.0.1:{port}/mnist/"])


def test_tensors_have_expected_shapes_dtypes_and_range(fake_root):
    images, labels = load_mnist_tensors("train")
    assert images.shape == (6, 1, 28, 28) and images.dtype == torch.float32
    assert labels.tolist() == [0, 1, 2, 3, 4, 5] and labels.dtype == torch.int64
    assert images.min() >= 0.0 and images.max() <= 1.0


def test_normalized_tensors_use_the_training_mean_and_std(fake_root):
    plain, _ = load_mnist_tensors("test")
    normalized, _ = load_mnist_tensors("test", normalize=True)
    torch.testing.assert_close(normalized, (plain - mnist.MNIST_MEAN) / mnist.MNIST_STD)


def test_dataset_applies_the_transform(fake_root):
    dataset = load_mnist_dataset("test", transform=lambda image: image.size)
    assert len(dataset) == 4
    assert dataset[0] == ((28, 28), 0)


def test_unknown_split_is_rejected(fake_root):
    with pytest.raises(ValueError, match="'train' or 'test'"):
        load_mnist_dataset("validation")


def test_corrupt_file_fails_with_a_checksum_message(fake_root):
    labels = fake_root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:-1] + b"\x09")
    with pytest.raises(MNISTChecksumError, match=r"t10k-labels-idx1-ubyte is corrupt.*Delete it"):
        load_mnist_tensors("test")


def test_truncated_file_fails_with_a_checksum_message(fake_root):
    images = fake_root / "MNIST" / "raw" / "train-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:100])
    with pytest.raises(MNISTChecksumError, match="train-images-idx3-ubyte is corrupt or incomplete"):
        verify_files(fake_root)


def test_missing_files_without_network_fail_fast_and_name_the_files(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    start = time.monotonic()
    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist_tensors("train")
    assert time.monotonic() - start < 30
    message = str(caught.value)
    folder = tmp_path / "MNIST" / "raw"
    for name in mnist.SPLIT_FILES["train"] + mnist.SPLIT_FILES["test"]:
        assert str(folder / name) in message
    assert "COURSE_DATA_DIR" in message
    assert caught.value.__cause__ is None  # no urllib traceback chained underneath


def test_a_python_that_cannot_check_certificates_is_told_how_to_fix_it(tmp_path, monkeypatch):
    """python.org's Python on macOS has no certificates until its Install Certificates script runs."""
    import ssl
    import urllib.error

    def refuse(url, timeout):
        failure = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
        raise urllib.error.URLError(failure)

    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(mnist.urllib.request, "urlopen", refuse)
    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist_tensors("test")
    message = str(caught.value)
    assert "CERTIFICATE_VERIFY_FAILED" in message and "Install Certificates.command" in message
    assert "connect to the internet" not in message, "the machine is online: only its certificates are missing"
    assert str(tmp_path / "MNIST" / "raw" / "t10k-images-idx3-ubyte") in message


def test_a_server_that_never_answers_times_out(tmp_path, monkeypatch):
    """A mirror that accepts connections but never replies must not hang the notebook."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)  # the kernel completes handshakes; nobody ever reads or answers
    port = server.getsockname()[1]
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [f"http://127.0.0.1:{port}/mnist/"])
    stop = threading.Timer(20, server.close)
    stop.start()
    try:
        start = time.monotonic()
        with pytest.raises(MNISTUnavailableError, match=r"http://127\.0\.0\.1:\d+/mnist/train-images-idx3-ubyte\.gz: "):
            ensure_mnist(tmp_path, timeout=1.0)
        assert time.monotonic() - start < 10
    finally:
        stop.cancel()
        server.close()
    assert not any((tmp_path / "MNIST" / "raw").glob("*-ubyte")), "a failed download must leave no partial file"


def test_real_mnist_loads_with_canonical_sizes():
    """Needs the real files: in CI they come from COURSE_DATA_DIR; elsewhere they are downloaded once."""
    images, labels = load_mnist_tensors("test", normalize=True)
    assert images.shape == (10000, 1, 28, 28)
    assert torch.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert abs(images.mean().item()) < 0.05


def test_data_dir_comes_from_the_environment_or_the_checkout(tmp_path, monkeypatch):
    from helpers.paths import checkout_root, data_dir

    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("COURSE_DATA_DIR")
    assert data_dir() == ROOT / "data"  # this test runs from a checkout
    assert checkout_root() == ROOT


def test_an_installed_package_outside_a_checkout_uses_the_working_directory(tmp_path, monkeypatch):
    """A lesson downloaded alone (package in site-packages): data goes to ./data, never into the package."""
    from helpers import paths

    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "helpers" / "paths.py"))
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir() == tmp_path.resolve() / "data"
    lesson_folder = ROOT / "notebooks"
    monkeypatch.chdir(lesson_folder)  # a notebook run inside a checkout still uses the checkout's data/
    assert paths.data_dir() == ROOT / "data"


def test_data_dir_that_is_a_file_is_explained(tmp_path, monkeypatch):
    from helpers.paths import data_dir

    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("")
    monkeypatch.setenv("COURSE_DATA_DIR", str(not_a_folder))
    with pytest.raises(NotADirectoryError, match=r"which is a file, not a folder.*unset it"):
        data_dir()


def test_loading_one_split_checks_only_its_own_files(fake_root):
    images = fake_root / "MNIST" / "raw" / "train-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:-1] + b"\x01")
    test_images, _ = load_mnist_tensors("test")  # the test split's files are intact
    assert len(test_images) == 4
    with pytest.raises(MNISTChecksumError, match="train-images-idx3-ubyte"):
        load_mnist_tensors("train")


@pytest.mark.parametrize("split", ["train", "test"])
def test_the_tensors_are_torchvisions_mnist(split):
    """load_mnist_tensors reads the IDX files itself (importing torchvision takes seconds): the same data."""
    images, labels = load_mnist_tensors(split)
    dataset = torchvision.datasets.MNIST(str(data_dir()), train=split == "train", download=False)
    assert torch.equal(images, dataset.data.unsqueeze(1).float() / 255)
    assert torch.equal(labels, dataset.targets) and labels.dtype == dataset.targets.dtype
