"""Counts in words, the same in every message: "1 card", "2 cards", "12,580 answers"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from fibrolearn.domain.gentle import BacklogStatus
    from fibrolearn.domain.knowledge import DeckLoad, DeckUpdate
    from fibrolearn.domain.statistics import RevlogImport


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``count`` and ``word``, made plural (``plural``, else ``word`` + "s") unless it is 1."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def named_first(items: Sequence[str], shown: int, others: str) -> list[str]:
    """The first ``shown`` of ``items``, then the rest counted: ["a", "b", "3 other files"]."""
    rest = len(items) - shown
    return [*items[:shown], *([counted(rest, others)] if rest > 0 else [])]


def quoted_excerpt(value: str, longest: int = 40) -> str:
    """``value`` quoted as Python writes it, cut after ``longest`` characters, its length said.

    A message about a 5,000-digit number shows where it starts, not all of it.
    """
    if len(value) <= longest:
        return repr(value)
    return f"{value[:longest]!r}… ({len(value):,} characters)"


# Units for sizes of a megabyte and more, each a thousand times the one before.
_LARGE_UNITS = ("MB", "GB", "TB")


def size_words(size: int) -> str:
    """A size in bytes for people, the same everywhere (the app, the command line, messages).

    kB below a megabyte, rounded and at least 1 (a few bytes are not "0 kB"); then MB, GB or
    TB with one decimal, whichever keeps it below 1,000. Rounded half up, in whole numbers:
    9,950,000 bytes are "10.0 MB" (not "9.9 MB"), and 999,999,999 are "1.0 GB" (not "1000.0
    MB").
    """
    kilobytes = max(1, (size + 500) // 1000)
    if kilobytes < 1000:
        return f"{kilobytes} kB"
    for power, unit in enumerate(_LARGE_UNITS, start=2):
        scale = 1000**power
        tenths = (size * 10 + scale // 2) // scale
        if tenths < 10_000 or unit == _LARGE_UNITS[-1]:
            break
    return f"{tenths // 10:,}.{tenths % 10} {unit}"


def local_time_words(moment: datetime) -> str:
    """A moment in the learner's time zone, to the minute, as the command line says it.

    "2026-03-04 15:25": the time the learner's clock showed, in every message.
    """
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def listed(items: Sequence[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def media_kept_words(names: Sequence[str]) -> str:
    """Why no shared media file of the backups goes: files there that cannot be read.

    The backups' media no backup needs went no more, silently, while a file not a readable
    zip (named as a backup) sat in the folder: the disk filled slowly with nothing said.
    """
    if not names:
        return ""
    it, is_, them = ("it", "is", "it") if len(names) == 1 else ("they", "are", "them")
    return (
        f"{listed([f'“{name}”' for name in names])} cannot be read, so {it} might name any "
        f"shared media file: none is removed while {it} {is_} in the backups folder, even "
        f"those no backup needs. Move {them} elsewhere to let those go at the next backup."
    )


def deck_renamed_words(old: str, new: str, made: Sequence[str] = ()) -> str:
    """What a rename did: "Renamed “Zoo” to “Animals::Zoo”, under “Animals”, made for it."."""
    done = f"Renamed “{old}” to “{new}”"
    if not made:
        return f"{done}."
    decks = listed([f"“{name}”" for name in made])
    return f"{done}, and made {'the deck' if len(made) == 1 else 'the decks'} {decks} above it."


def revlog_import_summary(report: RevlogImport) -> str:
    """What importing a review log added and skipped, for the window and the command line."""
    text = f"Imported {counted(report.imported, 'answer')} about {counted(report.cards, 'card')}"
    if report.duplicates:
        verb = "was" if report.duplicates == 1 else "were"
        text += f"; {report.duplicates:,} already in your log {verb} skipped"
    text += "."
    if report.shared_ids:
        names = "names a card id" if report.shared_ids == 1 else "name card ids"
        text += (
            f" {counted(report.shared_ids, 'answer')} {names} this collection also uses: kept "
            "as history, so no card's schedule changed."
        )
    return text


def search_text_repaired_words(notes: int) -> str:
    """That opening repaired Browse's search text for ``notes`` notes first; "" for none."""
    if not notes:
        return ""
    return (
        "Another program or a failing disk had changed how your collection keeps Browse's "
        f"search text, so FibroLearn wrote it again for {counted(notes, 'note')} before "
        "updating the decks. Nothing you made changed."
    )


def deck_files_unread_words(unread: bool, repair: str) -> str:
    """That opening left the decks as they were, its record of deck files damaged; "" if not.

    ``repair`` says how the setting is set back to its default ("`fibrolearn check --repair`
    sets it back to its default").
    """
    if not unread:
        return ""
    return (
        "One of your collection's settings is damaged, so FibroLearn could not tell which of "
        "the decks it comes with you have, and did not look for newer versions of them. Your "
        f"decks are as they were. {repair}; no card or review is touched. The next start then "
        "looks for newer versions again, and brings back any of those decks you had deleted."
    )


def deck_update_words(updates: Iterable[DeckUpdate]) -> str:
    """What newer bundled decks changed, in a sentence or two each; "" when nothing did."""
    sentences = []
    for update in updates:
        changes = [
            _count(update.changed_notes, "note changed", "notes changed"),
            _count(update.added_cards, "new card", "new cards"),
            _count(update.retired_cards, "card retired", "cards retired"),
        ]
        said = [words for words in changes if words]
        if said:
            sentences.append(f"“{update.deck}” is now version {update.version}: {', '.join(said)}.")
        if update.retired_studied:
            # A note whose id the author changed comes back as a new note, to learn anew.
            studied = _count(update.retired_studied, "card retired was", "cards retired were")
            sentences.append(
                f"{studied} studied: the answers stay in your history, and a card that takes "
                "its place starts as new."
            )
        if update.kept_edits:
            notes = _count(update.kept_edits, "note you edited keeps", "notes you edited keep")
            sentences.append(f"{notes} your words where the deck changed them too.")
        if update.overwritten_edits:
            notes = _count(update.overwritten_edits, "note you edited", "notes you edited")
            sentences.append(f"{notes} changed kind and now read as the deck writes them.")
    return " ".join(sentences)


def deck_load_words(load: DeckLoad) -> str:
    """What loading a deck file did: a new deck, a newer version, or nothing to change."""
    named = f"“{load.title}”"
    if load.update is None and load.loaded_version is None:  # a deck new to the collection
        cards = f"{counted(load.added, 'card')} to study"
        if not load.added:
            cards = "it has no cards, as the file has no [[note]] tables"
        loaded = f"Loaded the deck {named}: {cards}."
        if load.title_taken is None:
            return loaded
        return (
            f"{loaded} Another deck is already called “{load.title_taken}”, so this one has a "
            "number: rename either as you like."
        )
    if load.update is None:
        if (load.loaded_version or 0) > load.version:
            return (
                f"{named} version {load.loaded_version} is loaded, newer than this file's "
                f"version {load.version}, so nothing changed."
            )
        return (
            f"{named} version {load.version} is already loaded, so nothing changed. To update "
            "the deck, raise the version number in the file and load it again."
        )
    return deck_update_words([load.update]) or f"{named} is now version {load.version}."


def deck_delete_question(name: str) -> str:
    """The question asked before a deck is deleted."""
    return f"Delete “{name}”?"


# Where the backup made before a deck is deleted is found and restored: in the app, and on
# the command line, whose learner may never have opened the app's menus.
BACKUPS_IN_APP = ("from File ▸ Backups", "in File ▸ Backups")
SUBDECKS_NAMED = 5  # a deck's delete question names this many of its subdecks, then counts


def backups_by_command(run: str) -> tuple[str, str]:
    """As ``BACKUPS_IN_APP``, on the command line.

    ``run``: the command to paste ("fibrolearn", with --data-dir for another folder).
    """
    return (f"with `{run} restore FILE`", f"the newest `{run} backups` lists")


def deck_delete_details(
    cards: int,
    studied: int,
    *,
    comes_with_app: bool = False,
    backups: tuple[str, str] = BACKUPS_IN_APP,
    subdecks: Sequence[str] = (),
) -> str:
    """What deleting a deck removes, what stays, and how to get it back, in plain sentences.

    Getting it back means restoring a backup of the whole collection: said so, so that no one
    restores a week later thinking only the deck comes back.

    ``studied``: how many of the ``cards`` have answers (those stay in the study history, as
    Anki keeps them); ``comes_with_app``: the deck came with FibroLearn (it will not come back
    by itself); ``backups``: where a backup is restored and found (``BACKUPS_IN_APP``);
    ``subdecks``: the names of the subdecks deleted with it (``cards`` counts theirs too).
    """
    what = counted(cards, "card")
    them = "them" if cards > 1 else "it"
    if cards == 0:
        removed = "It has no cards."
    elif studied == 0:
        removed = f"Its {what} will be removed; you have not studied {them} yet."
    else:
        which = them if studied == cards else f"the {studied:,} you have studied"
        removed = (
            f"Its {what} will be removed. Your answers to {which} stay in your study history, "
            "so Progress still counts them."
        )
    sentences = [
        removed,
        "Quiz results in this deck go with it.",
    ]
    if subdecks:
        shown = ", ".join(f"“{name}”" for name in subdecks[:SUBDECKS_NAMED])
        more = len(subdecks) - SUBDECKS_NAMED
        shown += f" and {more:,} more" if more > 0 else ""
        sentences[:0] = [
            f"Its {counted(len(subdecks), 'subdeck')} go with it: {shown}. The cards counted "
            "here are theirs too."
        ]
    sentences += [
        f"A backup is made first: restoring it {backups[0]} puts your whole collection back "
        "as it was just before.",
    ]
    if comes_with_app:
        sentences.append(
            "This deck came with FibroLearn: once deleted, it does not come back by itself, "
            "not even with a newer version of FibroLearn."
        )
    return " ".join(sentences)


def deck_deleted_words(
    name: str,
    cards: int,
    reviews: int,
    backups: tuple[str, str] = BACKUPS_IN_APP,
    subdecks: int = 0,
) -> str:
    """What deleting a deck (and ``subdecks``) removed, what stayed, and where the backup is."""
    kept = f" Your {counted(reviews, 'answer')} to them stay in Progress." if reviews else ""
    with_them = f" with its {counted(subdecks, 'subdeck')}" if subdecks else ""
    return (
        f"Deleted “{name}”{with_them}: {counted(cards, 'card')}.{kept} The backup made just before "
        f"is {backups[1]}."
    )


def backlog_plan_words(backlog: BacklogStatus) -> str:
    """A backlog plan in force, in a sentence: what is left of it and at what pace.

    Its days are the ones still needed for what is left (``BacklogStatus.days_left``), so a
    plan that ran past its days (a day without study) never promises a day already gone.
    A deck whose review limit lets fewer come a day than the plan's share says so, with the
    days that takes: "about 429 a day" was promised where the limit let 200 come.
    """
    waiting = counted(backlog.waiting, "older review")
    where = "(reviews a day: Tools ▸ Deck options)"
    if backlog.held_back and not backlog.review_limit:
        are = "is" if backlog.waiting == 1 else "are"
        return f"{waiting} {are} spread, but this deck lets no reviews come {where}."
    days = backlog.days_left or 0
    if days <= 1:
        return f"Spreading is nearly done: {waiting} left."
    if backlog.held_back:
        return (
            f"{waiting} are spread over {days} days: {backlog.pace:,} a day, the most this deck "
            f"lets come {where}, the ones you are most likely to forget first."
        )
    return (
        f"{waiting} are spread over {days} days: about {backlog.pace:,} a day, the ones you "
        "are most likely to forget first."
    )


def _count(number: int, one: str, many: str) -> str:
    if number == 0:
        return ""
    return f"{number:,} {one if number == 1 else many}"
