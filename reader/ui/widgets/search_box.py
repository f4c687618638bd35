"""The search box: an Input that hands its text over inside the keystroke, and does not make
the screen lay itself out on every key."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

# The keys that delete text (backspace, delete, ctrl+w…), from the Input's own bindings.
_DELETE_KEYS = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding) and binding.action.startswith("delete_")
    for key in binding.key.split(",")
}


class SearchBox(Input):
    """Textual's Input sets its virtual size to the text's width on every keystroke, and
    `Widget.virtual_size` asks for a layout of the whole screen when it changes (~20 ms on a
    screen like ours). The box has a fixed size, so a repaint of the box is enough.

    `on_query` is called with the new text the moment it changes, while the key is being
    handled, so the result is painted in the same frame as the typed letter. (`Input.Changed`
    still goes out, but it reaches the screen after the letter's frame, and Textual paints at
    most 60 frames a second: the result would wait 17-33 ms for the next one.)
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, on_query: Callable[[str], None] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_query = on_query

    def on_key(self, event: events.Key) -> None:
        """Delete keys run here, while the key is handled. As the Input's bindings they would
        run only after the key's trip up to the app, and the box (its cursor shown again)
        would be painted first, and the result a frame (17-33 ms) later."""
        action = _DELETE_KEYS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            getattr(self, f"action_{action}")()

    def watch_value(self, value: str) -> None:
        if self._on_query is not None:
            self._on_query(value)
