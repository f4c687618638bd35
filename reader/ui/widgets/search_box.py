"""The search box: an Input that does not make the screen lay itself out on every key."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """Textual's Input sets its virtual size to the text's width on every keystroke, and
    `Widget.virtual_size` asks for a layout of the whole screen when it changes (~20 ms on a
    screen like ours). The box has a fixed size, so a repaint of the box is enough."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
