"""Which answers in the review log are a study session's: those after a mark.

The mark is the newest answer logged when the session began. Ids, unlike answer times, do not
depend on the clock having been right: with the clock set back during a session, its answers
are stamped before its start, and counted by time they were neither in its summary nor taken
as answering a focused set's cards (which then came again and again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.domain.study import StudyPosition
    from fibrolearn.services.study import StudyService


class AnswersMark:
    """The mark of one session, read as it starts unless given (Ctrl+Z reopening it)."""

    def __init__(self, study: StudyService, after: int | None = None) -> None:
        self._study = study
        self.after = after  # None until read: it is saved with the study place and undo steps

    def read(self) -> int:
        """The mark, read from the log the first time: the answers from then on count."""
        if self.after is None:
            self.after = self._study.newest_answer_id()
        return self.after

    def carry_on(self, resume: StudyPosition) -> None:
        """Take the mark of a session carried on from a saved place.

        A place saved before the mark was kept has only the session's start: the answers
        logged before that time came before the session, as far as the clock can tell. One
        saved before sessions kept their start counts from now.
        """
        if resume.answers_after is not None:
            self.after = resume.answers_after
        elif resume.started_at is not None:
            self.after = self._study.newest_answer_id(before=resume.started_at)

    def counts(self, review_id: int | None) -> bool:
        """Whether the answer ``review_id`` is the session's (after its mark, or none read)."""
        return self.after is None or review_id is None or review_id > self.after

    def once_taken_back(self, review_id: int) -> int | None:
        """The mark once the answer ``review_id`` is taken back; read before it is.

        An answer from before the session, taken back: the log gives the next answer (this
        session's) the id after its newest, which may then be below the mark.
        """
        if self.after is None or review_id > self.after:
            return self.after
        return min(self.after, self._study.newest_answer_id(other_than=review_id))
