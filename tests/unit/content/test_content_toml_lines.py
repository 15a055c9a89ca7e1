from __future__ import annotations

import tomllib

from fibrolearn.content.toml_lines import scan

TEXT = '''\
# comment [[fact]]
title = "top"  # a key at the top level

[deck]
id = "x"
"quoted key" = 1

[[fact]]
id = "A"
claim = """
[[fact]]
id = "fake"
"""
factor = 'literal [[fact]]'

[[fact.reference]]
title = "T"

[[fact]]
id = "B"
text = "a \\" quote"
links = [
  "one", # comment
  "two",
]
related = ["x"]

  [ extra.sub ]   # indented header with spaces
key = 1
'''


def test_text_is_valid_toml() -> None:
    tomllib.loads(TEXT)


def test_headers_and_keys_are_found() -> None:
    root = scan(TEXT)
    assert root.key_line("title") == 2
    deck = root.table("deck")
    assert deck.line == 4
    assert deck.key_line("id") == 5
    assert deck.key_line("quoted key") == 6
    first, second = root.arrays["fact"]
    assert (first.line, first.key_line("id"), first.key_line("factor")) == (8, 9, 14)
    assert first.element("reference", 0).key_line("title") == 17
    assert (second.line, second.key_line("id")) == (19, 20)
    assert second.key_line("related") == 26
    assert root.table("extra").table("sub").key_line("key") == 29


def test_unknown_things_fall_back_to_the_nearest_line() -> None:
    root = scan(TEXT)
    first = root.element("fact", 0)
    assert first.key_line("missing") == 8
    assert first.element("reference", 5).line == 16  # the line of the reference array
    assert root.element("fact", 9).line == 8  # the first [[fact]] header: the array's key
    assert root.element("note", 0).line is None


def test_crlf_line_endings() -> None:
    root = scan('[deck]\r\nid = "x"\r\n\r\n[[note]]\r\nid = "n"\r\n')
    assert root.table("deck").key_line("id") == 2
    assert root.element("note", 0).key_line("id") == 5


def test_multiline_literal_string_and_escaped_quotes() -> None:
    text = 'a = \'\'\'\n[[note]]\n\'\'\'\nb = """x\\""""\n[[note]]\nid = 1\n'
    tomllib.loads(text)
    root = scan(text)
    assert root.key_line("b") == 4
    assert len(root.arrays["note"]) == 1
    assert root.element("note", 0).key_line("id") == 6
