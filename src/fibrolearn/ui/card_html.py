"""Compose the HTML shown on the study screen from a card's rendered sides and its facts.

The card sides arrive as HTML built from escaped text; everything added here is escaped too.
"""

from __future__ import annotations

from html import escape

from fibrolearn.domain.enums import Certainty
from fibrolearn.domain.study import FactNote, StudyCard

_CERTAINTY_WORDS = {
    Certainty.CONSENSUS: "Scientific consensus",
    Certainty.SUPPORTED: "Supported by research",
    Certainty.EMERGING: "Emerging evidence",
}


STYLE_SHEET = (
    ".question, .answer { font-size: x-large; }"
    " .cloze { font-weight: bold; }"
    " .refs { font-size: small; }"
)


def question_document(card: StudyCard) -> str:
    """The question side."""
    return f'<div class="question" align="center">{card.question_html}</div>'


def answer_document(card: StudyCard) -> str:
    """Both sides, then what the card's facts add: explanation, certainty, evidence."""
    html = [question_document(card), "<hr/>"]
    html.append(f'<div class="answer" align="center">{card.answer_html}</div>')
    if card.facts:
        html.append("<hr/>")
        html += [_fact_block(fact) for fact in card.facts]
    return "".join(html)


def _fact_block(fact: FactNote) -> str:
    html = []
    if fact.explanation:
        html.append(f"<p>{escape(fact.explanation)}</p>")
    html.append(f"<p><b>How sure:</b> {_CERTAINTY_WORDS[fact.certainty]}.</p>")
    if fact.evidence:
        html.append(f"<p><b>What the evidence says:</b> {escape(fact.evidence)}</p>")
    if fact.references:
        items = "".join(f"<li>{escape(ref)}</li>" for ref in fact.references)
        html.append(f'<p class="refs"><b>Sources</b></p><ul class="refs">{items}</ul>')
    return "".join(html)
