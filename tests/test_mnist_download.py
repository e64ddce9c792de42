"""The real download path: MNIST fetched over HTTP from a local mirror (COURSE_MNIST_MIRROR).

The mirror is a web server on 127.0.0.1 that serves the four gzipped IDX files, made from the
course's own copy of MNIST. Nothing leaves the machine.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import torchvision.datasets

from helpers import mnist
from helpers.mnist import MIRROR_ENV_VAR, MNISTChecksumError, ensure_mnist, load_mnist_tensors, raw_dir


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def gzipped_mnist(tmp_path_factory) -> Path:
    """The four canonical files, gzipped as the public mirrors serve them."""
    source = raw_dir(ensure_mnist())  # COURSE_DATA_DIR in CI
    folder = tmp_path_factory.mktemp("mirror")
    for name in mnist.RAW_FILE_MD5:
        with gzip.open(folder / f"{name}.gz", "wb", compresslevel=1) as out:
            out.write((source / name).read_bytes())
    return folder


@pytest.fixture
def serve(monkeypatch) -> Iterator:
    """Start a local web server over a folder and make it the only mirror."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        url = f"http://127.0.0.1:{server.server_address[1]}/mnist"  # no trailing slash: the course adds it
        monkeypatch.setenv(MIRROR_ENV_VAR, url)
        monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [])  # never try the internet
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_mnist_downloads_from_the_configured_mirror_and_verifies(gzipped_mnist, serve, tmp_path, monkeypatch):
    mirror_root = tmp_path / "www"
    (mirror_root / "mnist").mkdir(parents=True)
    for path in gzipped_mnist.iterdir():
        (mirror_root / "mnist" / path.name).symlink_to(path)
    serve(mirror_root)
    data = tmp_path / "empty-data-dir"
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    start = time.monotonic()
    images, labels = load_mnist_tensors("test")
    assert time.monotonic() - start < 60
    assert images.shape == (10000, 1, 28, 28) and len(labels) == 10000
    downloaded = sorted(path.name for path in raw_dir(data).iterdir())
    assert downloaded == sorted(mnist.RAW_FILE_MD5), "all four files, and no partial file, are left behind"
    mnist.verify_files(data)  # every file has its published MD5


def test_a_mirror_that_sends_a_corrupt_file_fails_with_the_checksum_error(gzipped_mnist, serve, tmp_path):
    mirror_root = tmp_path / "www"
    (mirror_root / "mnist").mkdir(parents=True)
    for path in gzipped_mnist.iterdir():
        (mirror_root / "mnist" / path.name).symlink_to(path)
    broken = mirror_root / "mnist" / "t10k-labels-idx1-ubyte.gz"
    broken.unlink()
    with gzip.open(broken, "wb") as out:
        out.write(b"\x00\x00\x08\x01" + b"\x07" * 10_004)  # a labels file with the wrong contents
    url = serve(mirror_root)
    with pytest.raises(MNISTChecksumError, match=rf"t10k-labels-idx1-ubyte.*{url}/t10k-labels.*checksum is wrong"):
        ensure_mnist(tmp_path / "data")
    assert not (raw_dir(tmp_path / "data") / "t10k-labels-idx1-ubyte").exists(), "a corrupt download is not kept"


def test_a_mirror_that_lacks_the_files_is_reported_by_address(serve, tmp_path):
    url = serve(tmp_path)  # an empty folder: every request is a 404
    with pytest.raises(mnist.MNISTUnavailableError, match=rf"{url}/train-images-idx3-ubyte.gz: HTTP 404"):
        ensure_mnist(tmp_path / "data", timeout=5)
