"""Shared test setup. Keep this small: areas put their fixtures in tests/<area>/conftest.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Lets tests import shared helpers as ``tests.helpers.records``.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fieldapp.core.app import FieldApp  # noqa: E402

# Shared fixtures that live beside their helpers (the memory keyring).
pytest_plugins = ["tests.helpers.keyrings"]


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """An empty profile folder."""
    return tmp_path / "profile"


@pytest.fixture
def app(profile: Path) -> Iterator[FieldApp]:
    """A freshly opened FieldApp on an empty profile (nobody signed in)."""
    with FieldApp.open(profile) as opened:
        yield opened
