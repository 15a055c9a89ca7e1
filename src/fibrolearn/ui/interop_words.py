"""Why an import or an export failed, in the learner's words."""

from __future__ import annotations

from pathlib import Path

from fibrolearn.interop.errors import InteropError
from fibrolearn.services.storage_errors import storage_problem


def failure_reason(
    error: Exception,
    collection: Path | None = None,
    *,
    reading: str | None = None,
    read_only: bool = False,
) -> str:
    """What was wrong with the file, or with the storage, or else what Python calls it.

    A storage problem is a full disk or a collection another program holds, for instance;
    given the ``collection`` written to, a changed table definition or trigger too. Work that
    only reads the collection (``reading``: "the export", say) is said to have changed nothing.
    Damage in a collection opened ``read_only`` is not told to restore a backup at once.
    """
    if isinstance(error, InteropError):
        return str(error)
    problem = storage_problem(error, collection)
    if problem is not None:
        if read_only:
            problem = problem.in_read_only_collection()
        return problem.message if reading is None else problem.stopped(reading)
    return f"Something unexpected went wrong ({type(error).__name__}: {error})."
