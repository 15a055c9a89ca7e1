"""The quiz's questions read as plain sentences: a factor's name, capitalised as a title,
stands in quotes mid-sentence ("linked to “Gut-brain axis and microbiome”"), as findings do."""

from __future__ import annotations

from pathlib import Path

from fibrolearn.content.deck_file import load_deck
from fibrolearn.content.quiz import question_bank
from fibrolearn.domain.quiz import QuizKind

REAL_DECK = Path(__file__).resolve().parents[3] / "decks" / "fibromyalgia-causes.toml"


def test_factor_names_are_quoted_where_a_sentence_names_them() -> None:
    doc = load_deck(REAL_DECK)
    bank = question_bank(doc, seed=3)
    names = {factor.name for factor in doc.factors}
    asked = {q.kind for q in bank}
    assert {QuizKind.DETAIL, QuizKind.TRUE_FALSE, QuizKind.NOT_LINKED} <= asked
    for question in bank:
        if question.kind is QuizKind.TRUE_FALSE:
            finding = doc.fact_by_key[question.fact_keys[0]].finding
            stated = [n for n in names if question.prompt.endswith(f"is linked to “{n}”.")]
            assert question.prompt.startswith(f"True or false: “{finding}” is linked to “")
            assert len(stated) == 1, question.prompt
        elif question.kind in (QuizKind.DETAIL, QuizKind.NOT_LINKED):
            name = doc.factor_by_key[question.factor_keys[0]].name
            assert f"linked to “{name}”?" in question.prompt, question.prompt
