"""What goes wrong when moving cards in and out."""

from __future__ import annotations


class InteropError(Exception):
    """A file cannot be imported or written; the message says what was wrong and where.

    Nothing in the collection changed when this is raised.
    """


class ImportCancelledError(InteropError):
    """The learner cancelled the import; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")
