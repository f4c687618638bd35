"""Processes for the state tests: forked writers, and a runner where permissions apply.

Forking (instead of starting `python`) keeps hundreds of processes cheap: the child has
the reader already imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

NOBODY = 65534


def fork(target: Callable[..., None], *args: Any) -> int:
    """Run target(*args) in a child process; returns its pid. The child never returns."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            target(*args)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    return pid


def read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def run_unprivileged(check: Callable[[Path], Any]) -> Any:
    """check(folder) with file permissions in force, in a fresh folder it owns.

    As root (as in CI) permissions do not apply, so the check runs in a forked child
    that has dropped to uid/gid 65534; its (JSON-able) result comes back through a pipe.
    """
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="reader-perm-"))
        try:
            return check(folder)
        finally:
            for path in [folder, *folder.rglob("*")]:
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o700)
            shutil.rmtree(folder, ignore_errors=True)
    if not os.access("/tmp", os.W_OK):
        pytest.skip("no /tmp to hand to an unprivileged user")
    folder = Path(tempfile.mkdtemp(prefix="reader-perm-", dir="/tmp"))
    os.chown(folder, NOBODY, NOBODY)
    read_end, write_end = os.pipe()

    def child() -> None:
        os.close(read_end)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        try:
            reply = {"result": check(folder)}
        except BaseException:
            reply = {"error": traceback.format_exc()}
        os.write(write_end, json.dumps(reply).encode())

    try:
        pid = fork(child)
        os.close(write_end)
        reply = read_all(read_end)
        assert exit_code(pid) == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    answer = json.loads(reply)
    assert "error" not in answer, answer.get("error")
    return answer["result"]
