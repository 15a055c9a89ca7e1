"""Read and validate deck files (the TOML format of docs/deck-format.md).

A deck is checked as a whole and every problem is reported at once, each with the line it is
on, in words an author can act on: fixing one typo per run would be tedious.
"""

from __future__ import annotations

import codecs
import re
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fibrolearn.content.cloze import deletions, malformed_fragments
from fibrolearn.content.deck_table import ID, WHOLE_NUMBERS, DeckTable
from fibrolearn.content.grading import normalize
from fibrolearn.content.toml_lines import TableLines, scan
from fibrolearn.content.toml_syntax import plain_reason, unclosed_text_line
from fibrolearn.domain.enums import Certainty, NoteKind
from fibrolearn.domain.knowledge import DeckDocument, DeckMeta, Fact, Factor, NoteSpec, Reference
from fibrolearn.domain.words import size_words

FORMAT = 1
MAX_DECK_BYTES = 10_000_000  # decks are text; anything bigger is not a deck

_DECK_KEYS = (
    "format",
    "id",
    "title",
    "version",
    "language",
    "licence",
    "description",
    "disclaimer",
    "synonyms",
)
_FACTOR_KEYS = ("id", "name", "summary", "links", "umbrella")
_FACT_KEYS = (
    "id",
    "factor",
    "claim",
    "finding",
    "certainty",
    "evidence_certainty",
    "explanation",
    "evidence",
    "related",
    "reference",
)
_REFERENCE_KEYS = ("title", "authors", "year", "journal", "doi", "pmid")
_NOTE_KEYS = ("id", "kind", "front", "back", "text", "extra", "facts", "tags")
_TOP_KEYS = ("deck", "factor", "fact", "note")

_DECK_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# A BCP 47 language tag in its common shape: a language, then region, script or variant parts.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
_SYNTAX_AT = re.compile(r" \(at line (\d+), column (\d+)\)\Z")
_SYNTAX_AT_END = " (at end of document)"
# A deck nests two levels at most (synonyms: a list of lists); the TOML reader gives up
# at some hundreds.
_DEEPEST_NESTING = 100
_NESTED_TOO_DEEPLY = (
    "lists or tables are nested inside one another too deeply to read (a deck needs two "
    "levels at most); a bracket may be repeated by mistake"
)


@dataclass(frozen=True, slots=True)
class DeckProblem:
    """One thing wrong with a deck file.

    Attributes:
        source: The file (or other source) the deck came from.
        line: The 1-based line the problem is on, or None when it concerns the whole file.
        message: What is wrong, in plain language.
    """

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


class DeckFileError(ValueError):
    """A deck file cannot be used; ``problems`` says everything that is wrong with it."""

    def __init__(self, problems: Sequence[DeckProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def parse_deck(text: str, source: str = "<deck>") -> DeckDocument:
    """Parse and validate the text of a deck file.

    Args:
        text: The TOML text.
        source: Where the text came from, used in problem reports.

    Raises:
        DeckFileError: With every problem found, sorted by line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DeckFileError([_syntax_problem(str(error), text, source)]) from None
    except RecursionError:  # tomllib reads nested lists and tables by recursing
        raise DeckFileError([_nesting_problem(text, source)]) from None
    except ValueError:  # from int(), which tomllib lets through: a number too long to convert
        raise DeckFileError([_long_number_problem(text, source)]) from None
    reader = _DeckReader(source, scan(text))
    document = reader.read(data)
    if reader.problems:
        # None (whole-file problems) sorts first; sorting is stable, so ties keep their order.
        lines = sorted(reader.problems, key=lambda problem: problem.line or 0)
        raise DeckFileError(lines)
    return document


def load_deck(path: Path) -> DeckDocument:
    """Read, parse and validate the deck file at ``path``.

    Raises:
        DeckFileError: If the file cannot be read or is not a valid deck.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            most = size_words(MAX_DECK_BYTES)
            message = f"the file is too large ({size_words(size)}; a deck may have at most {most})"
            raise DeckFileError([DeckProblem(source, None, message)])
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise DeckFileError(
            [DeckProblem(source, None, f"cannot read the file: {reason}")]
        ) from None
    data = data.removeprefix(codecs.BOM_UTF8)  # some Windows editors start files with one
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = DeckProblem(source, line, "the file is not valid UTF-8 text")
        raise DeckFileError([problem]) from None
    return parse_deck(text, source)


def check_deck(path: Path) -> list[DeckProblem]:
    """Every problem of the deck file at ``path``; empty when it is a valid deck."""
    try:
        load_deck(path)
    except DeckFileError as error:
        return list(error.problems)
    return []


def _syntax_problem(message: str, text: str, source: str) -> DeckProblem:
    if match := _SYNTAX_AT.search(message):
        line = int(match[1])
        reason = plain_reason(message[: match.start()], text.split("\n")[line - 1])
        return DeckProblem(source, line, f"TOML syntax error: {reason} (column {match[2]})")
    reason = message.removesuffix(_SYNTAX_AT_END)
    if unclosed := unclosed_text_line(reason, text):
        line, words = unclosed
        return DeckProblem(source, line, f"TOML syntax error: {words}")
    return DeckProblem(
        source, text.count("\n") + 1, f"TOML syntax error: {reason} (at the end of the file)"
    )


def _nesting_problem(text: str, source: str) -> DeckProblem:
    """Lists or tables nested past what the TOML reader can follow, on the line they get there.

    Brackets are counted as they come, inside strings too: enough for a line to look at, and
    only counted once the reader has given up.
    """
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > _DEEPEST_NESTING:
                break
        else:
            continue
        return DeckProblem(source, number, _NESTED_TOO_DEEPLY)
    return DeckProblem(source, None, _NESTED_TOO_DEEPLY)


def _long_number_problem(text: str, source: str) -> DeckProblem:
    """A whole number with more digits than Python converts, on the line of the first one."""
    limit = sys.get_int_max_str_digits()
    message = f"a number has more than {limit:,} digits, too many to read"
    found = re.search(rf"[0-9](?:_?[0-9]){{{limit},}}", text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    return DeckProblem(source, line, message)


class _DeckReader:
    """Checks parsed TOML against the deck format and builds the document."""

    def __init__(self, source: str, lines: TableLines) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[DeckProblem] = []
        self._id_lines: dict[tuple[str, str], int | None] = {}

    def report(self, line: int | None, message: str) -> None:
        """Record a problem."""
        self.problems.append(DeckProblem(self.source, line, message))

    def claim_id(self, kind: str, key: str, line: int | None) -> None:
        """Note that ``key`` is used by a ``kind`` entry; report it if already taken."""
        first = self._id_lines.setdefault((kind, key), line)
        if first != line:
            where = f"first defined on line {first}" if first else "defined twice"
            self.report(line, f'duplicate {kind} id "{key}" ({where})')

    def read(self, data: dict[str, Any]) -> DeckDocument:
        """Check everything and build the document (only meaningful without problems)."""
        deck = self._deck_table(data)
        version = deck.data.get("format") if deck else None
        # A number too large is reported with the other problems (``DeckTable.integer``).
        if deck and type(version) is int and version in WHOLE_NUMBERS and version != FORMAT:
            # Another format's keys would all look wrong here; say only what matters.
            message = f"unsupported format {version} (this FibroLearn reads format {FORMAT})"
            deck.problem("format", message)
            return DeckDocument(DeckMeta(key="", title=""))
        DeckTable(self, data, "", self.lines).unknown_keys(_TOP_KEYS, where="at the top level")
        meta = self._meta(deck)
        factors = self._factors(self._entries(data, "factor"))
        facts = self._facts(self._entries(data, "fact"), factors)
        notes = self._notes(self._entries(data, "note"), facts)
        return DeckDocument(
            meta=meta,
            factors=tuple(factor for factor, _ in factors),
            facts=tuple(fact for fact, _ in facts),
            notes=notes,
        )

    def _deck_table(self, data: dict[str, Any]) -> DeckTable | None:
        deck = data.get("deck")
        if deck is None:
            self.report(None, "the [deck] table is missing")
            return None
        if not isinstance(deck, dict):
            self.report(self.lines.key_line("deck"), '"deck" must be a table: write [deck]')
            return None
        return DeckTable(self, deck, "[deck]", self.lines.table("deck"))

    def _meta(self, deck: DeckTable | None) -> DeckMeta:
        if deck is None:
            return DeckMeta(key="", title="")
        deck.unknown_keys(_DECK_KEYS)
        deck.integer("format", required=True)
        key = deck.text("id", required=True, empty_ok=False)
        if key.strip() and not _DECK_ID.match(key):
            deck.problem("id", f'[deck]: id "{key}" may use only lower-case letters, digits and -')
        title = deck.text("title", required=True, empty_ok=False)
        version = deck.integer("version", required=True)
        if version is not None and version < 1:
            deck.problem("version", '[deck]: "version" must be 1 or more')
        language = deck.text("language") or "en"
        if not _LANGUAGE_TAG.match(language):
            deck.problem(
                "language",
                f'[deck]: language "{language}" is no language tag, such as "en" or "pt-BR"',
            )
        return DeckMeta(
            key=key,
            title=title,
            version=version or 1,
            language=language,
            licence=deck.text("licence"),
            description=deck.text("description"),
            disclaimer=deck.text("disclaimer"),
            synonyms=deck.term_groups("synonyms"),
        )

    def _entries(self, data: dict[str, Any], kind: str) -> list[DeckTable]:
        """The ``[[kind]]`` tables, each labelled by its id (or its position without one)."""
        value = data.get(kind, [])
        message = f'"{kind}" must be written as [[{kind}]] tables'
        if not isinstance(value, list):
            self.report(self.lines.key_line(kind), message)
            return []
        entries: list[DeckTable] = []
        for index, entry in enumerate(value):
            lines = self.lines.element(kind, index)
            if not isinstance(entry, dict):
                self.report(lines.line, message)
                continue
            key = entry.get("id")
            valid = isinstance(key, str) and ID.match(key)
            label = f'{kind} "{key}"' if valid else f"{kind} #{index + 1}"
            entries.append(DeckTable(self, entry, label, lines))
        return entries

    def _factors(self, entries: list[DeckTable]) -> list[tuple[Factor, DeckTable]]:
        factors: list[tuple[Factor, DeckTable]] = []
        names: dict[str, Factor] = {}
        for entry in entries:
            entry.unknown_keys(_FACTOR_KEYS)
            factor = Factor(
                key=entry.ident("factor"),
                name=entry.text("name", required=True, empty_ok=False),
                summary=entry.text("summary"),
                links=entry.text_list("links", "factor ids"),
                umbrella=entry.flag("umbrella"),
            )
            if normalize(factor.name) and (same := names.get(normalize(factor.name))):
                where = self._defined_at("factor", same.key)
                entry.problem("name", f'{entry.label}: same name as factor "{same.key}"{where}')
            names.setdefault(normalize(factor.name), factor)
            factors.append((factor, entry))
        self._check_links(factors)
        return factors

    def _check_links(self, factors: list[tuple[Factor, DeckTable]]) -> None:
        known = {factor.key for factor, _ in factors}
        listed: set[frozenset[str]] = set()
        for factor, entry in factors:
            for other in factor.links:
                edge = frozenset((factor.key, other))
                if other not in known:
                    entry.problem("links", f'{entry.label}: links to unknown factor "{other}"')
                elif other == factor.key:
                    entry.problem("links", f"{entry.label}: links to itself")
                elif edge in listed:
                    message = f'{entry.label}: the link with "{other}" is listed twice'
                    entry.problem("links", message + " (links go both ways; list each once)")
                listed.add(edge)

    def _facts(
        self, entries: list[DeckTable], factors: list[tuple[Factor, DeckTable]]
    ) -> list[tuple[Fact, DeckTable]]:
        factor_keys = {factor.key for factor, _ in factors}
        facts: list[tuple[Fact, DeckTable]] = []
        findings: dict[str, Fact] = {}
        for entry in entries:
            entry.unknown_keys(_FACT_KEYS)
            key = entry.ident("fact")
            factor = entry.text("factor", required=True, empty_ok=False)
            if factor.strip() and factor not in factor_keys:
                entry.problem("factor", f'{entry.label}: unknown factor "{factor}"')
            claim = entry.text("claim", required=True, empty_ok=False)
            finding = self._finding(entry, needed=len(factors) >= 2)
            if normalize(finding) and (same := findings.get(normalize(finding))):
                where = self._defined_at("fact", same.key)
                entry.problem("finding", f'{entry.label}: same finding as fact "{same.key}"{where}')
            certainty = entry.choice("certainty")
            judged = (
                entry.choice("evidence_certainty") if "evidence_certainty" in entry.data else ""
            )
            related = entry.text_list("related", "factor ids")
            entry.listed_once("related", related, "related factor")
            for other in related:
                if other == factor:
                    entry.problem("related", f'{entry.label}: "related" repeats its own factor')
                elif other not in factor_keys:
                    entry.problem("related", f'{entry.label}: unknown related factor "{other}"')
            fact = Fact(
                key=key,
                factor=factor,
                claim=claim,
                finding=finding,
                certainty=Certainty(certainty) if certainty else Certainty.SUPPORTED,
                explanation=entry.text("explanation"),
                evidence=entry.text("evidence"),
                references=self._references(entry),
                related=related,
                evidence_certainty=Certainty(judged) if judged else None,
            )
            findings.setdefault(normalize(finding), fact)
            facts.append((fact, entry))
        return facts

    def _finding(self, entry: DeckTable, *, needed: bool) -> str:
        if needed and "finding" not in entry.data:
            entry.problem(
                None, f'{entry.label} is missing "finding" (needed with two or more factors)'
            )
            return ""
        return entry.text("finding", empty_ok=not needed)

    def _references(self, fact: DeckTable) -> tuple[Reference, ...]:
        value = fact.data.get("reference", [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            fact.problem(
                "reference", f"{fact.label}: write references as [[fact.reference]] tables"
            )
            return ()
        references: list[Reference] = []
        for index, data in enumerate(value):
            lines = fact.lines.element("reference", index)
            entry = DeckTable(self, data, f"{fact.label}, reference {index + 1}", lines)
            entry.unknown_keys(_REFERENCE_KEYS)
            title = data.get("title")
            if not isinstance(title, str) or not title.strip():
                entry.problem("title", f"{fact.label}: reference {index + 1} has no title")
                title = ""
            pmid = data.get("pmid", "")
            if type(pmid) is not int and not isinstance(pmid, str):
                entry.problem("pmid", f'{entry.label}: "pmid" must be text or a whole number')
                pmid = ""
            references.append(
                Reference(
                    title=title,
                    authors=entry.text("authors"),
                    year=entry.integer("year"),
                    journal=entry.text("journal"),
                    doi=entry.text("doi"),
                    pmid=str(pmid),
                )
            )
        return tuple(references)

    def _notes(
        self, entries: list[DeckTable], facts: list[tuple[Fact, DeckTable]]
    ) -> tuple[NoteSpec, ...]:
        fact_keys = {fact.key for fact, _ in facts}
        notes: list[NoteSpec] = []
        for entry in entries:
            entry.unknown_keys(_NOTE_KEYS)
            key = entry.ident("note")
            kind = self._note_kind(entry)
            front, back, text, extra = self._note_texts(entry, kind)
            taught = entry.text_list("facts", "fact ids")
            entry.listed_once("facts", taught, "fact")
            for fact in taught:
                if fact not in fact_keys:
                    entry.problem("facts", f'{entry.label}: teaches unknown fact "{fact}"')
            # A "facts" of the wrong type is reported above; saying it teaches nothing adds noise.
            if fact_keys and not taught and isinstance(entry.data.get("facts", []), list):
                message = f'{entry.label}: teaches no fact (list the ids it teaches in "facts")'
                entry.problem("facts" if "facts" in entry.data else None, message)
            tags = entry.text_list("tags", "tags")
            entry.listed_once("tags", tags, "tag", cased=False)
            for tag in tags:
                if not tag or tag.split() != [tag]:
                    entry.problem("tags", f'{entry.label}: tag "{tag}" must be one word')
            notes.append(NoteSpec(key, kind, front, back, text, extra, facts=taught, tags=tags))
        for fact, entry in facts:
            if fact.key and not any(fact.key in note.facts for note in notes):
                entry.problem(None, f'fact "{fact.key}" is not taught by any note')
        return tuple(notes)

    def _note_kind(self, entry: DeckTable) -> NoteKind:
        if "kind" in entry.data:
            value = entry.choice("kind")
            return NoteKind(value) if value else NoteKind.BASIC
        return NoteKind.CLOZE if "text" in entry.data else NoteKind.BASIC

    def _note_texts(self, entry: DeckTable, kind: NoteKind) -> tuple[str, str, str, str]:
        """Front, back, text and extra: those the kind needs, checked; the others must be absent."""
        if kind is NoteKind.CLOZE:
            texts = ("", "", self._cloze_text(entry), entry.text("extra"))
            not_used = ("front", "back")
        else:
            front = entry.text("front", required=True, empty_ok=False)
            texts = (front, entry.text("back", required=True, empty_ok=False), "", "")
            not_used = ("text", "extra")
        for key in not_used:
            if key in entry.data:
                entry.problem(key, f'{entry.label}: "{key}" is not used by {kind} notes')
        return texts

    def _cloze_text(self, entry: DeckTable) -> str:
        text = entry.text("text", required=True)
        if isinstance(entry.data.get("text"), str) and not text.strip():
            entry.problem("text", f"{entry.label}: the cloze text is empty")
            return text
        bad = malformed_fragments(text)
        for fragment in bad:
            entry.problem(
                "text",
                f'{entry.label}: malformed cloze deletion "{fragment}"'
                " (write {{c1::term}} or {{c1::term::hint}})",
            )
        if text and not bad and not deletions(text):
            entry.problem(
                "text", f"{entry.label}: cloze text has no deletion like {{{{c1::term}}}}"
            )
        return text

    def _defined_at(self, kind: str, key: str) -> str:
        line = self._id_lines.get((kind, key))
        return f" (line {line})" if line else ""
