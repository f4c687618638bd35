"""Which binding ids the app has, to check the user's keymap.toml against them at start."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import reader.ui
from reader.keymap import keymap_problems, load_keymap


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def app_bindings() -> dict[str, str]:
    """Every binding id declared in reader.ui, with its default keys.

    Every module of reader.ui is imported first: dialogs are imported only when first opened,
    and their ids are as valid as the main screen's. Only called when a keymap file has entries.
    """
    for module in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        importlib.import_module(module.name)
    found: dict[str, str] = {}
    for cls in _subclasses(DOMNode):
        if not cls.__module__.startswith("reader.ui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding.key)
    return found


def keymap_notice(keymap: dict[str, str], path: Path) -> str | None:
    """One sentence saying what in the user's keymap cannot work, or None (also for none)."""
    if not keymap:
        return None
    return keymap_problems(keymap, app_bindings().items(), path)


def checked_keymap(app: App[Any], path: Path) -> dict[str, str]:
    """The user's keymap from `path`, after telling the user in one notice what in it cannot
    work (an unknown binding id, a key taken twice on one screen). ReaderError as load_keymap."""
    keymap = load_keymap(path)
    notice = keymap_notice(keymap, path)
    if notice:
        app.notify(notice, severity="warning", timeout=10, markup=False)
    return keymap
