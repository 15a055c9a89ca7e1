"""Why an import or an export failed, in the learner's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fibrolearn.interop.errors import InteropError
from fibrolearn.services.storage_errors import storage_problem

if TYPE_CHECKING:
    from fibrolearn.services.container import Services


def failure_reason(
    error: Exception, services: Services | None = None, *, reading: str | None = None
) -> str:
    """What was wrong with the file, or with the storage, or else what Python calls it.

    A storage problem is a full disk or a collection another program holds, for instance;
    given the ``services`` of the collection worked on, a changed table definition or trigger
    too, worded for how the collection is open. Work that only reads the collection
    (``reading``: "the export", say) is said to have changed nothing.
    """
    if isinstance(error, InteropError):
        return str(error)
    problem = storage_problem(error) if services is None else services.storage_problem(error)
    if problem is not None:
        return problem.message if reading is None else problem.stopped(reading)
    return f"Something unexpected went wrong ({type(error).__name__}: {error})."
