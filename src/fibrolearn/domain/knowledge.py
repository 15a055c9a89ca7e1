"""The knowledge model of a deck: factors, facts and the notes that teach them.

A deck file is parsed into a :class:`DeckDocument`. Quizzes are generated from its factors and
facts; its notes become flashcards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fibrolearn.domain.enums import Certainty, NoteKind


@dataclass(frozen=True, slots=True)
class DeckMeta:
    """Deck-level metadata.

    Attributes:
        key: Stable identifier of the deck (e.g. "fibromyalgia-causes").
        title: Human-readable name.
        version: Increases whenever the content changes; bundled decks update on a newer version.
        language: BCP 47 language tag.
        licence: SPDX identifier or free text.
        description: One paragraph about the deck.
        disclaimer: Shown with the deck (e.g. "not medical advice").
        synonyms: Groups of terms that mean the same ("norepinephrine", "noradrenaline"):
            typing any of a group answers a typed-recall question hiding another.
    """

    key: str
    title: str
    version: int = 1
    language: str = "en"
    licence: str = ""
    description: str = ""
    disclaimer: str = ""
    synonyms: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Factor:
    """A topic of the knowledge model, e.g. one causal factor.

    Attributes:
        key: Stable id, unique in the deck.
        name: Display name.
        summary: One sentence about the factor.
        links: Keys of factors this one interacts with (edges of the mastery map).
        umbrella: About the subject as a whole (what it is, how its factors connect), so
            every finding fits it: quizzes never offer it as a wrong answer or name it in a
            question whose answer it would give away.
    """

    key: str
    name: str
    summary: str = ""
    links: tuple[str, ...] = ()
    umbrella: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """A literature reference. Only confirmed details belong here."""

    title: str
    authors: str = ""
    year: int | None = None
    journal: str = ""
    doi: str = ""
    pmid: str = ""

    def citation(self) -> str:
        """A compact one-line citation."""
        parts = [p for p in (self.authors, f"({self.year})" if self.year else "", self.title) if p]
        text = " ".join(parts)
        if self.journal:
            text += f". {self.journal}"
        if self.doi:
            text += f". doi:{self.doi}"
        elif self.pmid:
            text += f". PMID {self.pmid}"
        return text


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the deck teaches.

    Attributes:
        key: Stable id, unique in the deck (e.g. "CS1").
        factor: Key of the factor it belongs to.
        claim: The fact in one plain sentence.
        finding: A short phrase naming the finding without naming its factor, used as a quiz
            option (e.g. "raised glutamate in pain-processing brain regions").
        certainty: How firmly its source states it.
        evidence_certainty: How firmly the literature establishes it, where that differs from
            how its source states it (an overstated claim); None where it does not.
        explanation: One paragraph shown on the answer side.
        evidence: Where the literature nuances or contradicts the claim; empty if it does not.
        references: Supporting literature.
        related: Keys of other factors the finding is also true of; the quiz generator never
            offers those factors as wrong answers for this fact.
    """

    key: str
    factor: str
    claim: str
    finding: str = ""
    certainty: Certainty = Certainty.SUPPORTED
    explanation: str = ""
    evidence: str = ""
    references: tuple[Reference, ...] = ()
    related: tuple[str, ...] = ()
    evidence_certainty: Certainty | None = None


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """A note as written in a deck file; it yields one or more cards.

    Attributes:
        key: Stable id, unique in the deck.
        kind: basic, reversed (two cards) or cloze (one card per deletion number).
        front: Question text (basic and reversed).
        back: Answer text (basic and reversed).
        text: Cloze text with ``{{c1::term}}`` or ``{{c1::term::hint}}`` deletions.
        extra: Extra text shown on the answer side of a cloze.
        facts: Keys of the facts this note teaches.
        tags: Free tags.
    """

    key: str
    kind: NoteKind
    front: str = ""
    back: str = ""
    text: str = ""
    extra: str = ""
    facts: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeckDocument:
    """A whole parsed deck file."""

    meta: DeckMeta
    factors: tuple[Factor, ...] = ()
    facts: tuple[Fact, ...] = ()
    notes: tuple[NoteSpec, ...] = ()
    factor_by_key: dict[str, Factor] = field(default_factory=dict, compare=False, repr=False)
    fact_by_key: dict[str, Fact] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.factor_by_key.update({f.key: f for f in self.factors})
        self.fact_by_key.update({f.key: f for f in self.facts})


@dataclass(frozen=True, slots=True)
class DeckUpdate:
    """What loading a newer version of a bundled deck changed, to tell the learner.

    Attributes:
        deck: The deck's title.
        version: The version now loaded.
        changed_notes: Notes rewritten, brought back, or retagged.
        added_cards: Cards the update added.
        retired_cards: Cards hidden because their note left the deck (history kept).
        retired_studied: Of those, the cards the learner had answered.
        kept_edits: Notes where the deck changed a field the learner had edited; the
            learner's words stay.
        overwritten_edits: Notes the learner had edited that changed to a kind with other
            fields (basic to cloze), so now read as the deck writes them.
    """

    deck: str
    version: int
    changed_notes: int = 0
    added_cards: int = 0
    retired_cards: int = 0
    retired_studied: int = 0
    kept_edits: int = 0
    overwritten_edits: int = 0


@dataclass(frozen=True, slots=True)
class DeckLoad:
    """What loading a deck file the learner chose did.

    Attributes:
        deck_id: The deck it loaded into.
        title: The deck's name: the file's title, the learner's name for it, or the title
            with a number where another deck already had it.
        version: The file's version.
        added: Cards of a deck new to the collection (0 for an update or no change).
        update: What a newer version changed in a deck loaded before; None for a new deck,
            or when the collection already had this version or a newer one.
        loaded_version: That version, when the file changed nothing.
        title_taken: The file's title, when another deck had it and this one got a number.
    """

    deck_id: int
    title: str
    version: int
    added: int = 0
    update: DeckUpdate | None = None
    loaded_version: int | None = None
    title_taken: str | None = None
