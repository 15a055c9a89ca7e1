"""The words the command line and the dialogs use for previews and reports."""

from __future__ import annotations

from fibrolearn.domain.words import counted
from fibrolearn.interop.values import ExportReport, ImportPreview, ImportReport, Skipped

# The rows a preview names as left out, above the options and the cards it shows, and those a
# screen reader is given to say of a report; the report shown names every one.
SKIPPED_NAMED = 10


def preview_lines(preview: ImportPreview) -> list[str]:
    """What an import would do, line by line."""
    lines = [
        f"From {preview.source_label}:",
        f"  {counted(preview.notes, 'note')} ({preview.new_notes:,} new, "
        f"{preview.existing_notes:,} already in your collection), {counted(preview.cards, 'card')}",
    ]
    if preview.answers_in_file is not None:
        lines.append(f"  {history_kept(preview)}")
    if preview.media_files:
        lines.append(f"  {counted(preview.media_files, 'media file')}")
    if preview.decks:
        lines.append(f"  into {counted(len(preview.decks), 'deck')}: {', '.join(preview.decks)}")
    if not preview.notes:
        lines.append(f"  {_nothing_to_import(preview)}")
    after = ", each named in the report after the import" if preview.notes else ""
    skipped = _skipped_lines(preview.skipped, SKIPPED_NAMED, after)
    return lines + skipped + _problem_lines(preview.problems)


def _nothing_to_import(preview: ImportPreview) -> str:
    """Why a file that brings no note cannot be imported (its Import button is not available)."""
    if preview.skipped:
        return "Nothing can be imported: every note in the file is left out, as said below."
    return (
        "Nothing can be imported: the file holds no notes. In Anki, export again the deck "
        "that holds your cards, or “All decks”."
    )


def empty_cards_notice(count: int) -> tuple[str, ...]:
    """The preview's word on the ``count`` cards the import would keep out of study."""
    if not count:
        return ()
    return (
        f"{cards_whose_note_lacks(count).capitalize()} will not come into study: empty in "
        "Anki (a cloze deletion removed, or a question left blank).",
    )


def cards_whose_note_lacks(count: int) -> str:
    """``count`` cards a file gives notes that do not make them, in words."""
    if count == 1:
        return "1 card that its note no longer has"
    return f"{counted(count, 'card')} that their notes no longer have"


def history_kept(preview: ImportPreview) -> str:
    """How many answers a package holds, and how many of them the import keeps."""
    held = preview.answers_in_file
    if not held:
        return "no answers of review history"
    if not preview.keeps_history:
        return (
            f"{counted(held, 'answer')} of review history, not kept: tick “Keep review history "
            "and scheduling” to keep them"
        )
    kept = "all" if preview.reviews >= held else f"{preview.reviews:,} of them"  # see problems
    return f"{counted(held, 'answer')} of review history, {kept} kept"


def report_lines(report: ImportReport, skipped_named: int | None = None) -> list[str]:
    """What an import did, line by line, naming every row left out or ``skipped_named``."""
    lines = [
        f"Imported from {report.source_label}.",
        f"Added {counted(report.added, 'note')} ({counted(report.cards_added, 'card')}), "
        f"updated {report.updated:,}, unchanged {report.unchanged:,}.",
    ]
    if report.kept_edits:
        lines.append(
            _edited_notes(report.kept_edits, "keep")
            + " your words where the import changed them too."
        )
    if report.lost_edits:
        lines.append(
            _edited_notes(report.lost_edits, "take")
            + " the file's fields: the file changed the kind of card, or has no place for a "
            "field you edited."
        )
    if report.reviews_added:
        lines.append(f"Review history: {counted(report.reviews_added, 'answer')} added.")
    if report.media_added or report.media_renamed:
        renamed = (
            f" ({report.media_renamed:,} renamed to avoid a clash)" if report.media_renamed else ""
        )
        lines.append(f"Media: {counted(report.media_added, 'file')} added{renamed}.")
    if report.decks_created:
        lines.append(f"New decks: {', '.join(report.decks_created)}.")
    skipped = _skipped_lines(report.skipped, skipped_named, ", each named in the report")
    return lines + skipped + _problem_lines(report.problems)


def export_lines(report: ExportReport) -> list[str]:
    """What an export wrote, line by line."""
    lines = [
        f"Exported {counted(report.notes, 'note')} ({counted(report.cards, 'card')}) "
        f"to {report.path}.",
    ]
    if report.reviews:
        lines.append(f"Review history: {counted(report.reviews, 'answer')}.")
    if report.media_files:
        lines.append(f"Media: {counted(report.media_files, 'file')}.")
    return lines + _skipped_lines(report.skipped)


def _edited_notes(count: int, verb: str) -> str:
    """The start of a sentence about notes the learner edited since the last import."""
    return (
        f"{counted(count, 'note')} you edited since the last import {verb}"
        f"{'s' if count == 1 else ''}"
    )


def _skipped_lines(
    skipped: tuple[Skipped, ...], named: int | None = None, rest: str = ""
) -> list[str]:
    """The lines naming what was left out, every one or the first ``named``.

    ``rest`` follows the count of those not named: where they are.
    """
    if not skipped:
        return []
    listed = skipped[:named]
    lines = [f"Skipped {len(skipped):,}:"] + [f"  {item.where}: {item.reason}" for item in listed]
    if len(listed) < len(skipped):
        lines.append(f"  and {len(skipped) - len(listed):,} more{rest}.")
    return lines


def _problem_lines(problems: tuple[str, ...]) -> list[str]:
    if not problems:
        return []
    return ["Worth knowing:"] + [f"  {problem}" for problem in problems]
