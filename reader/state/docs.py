"""The layout of a state file: TinyDB tables `meta` and `papers`, one document per paper.

Schema 1 (current): ``{"meta": {"1": {"schema": 1, "generation": TOKEN, ...}},
"papers": {"1": {"id": PAPER_ID, "read": true, "read_at": ..., ...}, ...}}`` -- a plain
TinyDB database file. A paper document holds only the fields that differ from the
defaults of PaperState, so a store of 100k papers stays small and loads fast.

Schema 0 (the first cut of the reader): the same ``papers`` table with every field
written out, and no ``meta`` table. An empty file is an empty schema-0 database
(TinyDB creates one that way).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from reader.safe_text import clean
from reader.state.model import EMPTY, PaperState

SCHEMA = 1
META = "meta"
PAPERS = "papers"
_FIELDS = tuple(f.name for f in fields(PaperState))


class ShapeError(ValueError):
    """Valid JSON that is not a state file; the message is a short reason clause."""


def to_fields(state: PaperState) -> dict[str, Any]:
    """The fields of `state` that differ from the defaults, JSON-ready."""
    doc: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(state, name)
        if value != getattr(EMPTY, name):
            doc[name] = list(value) if name == "tags" else value
    return doc


def from_fields(doc: object) -> PaperState:
    """A PaperState from a document's fields; ShapeError when a field has the wrong type."""
    if not isinstance(doc, dict):
        raise ShapeError("an entry is not an object")
    get = doc.get
    read, starred = get("read", False), get("starred", False)
    stamps = (get("read_at"), get("starred_at"), get("opened_at"), get("tags_at"), get("note_at"))
    tags, note = get("tags", ()), get("note", "")
    if read.__class__ is not bool or starred.__class__ is not bool:
        raise ShapeError("'read' or 'starred' is not true or false")
    for stamp in stamps:
        if stamp is not None and stamp.__class__ is not str:
            raise ShapeError("a timestamp is not text")
    if note.__class__ is not str:
        raise ShapeError("'note' is not text")
    if tags:
        if tags.__class__ is not list or not all(t.__class__ is str for t in tags):
            raise ShapeError("'tags' is not a list of words")
        tags = tuple(tags)
    else:
        tags = ()
    # A state file may come from elsewhere (`reader state import`): its words stay inert.
    if not note.isprintable():
        note = clean(note, multiline=True)
    if not all(tag.isprintable() for tag in tags):
        tags = tuple(clean(tag) for tag in tags)
    return PaperState(read, stamps[0], starred, stamps[1], tags, note, stamps[2], stamps[3], stamps[4])


@dataclass(slots=True)
class Contents:
    """What a state file holds."""

    states: dict[str, PaperState]
    schema: int = SCHEMA
    meta: dict[str, Any] | None = None
    bad_entries: int = 0
    entries: int = 0

    @property
    def generation(self) -> str | None:
        value = (self.meta or {}).get("generation")
        return value if isinstance(value, str) else None


def parse_tables(data: object) -> Contents:
    """The contents of a TinyDB state database (any schema); ShapeError if it is none.

    Papers whose document is malformed are counted in `bad_entries` and left out.
    """
    if data is None:
        return Contents({}, schema=0)
    if not isinstance(data, dict):
        raise ShapeError("it is not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ShapeError(f"its '{name}' table is not an object")
    meta, schema = None, 0
    if META in data:
        docs = list(data[META].values())
        if len(docs) != 1 or not isinstance(docs[0], dict):
            raise ShapeError("its meta table is not one document")
        meta = docs[0]
        schema = meta.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise ShapeError("its meta table has no schema version")
    states: dict[str, PaperState] = {}
    papers = data.get(PAPERS, {})
    bad = 0
    for doc in papers.values():
        paper_id = doc.get("id") if isinstance(doc, dict) else None
        try:
            if not isinstance(paper_id, str) or not paper_id:
                raise ShapeError("an entry has no paper id")
            states[paper_id] = from_fields(doc)
        except ShapeError:
            bad += 1
    if papers and bad == len(papers):
        raise ShapeError("none of its entries is a paper's state")
    return Contents(states, schema, meta, bad, len(papers))


def build_tables(states: dict[str, PaperState], meta: dict[str, Any]) -> dict[str, Any]:
    """A schema-1 TinyDB database of `states`; the meta table comes first in the file."""
    papers = {}
    for number, (paper_id, state) in enumerate(states.items(), start=1):
        papers[str(number)] = {"id": paper_id, **to_fields(state)}
    return {META: {"1": {"schema": SCHEMA, **meta}}, PAPERS: papers}


_HEAD = b'{"' + META.encode() + b'":'


def peek_meta(head: bytes) -> dict[str, Any] | None:
    """The meta document from the first bytes of a file written by build_tables, or None."""
    if not head.startswith(_HEAD):
        return None
    try:
        text = head[len(_HEAD):].decode("utf-8", errors="replace")
        table, _ = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    doc = table.get("1") if isinstance(table, dict) else None
    return doc if isinstance(doc, dict) else None
