"""Fuzzing the file readers (a short budget; ``python bench/fuzz.py`` runs the long one).

Generated and mutated inputs may only be refused with the reader's own explained error, and
loading one into a collection either succeeds or leaves the collection exactly as it was.
Every target in bench.fuzzing.TARGETS is covered.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bench.fuzzing import (
    TARGETS,
    FuzzTarget,
    check_load,
    check_read,
    make_template,
    toml_text,
    write_input,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fibrolearn.content.deck_file import DeckFileError, parse_deck

SHORT = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LOADS = settings(SHORT, max_examples=25)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def template(workdir: Path) -> Path:
    return make_template(workdir)


@pytest.mark.parametrize("target", TARGETS.values(), ids=list(TARGETS))
def test_every_seed_is_read_as_its_author_meant(target: FuzzTarget, workdir: Path) -> None:
    outcomes = {
        check_read(target, write_input(target, seed, workdir / "seed")) for seed in target.seeds()
    }
    assert outcomes == {True, False}  # valid and broken seeds alike, without surprises


@pytest.mark.parametrize("target", TARGETS.values(), ids=list(TARGETS))
@SHORT
@given(data=st.data())
def test_mutated_inputs_are_refused_with_an_explanation(
    target: FuzzTarget, workdir: Path, data: st.DataObject
) -> None:
    seeds = target.seeds()
    seed = data.draw(st.sampled_from(seeds), label="seed")
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1), label="rng"))
    check_read(target, write_input(target, target.mutated(seed, rng), workdir / "read"))


@pytest.mark.parametrize(
    "target", [t for t in TARGETS.values() if t.load], ids=[n for n, t in TARGETS.items() if t.load]
)
@LOADS
@given(data=st.data())
def test_loading_a_mutated_input_is_all_or_nothing(
    target: FuzzTarget, workdir: Path, template: Path, data: st.DataObject
) -> None:
    # Mostly light mutations, so that a good share of the inputs still load.
    seed = data.draw(st.sampled_from(target.seeds()), label="seed")
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1), label="rng"))
    mutated = target.mutated(seed, rng) if data.draw(st.booleans(), label="mutate") else seed
    folder = workdir / "load"
    check_load(target, write_input(target, mutated, folder), template, folder)


# Generated decks: plausible structure, arbitrary values.
_IDS = st.sampled_from(["a", "b", "A1", "A2", "n1", "small", "x y", "", "1"])
_SCALARS = st.one_of(
    _IDS, st.text(max_size=40), st.integers(-5, 10**12), st.floats(), st.booleans()
)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3))


def _table(keys: tuple[str, ...], **nested: st.SearchStrategy) -> st.SearchStrategy:
    names = st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=6))
    plain = st.dictionaries(names, _VALUES, max_size=len(keys) + 1)
    extra = st.fixed_dictionaries({}, optional=nested)
    return st.builds(lambda a, b: a | b, plain, extra)


_REFERENCE = _table(("title", "authors", "year", "journal", "doi", "pmid"))
DECKS = st.fixed_dictionaries(
    {"deck": _table(("format", "id", "title", "version", "language", "licence", "description"))},
    optional={
        "factor": st.lists(_table(("id", "name", "summary", "links")), max_size=3),
        "fact": st.lists(
            _table(
                ("id", "factor", "claim", "finding", "certainty", "explanation", "evidence"),
                reference=st.lists(_REFERENCE, min_size=1, max_size=2),
            ),
            max_size=3,
        ),
        "note": st.lists(
            _table(("id", "kind", "front", "back", "text", "extra", "facts", "tags")),
            max_size=3,
        ),
    },
)


@SHORT
@given(document=DECKS)
def test_generated_decks_are_parsed_or_refused_line_by_line(document: dict) -> None:
    text = toml_text(document)
    try:
        parse_deck(text, "generated.toml")
    except DeckFileError as error:
        assert error.problems
        lines = text.count("\n") + 1
        for problem in error.problems:
            assert problem.message.strip()
            assert problem.line is None or 1 <= problem.line <= lines
