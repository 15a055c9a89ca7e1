"""The HTML parser's stack of open elements and list of formatting elements, as kept here.

Each element open has a key, larger for those further in, so that its place can be compared
with another's without walking the stack: the parser's searches ("is there a <p> in button
scope", "is a special element above this <span>") become comparisons of the innermost key of a
name with the innermost key of a kind. Only the adoption agency puts an element between two
others (a formatting element moved above the block that ends it): it gets a key between theirs.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The parser's "special" elements: an end tag for another ends nothing past one of them.
_SPECIAL = frozenset(
    {
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound",
        "blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "dd",
        "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "head", "header", "hgroup", "hr", "html",
        "iframe", "img", "input", "isindex", "li", "link", "listing", "main", "marquee", "menu",
        "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param",
        "plaintext", "pre", "script", "section", "select", "source", "style", "summary", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track",
        "ul", "wbr", "xmp", *HEADINGS,
    }
)  # fmt: skip
FORMATTING = frozenset(
    {
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    }
)
# Ended by the parser, when it "generates implied end tags", if innermost.
IMPLIED = frozenset({"dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc"})
# Those that set the parser's insertion mode, the innermost one open: table parts, templates.
_MODAL = frozenset(
    {"caption", "colgroup", "table", "tbody", "td", "template", "tfoot", "th", "thead", "tr"}
)
# Kinds of element whose innermost open one the rules ask for, each with its members. (The
# <html> root, in every scope, is below the stack kept here: "none open" stands for it.)
_KIND_MEMBERS = {
    "special": _SPECIAL,
    "scope": {"applet", "caption", "table", "td", "th", "marquee", "object", "select", "template"},
    "list": {"ol", "ul"},  # with those of "scope", the bounds of "list item scope"
    "button": {"button"},  # and of "button scope"
    "table": {"table", "template"},  # the bounds of "table scope"
    "item_stop": _SPECIAL - {"address", "div", "p"},  # where an item's search stops
    "heading": HEADINGS,
    "modal": _MODAL,  # those that set the insertion mode
    "template": {"template"},
}
_KINDS: dict[str, tuple[str, ...]] = defaultdict(tuple)
for _kind, _members in _KIND_MEMBERS.items():
    for _name in _members:
        _KINDS[_name] += (_kind,)
_KINDS = dict(_KINDS)

Entry = list  # [key, name, attributes]: a formatting element the list holds


class OpenElements:
    """The parser's stack of open elements and list of active formatting elements."""

    def __init__(self) -> None:
        self.keys: list[float] = []  # innermost last, rising
        self.names: list[str] = []
        self.name_of: dict[float, str] = {}
        self.where: dict[str, list[float]] = defaultdict(list)  # each name's keys, rising
        self.kinds: dict[str, list[float]] = {kind: [] for kind in _KIND_MEMBERS}
        # The formatting elements to open again when ended early; None for a marker (a cell,
        # marquee... holding its own). Those the list holds, by key.
        self.active: list[Entry | None] = []
        self.listed: dict[float, Entry] = {}
        self.form: float | None = None
        self.serial = 0

    @property
    def formatting(self) -> int:
        """The formatting elements in the list, open or to be opened again."""
        return len(self.listed)

    # The stack.

    def _push(self, name: str) -> float:
        self.serial = key = self.serial + 1
        self.keys.append(key)
        self.names.append(name)
        self.name_of[key] = name
        self.where[name].append(key)
        if name in _KINDS:
            for kind in _KINDS[name]:
                self.kinds[kind].append(key)
        return key

    def _pop(self) -> None:
        self._pop_one()
        self._pop_stand_ins()

    def _pop_one(self) -> None:
        key = self.keys.pop()
        name = self.names.pop()
        del self.name_of[key]
        self.where[name].pop()
        if name in _KINDS:
            for kind in _KINDS[name]:
                self.kinds[kind].pop()

    def _pop_stand_ins(self) -> None:
        """End the forms and links ended out of turn, with nothing in them open any more.

        (One by one: a thousand may stand in a row.)
        """
        while self.names and not self.names[-1]:
            self._pop_one()

    def _truncate(self, at: int) -> None:
        """End the elements open from the ``at``-th in."""
        where, name_of, kinds = self.where, self.name_of, self.kinds
        for key, name in zip(self.keys[at:], self.names[at:], strict=True):
            del name_of[key]
            where[name].pop()  # (each list's last ones, in any order)
            if name in _KINDS:
                for kind in _KINDS[name]:
                    kinds[kind].pop()
        del self.keys[at:], self.names[at:]
        self._pop_stand_ins()

    def _remove(self, key: float) -> None:
        """Take the element ``key`` out of the stack, wherever it is."""
        at = bisect_left(self.keys, key)
        name = self.names[at]
        del self.keys[at], self.names[at], self.name_of[key]
        self.where[name].remove(key)
        for kind in _KINDS.get(name, ()):
            self.kinds[kind].remove(key)

    def _insert_above(self, below: float, name: str) -> float:
        """Put a ``name`` right above the element ``below`` (or where it was), keyed between.

        The adoption agency does, above the block it moves a formatting element into: no more
        often in one gap than there are formatting elements in the list.
        """
        at = bisect_left(self.keys, below) + (below in self.name_of)
        above = self.keys[at] if at < len(self.keys) else below + 1
        key = (below + above) / 2
        while key in self.listed or key == self.form:  # the key of one ended, still pointed to
            key = (key + above) / 2
        self.keys.insert(at, key)
        self.names.insert(at, name)
        self.name_of[key] = name
        insort(self.where[name], key)
        return key

    def _take_out(self, key: float) -> None:
        """End the element ``key`` alone, as the parser ends a form or a link out of turn.

        What was opened in it stays in it, in the tree: a nameless element stands for it.
        """
        if key == self.keys[-1]:
            self._pop()
        else:
            self._remove(key)
            self._insert_above(key, "")

    def _pop_until(self, key: float) -> None:
        """End the element ``key`` and all opened after it."""
        if self.keys and self.keys[-1] == key:
            self._pop()
        else:
            at = bisect_left(self.keys, key)
            if at < len(self.keys):
                self._truncate(at)

    def _clear_back_to(self, names: frozenset[str]) -> None:
        """End the elements open until the innermost is one of ``names`` (or none is)."""
        while self.names and self.names[-1] not in names:
            self._pop()

    def _end_implied(self, but: str = "", implied: frozenset[str] = IMPLIED) -> None:
        """End the items, paragraphs... innermost, as the parser's "implied end tags" do."""
        while self.names and self.names[-1] in implied and self.names[-1] != but:
            self._pop()

    # What the rules ask of it.

    def _innermost(self, name: str) -> float:
        keys = self.where.get(name)
        return keys[-1] if keys else -1

    def _innermost_of(self, kind: str) -> float:
        keys = self.kinds[kind]
        return keys[-1] if keys else -1

    def _in_scope(self, name: str, *bounds: str) -> float | None:
        """The innermost ``name`` open, if no bound of the scope is open inside it.

        (It may be one itself: the search looks at each element before asking if it is a bound.)
        """
        keys = self.where.get(name)
        if not keys:
            return None
        key = keys[-1]
        for kind in ("scope", *bounds):
            bound = self.kinds[kind]
            if bound and bound[-1] > key:
                return None
        return key

    def _in_table_scope(self, *names: str) -> float | None:
        key = max(self._innermost(name) for name in names)
        return key if key >= 0 and key >= self._innermost_of("table") else None

    def current(self) -> str:
        """The name of the innermost element open ("html", the root, if none is)."""
        return self.names[-1] if self.names else "html"

    def depth_rebuilt(self) -> int:
        """The elements open, with the formatting ones the next text or tag would open again."""
        depth = len(self.keys)
        for entry in reversed(self.active):
            if entry is None or entry[0] in self.name_of:
                break
            depth += 1
        return depth

    # The list of active formatting elements.

    def _reconstruct(self) -> None:
        """Open again the formatting elements in the list ended early, after its last marker.

        The parser does, before text and most start tags.
        """
        active = self.active
        if not active or active[-1] is None or active[-1][0] in self.name_of:
            return
        at = len(active) - 1
        while at > 0 and active[at - 1] is not None and active[at - 1][0] not in self.name_of:
            at -= 1
        entries = active[at:]
        keys = range(self.serial + 1, self.serial + 1 + len(entries))
        names = [entry[1] for entry in entries]
        self.serial = keys[-1]
        for entry, key in zip(entries, keys, strict=True):  # (formatting: of no kind)
            del self.listed[entry[0]]
            entry[0] = key
            self.where[entry[1]].append(key)
        self.listed.update(zip(keys, entries, strict=True))
        self.name_of.update(zip(keys, names, strict=True))
        self.keys.extend(keys)
        self.names.extend(names)

    def since_marker(self, name: str) -> list[Entry]:
        """The formatting elements ``name`` in the list after its last marker, in order."""
        found = []
        for entry in reversed(self.active):
            if entry is None:
                break
            if entry[1] == name:
                found.append(entry)
        return found[::-1]

    def _add_formatting(self, name: str, attributes: object, *, alike: list[Entry]) -> None:
        """Begin a formatting element; with three ``alike`` in the list, the first leaves it."""
        if len(alike) >= 3:
            self._unlist(alike[0])
        key = self._push(name)
        self.listed[key] = entry = [key, name, attributes]
        self.active.append(entry)

    def _unlist(self, entry: Entry) -> None:
        del self.listed[entry[0]]
        self.active.remove(entry)

    def _mark(self) -> None:
        self.active.append(None)

    def _clear_to_marker(self) -> None:
        while self.active:
            entry = self.active.pop()
            if entry is None:
                return
            del self.listed[entry[0]]

    def _adopt(self, name: str) -> None:
        """Follow the end tag of a formatting element ``name``: the "adoption agency".

        It ends the element and all opened after it, or, with a block opened in it, moves
        the element into the block.
        """
        if self.current() == name and self.keys[-1] not in self.listed:
            self._pop()
            return
        for _ in range(8):
            found = self.since_marker(name)
            if not found:
                self._end_other(name)
                return
            entry = found[-1]
            element = entry[0]
            if element not in self.name_of:
                self._unlist(entry)
                return
            if self._innermost_of("scope") > element:
                return  # not in scope: passed over
            special = self.kinds["special"]
            at = bisect_left(special, element)
            if at == len(special):
                self._pop_until(element)
                self._unlist(entry)
                return
            self._move_into(entry, special[at])

    def _move_into(self, entry: Entry, block: float) -> None:
        """Follow the adoption agency's steps with a furthest block, ``block``.

        The elements between ``entry``'s and the block end, but formatting ones (three at
        most), copied in place; a copy of ``entry``'s element goes into the block, right above
        it in the stack.
        """
        element = entry[0]
        bookmark = entry
        at = bisect_left(self.keys, block)
        steps = 0
        while True:
            steps += 1
            at -= 1
            node = self.keys[at]
            if node == element:
                break
            listed = self.listed.get(node)
            if listed is not None and steps > 3:
                self._unlist(listed)
                listed = None
            if listed is None:
                self._remove(node)
            elif bookmark is entry:
                bookmark = listed  # the first copied (a copy keeps its key, here and in the list)
        self._remove(element)
        key = self._insert_above(block, entry[1])
        copy = [key, entry[1], entry[2]]
        self.listed[key] = copy
        del self.listed[element]
        if bookmark is entry:
            self.active[self._index(entry)] = copy
        else:
            self.active.insert(self._index(bookmark) + 1, copy)
            del self.active[self._index(entry)]

    def _index(self, entry: Entry) -> int:
        return next(at for at, e in enumerate(self.active) if e is entry)

    def _end_other(self, name: str) -> None:
        """Follow an end tag with no rule of its own.

        It ends the innermost ``name`` and all opened after it, unless a special element is
        open inside that (or none is open).
        """
        key = self._innermost(name)
        if key >= 0 and key >= self._innermost_of("special"):
            self._pop_until(key)
