"""Fixtures for the Pilot and snapshot tests: a ReaderApp on the built-in catalog."""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp


@pytest.fixture
def state_path(tmp_path):
    """A real TinyDB state file under tmp_path (created by the app on start)."""
    return tmp_path / "state.json"


@pytest.fixture
def make_app(seed_papers, state_path):
    """Build a reader app on the built-in catalog; settings and keymap come from the
    isolated XDG config dir (tests/conftest.py)."""

    def make(papers=None, **options) -> ReaderApp:
        return ReaderApp(list(seed_papers if papers is None else papers),
                         state_path=state_path, **options)

    return make
