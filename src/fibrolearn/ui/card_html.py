"""Compose the HTML shown on the study screen from a card's rendered sides and its facts.

The card sides arrive sanitized by the study service (fibrolearn.services.safe_html); everything
added here is escaped text inside fixed tags. Sizes are relative, so the learner's text size
scales cards too, and nothing carries meaning by colour. A picture is never wider than the
card: an imported screenshot at its own width scrolled the card sideways.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from fibrolearn.domain.enums import Certainty
from fibrolearn.domain.html_text import html_to_text, shows_nothing

if TYPE_CHECKING:
    from fibrolearn.domain.study import FactNote, StudyCard

_CERTAINTY_WORDS = {
    Certainty.CONSENSUS: ("Scientific consensus", "most researchers agree"),
    Certainty.SUPPORTED: ("Supported by research", "several studies point this way"),
    Certainty.EMERGING: ("Emerging evidence", "early findings that may still change"),
    Certainty.CONTESTED: ("Contested", "studies disagree, or the better ones do not support it"),
}
_STATED_AS = {  # how a source states a claim that the literature judges otherwise
    Certainty.CONSENSUS: "as the established view",
    Certainty.SUPPORTED: "as a research finding",
    Certainty.EMERGING: "as a possibility",
    Certainty.CONTESTED: "as contested",
}

_SENTENCE_ENDS = (".", "!", "?", "…")
_CLOSING = "\"'”’)]"  # may follow a sentence's end: (as it says.) “Go!”

STYLE_SHEET = (
    ".question, .answer { font-size: x-large; }"
    " .cloze { font-weight: bold; text-decoration: underline; }"
    " .claim { font-size: large; font-weight: bold; }"
    " img { max-width: 100%; }"
)


# Qt's rich text runs what follows a </div> into the div's last line, where a browser (and
# Anki) starts a new one: an Anki card "<div>Term</div>Hint" read "TermHint". The sides come
# sanitized, so well formed and of known tags: a line break after such a div is enough.
_INLINE_AFTER_DIV = re.compile(
    r"</div>(?=\s*(?:[^\s<]|<(?:span|b|strong|i|em|u|s|sub|sup|small|code|img|ruby)\b))"
)


def side_html(html: str) -> str:
    """A card side as Qt should lay it out: its lines where a browser breaks them."""
    return _INLINE_AFTER_DIV.sub("</div><br>", html)


# The answer side's name in the card's HTML: revealing the answer brings it into sight.
ANSWER_ANCHOR = "answer"

# Said in place of a question with nothing to show (an Anki note whose front was left empty):
# a blank card gave no hint of what to answer, nor of what to do about it.
BLANK_QUESTION = "This card's question is empty. Press E to edit its note, or S to suspend it."


def is_blank(side: str) -> bool:
    """Whether a card side's HTML shows nothing: no picture, no character that can be seen."""
    return "<img" not in side and shows_nothing(html_to_text(side))


def question_document(card: StudyCard) -> str:
    """The question side."""
    question = side_html(card.question_html)
    if is_blank(question):
        question = f"<i>{escape(BLANK_QUESTION)}</i>"
    return f'<div class="question" align="center">{question}</div>'


def answer_document(card: StudyCard) -> str:
    """Both sides, then what the card's facts add: explanation, certainty, evidence, sources."""
    html = [question_document(card), "<hr/>"]
    answer = side_html(card.answer_html)
    html.append(f'<div class="answer" align="center" id="{ANSWER_ANCHOR}">{answer}</div>')
    if card.facts:
        html.append("<hr/>")
        html += [_fact_block(fact) for fact in card.facts]
    return "".join(html)


def answer_speech(card: StudyCard, answer_plain: str) -> str:
    """What a screen reader says when the answer is revealed: the answer, then each fact.

    Each fact's evidence too: "How sure: Contested" alone never said why. The sources are
    left to be read on the card, a list of authors and journals being long to hear.
    """
    parts = [f"Answer: {_sentence(answer_plain)}"]
    for fact in card.facts:
        parts += [_sentence(fact.explanation), f"How sure: {how_sure(fact)}"]
        if fact.evidence:
            parts.append(f"What the evidence says: {_sentence(fact.evidence)}")
    return " ".join(part for part in parts if part)


def _sentence(text: str) -> str:
    """``text`` as a sentence: a full stop added only where it has no end of its own.

    An answer written as a sentence already has one, and "body.." was read out.
    """
    text = text.strip()
    ended = text.rstrip(_CLOSING).endswith(_SENTENCE_ENDS)
    return text if ended or not text else f"{text}."


def how_sure(fact: FactNote) -> str:
    """The literature's certainty in words and, where the source states it otherwise, that too."""
    shown = fact.evidence_certainty or fact.certainty
    words, meaning = _CERTAINTY_WORDS[shown]
    sentence = f"{words} ({meaning})."
    if shown != fact.certainty:
        sentence += f" Its source states it {_STATED_AS[fact.certainty]}."
    return sentence


def _fact_block(fact: FactNote) -> str:
    html = [f'<p class="claim">{escape(fact.claim)}</p>']
    if fact.explanation:
        html.append(f"<p>{escape(fact.explanation)}</p>")
    html.append(f"<p><b>How sure:</b> {escape(how_sure(fact))}</p>")
    if fact.evidence:
        html.append(f"<p><b>What the evidence says:</b> {escape(fact.evidence)}</p>")
    if fact.references:
        items = "".join(f"<li>{escape(ref)}</li>" for ref in fact.references)
        html.append(f"<p><b>Sources</b></p><ul>{items}</ul>")
    return "".join(html)
