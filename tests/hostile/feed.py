"""A hostile Daily Papers feed: the real API reply in tests/fixtures/hf_daily_papers_2026.json
(provenance in tests/fixtures/README.md) with terminal attacks spliced into the titles,
abstracts, author names and links of its first entries.

Each attack carries a marker no terminal program writes on its own, so a test can look for
the attack's bytes in what reached the terminal without tripping over the reader's own
escape sequences.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hf_daily_papers_2026.json"

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
ATTACKS = {
    "osc52": f"{ESC}]52;c;SE9TVElMRS1DTElQ{BEL}",             # set the clipboard
    "osc8": f"{ESC}]8;;https://evil.example/x{ST}click{ESC}]8;;{ST}",  # a hidden hyperlink
    "osc0": f"{ESC}]0;PWNED-TITLE{BEL}",                         # rename the window
    "csi": f"{ESC}[2J{ESC}[31;7;5;9mZAP",                       # clear the screen, style
    "da": f"{ESC}[0c{ESC}[6n",                                   # the terminal types an answer
    "dcs": f"{ESC}P+q544e{ST}",                                 # a DCS request
    "c1": "\u009b2J\u009d0;C1TITLE\u009c",                      # one-byte CSI, OSC, ST
    "bidi": "\u202ereversed\u202c \u2066isolated\u2069",
    "hidden": "zero\u200bwidth\ufeff",
    "backspace": "kept\x08\x08\x08\x08gone\rOVER",
}
# What must never reach a terminal as bytes (UTF-8): each attack's leading bytes.
FORBIDDEN = {
    "ESC ] 52": b"\x1b]52;c;SE9U",
    "ESC ] 8": b"\x1b]8;;https://evil",
    "ESC ] 0": b"\x1b]0;PWNED",
    "CSI 31;7;5;9m": b"\x1b[31;7;5;9m",
    "device attributes": b"\x1b[0c",
    "cursor report": b"\x1b[6n",
    "DCS": b"\x1bP+q544e",
    "C1 CSI": "\u009b".encode(),
    "C1 OSC": "\u009d".encode(),
    "RLO": "\u202e".encode(),
    "LRI": "\u2066".encode(),
    "ZWSP": "\u200b".encode(),
    "BOM": "\ufeff".encode(),
    "backspace": b"\x08",
}
ALL = "".join(ATTACKS.values())
TITLE_WORD = "Hostile"  # every spliced title starts with it


def write_feed(path: Path, entries: int = 3) -> Path:
    """The fixture with its first `entries` papers carrying every attack; written to `path`."""
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for number, entry in enumerate(document[:entries]):
        paper = entry["paper"]
        paper["title"] = f"{TITLE_WORD} {number} {ALL} {paper['title']}"
        paper["summary"] = f"{paper['summary']}\n\nSecond paragraph {ALL} https://github.com/x/y{ATTACKS['csi']}"
        paper["authors"] = copy.deepcopy(paper["authors"]) + [{"name": f"Eve {ALL}"}]
        paper["githubRepo"] = f"https://github.com/evil/repo{ATTACKS['osc52']}"
        paper["projectPage"] = f"javascript:alert(1)//{ATTACKS['osc0']}"
        entry["title"] = paper["title"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def forbidden_in(data: bytes) -> list[str]:
    """The names of the attacks whose bytes are in `data`."""
    return [name for name, needle in FORBIDDEN.items() if needle in data]
