"""Studying a deck takes its subdecks' cards too, within the deck's own limits, as in Anki.

Found when the deck list began to show subdecks under their parent: "Science" listed no
card of "Science::Biology", and studying it showed none of them either, so a learner whose
Anki decks held every card in subdecks had a parent with nothing to study.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.gentle import Energy
from fibrolearn.domain.study import NONE_PASSED
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage import import_repo


def import_cards(services: Services, folder: Path, deck: str, cards: int) -> int:
    text = folder / f"{deck.replace(':', '_')}.txt"
    rows = "".join(f"{deck}{at}\t{deck} question {at}\tAnswer {at}\n" for at in range(cards))
    text.write_text(f"#separator:tab\n#guid column:1\n{rows}", encoding="utf-8")
    services.importer.run(text, ImportOptions(deck=deck))
    return next(d.deck_id for d in services.decks.list_decks() if d.name == deck)


@pytest.fixture
def science(services: Services, tmp_path: Path) -> tuple[int, int, int]:
    """Science: 2 new cards, 4 new a day; Science::Biology: 3; Science::Biology::Cells: 1."""
    parent = import_cards(services, tmp_path, "Science", 2)
    biology = import_cards(services, tmp_path, "Science::Biology", 3)
    cells = import_cards(services, tmp_path, "Science::Biology::Cells", 1)
    options = services.decks.options(parent)
    services.decks.set_options(parent, options._replace(new_per_day=4))
    return parent, biology, cells


def new_counts(services: Services) -> dict[str, int]:
    return {deck.name: deck.new for deck in services.decks.list_decks()}


def test_a_parent_studies_its_subdecks_cards_within_its_own_limits(
    services: Services, science: tuple[int, int, int]
) -> None:
    parent, biology, cells = science
    assert services.study.queue_counts(parent).new == 4  # of 6, the parent's limit
    assert new_counts(services)["Science"] == 4

    decks_studied = []
    while (card := services.study.next_card(parent)) is not None and card.state.reps == 0:
        decks_studied.append(card.deck_id)
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)

    assert len(decks_studied) == 4
    assert {biology, cells} & set(decks_studied)  # not the parent's own two alone
    assert services.study.queue_counts(parent).new == 0
    counts = new_counts(services)
    assert counts["Science"] == 0  # its limit is spent, subdecks' answers counted
    left_in_biology = 3 - decks_studied.count(biology)
    assert counts["Science::Biology"] == left_in_biology + 1 - decks_studied.count(cells)
    summary = services.study.session_summary(parent, 0)
    assert summary.reviewed == 4
    assert summary.deck_cards == 6
    assert summary.new_waiting == 2


def test_a_deck_named_like_another_is_not_its_subdeck(services: Services, tmp_path: Path) -> None:
    """Science fiction and Sciences::X begin with "Science" but are not under it."""
    parent = import_cards(services, tmp_path, "Science", 1)
    import_cards(services, tmp_path, "Science fiction", 2)
    import_cards(services, tmp_path, "Sciences::X", 2)
    assert services.study.queue_counts(parent).new == 1
    assert new_counts(services)["Science"] == 1


def test_a_subdecks_own_limits_hold_when_its_parent_is_studied(
    services: Services, tmp_path: Path
) -> None:
    """As Anki's v3 scheduler: "Science::Biology" at 0 new a day brings none to "Science"."""
    parent = import_cards(services, tmp_path, "Science", 1)
    biology = import_cards(services, tmp_path, "Science::Biology", 3)
    cells = import_cards(services, tmp_path, "Science::Biology::Cells", 2)
    chemistry = import_cards(services, tmp_path, "Science::Chemistry", 5)
    services.decks.set_options(biology, services.decks.options(biology)._replace(new_per_day=0))
    chemistry_options = services.decks.options(chemistry)
    services.decks.set_options(chemistry, chemistry_options._replace(new_per_day=2))
    services.decks.set_options(parent, services.decks.options(parent)._replace(new_per_day=20))

    assert services.study.queue_counts(parent).new == 3  # its own 1, Chemistry's 2
    assert new_counts(services)["Science"] == 3
    decks_studied = []
    while (card := services.study.next_card(parent)) is not None and card.state.reps == 0:
        decks_studied.append(card.deck_id)
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    assert sorted(decks_studied) == sorted([parent, chemistry, chemistry])
    assert biology not in decks_studied and cells not in decks_studied  # under Biology's 0
    assert services.study.queue_counts(parent).new == 0
    assert new_counts(services)["Science"] == 0
    summary = services.study.session_summary(parent, 0)
    # Held by the subdecks' limits (Deck options), not by their notes' answers today.
    assert (summary.new_waiting, summary.new_room) == (8, 0)


def test_a_subdecks_review_limit_holds_when_its_parent_is_studied(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    parent = import_cards(services, tmp_path, "Science", 1)
    biology = import_cards(services, tmp_path, "Science::Biology", 3)
    for deck in (parent, biology):
        services.decks.set_options(deck, services.decks.options(deck)._replace(new_per_day=9))
    learnt = []
    while (card := services.study.next_card(parent)) is not None and card.state.reps == 0:
        learnt.append(
            services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
        )
    assert len(learnt) == 4
    clock.advance(timedelta(days=60))
    services.decks.set_options(biology, services.decks.options(biology)._replace(reviews_per_day=1))

    assert services.study.queue_counts(parent).review == 2  # its own 1, Biology's 1 of 3
    assert {deck.name: deck.due for deck in services.decks.list_decks()}["Science"] == 2
    decks_studied = []
    while (card := services.study.next_card(parent)) is not None:
        decks_studied.append(card.deck_id)
        services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    assert sorted(decks_studied) == sorted([parent, biology])


def test_a_parent_with_hundreds_of_subdecks_is_counted_and_studied(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """An Anki learner's shared deck may hold thousands of subdecks: more than SQLite joins
    in one statement (500), which the counts of each subdeck's own cards had asked it to."""
    parent = import_cards(services, tmp_path, "Medicine", 1)
    with services.database.write() as session:
        for at in range(600):
            import_repo.add_deck(session, f"sub-{at}", f"Medicine::Topic {at}", clock.now())
    last = import_cards(services, tmp_path, "Medicine::Topic 599", 2)
    services.decks.set_options(last, services.decks.options(last)._replace(new_per_day=1))

    assert services.study.queue_counts(parent).new == 2  # its own, and Topic 599's one
    assert new_counts(services)["Medicine"] == 2
    assert services.study.next_card(parent) is not None


def test_new_cards_a_subdeck_s_own_limit_holds_are_not_said_held_by_the_energy_check_in(
    services: Services, science: tuple[int, int, int]
) -> None:
    """Found in a review: with a low-energy check-in, new cards that waited for their subdecks'
    own limit of 0 were said to wait for the check-in, which the parent's limit alone let in."""
    parent, biology, cells = science
    for subdeck in (biology, cells):
        options = services.decks.options(subdeck)
        services.decks.set_options(subdeck, options._replace(new_per_day=0))
    services.gentle.check_in(Energy.LOW)
    while (card := services.study.next_card(parent)) is not None:
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)

    summary = services.study.session_summary(parent, 0)

    assert summary.new_waiting == 4 and summary.new_room == 0  # the subdecks' cards
    assert not summary.new_held_by_energy


def test_an_import_into_a_subdeck_takes_its_parent_s_spelling(
    services: Services, tmp_path: Path
) -> None:
    """Found in a review: a package's "languages::French", next to the learner's "Languages",
    made a deck spelled "languages::French", listed at the top by its whole name."""
    import_cards(services, tmp_path, "Languages", 1)
    text = tmp_path / "french.txt"
    text.write_text("#separator:tab\n#guid column:1\nfr1\tbonjour\thello\n", encoding="utf-8")

    report = services.importer.run(text, ImportOptions(deck="languages::French"))

    names = {deck.name for deck in services.decks.list_decks()}
    assert "Languages::French" in names and "languages::French" not in names
    assert report.decks_created == ("Languages::French",)


def learn_then_leave(
    services: Services, clock: FixedClock, deck: int, days: int
) -> dict[int, list[int]]:
    """Learn every card of ``deck`` and its subdecks (Easy), a day apart, then stay away.

    Returns the cards learnt, by deck.
    """
    learnt: dict[int, list[int]] = {}
    while (card := services.study.next_card(deck)) is not None and card.state.reps == 0:
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
        learnt.setdefault(card.deck_id, []).append(card.card_id)
        clock.advance(timedelta(days=1))  # different last reviews, so different recall
    clock.advance(timedelta(days=days))
    return learnt


def test_a_subdeck_s_backlog_plan_holds_when_its_parent_is_studied(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in a review: with Biology's 5 waiting reviews spread over 3 days (2 a day),
    studying Science brought all 5 at once, as if no plan had been made."""
    parent = import_cards(services, tmp_path, "Science", 1)
    biology = import_cards(services, tmp_path, "Science::Biology", 5)
    services.decks.set_options(parent, services.decks.options(parent)._replace(new_per_day=9))
    learnt = learn_then_leave(services, clock, parent, days=120)
    recall = {card: services.study.recall_insight(card).recall_now for card in learnt[biology]}
    assert services.gentle.spread_backlog(biology, days=3).per_day == 2
    assert services.study.queue_counts(biology).review == 2

    assert services.study.queue_counts(parent).review == 1 + 2  # its own, Biology's share
    assert {deck.name: deck.due for deck in services.decks.list_decks()}["Science"] == 3
    studied = []
    while (card := services.study.next_card(parent)) is not None:
        studied.append(card)
        services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    from_biology = {card.card_id for card in studied if card.deck_id == biology}
    assert len(studied) == 3
    assert from_biology == set(sorted(recall, key=recall.__getitem__)[:2])  # most at risk
    assert services.study.queue_counts(biology).review == 0  # Biology's share is done
    assert services.decks.deck_list().backlogs[biology].waiting == 3

    clock.advance(timedelta(days=1))
    assert services.study.queue_counts(parent).review == 2  # the next day's share


def test_cards_passed_unanswered_count_against_a_subdeck_s_own_limit(
    services: Services, tmp_path: Path
) -> None:
    """Found in a review: reading a collection that cannot be written, Biology's new cards
    gone past counted against Science's limit alone, so all 5 came under Biology's 2 a day."""
    parent = import_cards(services, tmp_path, "Science", 1)
    biology = import_cards(services, tmp_path, "Science::Biology", 5)
    services.decks.set_options(parent, services.decks.options(parent)._replace(new_per_day=20))
    services.decks.set_options(biology, services.decks.options(biology)._replace(new_per_day=2))
    assert services.study.queue_counts(parent).new == 3

    passed, shown = NONE_PASSED, []
    card, counts = services.study.next_card_and_counts(parent, passed)
    while card is not None:
        shown.append(card.deck_id)
        passed = passed.adding(card)
        card, left = services.study.next_card_and_counts(parent, passed)
        assert left.new == counts.new - len(shown)  # each read counted as an answer would be
    assert sorted(shown) == sorted([parent, biology, biology])


def test_a_parent_offers_to_spread_only_what_no_subdeck_s_plan_spreads(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in review: with Biology's 5 waiting reviews spread, Science offered to spread 6,
    Biology's 5 with its own 1, as if Biology's plan were not there."""
    parent = import_cards(services, tmp_path, "Science", 1)
    biology = import_cards(services, tmp_path, "Science::Biology", 5)
    services.decks.set_options(parent, services.decks.options(parent)._replace(new_per_day=9))
    learn_then_leave(services, clock, parent, days=120)
    assert services.gentle.spreadable(parent) == 6
    services.gentle.spread_backlog(biology, days=3)

    assert services.gentle.spreadable(parent) == 1
    assert services.decks.deck_list().backlogs[parent].waiting == 1
    assert services.gentle.spread_backlog(parent, days=2).waiting == 1
    assert services.decks.deck_list().backlogs[parent].waiting == 1
    assert services.study.queue_counts(parent).review == 1 + 2  # its own, Biology's share
