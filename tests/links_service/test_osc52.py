"""OSC 52 bytes, exactly, with and without tmux's DCS passthrough, and the copy fallback order."""

from __future__ import annotations

import base64

from reader.clipboard import copy_text, osc52_sequence, terminal_payload

from .conftest import URL

SRET_B64 = "aHR0cHM6Ly9naXRodWIuY29tL3N6cTAyMTQvU1JlVA=="


def test_sequence_is_osc_52_with_base64_and_bel():
    assert base64.b64encode(URL.encode()).decode() == SRET_B64
    assert osc52_sequence(URL) == "\x1b]52;c;" + SRET_B64 + "\x07"
    assert osc52_sequence(URL).encode() == b"\x1b]52;c;" + SRET_B64.encode() + b"\x07"


def test_tmux_wraps_in_dcs_passthrough_with_every_esc_doubled():
    wrapped = osc52_sequence(URL, tmux=True)
    assert wrapped == "\x1bPtmux;\x1b\x1b]52;c;" + SRET_B64 + "\x07\x1b\\"
    # The only ESCs inside the passthrough are doubled ones.
    inner = wrapped[len("\x1bPtmux;"):-len("\x1b\\")]
    assert inner.replace("\x1b\x1b", "") == inner.replace("\x1b", "")


def test_non_ascii_is_utf8_before_base64():
    text = "https://example.org/café"
    encoded = osc52_sequence(text)[len("\x1b]52;c;"):-1]
    assert base64.b64decode(encoded).decode("utf-8") == text


def test_payload_outside_tmux_is_the_plain_sequence():
    assert terminal_payload(URL, {}) == osc52_sequence(URL)


def test_payload_inside_tmux_is_passthrough_then_plain():
    env = {"TMUX": "/tmp/tmux-0/default,123,0"}
    assert terminal_payload(URL, env) == osc52_sequence(URL, tmux=True) + osc52_sequence(URL)


def test_without_system_clipboard_the_terminal_writer_gets_the_sequence(no_display):
    written: list[str] = []
    result = copy_text(URL, terminal_writer=written.append)
    assert written == [osc52_sequence(URL)]
    assert (result.ok, result.method) == (True, "osc52")
    assert result.message == "Sent github.com/szq0214/SReT to the terminal clipboard (OSC 52)."


def test_inside_a_tmux_that_does_not_answer_the_message_does_not_claim_the_copy_landed(
    no_display, monkeypatch, tmp_path
):
    monkeypatch.setenv("TMUX", f"{tmp_path / 'no-such-server'},123,0")
    written: list[str] = []
    result = copy_text(URL, terminal_writer=written.append)
    assert written == [osc52_sequence(URL, tmux=True) + osc52_sequence(URL)]
    assert result.method == "osc52"
    assert result.message.startswith(
        "Sent github.com/szq0214/SReT to tmux as OSC 52, but tmux did not say whether it "
        "passes it on (tmux display-message failed: "
    )
    assert "terminal clipboard" not in result.message


def test_a_writer_that_fails_ends_in_copy_by_hand(no_display):
    def broken(_: str) -> None:
        raise OSError("terminal closed")

    result = copy_text(URL, terminal_writer=broken)
    assert (result.ok, result.method, result.text) == (False, "none", URL)
    assert result.message == (
        "No clipboard here (no display; the terminal refused it: terminal closed): "
        "select the link to copy it by hand."
    )


def test_several_links_are_named_by_count_and_sent_as_lines(no_display):
    written: list[str] = []
    text = "https://github.com/a/b\nhttps://github.com/c/d"
    result = copy_text(text, terminal_writer=written.append)
    assert written == [osc52_sequence(text)]
    assert result.message == "Sent 2 lines to the terminal clipboard (OSC 52)."
    result = copy_text(text, terminal_writer=written.append, label="2 code links")
    assert result.message == "Sent 2 code links to the terminal clipboard (OSC 52)."
