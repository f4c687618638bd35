"""The filter sidebar: views (All, Unread, Starred, Has code) and tags, each with a count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.filters import VIEWS


def _row(mark: str, label: str, count: int, style: str = "", width: int = 22) -> Text:
    """One option: mark and label on the left, the count right-aligned, in `width` cells."""
    number = str(count)
    room = max(width - len(number) - 3, 4)
    text = f"{mark} {label}"
    if len(text) > room:
        text = text[: room - 1] + "…"
    row = Text(text.ljust(room + 1), style=style, no_wrap=True)
    row.append(number.rjust(len(number) + 1), style="dim")
    return row


def _header(text: str, width: int) -> Text:
    """A section's title: one line, cut with an ellipsis when the sidebar is narrow (the
    option list wraps a prompt that is too wide, whatever the Text says)."""
    if len(text) > width:
        text = text[: max(width - 1, 1)] + "…"
    return Text(text, style="bold", no_wrap=True)


class FilterSidebar(OptionList):
    """Views and tags; enter or space chooses a view or toggles a tag."""

    BINDINGS = [
        Binding("space", "select", "Toggle", show=False, id="sidebar.toggle"),
        Binding("j", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("d", "delete_saved", "Delete search", show=False, id="sidebar.delete_saved"),
    ]

    class ViewChosen(Message):
        def __init__(self, view: str) -> None:
            super().__init__()
            self.view = view

    class CollectionChosen(Message):
        def __init__(self, collection: str | None) -> None:
            super().__init__()
            self.collection = collection

    class NewChosen(Message):
        """The papers new since the last session."""

    class SavedChosen(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class SavedDeleteRequested(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class TagToggled(Message):
        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def update_filters(self, view: str, view_counts: Mapping[str, int], tags: Sequence[str],
                       chosen: Sequence[str], tag_counts: Mapping[str, int],
                       tag_mode: str, collections: Sequence[str] = (),
                       collection: str | None = None,
                       collection_counts: Mapping[str, int] | None = None,
                       saved: Mapping[str, int] | None = None, new: int = 0) -> None:
        """Rebuild the options, keeping the highlight on the same option. Tags no paper of
        the current result carries are left out (unless chosen)."""
        self._last_filters = (view, view_counts, tags, chosen, tag_counts, tag_mode,
                              collections, collection, collection_counts, saved, new)
        signature = (view, tuple(view_counts.items()), tuple(tags), tuple(chosen),
                     tuple(sorted(tag_counts.items())), tag_mode, tuple(collections), collection,
                     tuple(sorted((collection_counts or {}).items())),
                     tuple((saved or {}).items()), new, self.size.width)
        if signature == getattr(self, "_signature", None):
            return
        self._signature = signature
        width = max(self.scrollable_content_region.width, 12)
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option | None] = []
        for key, label in VIEWS:
            mark = "▸" if key == view else " "
            style = "bold" if key == view else ""
            options.append(Option(_row(mark, label, view_counts.get(key, 0), style, width), id=f"view:{key}"))
        if new:
            options.append(Option(_row("✦", "New", new, width=width), id="new:"))
        if saved:
            options.append(None)
            options.append(Option(_header("Saved searches", width), id="saved-header",
                                  disabled=True))
            for name, count in saved.items():
                options.append(Option(_row("⌕", name, count, width=width), id=f"saved:{name}"))
        if len(collections) > 1:
            counts = collection_counts or {}
            options.append(None)
            options.append(Option(_header("Days and collections", width),
                                  id="collections-header", disabled=True))
            options.append(Option(_row("▸" if collection is None else " ", "All days",
                                       sum(counts.values()), width=width), id="collection:"))
            for name in collections:
                on = name == collection
                label = name.removeprefix("daily-")
                options.append(Option(_row("▸" if on else " ", label, counts.get(name, 0),
                                           "bold" if on else "", width),
                                      id=f"collection:{name}"))
        options.append(None)
        mode = "all" if tag_mode == "all" else "any"
        options.append(Option(_header(f"Tags (match {mode})", width), id="tags-header",
                              disabled=True))
        for tag in tags:
            on = tag in chosen
            if not on and not tag_counts.get(tag, 0):
                continue
            options.append(Option(_row("■" if on else "□", tag, tag_counts.get(tag, 0),
                                       "bold" if on else "", width), id=f"tag:{tag}"))
        ids = [option.id if option is not None else None for option in options]
        if ids == getattr(self, "_ids", None):
            # Same rows, new counts: replace the prompts in place, so the screen does not
            # have to lay itself out again (that costs tens of ms per keystroke).
            for option in options:
                if option is not None and self._prompts.get(option.id) != option.prompt:
                    self.replace_option_prompt(option.id, option.prompt)
                    self._prompts[option.id] = option.prompt
            return
        self._ids = ids
        self._prompts = {o.id: o.prompt for o in options if o is not None}
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            if highlighted is not None:
                try:
                    self.highlighted = self.get_option_index(highlighted)
                except Exception:
                    self.highlighted = 0

    def on_resize(self) -> None:
        """A new width ([ and ], a resized terminal): the rows are cut to it again (rows
        made for a wider sidebar would wrap, two lines each)."""
        if getattr(self, "_last_filters", None) is not None:
            self.update_filters(*self._last_filters)

    def focus_tags(self) -> None:
        """Focus the sidebar with the highlight on the first tag.

        The focus moves at once (Widget.focus() waits for the keys already queued, so an
        enter typed right after `t` would still go to the list).
        """
        self.screen.set_focus(self)
        for index in range(self.option_count):
            option = self.get_option_at_index(index)
            if option.id and option.id.startswith("tag:"):
                self.highlighted = index
                return

    def action_delete_saved(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id and option.id.startswith("saved:"):
            self.post_message(self.SavedDeleteRequested(option.id.removeprefix("saved:")))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, _, value = option_id.partition(":")
        if kind == "view":
            self.post_message(self.ViewChosen(value))
        elif kind == "new":
            self.post_message(self.NewChosen())
        elif kind == "saved":
            self.post_message(self.SavedChosen(value))
        elif kind == "collection":
            self.post_message(self.CollectionChosen(value or None))
        elif kind == "tag":
            self.post_message(self.TagToggled(value))
