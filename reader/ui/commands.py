"""Command palette: every key of the main screen by name (posting-style Provider)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.ui.keys import MAIN_BINDINGS, display_keys

EXTRA = [
    ("Copy code links of shown papers", "copy_shown_code",
     "Copy the code links of every paper in the list, one per line"),
]


def _plain(text: str) -> Content:
    """Names are plain text: 'Copy link [1]' or the key '[' must not be read as markup."""
    return Content(text)


def _highlight(matcher, name: str) -> Content:
    """Like Matcher.highlight, without reading `name` as markup."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReaderCommands(Provider):
    """Offers every main-screen action, with its key."""

    def _commands(self):
        screen = self.app.main_screen
        if screen is None:
            return
        keymap = getattr(self.app, "_keymap", {})
        for binding in MAIN_BINDINGS:
            keys = display_keys(keymap.get(binding.id or "", binding.key))
            name = f"{binding.tooltip or binding.description}  · {keys}"
            yield name, partial(screen.run_action, binding.action), binding.description
        for name, action, help_text in EXTRA:
            yield name, partial(screen.run_action, action), help_text

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(_plain(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=help_text)
