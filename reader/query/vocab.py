"""Words of a paper as the discovery features see them, and where they are in a `Terms`
vocabulary.

The index's vocabularies hold the folded text split on spaces, punctuation and all ("model,",
"(llms)", "models."), sorted by their UTF-8 bytes. The discovery features compare *stems*:
a word stripped of surrounding punctuation and of a plural ending (Harman's S-stemmer), so
"Models," and "model" are one term. The entries of a stem are found by bisection on the
sorted vocabulary and a short scan of the entries that start like it: no table of the whole
vocabulary is built.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from reader.query.terms import Terms

CACHE = 50_000  # stems whose entries each vocabulary remembers
MIN_LENGTH = 3  # shorter words ("a", "of", "3d") say little about a paper's subject
_STRIP = b"\"'()[]{}<>.,;:!?*`"
_WORDISH = re.compile(rb"[a-z]")

# Function words and the stock phrases of abstracts: common to every paper, so they would
# only add noise (idf makes them weak anyway; leaving them out also saves their postings).
STOPWORDS = frozenset(b"""
a about above across after again against all almost along also although among an and another
any are around as at be because been before being below between both but by can could did do
does doing done down during each either enough etc even ever every few for from further had
has have having here how however into its itself just least less many may might more most
much must near neither no nor not now off often once one only onto other others otherwise our
ours out over own per rather same several shall should since some such than that the their them
themselves then there thereby therefore these they this those though through thus too under
until upon very was way ways well were what when where whether which while who whose why will
with within without would yet you your we us it is in of on or to via i.e. e.g. into
paper papers propose proposed proposes present presents introduce introduces introduced show
shows shown demonstrate demonstrates result results based use used uses using approach
approaches method methods new novel work works existing extensive experiment experiments
experimental achieve achieves achieved significant significantly state-of-the-art sota
outperform outperforms compared compare comparison furthermore moreover key code available
github https http com www make makes made first two three given provide provides various
including however different further specifically recent recently despite lead leads allow allows
enable enables remain remains still like well-known effectiveness effective improve improves
improved improvement improvements better best high higher low lower large larger small smaller
showing role additional minimal involving procedure applying background detailed supporting
released obtain obtained reduce reduces fewer increase increases increasing validate
theoretically perspective namely commonly challenging practical successful
""".split())


def strip_word(word: bytes) -> bytes:
    """`word` without the punctuation around it ("(llms)," -> "llms")."""
    return word.strip(_STRIP)


def stem(word: bytes) -> bytes:
    """Harman's S-stemmer on a stripped word: plurals become singular, nothing else moves."""
    if len(word) > 4 and word.endswith(b"ies") and not word.endswith((b"eies", b"aies")):
        return word[:-3] + b"y"
    if len(word) > 3 and word.endswith(b"es") and not word.endswith((b"aes", b"ees", b"oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith(b"s") and not word.endswith((b"us", b"ss", b"is")):
        return word[:-1]
    return word


def key_of(word: bytes) -> bytes | None:
    """The stem a vocabulary entry or a text's word stands for, or None for a word that is
    too short, a function word, or has no letter (numbers, "10~30%")."""
    word = strip_word(word)
    if len(word) < MIN_LENGTH or word in STOPWORDS or not _WORDISH.search(word):
        return None
    word = stem(word)
    return None if word in STOPWORDS else word


def stems(text: bytes) -> tuple[Counter[bytes], dict[bytes, bytes]]:
    """How often each stem occurs in folded `text`, and the first word written for each
    (to show the reader "transformers", not "transformer")."""
    counts: Counter[bytes] = Counter()
    shown: dict[bytes, bytes] = {}
    for word in bytes(text).split():
        key = key_of(word)
        if key is not None:
            counts[key] += 1
            shown.setdefault(key, strip_word(word))
    return counts, shown


class _Entries:
    """The vocabulary as a sequence of entries, for `bisect` (its loop runs in C)."""

    __slots__ = ("starts", "vocab")

    def __init__(self, terms: Terms) -> None:
        self.vocab, self.starts = terms.vocab, terms.starts

    def __getitem__(self, term_id: int) -> bytes:
        starts = self.starts
        return self.vocab[starts[term_id]: starts[term_id + 1] - 1]

    def __len__(self) -> int:
        return len(self.starts) - 1


def first_at_least(terms: Terms, value: bytes) -> int:
    """The id of the first vocabulary entry >= `value` (len(terms) when none is)."""
    return bisect_left(_Entries(terms), value)


def entries_of(terms: Terms, key: bytes, limit: int = 400) -> list[int]:
    """Ids of the vocabulary entries whose `key_of` is `key` (trailing punctuation and
    plurals: "model", "models.", "model,"). Remembered per vocabulary (`CACHE` keys)."""
    cache = terms.__dict__.setdefault("_entries_of", {})
    found = cache.get(key)
    if found is not None:
        return found
    prefix = key[:-1] if key.endswith((b"y", b"e")) and len(key) > MIN_LENGTH else key
    found = []
    term_id, total, term = first_at_least(terms, prefix), len(terms), terms.term
    for _ in range(limit):  # a scan of the entries starting like the stem
        if term_id >= total:
            break
        entry = term(term_id)
        if not entry.startswith(prefix):
            break
        if key_of(entry) == key:
            found.append(term_id)
        term_id += 1
    if len(cache) >= CACHE:
        cache.clear()
    cache[key] = found
    return found
