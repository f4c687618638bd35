"""Reading a state file from elsewhere (an export, or another machine's state) to import."""

from __future__ import annotations

from pathlib import Path

from reader.bounded_parse import json_loads
from reader.errors import ReaderError
from reader.state.docs import SCHEMA, ShapeError, parse_tables
from reader.state.model import PaperState


def read_state_file(path: Path) -> dict[str, PaperState]:
    """Every paper's state in `path` (an export or a state file of any schema up to ours).

    Raises ReaderError with one sentence when the file cannot be used.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"{path} does not exist.") from None
    except OSError as error:
        raise ReaderError(f"{path} could not be read: {error.strerror or error}.") from None
    try:
        contents = parse_tables(json_loads(raw) if raw else None)
    except ShapeError as error:
        raise ReaderError(f"{path} is not a reader state file: {error}.") from None
    except ValueError:
        raise ReaderError(f"{path} is not a reader state file: it is cut short or is not JSON.") from None
    if contents.schema > SCHEMA:
        raise ReaderError(f"{path} was written by a newer version of reader (schema {contents.schema}).")
    if contents.bad_entries:
        raise ReaderError(f"{path} is damaged: {contents.bad_entries} of {contents.entries} entries could not be read.")
    return contents.states
