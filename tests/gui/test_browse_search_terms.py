"""Anki's search terms typed in Browse's box: nc:, prop:, rated: and their mistakes."""

from __future__ import annotations

from test_browse_page import Host, search

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.enums import NoteKind, Rating
from fibrolearn.services.container import Services


def test_accents_numbers_and_days_typed_in_the_box(qtbot, services: Services, screenshot) -> None:
    deck_id = services.notes.decks()[0].deck_id
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Café und Straße", "x"))
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    services.study.answer(card.card_id, Rating.AGAIN, 1000, shown_state=card.state)
    host = Host(qtbot, services)
    host.window.resize(900, 500)
    search(qtbot, host, "nc:cafe nc:strasse")
    assert host.page.count.text() == "1 card"
    assert host.page._announcer.last == "1 card"
    search(qtbot, host, "rated:1:1 prop:reps=1")
    assert host.page.count.text() == "1 card"
    search(qtbot, host, "rated:1 prop:ivl>=x")
    assert host.page.problem.text() == (
        'Cannot search: "prop:ivl>=" needs a whole number after it, not "x"'
    )
    assert host.page.search.selectedText() == "x"  # the bad part, to type over
    assert host.page.count.text() == "1 card"  # the last good search stays
    screenshot(host.window, "browse-search-prop-mistake")
    host.tasks.wait()
