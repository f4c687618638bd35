"""ctrl+p: every action once, its name and key as the title, its tooltip as the help."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from reader.ui.app import ReaderApp
from reader.ui.commands import system_commands
from reader.ui.keys import MAIN_BINDINGS
from tests.ui.helpers import running


class PaletteApp(ReaderApp):
    # The three lines ReaderApp gets (reader/ui/app.py).
    def get_system_commands(self, screen):
        return system_commands(self, screen)


async def palette_rows(pilot) -> list[tuple[str, str]]:
    """(title, help) of every row the palette lists with an empty query."""
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    results = pilot.app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.02)
        if results.option_count > len(MAIN_BINDINGS):
            break
    rows = []
    for index in range(results.option_count):
        title, _, help_text = str(results.get_option_at_index(index).prompt).partition("\n")
        rows.append((title, help_text))
    return rows


async def test_each_action_is_listed_once_by_name_with_its_key(seed_papers, state_path):
    app = PaletteApp(list(seed_papers), state_path=state_path)
    async with running(app) as pilot:
        rows = await palette_rows(pilot)
    titles = [title for title, _ in rows]
    assert len(titles) == len(set(titles)), titles
    assert ("Star / unstar  s", "Star or unstar the paper") in rows
    assert ("Next pane  tab", "Move to the next pane") in rows
    assert ("Previous pane  shift+tab", "Move to the previous pane") in rows
    assert [t for t in titles if t.startswith("Quit")] == ["Quit  q"]
    assert not any(t.startswith(("Theme", "Keys")) for t in titles)
    assert ("Dark / light theme  T", "Switch between the dark and the light theme") in rows
    # Textual's system commands that ours do not duplicate stay.
    assert any(t.startswith("Screenshot") for t in titles)


async def test_a_word_of_the_help_finds_the_action(seed_papers, state_path):
    app = PaletteApp(list(seed_papers), state_path=state_path)
    async with running(app) as pilot:
        await pilot.press("ctrl+p", *"browser")
        results = app.screen.query_one(CommandList)
        for _ in range(100):
            await pilot.pause(0.02)
            if results.option_count:
                break
        titles = [str(results.get_option_at_index(i).prompt).partition("\n")[0]
                  for i in range(results.option_count)]
    assert "Open code link  o" in titles and "Open page  O" in titles


def test_system_commands_keep_out_quit_theme_and_keys(seed_papers, state_path):
    app = ReaderApp(list(seed_papers), state_path=state_path)
    from textual.screen import Screen

    titles = [command.title for command in system_commands(app, Screen())]
    assert "Quit" not in titles and "Theme" not in titles and "Keys" not in titles
    assert "Screenshot" in titles
