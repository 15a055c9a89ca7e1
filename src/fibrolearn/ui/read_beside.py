"""Read from the database on a thread of its own while the UI thread does other work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def read_beside(read: Callable[[], T], work: Callable[[], object]) -> T:
    """Call ``read`` on another thread while ``work`` runs on this one; ``read``'s result.

    For a read that spends much of its time inside SQLite, which lets go of Python's lock,
    beside work that holds it (an import): on two cores the two then overlap. Returns once
    both are done, so the caller goes on as if it had done them one after the other; an error
    in either is raised here (the work's, noting the read's, when both fail).
    """
    results: list[T] = []
    errors: list[BaseException] = []

    def reading() -> None:
        try:
            results.append(read())
        except BaseException as error:  # raised again on the calling thread
            errors.append(error)

    thread = threading.Thread(target=reading, name="read-beside", daemon=True)
    thread.start()
    try:
        work()
    except BaseException as error:
        thread.join()
        if errors:
            error.add_note(f"Meanwhile the read failed too: {errors[0]!r}")
        raise
    thread.join()
    if errors:
        raise errors[0]
    return results[0]
