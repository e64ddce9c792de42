import io

from helpers import progress
from helpers.progress import progress_bar


def test_outside_jupyter_it_is_a_text_bar_that_ends_at_100_percent(monkeypatch):
    monkeypatch.setattr(progress, "_in_jupyter_kernel", lambda: False)
    stream = io.StringIO()
    items = list(progress_bar(range(4), desc="epochs", file=stream))
    assert items == [0, 1, 2, 3]
    final = stream.getvalue().split("\r")[-1]
    assert final.startswith("epochs: 100%") and "4/4" in final


def test_postfix_shows_live_metrics(monkeypatch):
    monkeypatch.setattr(progress, "_in_jupyter_kernel", lambda: False)
    stream = io.StringIO()
    bar = progress_bar(range(2), file=stream)
    for _ in bar:
        bar.set_postfix(accuracy="97.00%")
    assert "accuracy=97.00%" in stream.getvalue()


def test_plain_python_is_not_mistaken_for_a_kernel():
    assert progress._in_jupyter_kernel() is False
