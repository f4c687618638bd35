"""The local test server keeps quiet when a client hangs up, and still reports real errors."""

from __future__ import annotations

import pytest

from tests.fetch.server import ApiServer


@pytest.fixture
def server():
    made = ApiServer()
    yield made
    made.server_close()


@pytest.mark.parametrize("error", [BrokenPipeError(32, "Broken pipe"),
                                   ConnectionResetError(104, "Connection reset by peer")])
def test_a_client_hanging_up_prints_nothing(server, capsys, error):
    try:
        raise error
    except ConnectionError:
        server.handle_error(None, ("127.0.0.1", 50000))
    assert capsys.readouterr().err == ""


def test_a_real_error_in_the_handler_is_still_printed(server, capsys):
    try:
        raise KeyError("2026-06-12")
    except KeyError:
        server.handle_error(None, ("127.0.0.1", 50000))
    assert "KeyError: '2026-06-12'" in capsys.readouterr().err
