"""The factors a "my weakest areas" quiz asks about, on the bundled deck."""

from __future__ import annotations

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.paths import bundled_dir
from fibrolearn.services.container import Services


def bundled_deck(services: Services) -> int:
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    return max(d.deck_id for d in services.decks.list_decks())


def study(services: Services, deck: int, factor: str) -> None:
    for card_id in services.focus.factor_cards(deck, factor).card_ids:
        state = services.study.card(card_id).state
        services.study.answer(card_id, Rating.GOOD, 1000, shown_state=state)


def quiz_all_wrong(services: Services, deck: int, factor: str) -> None:
    setup = QuizSetup(deck, length=5, seed=1, factors=(factor,), kinds=(QuizKind.DETAIL,))
    sitting = services.quiz.start(setup)
    for position, question in enumerate(sitting.questions):
        wrong = (question.correct + 1) % len(question.options)  # type: ignore[operator]
        services.quiz.answer(sitting.session_id, position, wrong)
    services.quiz.finish(sitting.session_id)


def test_with_no_data_yet_the_weakest_areas_are_a_spread_and_say_so(services: Services) -> None:
    """They were the deck's first three factors, the overview "What fibromyalgia is" first."""
    deck = bundled_deck(services)
    factors = services.progress.factors(deck)
    overviews = {f.key for f in factors if f.umbrella}
    parts = [f.key for f in factors if not f.umbrella]
    areas = services.progress.weakest_areas(deck)
    assert len(set(areas.keys)) == 3
    assert not set(areas.keys) & overviews
    assert areas.keys != tuple(parts[:3])
    positions = [parts.index(key) for key in areas.keys]
    assert positions == sorted(positions) and positions[-1] - positions[0] >= len(parts) // 2
    assert areas.untried == areas.keys  # nothing known yet: the screen can say so
    assert services.progress.weakest_factors(deck) == areas.keys


def test_factors_with_evidence_of_weakness_come_before_untouched_ones(
    services: Services,
) -> None:
    deck = bundled_deck(services)
    study(services, deck, "sleep")  # studied today: well recalled, but the only recall known
    quiz_all_wrong(services, deck, "small-fiber")
    areas = services.progress.weakest_areas(deck)
    assert areas.keys[:2] == ("small-fiber", "sleep")
    assert areas.untried == areas.keys[2:] and len(areas.keys) == 3
    assert services.progress.weakest_factors(deck, count=1) == ("small-fiber",)
