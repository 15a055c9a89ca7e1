"""A deck resolved into everything it yields, as JSON-ready data (``fibrolearn deck show --json``).

Authors use it to review a deck without the app: the cards exactly as rendered and the quiz
questions a seed generates. Keys keep a fixed order so that two outputs diff cleanly.
"""

from __future__ import annotations

from typing import Any

from fibrolearn.content.quiz import question_bank
from fibrolearn.content.render import card_ordinals, render_card
from fibrolearn.domain.knowledge import DeckDocument, Fact, Factor, NoteSpec, Reference
from fibrolearn.domain.quiz import QuizQuestion


def resolved_deck(doc: DeckDocument, *, seed: int) -> dict[str, Any]:
    """The deck, its cards and its question bank for ``seed``; the same seed, the same data."""
    meta = doc.meta
    return {
        "deck": {
            "id": meta.key,
            "title": meta.title,
            "version": meta.version,
            "language": meta.language,
            "licence": meta.licence,
            "description": meta.description,
            "disclaimer": meta.disclaimer,
            "synonyms": [list(group) for group in meta.synonyms],
        },
        "factors": [_factor(factor) for factor in doc.factors],
        "facts": [_fact(fact) for fact in doc.facts],
        "cards": [_card(note, ordinal) for note in doc.notes for ordinal in card_ordinals(note)],
        "quiz": [_question(question) for question in question_bank(doc, seed=seed)],
    }


def _factor(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.key,
        "name": factor.name,
        "summary": factor.summary,
        "links": list(factor.links),
        "umbrella": factor.umbrella,
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.key,
        "factor": fact.factor,
        "claim": fact.claim,
        "finding": fact.finding,
        "certainty": fact.certainty.value,
        "evidence_certainty": fact.evidence_certainty.value if fact.evidence_certainty else None,
        "explanation": fact.explanation,
        "evidence": fact.evidence,
        "related": list(fact.related),
        "references": [_reference(reference) for reference in fact.references],
    }


def _reference(reference: Reference) -> dict[str, Any]:
    return {
        "title": reference.title,
        "authors": reference.authors,
        "year": reference.year,
        "journal": reference.journal,
        "doi": reference.doi,
        "pmid": reference.pmid,
        "citation": reference.citation(),
    }


def _card(note: NoteSpec, ordinal: int) -> dict[str, Any]:
    card = render_card(note, ordinal)
    return {
        "note": note.key,
        "ordinal": ordinal,
        "kind": note.kind.value,
        "question_html": card.question_html,
        "answer_html": card.answer_html,
        "facts": list(note.facts),
        "tags": list(note.tags),
    }


def _question(question: QuizQuestion) -> dict[str, Any]:
    correct = question.correct
    return {
        "kind": question.kind.value,
        "prompt": question.prompt,
        "options": list(question.options),
        "correct": list(correct) if isinstance(correct, tuple) else correct,
        "items": list(question.items),
        "accepted": list(question.accepted),
        "explanation": question.explanation,
        "evidence": question.evidence,
        "facts": list(question.fact_keys),
        "factors": list(question.factor_keys),
    }
