"""Command palette: every key of the main screen by name (posting-style Provider).

Each action is listed once: its name and key as the title, its tooltip as the help. Textual's
own system commands that do what ours do (Quit, Theme, Keys) are kept out by
`system_commands`, which the app's `get_system_commands` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

from reader.ui.keys import MAIN_BINDINGS, display_keys

EXTRA = [
    ("Copy code links of shown papers", "copy_shown_code",
     "Copy the code links of every paper in the list, one per line"),
]

# The footer's short labels, where one alone does not name the action (two are "Pane").
NAMES = {
    "main.previous_unread": "Previous unread",
    "main.star": "Star / unstar",
    "main.read": "Read / unread",
    "main.mark_all_read": "Mark all shown read",
    "main.undo": "Undo last change",
    "main.edit": "Edit tags and note",
    "main.tags": "Jump to tags",
    "main.tag_mode": "Match all / any tags",
    "main.view": "Cycle views",
    "main.sort": "Cycle sort order",
    "main.clear": "Clear filters",
    "main.open_code": "Open code link",
    "main.links": "Pick a link",
    "main.copy_starred": "Copy code links of starred papers",
    "main.next_pane": "Next pane",
    "main.previous_pane": "Previous pane",
    "main.theme": "Dark / light theme",
}

# Textual's system commands that one of ours already does: its Quit skips the session summary,
# its Theme lists every built-in theme, its Keys panel repeats our help (`?`).
DUPLICATED_SYSTEM_COMMANDS = frozenset({"Quit", "Theme", "Keys"})


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Textual's system commands, less those that duplicate ours (for App.get_system_commands)."""
    for command in App.get_system_commands(app, screen):
        if command.title not in DUPLICATED_SYSTEM_COMMANDS:
            yield command


def palette_entries(keymap: dict[str, str]) -> Iterable[tuple[str, str, str, str]]:
    """(name, keys, action, help) of every palette action, the user's keymap applied."""
    for binding in MAIN_BINDINGS:
        keys = display_keys(keymap.get(binding.id or "", binding.key))
        name = NAMES.get(binding.id or "", binding.description)
        yield name, keys, binding.action, binding.tooltip or binding.description
    for name, action, help_text in EXTRA:
        yield name, "", action, help_text


def _title(name: str, keys: str, name_content: Content | None = None) -> Content:
    """The name, then its key dimmed; plain text throughout ('[' is a key, not markup)."""
    title = name_content if name_content is not None else Content(name)
    if keys:
        title = Content.assemble(title, ("  " + keys, "dim"))
    return title


def _highlight(matcher, name: str) -> Content:
    """Like Matcher.highlight, without reading `name` as markup."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReaderCommands(Provider):
    """Offers every main-screen action once, by name, with its key."""

    def _commands(self):
        screen = self.app.main_screen
        if screen is None:
            return
        keymap = getattr(self.app, "_keymap", {})
        for name, keys, action, help_text in palette_entries(keymap):
            yield name, keys, partial(screen.run_action, action), help_text

    async def discover(self) -> Hits:
        for name, keys, callback, help_text in self._commands():
            yield DiscoveryHit(_title(name, keys), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                display = _title(name, keys, _highlight(matcher, name))
            elif (score := matcher.match(help_text) / 2) > 0:  # found by its help: ranked lower
                display = _title(name, keys)
            else:
                continue
            yield Hit(score, display, callback, text=name, help=escape(help_text))
