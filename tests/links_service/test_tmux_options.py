"""Reading tmux's answer about its clipboard options (the real server is in test_tmux_copy.py)."""

from __future__ import annotations

import pytest

from reader.tmux_clipboard import buffer_only_reason, parse_query


def state(version="3.3a", clip="external", passthrough="0", client="/dev/pts/3", term="xterm",
          features="256,clipboard,title"):
    answer = parse_query("\t".join((version, clip, passthrough, client, term, features)) + "\n")
    assert answer is not None
    return answer


@pytest.mark.parametrize(("version", "has_w"), [
    ("3.3a", True), ("3.2", True), ("next-3.4", True), ("master", True), ("3.1c", False),
    ("2.9a", False), ("openbsd-7.4", True),
])
def test_load_buffer_w_exists_from_tmux_3_2(version, has_w):
    assert state(version=version).has_write_flag is has_w


def test_flags_and_features_are_read():
    answer = state(passthrough="1")
    assert (answer.passthrough, answer.terminal_clipboard, answer.sends_on) == ("on", True, True)
    assert state(features="256,title").sends_on is False
    assert state(client="").sends_on is False
    assert state(clip="off").sends_on is False


def test_an_old_tmux_is_named_in_the_reason():
    assert buffer_only_reason(state(version="3.1c")) == "tmux 3.1c cannot pass a buffer on (tmux 3.2 can)"


def test_an_answer_of_the_wrong_shape_is_none():
    assert parse_query("3.3a\texternal\n") is None
