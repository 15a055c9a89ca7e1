"""A typed answer marked wrong, counted right at the learner's word: "I was right".

Grading typed answers is lenient but cannot know every way of saying a thing, so, as Quizlet
lets one, the learner may overrule a "Not quite". To keep the score honest it is only for a
typed answer, and only right after its verdict: the quiz still running and no other question
answered since. The answer then counts right in the score and in the knowledge model's mastery
(both read it from the stored answer), it is no longer among those missed, and the cards it
brought forward go back to where they were.
"""

from __future__ import annotations

from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import AnswerFeedback
from fibrolearn.services.quiz_feedback import feedback
from fibrolearn.storage import quiz_overrule, quiz_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.stored_quiz import stored_answer


def overrule(session: DbSession, session_id: int, position: int) -> AnswerFeedback:
    """Count the typed answer to question ``position`` right, as the learner says it was.

    Raises:
        ValueError: If the quiz is finished, or that answer is not the last one given, not
            typed, or not marked wrong.
        LookupError: For an unknown quiz.
    """
    record = quiz_repo.require_session(session, session_id)
    answers = quiz_repo.answers(session, session_id)
    if record.finished_at is not None or not answers or answers[-1].position != position:
        raise ValueError("only the answer just given can be counted right")
    answer = stored_answer(answers[-1])
    typed = answer.question.kind is QuizKind.TYPED_RECALL and isinstance(answer.response, str)
    if not typed or answer.correct:
        raise ValueError("only a typed answer marked wrong can be counted right")
    quiz_overrule.count_as_right(session, record, answers[-1])
    return feedback(answer.question, answer.response, True)
