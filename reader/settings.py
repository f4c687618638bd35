"""User settings kept in the config dir: theme, pane sizes, when papers count as read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from reader.atomic import write_text_atomic

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
SIDEBAR_MODES = ("auto", "shown", "hidden")


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = DARK_THEME
    sidebar_width: int = 20
    list_percent: int = 64
    sidebar: str = "auto"  # "auto": shown from SIDEBAR_FROM columns; "shown"; "hidden"
    mark_read_on_open: bool = True
    read_after_seconds: float = 0.0  # 0: never mark read from the detail pane alone

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)

    def clamped(self) -> Settings:
        return replace(
            self,
            sidebar_width=max(16, min(int(self.sidebar_width), 60)),
            list_percent=max(25, min(int(self.list_percent), 75)),
            read_after_seconds=max(0.0, float(self.read_after_seconds)),
            sidebar=self.sidebar if self.sidebar in SIDEBAR_MODES else "auto",
        )


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in `path` (defaults when absent) and a notice if the file was unusable."""
    try:
        text = path.read_text(encoding="utf-8")
        from reader.bounded_parse import json_loads  # json: not needed before (~1.5 ms)

        raw = json_loads(text)
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError):
        return Settings(), f"Settings file {path} is unreadable; using defaults."
    if not isinstance(raw, dict):
        return Settings(), f"Settings file {path} is not a JSON object; using defaults."
    known = {f.name: f.type for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    try:
        return Settings(**values).clamped(), None
    except (TypeError, ValueError):
        return Settings(), f"Settings file {path} has bad values; using defaults."


def save_settings(path: Path, settings: Settings) -> None:
    import json

    write_text_atomic(path, json.dumps(asdict(settings), indent=2) + "\n", make_folder=True)
