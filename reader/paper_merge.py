"""One paper seen again: on another day, in another feed, from another source.

The rule for which text is shown (title, abstract, authors): the better source wins; from
the same source the newer answer wins (sources correct themselves), except an arXiv answer of
an older version than the one shown. Sources from best: arXiv (the authors' own record,
versioned), the Hugging Face API (a copy of arXiv's record), a Daily Papers page as the
browser copied it. No text is dropped silently: the one not shown is kept in the paper's
facts as `abstract_from_<source>` and `authors_from_<source>` (authors "; "-joined; for the
source shown, its earlier text), `sources` lists every source seen and `text_from` names
the one shown.

Listings: the paper keeps its first collection and date (its reading state is keyed by its
id, which also stays); every later collection is added to `also_in`, so each day's view
still shows every paper of its page. Counts (upvotes, stars, comments) take the newest
answer; links are merged; tags unioned; the other facts merged, new ones winning except the
text's own (`version`, `source`).
"""

from __future__ import annotations

from reader.links import merge_links
from reader.model import Paper

# Higher is better; a paper without a source is a page copied from the browser.
SOURCE_RANK = {"arxiv": 3, "huggingface": 2, "page": 1}
_TEXT_FACTS = ("version", "source")


def source_of(paper: Paper) -> str:
    """'arxiv', 'huggingface' or 'page': where the paper's shown text came from."""
    return paper.fact("text_from") or paper.fact("source") or "page"


def _version_number(paper: Paper) -> int:
    version = paper.version
    return int(version[1:]) if version[1:].isdigit() else 0


def new_text_wins(old: Paper, new: Paper) -> bool:
    """True when `new`'s title, abstract and authors should be the ones shown."""
    old_source, new_source = source_of(old), source_of(new)
    old_rank, new_rank = SOURCE_RANK.get(old_source, 0), SOURCE_RANK.get(new_source, 0)
    if new_rank != old_rank:
        return new_rank > old_rank
    return _version_number(new) >= _version_number(old)


def merge_paper(old: Paper, new: Paper) -> Paper:
    """`old` seen again as `new`: see the module's rule."""
    takes_text = new_text_wins(old, new)
    shown, other = (new, old) if takes_text else (old, new)
    facts = dict(old.extra)
    facts.update((k, v) for k, v in new.extra if not (k in _TEXT_FACTS and not takes_text))
    if takes_text:
        for key in _TEXT_FACTS:  # the shown text's version and source, or none
            if key not in dict(new.extra):
                facts.pop(key, None)
    other_source = source_of(other)
    if other.abstract and other.abstract != shown.abstract:
        facts[f"abstract_from_{other_source}"] = other.abstract
    if other.authors and other.authors != shown.authors and shown.authors:
        facts[f"authors_from_{other_source}"] = "; ".join(other.authors)
    sources = [s for s in (facts.get("sources", "") or source_of(old)).split() if s]
    for source in (source_of(old), source_of(new)):
        if source not in sources:
            sources.append(source)
    if len(sources) > 1:  # one source seen again says nothing new: re-imports change nothing
        facts["sources"] = " ".join(sources)
        facts["text_from"] = source_of(shown)
    also = old.also_in
    for name in (new.collection, *new.also_in):
        if name and name != old.collection and name not in also:
            also = (*also, name)
    return old.with_changes(
        title=shown.title or other.title,
        abstract=shown.abstract or other.abstract,
        date=old.date or new.date,
        collection=old.collection or new.collection,
        also_in=also if old.collection else tuple(n for n in also if n != new.collection),
        authors=shown.authors or other.authors,
        links=merge_links(old.links, new.links),
        tags=old.tags + tuple(t for t in new.tags if t not in old.tags),
        arxiv_id=old.arxiv_id or new.arxiv_id,
        upvotes=new.upvotes if new.upvotes is not None else old.upvotes,
        github_stars=new.github_stars if new.github_stars is not None else old.github_stars,
        comments=new.comments if new.comments is not None else old.comments,
        extra=tuple(facts.items()),
    )
