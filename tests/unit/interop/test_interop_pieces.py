"""The small parts of interop: media names, HTML and text, note type shapes, Anki's schedule."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.domain.html_text import html_to_text
from fibrolearn.interop import anki_proto
from fibrolearn.interop.anki_reader import AnkiCard, AnkiNotetype, AnkiReview
from fibrolearn.interop.anki_schedule import (
    AnkiClock,
    answers,
    is_buried,
    is_suspended,
    memory_state,
)
from fibrolearn.interop.archive import Limits, SafeArchive, check_member_name
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.guids import derived_guid
from fibrolearn.interop.html_text import plain_or_none, text_to_html
from fibrolearn.interop.media import (
    check_media_name,
    referenced_names,
    rename_references,
    safe_media_name,
    unique_names,
)
from fibrolearn.interop.note_types import (
    OWN_NOTE_TYPES,
    anki_fields,
    anki_note_type,
    builtin_shape,
)

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
DAY_ZERO = int(datetime(2026, 1, 1, 4, 0, tzinfo=UTC).timestamp())


# ------------------------------------------------------------------------ media names
@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("cat.png", "cat.png"),
        ("a:b?c*.png", "a_b_c_.png"),
        ("con.txt", "_con.txt"),
        ("LPT1", "_LPT1"),
        (".hidden.jpg", "hidden.jpg"),
        ("trailing. ", "trailing"),
        ("bell\x07.mp3", "bell_.mp3"),
        ("", "media"),
    ],
)
def test_safe_media_names(name: str, safe: str) -> None:
    assert safe_media_name(name) == safe


@given(st.text(min_size=1, max_size=300))
def test_safe_names_are_always_single_harmless_files(name: str) -> None:
    safe = safe_media_name(name.replace("/", "").replace("\\", ""))
    assert safe and "/" not in safe and "\x00" not in safe and len(safe.encode()) <= 200
    assert not safe.startswith(".") and safe not in ("..", ".")


def test_long_names_keep_their_extension() -> None:
    safe = safe_media_name("é" * 300 + ".png")
    assert safe.endswith(".png") and len(safe.encode()) <= 200


def test_names_that_clean_up_alike_stay_distinct() -> None:
    assert unique_names(["a?.png", "a*.png", "A?.png"]) == {
        "a?.png": "a_.png",
        "a*.png": "a_-2.png",
        "A?.png": "A_-3.png",
    }


@pytest.mark.parametrize("name", ["../x", "a/b", "c\\d", "..", "", "nul\x00"])
def test_media_names_with_folders_are_refused(name: str) -> None:
    with pytest.raises(InteropError, match="may not hold folders"):
        check_media_name(name, "the media list")


def test_references_are_found_and_renamed() -> None:
    field = "<img src=\"a b.png\"> <img alt=x src=c%20d.jpg> [sound:e&amp;f.mp3] <img src='g.gif'>"
    assert referenced_names(field) == {"a b.png", "c d.jpg", "e&f.mp3", "g.gif"}
    renamed = rename_references(field, {"a b.png": "a b-2.png", "e&f.mp3": "ef.mp3"})
    assert renamed == (
        "<img src=\"a b-2.png\"> <img alt=x src=c%20d.jpg> [sound:ef.mp3] <img src='g.gif'>"
    )


def test_style_sheet_urls_are_found_and_renamed_in_their_own_quotes() -> None:
    css = "src: url('_a b.ttf'); background: url(_c%20d.png); x: url(\"_e.png\")"
    style = '<div style="background: url(&quot;_e.png&quot;)">'
    assert referenced_names(css) == {"_a b.ttf", "_c d.png", "_e.png"}
    assert referenced_names(style) == {"_e.png"}
    renamed = {"_a b.ttf": "_a b-2.ttf", "_c d.png": "_c d-2.png", "_e.png": "_e-2.png"}
    assert rename_references(css, renamed) == (
        "src: url('_a%20b-2.ttf'); background: url(_c%20d-2.png); x: url(\"_e-2.png\")"
    )
    assert rename_references(style, renamed) == '<div style="background: url(_e-2.png)">'


# ------------------------------------------------------------------------ archives
@pytest.mark.parametrize("name", ["ok.txt", "folder/ok.txt", "0", "collection.anki21b"])
def test_ordinary_member_names_pass(name: str) -> None:
    check_member_name(name)


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.zip"
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(path, "w") as archive,
    ):
        archive.writestr("media", b"{}")
        archive.writestr("media", b"{}")
    with pytest.raises(InteropError, match="two files named 'media'"):
        SafeArchive(path, Limits())


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(5):
            archive.writestr(str(number), b"x")
    with pytest.raises(InteropError, match="holds 5 files; at most 4"):
        SafeArchive(path, Limits(max_members=4))


# ------------------------------------------------------------------------ protobuf
def test_media_entries_decode_names_sizes_and_members() -> None:
    entry = b"\x0a\x05a.png\x10\x09\x1a\x02\xaa\xbb"
    moved = b"\x0a\x05b.png\x10\x01\xf8\x0f\x07"  # legacy_zip_filename = 7 (field 255)
    blob = b"\x0a" + bytes([len(entry)]) + entry + b"\x0a" + bytes([len(moved)]) + moved
    entries = anki_proto.media_entries(blob)
    assert [(e.name, e.size, e.member) for e in entries] == [("a.png", 9, "0"), ("b.png", 1, "7")]


@pytest.mark.parametrize("blob", [b"\x0a\x05\x0a\x03ab", b"\x0a\x03\x0a\x01\xff", b"\xff"])
def test_malformed_messages_are_named(blob: bytes) -> None:
    with pytest.raises(InteropError, match="media list is damaged"):
        anki_proto.media_entries(blob)


def test_package_version_round_trips() -> None:
    assert anki_proto.package_version(anki_proto.encode_package_version(2)) == 2


# ------------------------------------------------------------------------ HTML and text
@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("plain words > less", "plain words > less"),
        ("a<br>b", "a\nb"),
        ("x &amp; y &lt;z&gt;", "x & y <z>"),
        ("carriage\rreturn", "carriage return"),
        ("line\nbreak", "line break"),
        ("<b>bold</b>", None),
        ('<img src="x.png">', None),
    ],
)
def test_plain_or_none(html: str, plain: str | None) -> None:
    assert plain_or_none(html) == plain


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")))
def test_plain_text_survives_the_trip_through_html(text: str) -> None:
    assert plain_or_none(text_to_html(text)) == text


def test_html_to_text_for_previews() -> None:
    html = "<div>One</div><div>Two &amp; <b>three</b></div><script>x()</script><br>Four"
    assert html_to_text(html) == "One\nTwo & three\nFour"


# ------------------------------------------------------------------------ note types
def notetype(fields, templates, *, cloze=False) -> AnkiNotetype:
    return AnkiNotetype(1, "t", cloze, tuple(fields), tuple(templates), "", False)


def test_stock_shapes_are_recognised_whatever_the_spacing() -> None:
    basic = notetype(["Q", "A"], [("1", "{{ Q }}", "{{FrontSide}}\n<hr id='answer' />\n{{A}}")])
    assert builtin_shape(basic).kind is NoteKind.BASIC
    reversed_ = notetype(
        ["Q", "A"],
        [
            ("1", "{{Q}}", "{{FrontSide}}<hr id=answer>{{A}}"),
            ("2", "{{A}}", "{{FrontSide}}<hr id=answer>{{Q}}"),
        ],
    )
    assert builtin_shape(reversed_).kind is NoteKind.REVERSED
    cloze = notetype(["T", "X"], [("c", "{{cloze:T}}", "{{cloze:T}}<br/>{{X}}")], cloze=True)
    assert builtin_shape(cloze).kind is NoteKind.CLOZE


def test_other_templates_are_kept_as_they_are() -> None:
    styled = notetype(["Q", "A"], [("1", "<i>{{Q}}</i>", "{{FrontSide}}<hr id=answer>{{A}}")])
    three_fields = notetype(["Q", "A", "N"], [("1", "{{Q}}", "{{FrontSide}}<hr id=answer>{{A}}")])
    assert builtin_shape(styled) is None
    assert builtin_shape(three_fields) is None


ANKI_BASIC = anki_note_type(
    AnkiNotetype(
        41,
        "Basic",
        False,
        ("Front", "Back"),
        (("Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"),),
        ".card { color: navy; }",
        False,
    )
)
ANKI_CLOZE = anki_note_type(  # no field for an extra
    AnkiNotetype(
        42,
        "Cloze (text only)",
        True,
        ("Text",),
        (("Cloze", "{{cloze:Text}}", "{{cloze:Text}}"),),
        "",
        False,
    )
)


def test_a_stored_note_type_has_the_shape_it_had_in_anki() -> None:
    assert builtin_shape(ANKI_BASIC).kind is NoteKind.BASIC
    assert builtin_shape(ANKI_CLOZE).kind is NoteKind.CLOZE


def test_plain_notes_go_back_to_the_anki_note_type_they_came_from() -> None:
    """Anki refuses a note whose note type is not the one its own copy of the note has."""
    basic = {"front": "1 < 2", "back": "yes\nreally", "text": "", "extra": ""}
    assert anki_fields("basic", basic, None, ANKI_BASIC) == (
        ANKI_BASIC,
        ["1 &lt; 2", "yes<br>really"],
    )
    cloze = {"front": "", "back": "", "text": "{{c1::Paris}}", "extra": ""}
    assert anki_fields("cloze", cloze, None, ANKI_CLOZE) == (ANKI_CLOZE, ["{{c1::Paris}}"])


def test_a_note_no_longer_fitting_its_anki_note_type_goes_as_fibrolearns_own() -> None:
    """A kind changed since the import, or an extra the note type has no field for."""
    two_way = {"front": "perro", "back": "dog", "text": "", "extra": ""}
    assert anki_fields("reversed", two_way, None, ANKI_BASIC) == (
        OWN_NOTE_TYPES[NoteKind.REVERSED],
        ["perro", "dog"],
    )
    with_extra = {"front": "", "back": "", "text": "{{c1::Paris}}", "extra": "France"}
    assert anki_fields("cloze", with_extra, None, ANKI_CLOZE) == (
        OWN_NOTE_TYPES[NoteKind.CLOZE],
        ["{{c1::Paris}}", "France"],
    )


def test_derived_guids_are_stable_and_distinct() -> None:
    assert derived_guid("deck", "n1") == derived_guid("deck", "n1")
    assert derived_guid("deck", "n1") != derived_guid("deck", "n2")


# ------------------------------------------------------------------------ Anki's schedule
@pytest.fixture
def learner_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is UTC, where DAY_ZERO is Anki's 04:00 rollover; then restored."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def card(**changes) -> AnkiCard:
    values = dict(
        id=1,
        note_id=1,
        deck_id=1,
        ordinal=0,
        type=2,
        queue=2,
        due=70,
        interval=10,
        factor=2500,
        reps=5,
        lapses=1,
        left=0,
        original_due=0,
        original_deck_id=0,
        flags=0,
        data="",
    )
    values.update(changes)
    return AnkiCard(**values)


@pytest.mark.usefixtures("learner_in_utc")
def test_review_card_keeps_anki_due_day_and_counts() -> None:
    clock = AnkiClock(DAY_ZERO, NOW)
    state, estimated = memory_state(card(), clock, None)
    assert state.state is CardState.REVIEW
    assert state.due == datetime(2026, 3, 12, 4, 0, tzinfo=UTC)  # day 70 after day zero
    assert state.last_review == state.due - timedelta(days=10)
    assert (state.reps, state.lapses, state.step) == (5, 1, None)
    assert estimated and state.stability == 10 and state.difficulty == pytest.approx(5.0)


def test_fsrs_memory_in_card_data_is_used() -> None:
    data = '{"s": 12.5, "d": 6.25, "lrt": 1767240000}'
    state, estimated = memory_state(card(data=data), AnkiClock(DAY_ZERO, NOW), None)
    assert not estimated
    assert (state.stability, state.difficulty) == (12.5, 6.25)
    assert state.last_review == datetime.fromtimestamp(1767240000, UTC)


def test_learning_card_due_is_a_timestamp_and_steps_count_up() -> None:
    due = int(NOW.timestamp()) + 600
    state, _ = memory_state(
        card(type=1, queue=1, due=due, left=1001), AnkiClock(DAY_ZERO, NOW), None
    )
    assert state.state is CardState.LEARNING
    assert state.due == datetime.fromtimestamp(due, UTC)
    assert state.step == 1  # one of two steps left: on the second


@pytest.mark.usefixtures("learner_in_utc")
def test_filtered_deck_cards_go_home_with_their_original_due() -> None:
    state, _ = memory_state(
        card(due=-100000, original_due=70, original_deck_id=5), AnkiClock(DAY_ZERO, NOW), None
    )
    assert state.due == datetime(2026, 3, 12, 4, 0, tzinfo=UTC)


@pytest.mark.usefixtures("learner_in_utc")
def test_a_filtered_deck_s_preview_card_goes_home_on_its_review_day() -> None:
    """Found in review: its home due day (odue) was read as seconds, so it fell in 1970."""
    state, _ = memory_state(
        card(queue=4, due=-100000, original_due=70, original_deck_id=5),
        AnkiClock(DAY_ZERO, NOW),
        None,
    )
    assert state.due == datetime(2026, 3, 12, 4, 0, tzinfo=UTC)


def test_a_filtered_deck_s_learning_card_goes_home_on_its_time_stamp() -> None:
    """And a learning card's odue, a time stamp, was read as a day, which fell back to now."""
    home = int(NOW.timestamp()) + 600
    state, _ = memory_state(
        card(type=1, queue=2, due=-100000, original_due=home, original_deck_id=5, left=1001),
        AnkiClock(DAY_ZERO, NOW),
        None,
    )
    assert state.due == datetime.fromtimestamp(home, UTC)


def test_new_and_suspended_cards() -> None:
    state, estimated = memory_state(card(type=0, queue=-1), AnkiClock(DAY_ZERO, NOW), None)
    assert state.state is CardState.NEW and not estimated
    assert is_suspended(card(queue=-1)) and not is_suspended(card(queue=-2))


@pytest.mark.parametrize(("queue", "buried"), [(-3, True), (-2, True), (-1, False), (2, False)])
def test_cards_buried_by_hand_or_with_a_sibling_are_buried(queue: int, buried: bool) -> None:
    assert is_buried(card(queue=queue)) is buried


def test_corrupt_due_values_fall_back_to_now() -> None:
    state, _ = memory_state(card(due=10**12), AnkiClock(DAY_ZERO, NOW), None)
    assert state.due == NOW


LATEST = NOW + timedelta(days=36_500)  # the longest interval past the import


@pytest.mark.parametrize(
    ("stamp", "due"),
    [
        (-1, NOW),
        (-62_135_596_800, NOW),
        (10**30, NOW),
        (int(LATEST.timestamp()) + 1, LATEST),
        (253_402_300_799, LATEST),
    ],
    ids=["before 1970", "year 1", "past any year", "past the longest interval", "year 9999"],
)
def test_due_times_stay_where_a_study_day_can_be_counted(stamp: int, due: datetime) -> None:
    """A corrupt time is the import time; a far one (a card parked ahead) the furthest due."""
    assert AnkiClock(DAY_ZERO, NOW).seconds(stamp) == due


@pytest.mark.parametrize(
    "stamp",
    [-1, -62_135_596_800, int(NOW.timestamp()) + 86_401, 253_402_300_799, 10**30],
    ids=["before 1970", "year 1", "after a day ahead", "year 9999", "past any year"],
)
def test_answers_at_times_that_cannot_be_right_are_none(stamp: int) -> None:
    assert AnkiClock(DAY_ZERO, NOW).answered_at(stamp * 1000) is None


def test_answers_run_from_1970_to_a_day_ahead() -> None:
    clock = AnkiClock(DAY_ZERO, NOW)
    tomorrow = int((NOW + timedelta(days=1)).timestamp()) * 1000
    assert clock.answered_at(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert clock.answered_at(tomorrow) == NOW + timedelta(days=1)
    assert clock.answered_at(tomorrow + 1) is None


@pytest.mark.parametrize(
    ("created", "day", "due"),
    [(-62_135_596_800, 100, NOW), (253_402_300_000, -100, LATEST), (253_402_300_000, 100, NOW)],
    ids=["year 1", "year 9999", "past year 9999"],
)
def test_a_collection_created_at_the_calendar_s_ends_gives_due_days_in_range(
    created: int, day: int, due: datetime
) -> None:
    """Found in review: such a day zero gave due days the collection could not read back."""
    assert AnkiClock(created, NOW).day(day) == due


@pytest.mark.usefixtures("learner_in_utc")
def test_a_card_parked_far_ahead_stays_far_ahead() -> None:
    """Found in a second review: "set due date" to 2299 once made the card due at once."""
    day = (datetime(2299, 1, 1, 4, tzinfo=UTC) - datetime.fromtimestamp(DAY_ZERO, UTC)).days
    state, _ = memory_state(card(due=day), AnkiClock(DAY_ZERO, NOW), None)
    assert state.due == LATEST


def test_an_interval_past_the_longest_gives_a_last_review_a_study_day_can_take() -> None:
    """Found in review: 739,700 days before a due day is year 1, and 800,000 overflowed."""
    for interval in (739_700, 800_000):
        state, _ = memory_state(card(interval=interval), AnkiClock(DAY_ZERO, NOW), None)
        assert state.last_review == state.due - timedelta(days=36_500)


def review(ms: int, ease: int, interval: int, kind: int) -> AnkiReview:
    return AnkiReview(ms, 1, ease, interval, 2500, 4000, kind)


def test_review_log_becomes_answers_with_states() -> None:
    start = int((NOW - timedelta(days=3)).timestamp() * 1000)
    log = [
        review(start, 3, -600, 0),
        review(start + 700_000, 3, 1, 0),
        review(start + 2 * 86_400_000, 1, -600, 1),
        review(start + 2 * 86_400_000 + 1, 0, 5, 4),  # a manual reschedule: not an answer
        review(start + 2 * 86_400_000 + 700_000, 3, 2, 2),
    ]
    planned = answers(log, AnkiClock(DAY_ZERO, NOW), v1_learning_buttons=False)
    assert [p.rating for p in planned] == [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    assert [p.after.state for p in planned] == [
        CardState.LEARNING,
        CardState.REVIEW,
        CardState.RELEARNING,
        CardState.REVIEW,
    ]
    assert planned[0].before.state is CardState.NEW
    assert planned[2].after.lapses == 1 and planned[3].after.reps == 4
    assert planned[1].after.due == planned[1].reviewed_at + timedelta(days=1)


def test_first_scheduler_learning_buttons_are_renumbered() -> None:
    start = int(NOW.timestamp() * 1000)
    log = [review(start, 2, -600, 0), review(start + 1, 3, 4, 0), review(start + 2, 2, 8, 1)]
    planned = answers(log, AnkiClock(DAY_ZERO, NOW), v1_learning_buttons=True)
    assert [p.rating for p in planned] == [Rating.GOOD, Rating.EASY, Rating.HARD]


def test_answers_at_corrupt_times_are_left_out() -> None:
    """Year 1 as a review's time once stopped the whole import with an OverflowError."""
    start = int(NOW.timestamp() * 1000)
    log = [
        review(-62_135_596_800_000, 3, 1, 0),  # 1 January of year 1
        review(-1, 3, 1, 0),
        review(start, 3, -600, 0),
        review(start + 700_000, 3, 1, 0),
    ]
    planned = answers(log, AnkiClock(DAY_ZERO, NOW), v1_learning_buttons=False)
    assert [p.reviewed_at for p in planned] == [NOW, NOW + timedelta(seconds=700)]
    assert planned[0].before.state is CardState.NEW
    assert answers(log[:2], AnkiClock(DAY_ZERO, NOW), v1_learning_buttons=False) == ()
