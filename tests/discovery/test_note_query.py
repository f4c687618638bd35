"""`note:` searches the user's notes, in the index, one paper at a time, and live."""

from __future__ import annotations

from reader.query import LiveSearch, SearchIndex, parse
from reader.query.live import depends_on_state
from reader.state import PaperState


def test_note_finds_words_of_notes_folded(seed_papers):
    papers = seed_papers[:10]
    states = {papers[2].id: PaperState(note="Reread §3 — Müller's trick"),
              papers[5].id: PaperState(note="ask about the muller bound")}
    index = SearchIndex(papers, states)
    assert index.filter(parse("note:muller")) == [2, 5]
    assert index.filter(parse('note:"muller bound"')) == [5]
    assert index.filter(parse("note:reread -note:bound")) == [2]
    query = parse("note:muller")
    assert [n for n, p in enumerate(papers)
            if query.matches(p, states.get(p.id, PaperState()))] == [2, 5]
    assert query.describe() == 'with a note matching "muller"'


def test_a_changed_note_is_searched_at_once(seed_papers):
    papers = seed_papers[:10]
    index = SearchIndex(papers)
    live = LiveSearch(index)
    assert live.update("note:later").positions == ()
    index.update_state(papers[7].id, PaperState(note="Later: compare with FlashAttention"))
    assert live.refresh().positions == (7,)
    index.update_state(papers[7].id, PaperState())
    assert live.refresh().positions == ()
    assert depends_on_state(parse("note:x")) and not depends_on_state(parse("title:x"))


def test_notes_survive_extend(seed_papers):
    index = SearchIndex(seed_papers[:5], {seed_papers[1].id: PaperState(note="keep me")})
    index.extend(seed_papers[5:8])
    assert index.filter(parse("note:keep")) == [1]
