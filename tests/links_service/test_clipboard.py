"""The system clipboard tier: a real X clipboard (Xvfb + xclip), and every way it fails."""

from __future__ import annotations

import threading

import pyperclip
import pytest

from reader import clipboard
from reader.clipboard import copy_text, short_url, system_clipboard_problem, x_display_reachable

from .conftest import URL, read_x_clipboard


def test_copies_to_the_real_x_clipboard(x_display):
    result = copy_text(URL)
    assert (result.ok, result.method) == (True, "clipboard")
    assert result.message == "Copied github.com/szq0214/SReT to the clipboard."
    assert read_x_clipboard(x_display) == URL


def test_several_lines_reach_the_x_clipboard_intact(x_display):
    text = "https://github.com/szq0214/SReT\nhttps://github.com/whlzy/FiT"
    result = copy_text(text, label="2 code links", terminal_writer=lambda _: None)
    assert result.method == "clipboard"
    assert result.message == "Copied 2 code links to the clipboard."
    assert read_x_clipboard(x_display) == text


def test_the_clipboard_wins_over_the_terminal_when_it_works(x_display):
    written: list[str] = []
    copy_text("https://github.com/whlzy/FiT", terminal_writer=written.append)
    assert written == []
    assert read_x_clipboard(x_display) == "https://github.com/whlzy/FiT"


def test_pyperclip_raising_falls_back_to_osc52(x_display, monkeypatch):
    def boom(_: str) -> None:
        raise pyperclip.PyperclipException("xclip exploded. Details follow")

    monkeypatch.setattr(pyperclip, "copy", boom)
    written: list[str] = []
    result = copy_text(URL, terminal_writer=written.append)
    assert result.method == "osc52" and len(written) == 1


def test_pyperclip_raising_without_a_terminal_says_why_in_one_sentence(x_display, monkeypatch):
    def boom(_: str) -> None:
        raise pyperclip.PyperclipException("xclip exploded. Details follow")

    monkeypatch.setattr(pyperclip, "copy", boom)
    result = copy_text(URL)
    assert (result.ok, result.method) == (False, "none")
    assert result.message == (
        "No clipboard here (the system clipboard failed: xclip exploded; "
        "no terminal to send it to): select the link to copy it by hand."
    )


def test_a_clipboard_that_does_not_keep_the_text_is_not_taken_for_success(x_display,
                                                                          monkeypatch):
    monkeypatch.setattr(clipboard, "VERIFY_SECONDS", 0.0)
    monkeypatch.setattr(pyperclip, "copy", lambda _: None)  # a silent no-op
    monkeypatch.setattr(pyperclip, "paste", lambda: "something else")
    result = copy_text(URL)
    assert result.method == "none"
    assert "the system clipboard did not keep the text" in result.message


def test_a_hanging_clipboard_is_given_up_after_the_timeout(x_display, monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(pyperclip, "copy", lambda _: release.wait())
    try:
        result = copy_text(URL, timeout=0.2)
    finally:
        release.set()
    assert result.method == "none"
    assert "the system clipboard did not answer within 0.2 s" in result.message


def test_no_display_never_calls_pyperclip(no_display, monkeypatch):
    def must_not_run(_: str) -> None:
        raise AssertionError("pyperclip was called without a display")

    monkeypatch.setattr(pyperclip, "copy", must_not_run)
    result = copy_text(URL)
    assert result.message == (
        "No clipboard here (no display; no terminal to send it to): "
        "select the link to copy it by hand."
    )


def test_a_display_that_does_not_answer_is_not_tried(monkeypatch):
    monkeypatch.setattr(pyperclip, "copy", lambda _: pytest.fail("pyperclip was called"))
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":987")  # no server there
    result = copy_text(URL)
    assert result.method == "none"
    assert "the X display :987 does not answer" in result.message


def test_no_clipboard_tool_is_named(tmp_path, xvfb_display):
    env = {"DISPLAY": xvfb_display, "PATH": str(tmp_path)}  # a PATH without xclip or xsel
    assert system_clipboard_problem(env) == "no xclip or xsel installed"
    assert system_clipboard_problem({"WAYLAND_DISPLAY": "wayland-0", "PATH": str(tmp_path)}) \
        == "no wl-copy installed"


def test_display_reachability(xvfb_display):
    assert x_display_reachable(xvfb_display)
    assert x_display_reachable(xvfb_display + ".0")
    assert not x_display_reachable(":987")
    assert not x_display_reachable("127.0.0.1:987")  # TCP port 6987: nothing listens


def test_empty_text_is_nothing_to_copy(no_display):
    result = copy_text("  \n")
    assert (result.ok, result.message) == (False, "Nothing to copy.")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://github.com/szq0214/SReT", "github.com/szq0214/SReT"),
        ("https://github.com/modelscope/agentscope/tree/main/examples/workflow",
         "…/examples/workflow"),
        ("https://huggingface.co/papers?q=A+Very+Long+Title+About+Many+Things",
         "…/papers?q=A+Very+Long+Title+About+Many+Things"[:39] + "…"),
    ],
)
def test_short_url_keeps_the_host_when_short_else_the_last_two_parts(url, shown):
    assert short_url(url) == shown
