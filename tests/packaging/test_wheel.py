"""The wheel carries the catalog, tags and styles, and the installed package finds them.

The wheel is built with the project's own build backend (hatchling's PEP 517 hook, as pip
would call it), installed non-editable by pip into a fresh venv, and run from a directory
that is not the checkout. The fresh venv borrows the dev venv's site-packages for the
dependencies through a .pth line, which puts that directory on sys.path without running the
.pth files in it, so the dev venv's editable hook (pointing at the checkout) stays inactive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    name = run(sys.executable, "-c",
               f"from hatchling.build import build_wheel; print(build_wheel({str(out)!r}))",
               cwd=ROOT).strip().splitlines()[-1]
    return out / name


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--without-pip", home, cwd=home.parent)
    run(sys.executable, "-m", "pip", "--python", home / "bin" / "python", "install",
        "--quiet", "--no-deps", "--no-index", "--no-cache-dir", "--disable-pip-version-check",
        wheel, cwd=home.parent)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(home), "platbase": str(home)}))
    assert (site / "reader" / "__init__.py").is_file()
    (site / "_dev_venv_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return home


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def test_wheel_contains_catalog_tags_and_styles(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        catalog = archive.read("reader/_data/daily-papers-2025-09-25.txt")
        tags = archive.read("reader/_data/tags.toml")
        styles = {n for n in names if n.startswith("reader/_styles/")}
        entry_points = next(archive.read(n).decode() for n in names
                            if n.endswith(".dist-info/entry_points.txt"))
    assert catalog == (ROOT / "data" / "daily-papers-2025-09-25.txt").read_bytes()
    assert tags == (ROOT / "data" / "tags.toml").read_bytes()
    repo_styles = {f"reader/_styles/{p.name}" for p in (ROOT / "styles").glob("*.tcss")}
    assert repo_styles, "styles/ has no .tcss files"
    assert repo_styles <= styles
    assert "reader = reader.cli:main" in entry_points
    top = {n.split("/", 1)[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"reader"}


def test_installed_package_finds_its_data_from_any_directory(venv: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(tmp_path)
    probe = ("import json, sys, reader, reader.paths as p; print(json.dumps({"
             "'file': reader.__file__, 'data': str(p.bundled_data_dir()), "
             "'styles': sorted(x.name for x in p.styles_dir().glob('*.tcss')), "
             "'styles_dir': str(p.styles_dir()), 'path': sys.path}))")
    found = json.loads(run(venv / "bin" / "python", "-c", probe, cwd=elsewhere, env=env))
    installed = str(venv)
    assert found["file"].startswith(installed)
    assert found["data"].startswith(installed) and found["data"].endswith("reader/_data")
    assert found["styles_dir"].startswith(installed)
    assert found["styles"] == sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))
    assert str(ROOT) not in found["path"]

    records = json.loads(run(venv / "bin" / "reader", "list", "--format", "json",
                             cwd=elsewhere, env=env))
    assert len(records) == 95
    assert sum(1 for r in records if "has-code" in r["tags"]) == 27
    assert run(venv / "bin" / "python", "-m", "reader", "--version", cwd=elsewhere,
               env=env).startswith("reader ")
