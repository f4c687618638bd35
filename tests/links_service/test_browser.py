"""Opening links: $BROWSER honoured, no browser and broken browsers said in one sentence."""

from __future__ import annotations

import os

import pytest

from reader.browser import open_url

from .conftest import URL, make_executable


def _env(**values: str) -> dict[str, str]:
    """A clean environment: PATH only, plus `values` (no DISPLAY unless given)."""
    return {"PATH": os.environ["PATH"], **values}


def test_browser_gets_exactly_the_url(recorder):
    result = open_url(URL, env=_env(BROWSER=recorder.command))
    assert recorder.urls() == [URL]
    assert (result.ok, result.url) == (True, URL)
    assert result.message == "Opened github.com/szq0214/SReT in the browser (record-browser)."


def test_browser_from_the_process_environment(recorder, monkeypatch):
    monkeypatch.setenv("BROWSER", recorder.command)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert open_url(URL).ok
    assert recorder.urls() == [URL]


def test_browser_command_line_with_placeholder(recorder):
    result = open_url(URL, env=_env(BROWSER=f"{recorder.command} --new-tab %s"))
    assert result.ok
    assert recorder.urls() == ["--new-tab", URL]


def test_browser_command_line_without_placeholder_gets_the_url_last(recorder):
    result = open_url(URL, env=_env(BROWSER=f"{recorder.command} --private"))
    assert result.ok
    assert recorder.urls() == ["--private", URL]


def test_first_runnable_browser_in_the_list_is_used(recorder):
    result = open_url(URL, env=_env(BROWSER=os.pathsep.join(["no-such-browser", recorder.command])))
    assert result.ok
    assert recorder.urls() == [URL]


def test_browser_that_fails_is_one_sentence_with_its_reason(failing_browser):
    result = open_url(URL, env=_env(BROWSER=failing_browser))
    assert not result.ok
    assert result.message == (
        "The browser (broken-browser) could not open github.com/szq0214/SReT "
        "(exit status 3: cannot open display)."
    )


def test_browser_that_is_not_installed():
    result = open_url(URL, env=_env(BROWSER="no-such-browser"))
    assert not result.ok
    assert result.message == "No browser here ($BROWSER names 'no-such-browser', which cannot be run)."


def test_no_display_and_no_browser_variable_is_no_browser(recorder):
    result = open_url(URL, env=_env())
    assert not result.ok
    assert result.message == "No browser here (no display, and $BROWSER is not set)."


def test_terminal_browser_is_refused_inside_the_reader(tmp_path):
    log = tmp_path / "w3m.log"
    w3m = make_executable(tmp_path / "w3m", f'echo "$@" >> "{log}"\n')
    result = open_url(URL, env=_env(BROWSER=w3m))
    assert not result.ok
    assert result.message == "The browser here is w3m, which would take over the terminal."
    assert not log.exists()


def test_terminal_browser_is_allowed_when_asked(tmp_path):
    log = tmp_path / "w3m.log"
    w3m = make_executable(tmp_path / "w3m", f'echo "$@" >> "{log}"\n')
    assert open_url(URL, env=_env(BROWSER=w3m), allow_console=True).ok
    assert log.read_text().split() == [URL]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "--help", "javascript:alert(1)", ""])
def test_only_web_addresses_are_opened(recorder, url):
    result = open_url(url, env=_env(BROWSER=recorder.command))
    assert not result.ok
    assert result.message.endswith("is not a web address, so it was not opened.")
    assert recorder.urls() == []


def test_browser_output_does_not_reach_the_terminal(tmp_path, capfd):
    noisy = make_executable(tmp_path / "noisy", 'echo "GLib-WARNING everywhere"; echo oops >&2\n')
    assert open_url(URL, env=_env(BROWSER=noisy)).ok
    captured = capfd.readouterr()
    assert "GLib-WARNING" not in captured.out and "oops" not in captured.err
