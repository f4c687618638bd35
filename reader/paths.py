"""Where things live: state and config (platformdirs) and the bundled data and styles.

Nothing here touches the disk at import time; every function looks when it is called.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "paper-reader"
_PACKAGE = Path(__file__).resolve().parent


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The user data dir (honours XDG_DATA_HOME): state and library live here."""
    return Path(_dirs().user_data_dir)


def config_dir() -> Path:
    """The user config dir (honours XDG_CONFIG_HOME): tags, keymap, theme, searches."""
    return Path(_dirs().user_config_dir)


def default_state_path() -> Path:
    return data_dir() / "state.json"


def default_library_path() -> Path:
    return data_dir() / "library.json"


def journal_of(library: Path) -> Path:
    """The journal beside the library file `library` (`reader.library_journal`)."""
    return library.with_name(library.name + ".journal")


def _bundled(name: str) -> Path:
    """A top-level project folder: inside the wheel as reader/_NAME, else the checkout's."""
    installed = _PACKAGE / f"_{name}"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def bundled_data_dir() -> Path:
    return _bundled("data")


def styles_dir() -> Path:
    return _bundled("styles")


def builtin_catalog_path() -> Path:
    return bundled_data_dir() / "daily-papers-2025-09-25.txt"
