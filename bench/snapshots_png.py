"""Turn the UI snapshot SVGs into PNGs to look at (needs rsvg-convert: Debian's
librsvg2-bin). Usage: python bench/snapshots_png.py [OUT_DIR] [NAME_FILTER]"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "ui" / "__snapshots__"


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/snapshots")
    wanted = sys.argv[2] if len(sys.argv) > 2 else ""
    if shutil.which("rsvg-convert") is None:
        print("snapshots_png: rsvg-convert is not installed (apt-get install librsvg2-bin).",
              file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for svg in sorted(SNAPSHOTS.rglob("*.svg")):
        if wanted in svg.name:
            png = out / (svg.stem + ".png")
            subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
