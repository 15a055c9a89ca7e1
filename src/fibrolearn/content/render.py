"""Turn a note into the HTML of its cards.

The HTML is built only from escaped plain text plus a few fixed tags, so deck text can never
inject markup into the card view.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from fibrolearn.content.cloze import cloze_numbers, segments
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """The two sides of one card, as HTML fragments for a rich-text view.

    Attributes:
        answer_sounds: The sounds the answer plays as it is shown, where its template says
            (an Anki card's back); None: the sounds the answer adds to the question.
    """

    question_html: str
    answer_html: str
    answer_sounds: tuple[str, ...] | None = None


def card_ordinals(note: NoteSpec) -> tuple[int, ...]:
    """The ordinals of the cards a note yields.

    Basic notes give ``(0,)``, reversed notes ``(0, 1)`` (1 is back to front) and cloze notes
    their deletion numbers.
    """
    if note.kind is NoteKind.CLOZE:
        return cloze_numbers(note.text)
    if note.kind is NoteKind.REVERSED:
        return (0, 1)
    return (0,)


def render_card(note: NoteSpec, ordinal: int) -> RenderedCard:
    """Render card ``ordinal`` of ``note``.

    Raises:
        ValueError: If the note yields no card with that ordinal.
    """
    if ordinal not in card_ordinals(note):
        raise ValueError(f"note {note.key!r} has no card {ordinal}")
    if note.kind is NoteKind.CLOZE:
        return _render_cloze(note, ordinal)
    if ordinal == 1:
        return RenderedCard(text_html(note.back), text_html(note.front))
    return RenderedCard(text_html(note.front), text_html(note.back))


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, with line breaks kept."""
    return "<br>".join(html.escape(line) for line in _LINE_BREAK.split(text))


def _render_cloze(note: NoteSpec, number: int) -> RenderedCard:
    question: list[str] = []
    answer: list[str] = []
    for part in segments(note.text):
        if isinstance(part, str):
            question.append(text_html(part))
            answer.append(text_html(part))
        elif part.number == number:
            question.append(_cloze_span(f"[{part.hint or '...'}]"))
            answer.append(_cloze_span(part.term))
        else:
            question.append(text_html(part.term))
            answer.append(text_html(part.term))
    answer_html = "".join(answer)
    if note.extra:
        answer_html += f'<div class="extra">{text_html(note.extra)}</div>'
    return RenderedCard("".join(question), answer_html)


def _cloze_span(text: str) -> str:
    return f'<span class="cloze">{text_html(text)}</span>'
