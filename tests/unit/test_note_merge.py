"""The three-way merge that keeps the learner's edits when a note's source changes."""

from __future__ import annotations

from fibrolearn.domain.note_merge import NoteVersion, merge_note, merge_tags

BASE = NoteVersion({"Front": "Serotonin", "Back": "mood", "Extra": ""}, "fibro sleep")


def test_without_a_base_the_source_is_taken_whole() -> None:
    mine = NoteVersion({"Front": "mine", "Back": "mine"}, "mytag")
    theirs = NoteVersion({"Front": "new", "Back": "new"}, "theirs")

    merged = merge_note(mine, None, theirs)

    assert (merged.fields, merged.tags, merged.kept_edit) == (dict(theirs.fields), "theirs", False)


def test_each_field_takes_the_side_that_changed_it() -> None:
    mine = NoteVersion({**BASE.fields, "Back": "mood and pain"}, BASE.tags)
    theirs = NoteVersion({**BASE.fields, "Front": "Serotonin (5-HT)"}, BASE.tags)

    merged = merge_note(mine, BASE, theirs)

    assert merged.fields == {"Front": "Serotonin (5-HT)", "Back": "mood and pain", "Extra": ""}
    assert not merged.kept_edit  # nothing the source changed was overruled


def test_a_field_both_changed_keeps_the_learners_words_and_says_so() -> None:
    mine = NoteVersion({**BASE.fields, "Back": "my words"}, BASE.tags)
    theirs = NoteVersion({**BASE.fields, "Back": "the source's words"}, BASE.tags)

    merged = merge_note(mine, BASE, theirs)

    assert merged.fields["Back"] == "my words"
    assert merged.kept_edit


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    mine = NoteVersion({**BASE.fields, "Back": "same"}, BASE.tags)
    theirs = NoteVersion({**BASE.fields, "Back": "same"}, BASE.tags)

    merged = merge_note(mine, BASE, theirs)

    assert merged.fields["Back"] == "same" and not merged.kept_edit


def test_the_fields_are_the_sources_even_when_it_adds_or_drops_one() -> None:
    theirs = NoteVersion({"Front": "Serotonin", "Back": "mood", "Source": "a review"}, BASE.tags)

    merged = merge_note(BASE, BASE, theirs)

    assert merged.fields == {"Front": "Serotonin", "Back": "mood", "Source": "a review"}


def test_tags_keep_the_learners_and_take_the_sources_changes_ignoring_case() -> None:
    assert merge_tags("fibro sleep mine", "fibro sleep", "Fibro pain") == "fibro mine pain"
    assert merge_tags("fibro", "fibro sleep", "fibro sleep") == "fibro"  # the learner removed one
    assert merge_tags("A a b", "", "B c") == "A b c"  # each tag once, first spelling kept


def test_an_edit_to_a_field_the_source_dropped_is_reported_lost() -> None:
    mine = NoteVersion({**BASE.fields, "Extra": "my aside"}, BASE.tags)
    theirs = NoteVersion({"Front": "Serotonin", "Back": "mood"}, BASE.tags)

    merged = merge_note(mine, BASE, theirs)

    assert merged.fields == {"Front": "Serotonin", "Back": "mood"}
    assert merged.lost_edit and not merged.kept_edit


def test_a_dropped_field_the_learner_never_touched_loses_nothing() -> None:
    mine = NoteVersion({**BASE.fields, "Back": "my words"}, BASE.tags)
    theirs = NoteVersion({"Front": "Serotonin", "Back": "mood"}, BASE.tags)

    assert not merge_note(mine, BASE, theirs).lost_edit
