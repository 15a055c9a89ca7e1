"""Work out what importing an Anki package would write: notes, cards, history and media."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from operator import attrgetter
from pathlib import Path

from fibrolearn.content.cloze import cloze_numbers
from fibrolearn.domain.decks import clean_deck_name
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.review_log import ANKI_CARD_PREFIX, LoggedAnswer
from fibrolearn.domain.words import counted, listed, named_first
from fibrolearn.interop import anki_schedule
from fibrolearn.interop.anki_package import AnkiPackage, PackageMedia
from fibrolearn.interop.anki_reader import (
    AnkiCard,
    AnkiCollection,
    AnkiNote,
    AnkiNotetype,
    AnkiReview,
)
from fibrolearn.interop.anki_schedule import AnkiClock
from fibrolearn.interop.html_text import plain_or_none
from fibrolearn.interop.media import note_type_renamed, rename_references, unique_names
from fibrolearn.interop.note_types import BuiltinShape, anki_note_type, builtin_shape
from fibrolearn.interop.template import TemplateError, parse, template_problems
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ImportOptions,
    ImportPlan,
    MediaFile,
    NoteTypeSpec,
    OrphanReview,
    PlannedCard,
    PlannedNote,
    Skipped,
)

_DEFAULT_DECK_ID = 1


def plan_anki_import(
    package: AnkiPackage, collection: AnkiCollection, options: ImportOptions, now: datetime
) -> ImportPlan:
    """The import plan for a package whose collection has been read."""
    return _Planner(package, collection, options, now).plan()


class _Planner:
    def __init__(
        self,
        package: AnkiPackage,
        collection: AnkiCollection,
        options: ImportOptions,
        now: datetime,
    ) -> None:
        self.package = package
        self.collection = collection
        self.options = options
        self.clock = AnkiClock(collection.created, now)
        self.skipped: list[Skipped] = []
        self.problems: list[str] = []
        self.used_types: dict[str, NoteTypeSpec] = {}
        self.rendered_types: set[str] = set()  # those of template notes: their templates checked
        self.unreadable_types: dict[int, str] = {}
        self.media_names = unique_names(m.name for m in package.media)
        self.renamed = {old: new for old, new in self.media_names.items() if old != new}
        self.specs = {
            nid: note_type_renamed(anki_note_type(nt), self.renamed)
            for nid, nt in collection.notetypes.items()
        }
        self.shapes = {nid: builtin_shape(spec) for nid, spec in self.specs.items()}
        self.deck_names: dict[int, str] = {}
        # The deck the learner chose for every card, cleaned once rather than for each card.
        self.chosen_deck = clean_deck_name(options.deck) if options.deck else None
        self.untimed_answers = 0  # left out of the history for their corrupt times
        # Cards left out for a number no card of their note can have, by note.
        self.impossible_cards: dict[int, int] = {}
        # Cards left out with their notes, or for their numbers: their answers have no card.
        self.left_out_cards: set[int] = set()
        self.left_out_answers = 0  # kept in the history without a card
        self.flags: Counter[int] = Counter()  # the flags of the cards brought in, by number
        self.reviews_by_card = defaultdict(list)
        for review in collection.reviews:
            self.reviews_by_card[review.card_id].append(review)

    def plan(self) -> ImportPlan:
        cards_by_note: dict[int, list[AnkiCard]] = defaultdict(list)
        for card in self.collection.cards:
            cards_by_note[card.note_id].append(card)
        notes: list[PlannedNote] = []
        guids: set[str] = set()
        for note in self.collection.notes:
            cards = sorted(cards_by_note.pop(note.id, ()), key=_ordinal)
            if note.guid and note.guid in guids:  # before its cards' history is read
                self._skip(note, "another note in the package has the same guid", cards)
                continue
            planned = self._note(note, cards)
            if planned is None:
                continue
            guids.add(note.guid)
            notes.append(planned)
        for note_id, cards in cards_by_note.items():  # the cards of notes not in the package
            for card in cards:
                self.skipped.append(
                    Skipped(f"Anki card {card.id}", f"its note {note_id} is not in the package")
                )
                self.left_out_cards.add(card.id)
        orphans, orphan_resets = self._orphan_history()
        if self.untimed_answers:
            self.problems.append(
                f"{counted(self.untimed_answers, 'answer')} of the review history left out: "
                "dated before 1970 or more than a day ahead, which cannot be right."
            )
        if self.impossible_cards:
            left_out = sum(self.impossible_cards.values())
            ids = [str(note_id) for note_id in self.impossible_cards]
            named = listed(named_first(ids, 3, "other"))
            self.problems.append(
                f"{counted(left_out, 'card')} of Anki note{'s' if len(ids) > 1 else ''} "
                f"{named} left out: {_IMPOSSIBLE} (as Anki's Check Database removes such cards)."
            )
        if self.left_out_answers:
            self.problems.append(_kept_without_a_card(self.left_out_answers))
        if self.flags:
            self.problems.append(_flags_not_kept(self.flags))
        if self.renamed:
            self.problems.append(
                f"{len(self.renamed)} media file name(s) were changed to be valid on every "
                "system; the cards refer to the new names."
            )
        return ImportPlan(
            source_label=self.package.label,
            notes=tuple(notes),
            note_types=tuple(self.used_types.values()),
            media=tuple(self._media_file(media) for media in self.package.media),
            orphan_reviews=orphans,
            orphan_resets=orphan_resets,
            skipped=tuple(self.skipped),
            problems=tuple(self.problems),
            answers_in_file=self.collection.answers,
        )

    # ------------------------------------------------------------------ notes
    def _note(self, note: AnkiNote, cards: list[AnkiCard]) -> PlannedNote | None:
        notetype = self.collection.notetypes.get(note.notetype_id)
        if notetype is None:
            return self._skip(
                note, f"its note type {note.notetype_id} is not in the package", cards
            )
        if notetype.image_occlusion:
            return self._skip(note, "image occlusion notes are not supported", cards)
        if not note.guid:
            return self._skip(note, "it has no guid", cards)
        possible = _possible_cards(notetype, cards)
        if not possible:
            return self._skip(note, "it has no cards" if not cards else _NO_POSSIBLE_CARD, cards)
        if len(possible) < len(cards):
            self.impossible_cards[note.id] = len(cards) - len(possible)
            self.left_out_cards.update(card.id for card in cards if card not in possible)
        cards = possible
        unreadable = self._unreadable(notetype)
        if unreadable:
            return self._skip(note, unreadable, cards)
        values = list(note.fields)
        if self.renamed:
            values = [rename_references(value, self.renamed) for value in values]
        values += [""] * (len(notetype.fields) - len(values))
        kind, fields, type_key, origin_key = self._content(notetype, values, cards)
        for card in cards:  # a loop: Counter.update(generator) took 3 µs a note, flags or not
            if card.flags & _FLAG_BITS:
                self.flags[card.flags & _FLAG_BITS] += 1
        planned_cards = tuple(
            [self._card(card, self._deck_name(card), kind, notetype) for card in cards]
        )
        return PlannedNote(
            where=f"Anki note {note.id}",
            key=f"anki-{note.guid}",
            guid=note.guid,
            kind=kind,
            fields=fields,
            tags=note.tags,
            deck=planned_cards[0].deck,
            note_type_key=type_key,
            origin_type_key=origin_key,
            cards=planned_cards,
        )

    def _skip(self, note: AnkiNote, reason: str, cards: list[AnkiCard]) -> None:
        """Leave the note out with its ``cards``, saying why; their answers stay in history."""
        self.skipped.append(Skipped(f"Anki note {note.id}", reason))
        self.left_out_cards.update(card.id for card in cards)

    def _unreadable(self, notetype: AnkiNotetype) -> str | None:
        if notetype.id not in self.unreadable_types:
            reason = ""
            if not notetype.templates:
                reason = f"its note type “{notetype.name}” has no card templates"
            for name, front, back in notetype.templates:
                try:
                    parse(front)
                    parse(back)
                except TemplateError as error:
                    reason = f"template “{name}” of its note type cannot be read: {error}"
            self.unreadable_types[notetype.id] = reason
        return self.unreadable_types[notetype.id] or None

    def _content(
        self, notetype: AnkiNotetype, values: list[str], cards: list[AnkiCard]
    ) -> tuple[str, dict[str, str], str | None, str | None]:
        """The note's kind and fields, its note type's key, and the key of the one it came from.

        A note FibroLearn's own kinds hold keeps its Anki note type as its origin, for an
        export to give it back (it is never rendered, so its templates are not checked).
        """
        spec = self.specs[notetype.id]
        self.used_types.setdefault(spec.key, spec)
        shape = self.shapes[notetype.id]
        if shape is not None:
            builtin = _builtin_fields(shape, values, cards)
            if builtin is not None:
                return str(shape.kind), builtin, None, spec.key
        if spec.key not in self.rendered_types:
            self.rendered_types.add(spec.key)
            self.problems.extend(template_problems(spec))
        fields = dict(zip(notetype.fields, values, strict=False))
        return TEMPLATE_KIND, fields, spec.key, None

    def _deck_name(self, card: AnkiCard) -> str:
        if self.chosen_deck is not None:
            return self.chosen_deck
        deck_id = card.original_deck_id or card.deck_id  # a filtered deck's card goes home
        name = self.deck_names.get(deck_id)
        if name is None:
            name = clean_deck_name(self.collection.decks.get(deck_id, ""))
            if deck_id == _DEFAULT_DECK_ID or not name:
                name = clean_deck_name(Path(self.package.archive.path.name).stem)
            self.deck_names[deck_id] = name
        return name

    # ------------------------------------------------------------------ cards
    def _card(self, card: AnkiCard, deck: str, kind: str, notetype: AnkiNotetype) -> PlannedCard:
        ordinal = card.ordinal + 1 if notetype.cloze else card.ordinal
        new_order = card.original_due if card.original_deck_id else card.due
        if not self.options.with_history:
            return PlannedCard(
                ordinal=ordinal,
                deck=deck,
                suspended=anki_schedule.is_suspended(card),
                new_order=new_order if card.type == 0 else 0,
            )
        reviews = self.reviews_by_card.get(card.id, [])
        history = self._history(reviews)
        last_answer = history[-1].reviewed_at if history else None
        state, estimated = anki_schedule.memory_state(card, self.clock, last_answer)
        return PlannedCard(
            ordinal=ordinal,
            deck=deck,
            suspended=anki_schedule.is_suspended(card),
            buried=anki_schedule.is_buried(card),
            new_order=new_order if card.type == 0 else 0,
            state=state,
            memory_estimated=estimated,
            history=history,
            source=f"{ANKI_CARD_PREFIX}{card.id}",
            resets=anki_schedule.resets(reviews, self.clock),
        )

    def _orphan_history(
        self,
    ) -> tuple[tuple[OrphanReview, ...], tuple[tuple[str, datetime], ...]]:
        """History without a card: answers to cards the package lacks or leaves out, resets.

        They count in statistics only (and the resets for the optimizer, which starts each
        card's history after its latest one); answers to cards left out are counted for the
        report.
        """
        known = {card.id for card in self.collection.cards} - self.left_out_cards
        orphans: list[OrphanReview] = []
        resets: list[tuple[str, datetime]] = []
        for card_id, reviews in self.reviews_by_card.items():
            if card_id in known:
                continue
            history = self._history(reviews)
            if card_id in self.left_out_cards:
                self.left_out_answers += len(history)
            name = f"{ANKI_CARD_PREFIX}{card_id}"
            orphans += [OrphanReview(name, review) for review in history]
            resets += [(name, moment) for moment in anki_schedule.resets(reviews, self.clock)]
        return tuple(orphans), tuple(resets)

    def _history(self, reviews: list[AnkiReview]) -> tuple[LoggedAnswer, ...]:
        """A card's answers, counting those left out for their times."""
        self.untimed_answers += anki_schedule.untimed_answers(reviews, self.clock)
        return anki_schedule.answers(
            reviews, self.clock, v1_learning_buttons=self.collection.scheduler_version == 1
        )

    # ------------------------------------------------------------------ media
    def _media_file(self, media: PackageMedia) -> MediaFile:
        archive = self.package.archive

        def save(target: Path) -> None:
            archive.copy_to(media.member, target, zstd=media.compressed)

        return MediaFile(
            name=self.media_names[media.name], original=media.name, size=media.size, save=save
        )


# Cloze numbers have at most 18 digits (content.cloze): a card's ordinal is a 64-bit integer.
_MOST_CLOZES = 10**18 - 1
_IMPOSSIBLE = "numbered below zero, past their note type's cards, or as another card already"
_NO_POSSIBLE_CARD = f"its cards are all {_IMPOSSIBLE.replace('their', 'its')}"


# Anki's card flags: a number in the lowest three bits of cards.flags, named by its colour.
_FLAG_BITS = 0b111
_FLAG_COLOURS = ("red", "orange", "green", "blue", "pink", "turquoise", "purple")


def _flags_not_kept(flags: Counter[int]) -> str:
    """The flags the learner gave cards in Anki, which FibroLearn has no place for, in words."""
    colours = [(_FLAG_COLOURS[flag - 1], count) for flag, count in sorted(flags.items())]
    if len(colours) == 1:
        shown = colours[0][0]
    else:
        shown = listed([f"{count:,} {colour}" for colour, count in colours])
    total = flags.total()
    without = "comes in without its flag" if total == 1 else "come in without their flags"
    return f"{counted(total, 'card')} flagged in Anki ({shown}) {without}: FibroLearn has no flags."


def _kept_without_a_card(answers: int) -> str:
    """The answers to cards an import left out, kept in the history, in words."""
    if answers == 1:
        return (
            "1 answer to a card left out is kept in the review history without a card; it "
            "counts in your statistics."
        )
    return (
        f"{counted(answers, 'answer')} to cards left out are kept in the review history "
        "without a card; they count in your statistics."
    )


def _possible_cards(notetype: AnkiNotetype, cards: list[AnkiCard]) -> list[AnkiCard]:
    """The note's cards whose numbers a card of it can have, the first of each number.

    A number below zero, past a standard note type's templates, or taken twice, only a
    damaged collection holds; written, such a card reads back as damage when studied.
    """
    possible: dict[int, AnkiCard] = {}
    for card in cards:
        if 0 <= card.ordinal < (_MOST_CLOZES if notetype.cloze else len(notetype.templates)):
            possible.setdefault(card.ordinal, card)
    return list(possible.values())


_ordinal = attrgetter("ordinal")  # in C: a function of our own cost a call for every card


def _builtin_fields(
    shape: BuiltinShape, values: list[str], cards: list[AnkiCard]
) -> dict[str, str] | None:
    """The note as FibroLearn's own kind, or None when that would lose something."""
    first = plain_or_none(values[shape.first])
    second = "" if shape.second is None else plain_or_none(values[shape.second])
    if first is None or second is None:
        return None
    if shape.kind is NoteKind.CLOZE:
        if not {card.ordinal + 1 for card in cards} <= set(cloze_numbers(first)):
            return None  # deletions FibroLearn's cloze syntax does not see (nested ones)
        return {"front": "", "back": "", "text": first, "extra": second}
    return {"front": first, "back": second, "text": "", "extra": ""}
