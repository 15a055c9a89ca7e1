"""The answer side says how sure the literature is, and how its source put it where that differs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from deckdata import small_deck_text
from fibrolearn.domain.browse import CardQuery, SortKey
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.models import CardRecord, NoteRecord
from fibrolearn.ui.card_html import answer_document, answer_speech

CONTESTED = (
    "Contested (studies disagree, or the better ones do not support it). "
    "Its source states it as a research finding."
)


def test_a_contested_finding_says_so_and_how_its_source_put_it(
    tmp_path: Path, paths: AppPaths, clock: FixedClock
) -> None:
    deck = tmp_path / "judged.toml"
    deck.write_text(
        small_deck_text().replace(
            'certainty = "emerging"', 'certainty = "supported"\nevidence_certainty = "contested"'
        ),
        encoding="utf-8",
    )
    services = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        services.decks.load_deck_files([deck])
        cards: dict[str, list[int]] = {}
        with services.database.read() as session:
            rows = session.execute(select(NoteRecord.key, CardRecord.id).join(CardRecord))
            for key, card_id in rows:
                cards.setdefault(key, []).append(card_id)
        beta = services.study.card(cards["n2"][0])  # teaches B1, judged contested
        alpha = services.study.card(cards["n1"][0])  # teaches A1, no verdict of its own
        assert f"<b>How sure:</b> {CONTESTED}" in answer_document(beta)
        assert f"How sure: {CONTESTED}" in answer_speech(beta, "Factor B")
        assert (
            "<b>How sure:</b> Scientific consensus (most researchers agree).</p>"
            in answer_document(alpha)
        )
        found = services.browse.find(
            CardQuery(services.browse.parse("certainty:contested"), SortKey.CREATED, False), 10
        )
        assert set(found.card_ids) == set(cards["n2"]) | set(cards["n3"])
        none = CardQuery(services.browse.parse("certainty:supported"), SortKey.CREATED, False)
        assert services.browse.find(none, 10).count == 0  # shown as contested, found as such
    finally:
        services.close()


def test_a_screen_reader_hears_what_the_evidence_says(services: Services) -> None:
    """Found in a content audit: "How sure: Contested" was said, never why."""
    card = services.study.card(1)  # teaches A1, whose evidence is "Only small studies."
    speech = answer_speech(card, "Factor A")
    assert speech.endswith(
        "How sure: Scientific consensus (most researchers agree). "
        "What the evidence says: Only small studies."
    )
