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


@pytest.fixture
def link_calls(monkeypatch):
    """Replace reader.ui.linking's copy_url / open_url / copy_many with recorders;
    the list of (name, payload) they were called with."""
    from reader.ui import linking

    made: list[tuple[str, object]] = []
    monkeypatch.setattr(linking, "copy_url",
                        lambda app, text, label=None: made.append(("copy", text)),
                        raising=False)
    monkeypatch.setattr(linking, "open_url",
                        lambda app, url: made.append(("open", url)), raising=False)
    monkeypatch.setattr(linking, "copy_many",
                        lambda app, urls, label=None: made.append(("copy_many", list(urls))),
                        raising=False)
    return made
