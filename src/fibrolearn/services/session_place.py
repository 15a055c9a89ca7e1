"""Where a study session stands, kept so that closing the app (or a crash) resumes there.

The place is kept only for that: answers are saved each on its own, so a place the disk
refuses to keep costs nothing but where a restart resumes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.domain.study import StudyPosition
    from fibrolearn.services.study import StudyService


class PlaceKeeper:
    """Saves a session's place, and tells whether a saved one goes on as the same sitting."""

    def __init__(self, study: StudyService) -> None:
        self._study = study

    def keep(self, position: StudyPosition | None) -> None:
        """Save where study stands (None: nothing to resume), unless the disk refuses it.

        On a full disk, say, turning a card over, pausing, leaving or reading the next card
        must not fail for it: a restart then resumes at the last place saved.
        """
        try:
            self._study.save_position(position)
        except Exception as error:
            if self._study.storage_problem(error) is None:
                raise  # the code's own: the window's hook says so

    def same_sitting(self, resume: StudyPosition) -> bool:
        """Whether a saved session goes on as it was, or starts a new sitting on its card.

        A session left on an earlier study day ended with that day: its card comes back, but
        today's count, time and summary start from now. A paused one goes on whenever the
        learner comes back, as the pause promises, and so does one saved before sessions kept
        their start; so does a focused one, whose cards answered yesterday are not asked again.
        """
        if resume.paused or resume.started_at is None or resume.focus is not None:
            return True
        return resume.started_at >= self._study.day_start()
