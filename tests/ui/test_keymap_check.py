"""The user's keymap checked against the app's real binding ids, reported in one notice."""

from __future__ import annotations

from reader import paths
from reader.ui.keymap_check import app_bindings, checked_keymap
from tests.ui.helpers import running, write_keymap


def test_every_screen_and_dialog_binding_id_is_known():
    ids = app_bindings()
    # The main screen, the reading view, and a dialog that is imported only when first opened.
    assert ids["main.star"] == "s"
    assert "reading.back" in ids
    assert "copy_fallback.copy" in ids


async def test_unknown_id_and_taken_key_are_one_notice(make_app):
    write_keymap('[keys]\n"main.stra" = "f"\n"main.read" = "s"\n')
    path = paths.config_dir() / "keymap.toml"
    app = make_app()
    async with running(app) as pilot:
        keymap = checked_keymap(app, path)
        await pilot.pause()
        notes = [(n.message, n.severity) for n in app._notifications]
    assert keymap == {"main.stra": "f", "main.read": "s"}
    assert (f"The keymap {path}: no binding is called 'main.stra' (ignored); "
            "'s' is both main.star and main.read.", "warning") in notes


async def test_a_keymap_that_works_gives_no_notice(make_app):
    write_keymap('[keys]\n"main.star" = "f"\n')
    app = make_app()
    async with running(app) as pilot:
        before = len(app._notifications)
        assert checked_keymap(app, paths.config_dir() / "keymap.toml") == {"main.star": "f"}
        await pilot.pause()
        assert len(app._notifications) == before


async def test_the_app_says_what_is_wrong_with_the_keymap_at_start(make_app):
    from tests.ui.helpers import running, write_keymap

    write_keymap('[keys]\n"main.stra" = "f"\n')
    app = make_app()
    async with running(app) as pilot:
        await pilot.pause()
        assert any("main.stra" in n.message for n in app._notifications)
