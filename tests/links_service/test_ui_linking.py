"""The UI helpers the screens call: workers, notifications, and the copy-by-hand dialog."""

from __future__ import annotations

from reader.clipboard import osc52_sequence
from reader.ui import linking
from reader.ui.dialogs.copy_fallback import CopyFallbackDialog

from .apps import LinkTestApp, settle
from .conftest import URL, read_x_clipboard


async def test_copy_url_reaches_the_x_clipboard_and_says_so(x_display):
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.copy_url(app, URL)
        await settle(app, pilot)
        assert app.notes == [("Copied github.com/szq0214/SReT to the clipboard.", "information")]
    assert read_x_clipboard(x_display) == URL


async def test_copy_many_copies_one_per_line_without_duplicates(x_display):
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.copy_many(app, [URL, "https://github.com/whlzy/FiT", URL])
        await settle(app, pilot)
        assert app.notes == [("Copied 2 links to the clipboard.", "information")]
    assert read_x_clipboard(x_display) == URL + "\nhttps://github.com/whlzy/FiT"


async def test_copy_many_with_nothing_says_so(no_display):
    app = LinkTestApp()
    async with app.run_test() as pilot:
        assert linking.copy_many(app, []) is None
        await settle(app, pilot)
        assert app.notes == [("No links to copy.", "warning")]


async def test_no_clipboard_and_no_terminal_shows_the_link_to_copy_by_hand(no_display):
    app = LinkTestApp()
    async with app.run_test() as pilot:
        assert linking.terminal_writer(app) is None  # headless: no terminal to write to
        linking.copy_url(app, URL)
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CopyFallbackDialog)
        assert dialog.text == URL and not dialog.offer_copy
        assert dialog.reason == (
            "No clipboard here (no display; no terminal to send it to): "
            "select the link to copy it by hand."
        )
        assert app.notes == []


async def test_osc52_goes_through_the_writer_the_ui_gives(no_display, monkeypatch):
    written: list[str] = []
    monkeypatch.setattr(linking, "terminal_writer", lambda app: written.append)
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.copy_url(app, URL, label="the SReT code link")
        await settle(app, pilot)
        assert written == [osc52_sequence(URL)]
        assert app.notes == [
            ("Sent the SReT code link to the terminal clipboard (OSC 52).", "information")
        ]


async def test_an_unexpected_error_is_still_reported(no_display, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("surprise")

    monkeypatch.setattr(linking.clipboard, "copy_text", broken)
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.copy_url(app, URL)
        await settle(app, pilot)
        assert isinstance(app.screen, CopyFallbackDialog)
        assert app.screen.reason == "Copying failed (surprise)."


async def test_open_url_gives_the_browser_the_url(recorder, monkeypatch):
    monkeypatch.setenv("BROWSER", recorder.command)
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.open_url(app, URL)
        await settle(app, pilot)
        assert app.notes == [
            ("Opened github.com/szq0214/SReT in the browser (record-browser).", "information")
        ]
    assert recorder.urls() == [URL]


async def test_no_browser_offers_the_link_for_copying(no_display):
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.open_url(app, URL)
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CopyFallbackDialog) and dialog.offer_copy
        assert dialog.reason == "No browser here (no display, and $BROWSER is not set)."


async def test_failing_browser_then_c_copies_the_link(x_display, failing_browser, monkeypatch):
    monkeypatch.setenv("BROWSER", failing_browser)
    app = LinkTestApp()
    async with app.run_test() as pilot:
        linking.open_url(app, URL)
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CopyFallbackDialog)
        assert dialog.reason == (
            "The browser (broken-browser) could not open github.com/szq0214/SReT "
            "(exit status 3: cannot open display)."
        )
        await pilot.press("c")
        await settle(app, pilot)
        assert not isinstance(app.screen, CopyFallbackDialog)
        assert app.notes == [("Copied github.com/szq0214/SReT to the clipboard.", "information")]
    assert read_x_clipboard(x_display) == URL
