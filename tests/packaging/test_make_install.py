"""`make install`: one way to put `reader` on PATH, tried in a temporary HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, needs_tool

pytestmark = needs_tool("make")
VENV_BIN = Path(sys.executable).parent


def make(target: str, home: Path, path: str) -> subprocess.CompletedProcess[str]:
    # -o: the .venv the tests run in is installed already; never run pip here.
    return subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", target, f"BIN={VENV_BIN}"], cwd=ROOT,
        env={**os.environ, "HOME": str(home), "PATH": path}, capture_output=True, text=True,
        timeout=60,
    )


def test_install_links_reader_into_local_bin_and_says_how_to_reach_it(tmp_path):
    bindir = tmp_path / ".local" / "bin"
    done = make("install", tmp_path, "/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    link = bindir / "reader"
    assert link.is_symlink() and link.resolve() == (VENV_BIN / "reader").resolve()
    assert f"{bindir} is not on your PATH: add the line" in done.stdout
    assert f'export PATH="{bindir}:$PATH"' in done.stdout
    # From another directory, by name, as a user would type it.
    ran = subprocess.run(["reader", "--version"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PATH": f"{bindir}:/usr/bin:/bin"}, timeout=60)
    assert ran.returncode == 0 and ran.stdout.startswith("reader ")

    again = make("install", tmp_path, f"{bindir}:/usr/bin:/bin")
    assert again.returncode == 0
    assert "Now `reader` works in any directory" in again.stdout

    gone = make("uninstall", tmp_path, "/usr/bin:/bin")
    assert gone.returncode == 0 and not link.exists() and not link.is_symlink()


def test_install_leaves_a_reader_that_is_not_its_link_alone(tmp_path):
    bindir = tmp_path / ".local" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "reader").write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    done = make("install", tmp_path, "/usr/bin:/bin")
    assert done.returncode != 0
    assert "exists and is not a link: left alone" in done.stdout
    assert (bindir / "reader").read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
