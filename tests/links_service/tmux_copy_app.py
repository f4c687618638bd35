"""Run inside tmux by test_tmux_copy.py: copy argv[1] through the UI helper, record, exit.

The outcome (the notification, or the copy-by-hand dialog's reason) is written to argv[2].
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App

from reader.ui import linking
from reader.ui.dialogs.copy_fallback import CopyFallbackDialog


class CopyOnceApp(App[None]):
    def __init__(self, text: str, record: Path) -> None:
        super().__init__()
        self.text, self.record = text, record

    def on_mount(self) -> None:
        linking.copy_url(self, self.text)

    def _done(self, outcome: str) -> None:
        self.record.write_text(outcome, encoding="utf-8")
        self.exit()

    def notify(self, message: str, **_: object) -> None:
        self._done(message)

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        if isinstance(screen, CopyFallbackDialog):
            self._done("dialog: " + screen.reason)
            return None
        return super().push_screen(screen, *args, **kwargs)


if __name__ == "__main__":
    CopyOnceApp(sys.argv[1], Path(sys.argv[2])).run()
