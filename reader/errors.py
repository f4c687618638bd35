"""Errors the user can act on; their message is one clear sentence."""

EXIT_USAGE = 2  # the CLI's exit code for a usage error or a ReaderError


class ReaderError(Exception):
    """Base class: `str(error)` is shown to the user as is, so it is made inert here: a
    message that quotes a feed, a server's answer or a file name never drives the terminal."""

    def __str__(self) -> str:
        from reader.safe_text import clean

        return clean(super().__str__(), multiline=True)


class SourceError(ReaderError):
    """A file could not be read or is not in a format the reader knows."""


class FetchError(ReaderError):
    """A download failed: no network, a timeout, an HTTP error or a garbled answer (exit 1)."""
