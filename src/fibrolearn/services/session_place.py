"""Where a study session stands, kept so that closing the app (or a crash) resumes there.

The place is kept only for that: answers are saved each on its own, so a place the disk
refuses to keep costs nothing but where a restart resumes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.domain.study import StudyPosition
    from fibrolearn.services.study import StudyService


def keep_place(study: StudyService, position: StudyPosition | None) -> None:
    """Save where study stands (None: nothing to resume), unless the disk refuses it.

    On a full disk, say, turning a card over, pausing, leaving or reading the next card must
    not fail for it: a restart then resumes at the last place saved.
    """
    try:
        study.save_position(position)
    except Exception as error:
        if study.storage_problem(error) is None:
            raise  # the code's own: the window's hook says so
