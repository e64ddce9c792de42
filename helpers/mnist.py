"""Load MNIST, offline when the files are already in the data directory.

The four canonical IDX files live in ``<data dir>/MNIST/raw/`` (see
:func:`helpers.paths.data_dir`). When they are missing, they are downloaded
from ``$COURSE_MNIST_MIRROR`` (if set) and then from torchvision's mirrors;
without a network that fails within seconds with a message that says where to
put the files. Every file is checked against its published MD5 before use, so
a truncated or corrupt file is reported as such.

MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges and is
distributed under CC BY-SA 3.0.

Example:
    >>> from helpers.mnist import load_mnist_tensors
    >>> images, labels = load_mnist_tensors("test")
    >>> tuple(images.shape), images.dtype
    ((10000, 1, 28, 28), torch.float32)
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import torch

from helpers.device import as_device
from helpers.paths import DATA_DIR_ENV_VAR, as_folder, data_dir
from helpers.validation import as_bool, as_float, received

if TYPE_CHECKING:
    from torchvision import datasets  # imported where it is used: importing torchvision takes seconds

Split = Literal["train", "test"]

#: MD5 checksums published for the uncompressed IDX files.
RAW_FILE_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
#: Mean and standard deviation of the training pixels, scaled to [0, 1].
MNIST_MEAN = 0.1307
MNIST_STD = 0.3081
#: Seconds to wait for a download server before giving up.
NETWORK_TIMEOUT_S = 10.0
#: Optional base address of a mirror that serves the four ``.gz`` files; it is tried first.
MIRROR_ENV_VAR = "COURSE_MNIST_MIRROR"


class MNISTUnavailableError(RuntimeError):
    """The MNIST files are missing and could not be downloaded."""


class MNISTChecksumError(RuntimeError):
    """An MNIST file exists but its contents are not the canonical ones."""


def _check_split(split: object, *, allow_none: bool = False) -> None:
    if split is None and allow_none:
        return
    if not isinstance(split, str):
        raise TypeError(f"split must be 'train' or 'test', got {received(split)}.")
    if split not in SPLIT_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")


def raw_dir(root: Path | str | None = None) -> Path:
    """Return the folder that holds the four IDX files: ``<data dir>/MNIST/raw``.

    Raises:
        TypeError: ``root`` is not a path.

    Example:
        >>> raw_dir("data").parts
        ('data', 'MNIST', 'raw')
    """
    return (as_folder(root, "root") if root is not None else data_dir()) / "MNIST" / "raw"


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_files(root: Path | str | None = None, split: Split | None = None) -> None:
    """Check the IDX files of ``split`` (both splits if ``None``) against their MD5s.

    Raises:
        MNISTChecksumError: a file's contents differ from the canonical file.
        FileNotFoundError: a file is missing.
        TypeError, ValueError: ``root`` is not a path, or ``split`` is not ``"train"``, ``"test"`` or ``None``.

    Example:
        >>> verify_files(split="test")
    """
    _check_split(split, allow_none=True)
    folder = raw_dir(root)
    names = SPLIT_FILES[split] if split else tuple(RAW_FILE_MD5)
    for name in names:
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"Missing MNIST file: {path}")
        actual = _md5(path)
        if actual != RAW_FILE_MD5[name]:
            raise MNISTChecksumError(
                f"The MNIST file {path} is corrupt or incomplete "
                f"(MD5 {actual}, expected {RAW_FILE_MD5[name]}). "
                "Delete it and run again to download a fresh copy, "
                "or copy the canonical file into that folder."
            )


#: What a Python that cannot check the servers' certificates reports (python.org's Python on macOS, until set up).
CERTIFICATE_FAILURE = "CERTIFICATE_VERIFY_FAILED"


def _missing_files_message(folder: Path, reason: str) -> str:
    names = "\n".join(f"  {folder / name}" for name in RAW_FILE_MD5)
    remedy = (
        "This Python could not check the download servers' certificates. With Python from python.org on macOS, "
        "run 'Install Certificates.command' (in its folder under Applications) once, then run again (a network that "
        "inspects encrypted traffic, or a wrong system clock, causes this too); "
        "or copy these four "
        if CERTIFICATE_FAILURE in reason
        else "Either connect to the internet and run again, or copy these four "
    )
    return (
        f"MNIST is not in {folder} and could not be downloaded ({reason}).\n"
        f"{remedy}"
        f"uncompressed IDX files into that folder:\n{names}\n"
        f"To keep the data elsewhere, set the environment variable {DATA_DIR_ENV_VAR} "
        "to a directory whose MNIST/raw/ subfolder holds them. If the download servers are blocked "
        f"where you are, set {MIRROR_ENV_VAR} to the address of a mirror that serves the four .gz files."
    )


def mirrors() -> list[str]:
    """Return the download addresses to try, in order: ``$COURSE_MNIST_MIRROR`` first, then torchvision's.

    Example:
        >>> import os
        >>> os.environ[MIRROR_ENV_VAR] = "http://127.0.0.1:8000/mnist"
        >>> mirrors()[0]
        'http://127.0.0.1:8000/mnist/'
        >>> del os.environ[MIRROR_ENV_VAR]
    """
    from torchvision import datasets

    configured = os.environ.get(MIRROR_ENV_VAR, "").strip()
    own = [configured if configured.endswith("/") else configured + "/"] if configured else []
    return own + [mirror for mirror in datasets.MNIST.mirrors if mirror not in own]


def _fetch(url: str, target: Path, timeout: float) -> None:
    """Download one gzipped IDX file and write it uncompressed to ``target`` (atomically)."""
    partial = target.with_name(target.name + ".part")
    try:
        with (
            urllib.request.urlopen(url, timeout=timeout) as response,
            gzip.GzipFile(fileobj=response) as unzipped,
            partial.open("wb") as out,
        ):
            shutil.copyfileobj(unzipped, out, 1 << 20)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _download_file(name: str, folder: Path, timeout: float) -> None:
    """Fetch ``name`` from the first mirror that serves a file with the right checksum."""
    problems: list[str] = []
    corrupt = False
    for mirror in mirrors():
        url = f"{mirror}{name}.gz"
        try:
            _fetch(url, folder / name, timeout)
        except urllib.error.HTTPError as error:
            problems.append(f"{url}: HTTP {error.code} {error.reason}")
            continue
        except (OSError, EOFError, zlib.error) as error:  # refused, timed out, not gzip
            problems.append(f"{url}: {getattr(error, 'reason', None) or error}")
            continue
        if _md5(folder / name) == RAW_FILE_MD5[name]:
            return
        (folder / name).unlink()
        corrupt = True
        problems.append(f"{url}: the file's checksum is wrong")
    if corrupt:
        raise MNISTChecksumError(
            f"Every copy of {name} that could be downloaded was corrupt ({'; '.join(problems)}). "
            f"Check the mirror in {MIRROR_ENV_VAR}, or copy the canonical file into {folder}."
        )
    raise MNISTUnavailableError(_missing_files_message(folder, "; ".join(problems) or "no mirror is configured"))


def _download(root: Path, timeout: float) -> None:
    """Download the missing files, each with a bounded wait, and verify them; raise a clear error otherwise."""
    folder = raw_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MNISTUnavailableError(_missing_files_message(folder, f"cannot create the folder: {error}")) from None
    print(f"Downloading MNIST (about 12 MB) into {folder} ...", flush=True)
    for name in RAW_FILE_MD5:
        if not (folder / name).is_file():
            _download_file(name, folder, timeout)


def ensure_mnist(
    root: Path | str | None = None, *, split: Split | None = None, timeout: float = NETWORK_TIMEOUT_S
) -> Path:
    """Make sure the MNIST files are present (downloading them if missing) and check them.

    Args:
        root: the data directory; by default :func:`helpers.paths.data_dir`.
        split: check only this split's two files (``None``: all four).
        timeout: seconds to wait for a download server (finite and > 0).

    Returns:
        The data directory to pass to ``torchvision.datasets.MNIST(root=...)``.

    Raises:
        MNISTUnavailableError: files are missing and cannot be downloaded.
        MNISTChecksumError: a file is present but corrupt.
        TypeError, ValueError: an argument has the wrong type or value.

    Example:
        >>> root = ensure_mnist()
    """
    _check_split(split, allow_none=True)
    timeout = as_float(timeout, "timeout", above=0.0, hint=" It is the seconds to wait for a download server.")
    root = as_folder(root, "root") if root is not None else data_dir()
    folder = raw_dir(root)
    if not all((folder / name).is_file() for name in RAW_FILE_MD5):
        _download(root, timeout)
    verify_files(root, split)
    return root


def load_mnist_dataset(
    split: Split = "train",
    transform: Callable[[Any], Any] | None = None,
    root: Path | str | None = None,
) -> datasets.MNIST:
    """Return the torchvision MNIST dataset for ``split``, for use with a ``DataLoader``.

    Args:
        split: ``"train"`` (60,000 images) or ``"test"`` (10,000 images).
        transform: applied to each PIL image, for example ``transforms.ToTensor()``.
        root: the data directory; by default :func:`helpers.paths.data_dir`.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value (``split="validation"``, say).
        MNISTUnavailableError, MNISTChecksumError: as :func:`ensure_mnist`.

    Example:
        >>> from torchvision import transforms
        >>> test_set = load_mnist_dataset("test", transforms.ToTensor())
        >>> len(test_set)
        10000
    """
    _check_split(split)
    if transform is not None and not callable(transform):
        raise TypeError(
            f"transform must be a function of an image, such as transforms.ToTensor(), got {received(transform)}."
        )
    root = ensure_mnist(root, split=split)
    from torchvision import datasets

    return datasets.MNIST(str(root), train=split == "train", transform=transform, download=False)


def load_mnist_tensors(
    split: Split = "train",
    normalize: bool = False,
    device: torch.device | str = "cpu",
    root: Path | str | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the whole split as two in-memory tensors, without any per-image conversion.

    Args:
        split: ``"train"`` or ``"test"``.
        normalize: if true, standardize pixels with :data:`MNIST_MEAN` and
            :data:`MNIST_STD`; otherwise pixels are scaled to [0, 1].
        device: where to put the tensors.
        root: the data directory; by default :func:`helpers.paths.data_dir`.

    Returns:
        ``images`` of shape ``(N, 1, 28, 28)`` (``float32``) and ``labels`` of
        shape ``(N,)`` (``int64``).

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; they are checked before any loading.
        DeviceUnavailableError: ``device`` is unknown or not available here.
        MNISTUnavailableError, MNISTChecksumError: as :func:`ensure_mnist`.

    Example:
        >>> images, labels = load_mnist_tensors("test", normalize=True)
        >>> round(images.mean().item(), 2)
        0.01
    """
    _check_split(split)
    normalize, device = as_bool(normalize, "normalize"), as_device(device)
    folder = raw_dir(ensure_mnist(root, split=split))
    image_file, label_file = SPLIT_FILES[split]
    images = _read_idx(folder / image_file).unsqueeze(1).to(device=device, dtype=torch.float32).div_(255)
    if normalize:
        images.sub_(MNIST_MEAN).div_(MNIST_STD)
    return images, _read_idx(folder / label_file).to(device=device, dtype=torch.int64)


def _read_idx(path: Path) -> torch.Tensor:
    """Read an IDX file of bytes, MNIST's format, as torchvision's MNIST reads it (its MD5 is checked first).

    The file holds ``0, 0, 8, d``, then the size of each of the ``d`` dimensions (4 bytes each, most significant
    first), then the values.

    Example:
        >>> _read_idx(raw_dir() / "t10k-labels-idx1-ubyte")[:5]
        tensor([7, 2, 1, 0, 4], dtype=torch.uint8)
    """
    data = bytearray(path.read_bytes())
    dimensions = data[3]
    shape = [int.from_bytes(data[4 + 4 * index : 8 + 4 * index], "big") for index in range(dimensions)]
    return torch.frombuffer(data, dtype=torch.uint8, offset=4 + 4 * dimensions).reshape(shape)
