"""For you: papers ranked by how much they are like the ones you liked and unlike the ones you
skipped, each with its reason. Computed from your own reading state in the index: no account,
no network.

What counts, from `SearchIndex.signals()`:
  liked    starred (weight 1), tagged by you (0.8), read in full: marked read after being
           opened in the reader (0.5); a paper takes its strongest kind
  skipped  marked read without ever being opened, and neither starred, tagged nor noted
           (the "mark all shown read" of a day you skimmed): weight -0.5

A stem's weight is its lift among liked papers (weighted share x log(share / share in the
library), a stem of a title counting twice, the library's shares estimated on a fixed sample of `SAMPLE` papers) minus half
its lift among skipped ones; the `PROFILE` strongest stems are kept. A paper scores the sum
of the weights of the stems it holds, times BM25's length factor (as `similar` does). Stems are read from
each paper's folded title and abstract once and remembered, so a new star costs one paper.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from reader.query import bits
from reader.query.index import SearchIndex
from reader.query.similar import length_factor
from reader.query.vocab import entries_of, key_of

WEIGHTS = {"starred": 1.0, "tagged": 0.8, "read": 0.5}
SKIPPED = 0.5
SAMPLE = 600
PROFILE = 300
REASON_STEMS = 5
POSTINGS_STEMS = 100
MANY = 3000  # more papers than this are ordered from postings
RARE_SHARE = 0.005  # stems in fewer of the liked papers than this share are left out
CLOSE = 3  # a liked paper holding this many of a paper's strongest stems is like it
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
    reading state by itself (its `generation`) and papers added to it. One thread at a
    time (the UI's, or one worker)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._keys: dict[bytes, bytes | None] = {}  # word as written -> stem (memo)
        self._stems: dict[int, frozenset[bytes]] = {}  # position -> its stems
        self._titles: dict[int, frozenset[bytes]] = {}  # position -> its title's stems
        self._generation: int | None = None
        self.liked: dict[int, str] = {}  # position -> kind (starred, tagged, read)
        self.skipped: list[int] = []
        self._background: dict[bytes, float] = {}  # stem -> share of the sample with it
        self._sample = 0
        self._factor = length_factor(index)
        self._size = len(index)
        self.profile: dict[bytes, float] = {}
        self._holders: dict[bytes, int] = {}  # profile stem -> liked papers with it (mask)
        self._liked_order: list[int] = []
        self._kind_masks: dict[str, int] = {}
        self._kind_counts: dict[str, Counter[bytes]] = {}
        self._counted: dict[int, str] = {}
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
        if self._size != len(index):  # papers were added: their texts moved, start afresh
            titles = self.titles
            self.__init__(index)  # noqa: PLC2801
            self.titles = titles
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
            title = self._keys_of(set(bytes(texts.title(position)).split()))
            found = title | self._keys_of(set(bytes(texts.folded_abstract(position)).split()))
            self._stems[position], self._titles[position] = found, title
        return found

    def title_stems(self, position: int) -> frozenset[bytes]:
        if position not in self._titles:
            self.stems(position)
        return self._titles[position]

    def _keys_of(self, words: set[bytes]) -> frozenset[bytes]:
        keys = self._keys
        for word in words.difference(keys):  # words met for the first time
            keys[word] = key_of(word)
        found = set(map(keys.__getitem__, words))
        found.discard(None)
        return frozenset(found)

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
                self._titles.pop(position, None)
        self._sample = len(sample)
        self._background = {key: n / self._sample for key, n in counts.items()}

    def _lift(self, key: bytes, share: float) -> float:
        """How much more often than in the library a stem is in `share` of some papers:
        share x log(share / background), never below 0 (KL divergence's term)."""
        background = self._background.get(key, 0.5 / self._sample)
        return share * max(0.0, math.log((share + SMOOTH) / (background + SMOOTH)))

    def _counts(self, kinds: dict[int, str]) -> dict[str, Counter[bytes]]:
        """Per kind, how many of its papers hold each stem (a title's stems twice). Kept
        between calls and changed by the papers that changed: a new star costs one paper."""
        counts, had = self._kind_counts, self._counted
        for position, kind in had.items():
            if kinds.get(position) != kind:
                counts[kind].subtract(self.stems(position))
                counts[kind].subtract(self.title_stems(position))
        for position, kind in kinds.items():
            if had.get(position) != kind:
                counts.setdefault(kind, Counter()).update(self.stems(position))
                counts[kind].update(self.title_stems(position))
        self._counted = dict(kinds)
        return counts

    def _shares(self, kinds: dict[int, str], weights: dict[str, float]) -> dict[bytes, float]:
        """Each stem's weighted share of the papers (`kinds`: position -> kind); stems held
        by too few of them to matter (under `RARE_SHARE`) are left out."""
        total = sum(weights[kind] for kind in kinds.values()) or 1.0
        least = max(1, int(RARE_SHARE * len(kinds)))
        shares: dict[bytes, float] = {}
        for kind, counts in self._counts(kinds).items():
            weight = weights.get(kind, 0.0) / total
            for key, count in counts.items():
                if count >= least:
                    shares[key] = shares.get(key, 0.0) + count * weight
        return shares

    def _build_profile(self) -> None:
        liked = self._shares({**self.liked, **dict.fromkeys(self.skipped, "skipped")},
                             {**WEIGHTS, "skipped": 0.0})
        weights = {key: self._lift(key, share) for key, share in liked.items()}
        if self.skipped:
            skipped_total = len(self.skipped)
            counts = self._kind_counts.get("skipped", Counter())
            least = max(1, int(RARE_SHARE * skipped_total))
            for key, count in counts.items():
                if count >= least:
                    share = count / skipped_total
                    weights[key] = weights.get(key, 0.0) - SKIPPED * self._lift(key, share)
        strongest = heapq.nlargest(PROFILE, ((abs(w), key) for key, w in weights.items() if w))
        self.profile = {key: weights[key] for _, key in strongest}
        self._liked_order = order = sorted(self.liked, key=lambda p: (
            -WEIGHTS[self.liked[p]], p))  # bit i of a holders mask is order[i]
        self._kind_masks = {kind: bits.from_positions(
            (i for i, p in enumerate(order) if self.liked[p] == kind), len(order))
            for kind in WEIGHTS}
        self._holders = {}

    def _holders_of(self, key: bytes) -> int:
        """The liked papers holding a stem of the profile, as a bit mask over `_liked_order`."""
        found = self._holders.get(key)
        if found is None:
            stems = self.stems
            found = self._holders[key] = bits.from_positions(
                (i for i, p in enumerate(self._liked_order) if key in stems(p)),
                len(self._liked_order))
        return found

    # -- ranking ------------------------------------------------------------------------
    def score(self, position: int) -> float:
        profile = self.profile
        total = sum(profile[key] for key in self.stems(position) & profile.keys())
        return total * self._factor(position)

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
        """`positions` in the "for you" order (page order without a liked paper). Many
        papers (a whole library) are scored from the index's postings of the profile's
        stems, not read one by one."""
        if len(positions) <= MANY:
            return [pick.position for pick in self.rank(positions, reasons=0)]
        self._refresh()
        if not self.liked:
            return list(positions)
        scores = self._scores_by_postings()
        factor = self._factor
        keyed = sorted(((-(scores.get(p, 0.0) * factor(p)), n, p)
                        for n, p in enumerate(positions)))
        return [p for _, _, p in keyed]

    def _scores_by_postings(self) -> dict[int, float]:
        """Every paper's score (before the length factor) from the postings of the profile's
        `POSTINGS_STEMS` strongest stems: a paper holding one in its title or abstract gets
        its weight once."""
        size = len(self.index)
        fields = (self.index.terms["title"], self.index.terms["abstract"])
        scores: dict[int, float] = {}
        get = scores.get
        strongest = heapq.nlargest(POSTINGS_STEMS, self.profile.items(), key=lambda kw: kw[1])
        for key, weight in strongest:
            held: set[int] = set()
            for terms in fields:
                for term_id in entries_of(terms, key):
                    papers = terms.postings(term_id)
                    held.update(bits.positions(papers, size) if isinstance(papers, int)
                                else papers)
            for p in held:
                scores[p] = get(p, 0.0) + weight
        return scores

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
        # The liked papers holding the most of these stems (at least CLOSE of them), found
        # with bit masks: for k = len(good) down to `need`, the papers holding some k.
        masks = [self._holders_of(key) for key in good]
        me = self._liked_order.index(position) if position in self.liked else None
        mine_bit = 0 if me is None else 1 << me
        need = min(CLOSE, len(good))
        tiers = [_holding(masks, k) & ~mine_bit for k in range(len(good), need - 1, -1)]
        close = tiers[-1] if tiers else 0
        words = _words(good[:3])
        if not close:
            return f"about {words}"
        kind = next(k for k in WEIGHTS if close & self._kind_masks[k])  # starred first
        same = close & self._kind_masks[kind]
        best = []
        for tier in tiers:
            best.extend(i for i in bits.positions(tier & same, len(self._liked_order))
                        if i not in best)
            if len(best) >= 2:
                break
        count = same.bit_count()
        titles = "; ".join(_short(self.titles(self._liked_order[i])) for i in best[:2])
        more = f" and {count - 2} more" if count > 2 else ""
        noun = "paper" if count == 1 else "papers"
        return f"like {count} {noun} {KIND_WORDS[kind]}: {titles}{more} ({words})"


def _holding(masks: list[int], k: int) -> int:
    """The bits set in at least `k` of `masks`."""
    found = 0
    for group in combinations(masks, k):
        both = group[0]
        for mask in group[1:]:
            both &= mask
        found |= both
    return found


def _words(keys) -> str:  # noqa: ANN001
    return ", ".join(key.decode("utf-8", "replace") for key in keys)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
