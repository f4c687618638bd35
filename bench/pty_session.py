"""One session of the reader (or the floor app) on a pty, timed as the user sees it.

Each measurement writes a key to the pty and waits for the first frame (at its end marker)
whose screen text shows the whole expected result (bench/pty_screen.py decides that). Between
keys the program is left to go quiet (no output for QUIET s), so every key meets an idle app,
as a user's key does between two thoughts. Times are in ms (start-up: s).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import pty_screen as ui
from bench.pty_term import Frame, PtyTerminal

QUIET = 0.3  # s without output that counts as idle (under the search box's 0.5 s blink)
KEY_TIMEOUT = 5.0
ESC = "\x1b"
SEARCH = "serving cache"
MIXED_KEYS = ["j"] * 8 + ["k"] * 3 + ["s", "r", "G", "g", "n"]


@dataclass
class Plan:
    """How many of each key a session times."""

    moves: int = 5
    toggles: int = 4  # s and r each; even, so a paper ends as it began
    dialogs: int = 3
    letters: str = SEARCH
    mixed: int = 200
    start_cap: float = 60.0


@dataclass
class SessionResult:
    start_list_s: float | None = None
    start_complete_s: float | None = None
    typed_ms: list[float] = field(default_factory=list)
    move_list_ms: list[float] = field(default_factory=list)
    move_detail_ms: list[float] = field(default_factory=list)
    star_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    dialog_ms: list[float] = field(default_factory=list)
    floor_key_ms: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    error: str = ""


class Missing(Exception):
    """The expected result never showed (within KEY_TIMEOUT)."""


def _ms(frame: Frame | None, t0: float, what: str) -> float:
    if frame is None:
        raise Missing(f"{what}: not on screen within {KEY_TIMEOUT:.0f} s")
    return (frame.time - t0) * 1000


def _mixed(count: int, seed: int) -> list[str]:
    """`count` keys a reader might press, the search and the tags dialog now and then."""
    rng = random.Random(seed)
    keys: list[str] = []
    while len(keys) < count:
        roll = rng.random()
        if roll < 0.1:
            keys += ["/", *rng.choice(["cache", "agent", "vision", "llm"]), ESC]
        elif roll < 0.15:
            keys += ["e", ESC]
        else:
            keys.append(rng.choice(MIXED_KEYS))
    return keys[:count]


class ReaderSession:
    """The real `reader` on a pty; `titles` are the library's (for telling rows apart)."""

    def __init__(self, command: Sequence[str], env: dict[str, str], size: int,
                 titles: ui.Titles, cwd: Path, dump: Path | None = None) -> None:
        self.command, self.env, self.size, self.titles, self.cwd = command, env, size, titles, cwd
        self.dump = dump  # where the last screen of a session cut short is written

    def run(self, plan: Plan) -> SessionResult:
        result = SessionResult()
        term = PtyTerminal(self.command, self.env, cwd=self.cwd)
        try:
            self._start(term, plan, result)
            self._moves(term, plan, result)
            self._toggles(term, plan, result)
            self._dialogs(term, plan, result)
            self._typing(term, plan, result)
            self._session(term, plan, result)
        except Missing as error:
            result.error = str(error) + term.save_last_screen(self.dump)
        finally:
            term.close()
        return result

    def _idle(self, term: PtyTerminal) -> Frame:
        frame = term.settle(QUIET, 10.0)
        if frame is None or not term.alive:
            raise Missing("the program ended")
        return frame

    def _start(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        titles, size = self.titles, self.size
        painted = term.wait_for(lambda f: ui.list_painted(f, titles, size), plan.start_cap)
        if painted is None:
            raise Missing(f"start: no list within {plan.start_cap:.0f} s")
        result.start_list_s = painted.time - term.started
        complete = painted if ui.screen_complete(painted, titles, size) else term.wait_for(
            lambda f: ui.screen_complete(f, titles, size), plan.start_cap)
        if complete is None:
            raise Missing(f"start: screen not complete within {plan.start_cap:.0f} s")
        result.start_complete_s = complete.time - term.started
        self._idle(term)

    def _cursor(self, frame: Frame) -> ui.Row:
        row = ui.cursor_row(frame, self.titles)
        if row is None:
            raise Missing("no cursor row on screen")
        return row

    def _moves(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        titles = self.titles
        for _ in range(plan.moves):
            frame = self._idle(term)
            listed = ui.rows(frame, titles)
            now = self._cursor(frame)
            below = next((r for r in listed if r.y > now.y), None)
            if below is None or not below.title:
                raise Missing("no row below the cursor to move to")
            t0 = term.send("j")

            def moved(f: Frame, below: ui.Row = below) -> bool:
                row = ui.cursor_row(f, titles)
                return row is not None and row.shown == below.shown

            at_list = term.wait_for(moved, KEY_TIMEOUT)
            result.move_list_ms.append(_ms(at_list, t0, "j: list cursor"))
            detail = at_list if ui.detail_shows(at_list, below.title, below.x) else term.wait_for(
                lambda f, below=below: ui.detail_shows(f, below.title, below.x), KEY_TIMEOUT)
            result.move_detail_ms.append(_ms(detail, t0, "j: detail pane"))

    def _toggles(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        titles = self.titles
        for key, attribute, times in (("s", "star", result.star_ms),
                                      ("r", "unread", result.read_ms)):
            for _ in range(plan.toggles):
                now = self._cursor(self._idle(term))
                want = not getattr(now, attribute)
                t0 = term.send(key)

                def flipped(f: Frame, now: ui.Row = now, attribute: str = attribute,
                            want: bool = want) -> bool:
                    row = ui.cursor_row(f, titles)
                    return (row is not None and row.shown == now.shown
                            and getattr(row, attribute) == want)

                times.append(_ms(term.wait_for(flipped, KEY_TIMEOUT), t0, f"{key}: mark"))

    def _dialogs(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        for _ in range(plan.dialogs):
            self._idle(term)
            t0 = term.send("e")
            result.dialog_ms.append(_ms(term.wait_for(ui.dialog_open, KEY_TIMEOUT), t0,
                                        "e: dialog"))
            self._idle(term)
            term.send(ESC)
            _ms(term.wait_for(lambda f: not ui.dialog_open(f), KEY_TIMEOUT), 0, "esc: dialog")

    def _typing(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        """Letters typed into the search box, one at a time to an idle app. The expected
        result of a letter is what the screen shows once the app is idle again (the count and
        the rows, with the query in the box and the filter line); its time is that of the
        first frame after the key that shows all of it."""
        if not plan.letters:
            return
        self._idle(term)
        term.send("/")
        query = ""
        for letter in plan.letters:
            self._idle(term)
            query += letter
            t0 = term.send(letter)
            if letter == " ":
                continue  # a trailing space changes nothing a user could see
            seen: list[Frame] = []
            term.wait_for(lambda f: True, KEY_TIMEOUT, seen)  # the first frame, however late
            while seen:  # until idle: the settled screen is the expected result
                more: list[Frame] = []
                term.wait_for(lambda f: False, QUIET, more)
                if not more:
                    break
                seen += more
            if not seen:
                raise Missing(f"typed {query!r}: no frame")
            expected = ui.search_state(seen[-1], self.titles, query)
            if expected is None:
                raise Missing(f"typed {query!r}: the search does not show it")
            first = next(f for f in seen if ui.search_state(f, self.titles, query) == expected)
            result.typed_ms.append((first.time - t0) * 1000)
        term.send(ESC)
        self._idle(term)

    def _session(self, term: PtyTerminal, plan: Plan, result: SessionResult) -> None:
        """`plan.mixed` keys at a brisk typing pace (one per 40 ms), then the peak RSS."""
        for key in _mixed(plan.mixed, seed=13):
            term.send(key)
            # A lone ESC is taken as the escape key only after Textual's ESCDELAY (0.1 s);
            # a key sooner would make it alt+key.
            term.settle(0.04, 0.04)
            if key == ESC:
                time.sleep(0.15)
        self._idle(term)
        term.send(ESC)  # leave a dialog or the search box, if one is open
        self._idle(term)
        time.sleep(0.5)
        result.rss_mb = term.peak_rss_mb()


class FloorSession:
    """The bare Textual app: start to its line, `j` to its line counting the key."""

    def __init__(self, command: Sequence[str], env: dict[str, str], cwd: Path) -> None:
        self.command, self.env, self.cwd = command, env, cwd

    def run(self, plan: Plan) -> SessionResult:
        result = SessionResult()
        term = PtyTerminal(self.command, self.env, cwd=self.cwd)
        try:
            ready = term.wait_for(lambda f: ui.floor_presses(f) is not None, plan.start_cap)
            if ready is None:
                raise Missing("floor: no line")
            result.start_list_s = result.start_complete_s = ready.time - term.started
            keys = max(plan.moves + 2 * plan.toggles + plan.dialogs + len(plan.letters), 1)
            for n in range(1, keys + 1):
                term.settle(QUIET, 10.0)
                t0 = term.send("j")
                frame = term.wait_for(lambda f, n=n: ui.floor_presses(f) == n, KEY_TIMEOUT)
                result.floor_key_ms.append(_ms(frame, t0, "floor: j"))
            for _ in range(plan.mixed):
                term.send("j")
                term.settle(0.04, 0.04)
            term.settle(QUIET, 10.0)
            time.sleep(0.5)
            result.rss_mb = term.peak_rss_mb()
        except Missing as error:
            result.error = str(error)
        finally:
            term.close()
        return result
