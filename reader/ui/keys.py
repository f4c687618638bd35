"""Every key of the main screen, declared once with an id (for the keymap) and a tooltip.

The help screen and the command palette read these lists, so they never drift apart.
"""

from __future__ import annotations

from textual.binding import Binding


def link_bindings(screen: str) -> list[Binding]:
    """1-9: copy link [N] of the paper, on `screen` (ids `SCREEN.copy_link_N`)."""
    return [Binding(str(n), f"copy_link({n})", f"Copy link {n}", show=False,
                    id=f"{screen}.copy_link_{n}", tooltip=f"Copy link [{n}]")
            for n in range(1, 10)]


# (group, bindings) in the order the help screen shows them.
MAIN_GROUPS: list[tuple[str, list[Binding]]] = [
    ("Reading", [
        Binding("n", "next_unread", "Next unread", id="main.next_unread",
                tooltip="Move to the next unread paper"),
        Binding("p", "previous_unread", "Prev unread", show=False, id="main.previous_unread",
                tooltip="Move to the previous unread paper"),
        Binding("s", "toggle_star", "Star", id="main.star", tooltip="Star or unstar the paper"),
        Binding("r", "toggle_read", "Mark read", show=False, id="main.read",
                tooltip="Mark the paper read or unread"),
        Binding("R", "mark_all_read", "All read", show=False, id="main.mark_all_read",
                tooltip="Mark every shown paper read"),
        Binding("u", "undo", "Undo", show=False, id="main.undo", tooltip="Undo the last change"),
        Binding("e", "edit_paper", "Tags/note", show=False, id="main.edit",
                tooltip="Edit your tags and note for the paper"),
    ]),
    ("Filters", [
        # priority: the focus must move before the keys typed right after / are routed,
        # or a fast "/cache" runs c, a, e as commands instead of searching.
        Binding("slash", "search", "Search", id="main.search", priority=True,
                tooltip='Search: words, "phrases", tag:, is:, has:, author:, note:, OR, -'
                        ' (a misspelt word is searched as the word meant)'),
        Binding("w", "save_search", "Save search", show=False, id="main.save_search",
                tooltip="Save the current search; it joins the sidebar with a live count"),
        Binding("t", "focus_tags", "Tags", id="main.tags", tooltip="Jump to the tag list"),
        Binding("a", "toggle_tag_mode", "All/any", show=False, id="main.tag_mode",
                tooltip="Switch between papers with all chosen tags and with any"),
        Binding("v", "cycle_view", "View", show=False, id="main.view",
                tooltip="Cycle the views: All, Unread, Starred, Has code"),
        Binding("comma", "step_collection(-1)", "Newer day", show=False, id="main.newer_day",
                tooltip="Show the next newer day or collection"),
        Binding("full_stop", "step_collection(1)", "Older day", show=False, id="main.older_day",
                tooltip="Show the next older day or collection"),
        Binding("S", "cycle_sort", "Sort", show=False, id="main.sort",
                tooltip="Sort by page order, date, title, upvotes, stars, unread first or"
                        " for you"),
        Binding("N", "show_new", "New", show=False, id="main.new",
                tooltip="The papers new since your last session (fetched or imported since)"),
        Binding("m", "more_like_this", "Like this", show=False, id="main.similar",
                tooltip="Papers most like this one, with the words they share (x clears)"),
        Binding("A", "authors", "Authors", show=False, id="main.authors",
                tooltip="The paper's authors: show their papers or follow one"),
        Binding("x", "clear_filters", "Clear", show=False, id="main.clear",
                tooltip="Clear the view, tags and search"),
    ]),
    ("Links", [
        Binding("c", "copy_code", "Copy code", id="main.copy_code",
                tooltip="Copy the paper's code link"),
        Binding("o", "open_code", "Open code", show=False, id="main.open_code",
                tooltip="Open the code link in a browser"),
        Binding("O", "open_page", "Open page", show=False, id="main.open_page",
                tooltip="Open the paper's page in a browser"),
        Binding("L", "link_picker", "Links", show=False, id="main.links",
                tooltip="Pick one of the paper's links"),
        Binding("C", "copy_starred_code", "Copy starred", show=False, id="main.copy_starred",
                tooltip="Copy the code links of all starred papers"),
        *link_bindings("main"),
    ]),
    ("Library", [
        Binding("F", "fetch", "Fetch", show=False, id="main.fetch",
                tooltip="Fetch a day of Daily Papers or an arXiv query into your library"),
        Binding("P", "prefetch_starred", "Offline", show=False, id="main.prefetch",
                tooltip="Fetch the full text of every starred paper, to read offline"),
        Binding("E", "export", "Export", show=False, id="main.export",
                tooltip="Export the starred papers (or the shown ones) to a file"),
    ]),
    ("Layout", [
        Binding("tab", "cycle_focus(1)", "Pane", show=False, id="main.next_pane",
                tooltip="Move to the next pane"),
        Binding("shift+tab", "cycle_focus(-1)", "Pane", show=False, id="main.previous_pane",
                tooltip="Move to the previous pane"),
        Binding("backslash", "toggle_sidebar", "Sidebar", show=False, id="main.sidebar",
                tooltip="Show or hide the sidebar (narrow screens hide it by themselves)"),
        Binding("left_square_bracket", "resize_sidebar(-2)", "Narrower sidebar", show=False,
                id="main.sidebar_narrower", tooltip="Make the sidebar narrower"),
        Binding("right_square_bracket", "resize_sidebar(2)", "Wider sidebar", show=False,
                id="main.sidebar_wider", tooltip="Make the sidebar wider"),
        Binding("left_curly_bracket", "resize_list(-5)", "Smaller list", show=False,
                id="main.list_smaller", tooltip="Give the detail pane more room"),
        Binding("right_curly_bracket", "resize_list(5)", "Larger list", show=False,
                id="main.list_larger", tooltip="Give the list more room"),
        Binding("T", "toggle_theme", "Theme", show=False, id="main.theme",
                tooltip="Switch between the dark and the light theme"),
    ]),
    ("General", [
        Binding("question_mark", "help", "Help", id="main.help", tooltip="Show every key"),
        Binding("q", "quit_reader", "Quit", id="main.quit",
                tooltip="Quit and print what this session did"),
    ]),
]

# The footer shows keys in this order and cuts off what does not fit (at 80 columns, the last
# three): Help and Quit come first, as in nano, so a narrow terminal still shows them.
_FIRST = ("General",)
MAIN_BINDINGS: list[Binding] = [
    b for name, group in sorted(MAIN_GROUPS, key=lambda g: g[0] not in _FIRST) for b in group]


# The reading view: one paper full screen, and the way to the next one without leaving it.
READING_GROUPS: list[tuple[str, list[Binding]]] = [
    ("Papers", [
        Binding("n", "next_unread", "Next unread", id="reading.next_unread",
                tooltip="Read the next unread paper of the list"),
        Binding("p", "previous_unread", "Prev unread", show=False,
                id="reading.previous_unread", tooltip="Read the previous unread paper"),
        Binding("J,right", "step_paper(1)", "Next", show=False, id="reading.next",
                tooltip="Read the next paper of the list"),
        Binding("K,left", "step_paper(-1)", "Previous", show=False, id="reading.previous",
                tooltip="Read the previous paper of the list"),
        Binding("escape,q", "back", "Back", id="reading.back", tooltip="Back to the list"),
        Binding("f,enter", "full_text", "Full text", id="reading.full_text",
                tooltip="Read the whole paper (arXiv HTML; cached, reads offline)"),
    ]),
    ("This paper", [
        Binding("s", "toggle_star", "Star", id="reading.star", tooltip="Star or unstar"),
        Binding("r", "toggle_read", "Read", show=False, id="reading.read",
                tooltip="Mark read or unread"),
        Binding("e", "edit_paper", "Tags/note", show=False, id="reading.edit",
                tooltip="Edit your tags and note for the paper"),
        Binding("c", "copy_code", "Copy code", id="reading.copy_code",
                tooltip="Copy the code link"),
        Binding("o", "open_code", "Open", show=False, id="reading.open_code",
                tooltip="Open the code link in a browser"),
        Binding("O", "open_page", "Open page", show=False, id="reading.open_page",
                tooltip="Open the paper's page in a browser"),
        Binding("L", "link_picker", "Links", show=False, id="reading.links",
                tooltip="Pick one of the paper's links"),
        *link_bindings("reading"),
    ]),
    ("Scrolling", [
        Binding("j,down", "scroll_down", "Down", show=False, id="reading.down",
                tooltip="Scroll down a line"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reading.up",
                tooltip="Scroll up a line"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reading.page_down",
                tooltip="Scroll down a page"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reading.page_up",
                tooltip="Scroll up a page"),
        Binding("g,home", "top", "Top", show=False, id="reading.top", tooltip="To the top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reading.bottom",
                tooltip="To the end"),
    ]),
    ("General", [
        Binding("question_mark", "help", "Help", id="reading.help",
                tooltip="Show the keys of the reading view"),
    ]),
]
READING_BINDINGS: list[Binding] = [
    b for name, group in sorted(READING_GROUPS, key=lambda g: g[0] not in _FIRST) for b in group]


def display_keys(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "left_square_bracket": "[",
             "right": "→", "left": "←", "down": "↓", "up": "↑",
             "right_square_bracket": "]", "left_curly_bracket": "{",
             "right_curly_bracket": "}", "comma": ",", "full_stop": ".",
             "backslash": "\\"}
    return ", ".join(names.get(k, k) for k in keys.split(","))
