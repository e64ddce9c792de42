"""Shared fixtures for the helpers' tests."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
