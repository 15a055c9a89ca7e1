"""Which sounds a card side plays: Anki's ``[sound:file]`` tags, in the order the side has them.

As in Anki, the question plays its sounds when it is shown and the answer only the sounds it
adds: an answer template that repeats the question (``{{FrontSide}}`` anywhere but at its
start, which FibroLearn drops) does not play the question's sounds a second time. An Anki
card's back says which sounds it plays (see :func:`fibrolearn.interop.template.render_note_card`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from fibrolearn.domain.html_text import SOUND_REFERENCE


@dataclass(frozen=True, slots=True)
class CardSounds:
    """The media file names each side of a card plays, in order.

    Attributes:
        question: What the question side plays.
        answer: What the answer side adds (the question's own sounds left out).
    """

    question: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()

    def on_side(self, revealed: bool) -> tuple[str, ...]:
        """What a replay plays: the question's sounds, then the answer's once it is shown."""
        return self.question + self.answer if revealed else self.question


def sound_names(side_html: str) -> tuple[str, ...]:
    """The file names of the sound tags in ``side_html``, as written, entities read."""
    names = (html.unescape(found["name"]).strip() for found in SOUND_REFERENCE.finditer(side_html))
    return tuple(name for name in names if name)


def card_sounds(
    question_html: str, answer_html: str, answer: tuple[str, ...] | None = None
) -> CardSounds:
    """The sounds of a card's rendered (not yet sanitized) sides.

    ``answer``: what the answer plays, where its template says (an Anki card's back);
    without it, the sounds the answer adds to the question it contains, if it does.
    """
    if answer is not None:
        return CardSounds(sound_names(question_html), answer)
    question = question_html.strip()
    if question and question in answer_html:  # the question repeated: its sounds are not new
        answer_html = answer_html.replace(question, "", 1)
    return CardSounds(sound_names(question_html), sound_names(answer_html))
