"""keymap_problems: an unknown binding id or a key taken twice on one screen is one sentence."""

from __future__ import annotations

from reader.keymap import keymap_problems

BINDINGS = [("main.star", "s"), ("main.read", "r"), ("main.fetch", "F"),
            ("reading.back", "escape,q"), ("reading.star", "s"), ("sidebar.down", "j")]
PATH = "/home/u/.config/reader/keymap.toml"


def test_a_keymap_that_works_says_nothing():
    assert keymap_problems({}, BINDINGS, PATH) is None
    assert keymap_problems({"main.star": "f", "reading.star": "f,x"}, BINDINGS, PATH) is None


def test_swapping_two_keys_is_no_clash():
    assert keymap_problems({"main.star": "r", "main.read": "s"}, BINDINGS, PATH) is None


def test_an_unknown_id_is_named():
    assert keymap_problems({"main.stra": "f"}, BINDINGS, PATH) == (
        f"The keymap {PATH}: no binding is called 'main.stra' (ignored)."
    )


def test_a_key_taken_on_the_same_screen_is_named_with_both_bindings():
    assert keymap_problems({"main.star": "r"}, BINDINGS, PATH) == (
        f"The keymap {PATH}: 'r' is both main.star and main.read."
    )


def test_the_same_key_on_another_screen_is_fine():
    assert keymap_problems({"main.star": "j"}, BINDINGS, PATH) is None
    assert keymap_problems({"reading.star": "F"}, BINDINGS, PATH) is None


def test_both_problems_in_one_sentence_and_many_unknowns_counted():
    keymap = {"a.one": "1", "a.two": "2", "a.three": "3", "a.four": "4", "reading.star": "q"}
    assert keymap_problems(keymap, BINDINGS, PATH) == (
        f"The keymap {PATH}: no binding is called 'a.one', 'a.two', 'a.three' and 1 more "
        "(ignored); 'q' is both reading.back and reading.star."
    )


def test_what_the_file_says_is_shown_without_control_characters():
    message = keymap_problems({"main.\x1b[31mred": "f"}, BINDINGS, PATH)
    assert message is not None and "\x1b" not in message
    assert "'main.\\x1b[31mred'" in message
