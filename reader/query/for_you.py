"""For you: papers ranked by how much they are like the ones you liked and unlike the ones you
skipped, each with its reason. Computed from your own reading state in the index: no account,
no network.

What counts, from `SearchIndex.signals()`:
  liked    starred (weight 1), tagged by you (0.8), read in full: marked read after being
           opened in the reader (0.5); a paper takes its strongest kind
  skipped  marked read without ever being opened, and neither starred, tagged nor noted
           (the "mark all shown read" of a day you skimmed): weight -0.5

A stem's weight is its lift among liked papers (weighted share x log(share / share in the
library), the library's shares estimated on a fixed sample of `SAMPLE` papers) minus half
its lift among skipped ones; the `PROFILE` strongest stems are kept. A paper scores the sum
of the weights of the stems it holds, times BM25's length factor (as `similar` does). Stems are read from
each paper's folded title and abstract once and remembered, so a new star costs one paper.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.query import bits
from reader.query.index import SearchIndex
from reader.query.similar import _length_factors
from reader.query.vocab import key_of

WEIGHTS = {"starred": 1.0, "tagged": 0.8, "read": 0.5}
SKIPPED = 0.5
SAMPLE = 600
PROFILE = 300
REASON_STEMS = 5
SMOOTH = 0.01  # keeps the lift of a stem the sample never saw finite
KIND_WORDS = {"starred": "you starred", "tagged": "you tagged", "read": "you read"}


@dataclass(frozen=True, slots=True)
class Pick:
    """A paper in the "for you" order: its position, score, and why it is there."""

    position: int
    score: float
    reason: str = ""


class ForYou:
    """`ForYou.of(index).rank(positions)`: best first, with reasons. Follows the index's
    reading state by itself (its `generation`)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._keys: dict[bytes, bytes | None] = {}  # word as written -> stem (memo)
        self._stems: dict[int, frozenset[bytes]] = {}  # position -> its stems
        self._generation: int | None = None
        self.liked: dict[int, str] = {}  # position -> kind (starred, tagged, read)
        self.skipped: list[int] = []
        self._background: dict[bytes, float] = {}  # stem -> share of the sample with it
        self._sample = 0
        self.profile: dict[bytes, float] = {}
        self._holders: dict[bytes, list[int]] = {}  # profile stem -> liked papers with it
        self.titles: Callable[[int], str] = lambda p: bytes(index.texts.title(p)).decode(
            "utf-8", "replace")

    @classmethod
    def of(cls, index: SearchIndex, titles: Callable[[int], str] | None = None) -> ForYou:
        """The one kept with `index` (its remembered stems are reused across calls).
        `titles` gives a paper's title as written, for reasons (default: folded)."""
        found = getattr(index, "_for_you", None)
        if found is None:
            found = index._for_you = cls(index)  # noqa: SLF001 (lives as long as the index)
        if titles is not None:
            found.titles = titles
        return found

    # -- what the reader liked ----------------------------------------------------------
    @property
    def has_signal(self) -> bool:
        self._refresh()
        return bool(self.liked)

    def message(self) -> str:
        """What the "for you" order rests on, for a status line."""
        self._refresh()
        if not self.liked:
            return ("For you: nothing starred, tagged or read in full yet; "
                    "showing page order.")
        kinds = [sum(1 for k in self.liked.values() if k == kind) for kind in WEIGHTS]
        parts = [f"{n} {word}" for n, word in zip(kinds, ("starred", "tagged", "read in full"),
                                                  strict=True) if n]
        skipped = f", unlike {len(self.skipped)} skipped" if self.skipped else ""
        return f"For you: like {', '.join(parts)}{skipped}."

    def _refresh(self) -> None:
        index = self.index
        if self._generation == index.generation and self._sample:
            return
        self._generation = index.generation
        read, starred, noted, opened, tags = index.signals()
        size = len(index)
        liked: dict[int, str] = {}
        for position in tags:
            liked[position] = "tagged"
        for position in bits.positions(read & opened & ~starred, size):
            liked.setdefault(position, "read")
        for position in bits.positions(starred, size):
            liked[position] = "starred"
        skip = read & ~opened & ~starred & ~noted
        self.liked = liked
        self.skipped = [p for p in bits.positions(skip, size) if p not in tags]
        if not self._sample:
            self._estimate_background()
        self._build_profile()

    # -- stems --------------------------------------------------------------------------
    def stems(self, position: int) -> frozenset[bytes]:
        """The stems of the paper's folded title and abstract (remembered)."""
        found = self._stems.get(position)
        if found is None:
            texts = self.index.texts
            words = set(bytes(texts.title(position)).split())
            words.update(bytes(texts.folded_abstract(position)).split())
            keys = self._keys
            found = set()
            for word in words:
                key = keys.get(word, b"")
                if key == b"":
                    key = keys[word] = key_of(word)
                if key is not None:
                    found.add(key)
            found = self._stems[position] = frozenset(found)
        return found

    def _estimate_background(self) -> None:
        size = len(self.index)
        step = max(1, size // SAMPLE)
        sample = range(0, size, step)
        counts: dict[bytes, int] = {}
        for position in sample:
            for key in self.stems(position):
                counts[key] = counts.get(key, 0) + 1
        for position in sample:  # the sample is not kept: only liked and ranked papers are
            if position not in self.liked:
                self._stems.pop(position, None)
        self._sample = len(sample)
        self._background = {key: n / self._sample for key, n in counts.items()}

    def _lift(self, key: bytes, share: float) -> float:
        """How much more often than in the library a stem is in `share` of some papers:
        share x log(share / background), never below 0 (KL divergence's term)."""
        background = self._background.get(key, 0.5 / self._sample)
        return share * max(0.0, math.log((share + SMOOTH) / (background + SMOOTH)))

    def _shares(self, positions, weight_of: Callable[[int], float]) -> dict[bytes, float]:  # noqa: ANN001
        shares: dict[bytes, float] = {}
        total = sum(weight_of(p) for p in positions) or 1.0
        for position in positions:
            weight = weight_of(position) / total
            for key in self.stems(position):
                shares[key] = shares.get(key, 0.0) + weight
        return shares

    def _build_profile(self) -> None:
        liked = self._shares(self.liked, lambda p: WEIGHTS[self.liked[p]])
        weights = {key: self._lift(key, share) for key, share in liked.items()}
        if self.skipped:
            for key, share in self._shares(self.skipped, lambda p: 1.0).items():
                weights[key] = weights.get(key, 0.0) - SKIPPED * self._lift(key, share)
        strongest = heapq.nlargest(PROFILE, ((abs(w), key) for key, w in weights.items() if w))
        self.profile = {key: weights[key] for _, key in strongest}
        holders: dict[bytes, list[int]] = {key: [] for key in self.profile}
        for position in self.liked:
            for key in self.stems(position) & self.profile.keys():
                holders[key].append(position)
        self._holders = holders

    # -- ranking ------------------------------------------------------------------------
    def score(self, position: int) -> float:
        profile = self.profile
        total = sum(profile[key] for key in self.stems(position) & profile.keys())
        return total * _length_factors(self.index)[position]

    def rank(self, positions: Sequence[int], reasons: int | None = None) -> list[Pick]:
        """`positions` best first (ties keep their order), each with its reason (only the
        first `reasons` of them, when given: the rest on demand with `reason`). Without any
        liked paper, `positions` as given, no reasons."""
        self._refresh()
        if not self.liked:
            return [Pick(p, 0.0) for p in positions]
        scored = sorted(((self.score(p), n, p) for n, p in enumerate(positions)),
                        key=lambda item: (-item[0], item[1]))
        limit = len(scored) if reasons is None else reasons
        return [Pick(p, round(score, 3), self.reason(p) if n < limit else "")
                for n, (score, _, p) in enumerate(scored)]

    def order(self, positions: Sequence[int]) -> list[int]:
        """`positions` in the "for you" order (page order without a liked paper)."""
        return [pick.position for pick in self.rank(positions, reasons=0)]

    def reason(self, position: int) -> str:
        """'like 3 papers you starred: A; B and 1 more (diffusion, video)', 'unlike papers
        you skipped (survey, serving)', or '' when nothing of the profile is in the paper."""
        self._refresh()
        profile = self.profile
        mine = sorted(self.stems(position) & profile.keys(), key=profile.__getitem__,
                      reverse=True)
        if not mine:
            return ""
        if self.score(position) < 0:
            words = _words(key for key in mine[::-1][:3] if profile[key] < 0)
            return f"unlike papers you skipped ({words})"
        good = [key for key in mine if profile[key] > 0][:REASON_STEMS]
        votes: dict[int, int] = {}
        for key in good:
            for liked in self._holders.get(key, ()):
                if liked != position:
                    votes[liked] = votes.get(liked, 0) + 1
        need = min(2, len(good))
        close = sorted((p for p, n in votes.items() if n >= need),
                       key=lambda p: (-votes[p], -WEIGHTS[self.liked[p]], p))
        words = _words(good[:3])
        if not close:
            return f"about {words}"
        kind = self.liked[close[0]]
        same = [p for p in close if self.liked[p] == kind]
        titles = "; ".join(_short(self.titles(p)) for p in same[:2])
        more = f" and {len(same) - 2} more" if len(same) > 2 else ""
        noun = "paper" if len(same) == 1 else "papers"
        return f"like {len(same)} {noun} {KIND_WORDS[kind]}: {titles}{more} ({words})"


def _words(keys) -> str:  # noqa: ANN001
    return ", ".join(key.decode("utf-8", "replace") for key in keys)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
