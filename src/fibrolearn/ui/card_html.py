"""Compose the HTML shown on the study screen from a card's rendered sides and its facts.

The card sides arrive sanitized by the study service (fibrolearn.services.safe_html); everything
added here is escaped text inside fixed tags. Sizes are relative, so the learner's text size
scales cards too, and nothing carries meaning by colour.
"""

from __future__ import annotations

from html import escape

from fibrolearn.domain.enums import Certainty
from fibrolearn.domain.study import FactNote, StudyCard

_CERTAINTY_WORDS = {
    Certainty.CONSENSUS: ("Scientific consensus", "most researchers agree"),
    Certainty.SUPPORTED: ("Supported by research", "several studies point this way"),
    Certainty.EMERGING: ("Emerging evidence", "early findings that may still change"),
}

STYLE_SHEET = (
    ".question, .answer { font-size: x-large; }"
    " .cloze { font-weight: bold; text-decoration: underline; }"
    " .claim { font-size: large; font-weight: bold; }"
)


def question_document(card: StudyCard) -> str:
    """The question side."""
    return f'<div class="question" align="center">{card.question_html}</div>'


def answer_document(card: StudyCard) -> str:
    """Both sides, then what the card's facts add: explanation, certainty, evidence, sources."""
    html = [question_document(card), "<hr/>"]
    html.append(f'<div class="answer" align="center">{card.answer_html}</div>')
    if card.facts:
        html.append("<hr/>")
        html += [_fact_block(fact) for fact in card.facts]
    return "".join(html)


def answer_speech(card: StudyCard, answer_plain: str) -> str:
    """What a screen reader says when the answer is revealed: the answer, then each fact."""
    parts = [f"Answer: {answer_plain}."]
    for fact in card.facts:
        words, _meaning = _CERTAINTY_WORDS[fact.certainty]
        parts += [fact.explanation, f"How sure: {words}."]
    return " ".join(part for part in parts if part)


def _fact_block(fact: FactNote) -> str:
    words, meaning = _CERTAINTY_WORDS[fact.certainty]
    html = [f'<p class="claim">{escape(fact.claim)}</p>']
    if fact.explanation:
        html.append(f"<p>{escape(fact.explanation)}</p>")
    html.append(f"<p><b>How sure:</b> {words} ({meaning}).</p>")
    if fact.evidence:
        html.append(f"<p><b>What the evidence says:</b> {escape(fact.evidence)}</p>")
    if fact.references:
        items = "".join(f"<li>{escape(ref)}</li>" for ref in fact.references)
        html.append(f"<p><b>Sources</b></p><ul>{items}</ul>")
    return "".join(html)
