"""Path globs that cannot backtrack: `*` within a segment, `**` across, `?` one character,
`{a,b}` either literal alternative.

A glob translated naively into a regex (`**a**a**b` -> `.*a.*a.*b`) takes time exponential in
its number of stars on a path that almost matches, and one scenario rule could then hang the
whole server. So a glob with at most one run of stars stays a regex (one star backtracks at most
once per position: linear), and any other is matched by a bit-parallel NFA that reads the path
once, holding the set of pattern positions reached: time proportional to the path's length,
whatever the pattern.
"""

from __future__ import annotations

import itertools
import re

MAX_ALTERNATIVES = 64  # product of every {a,b,...} group's sizes; bounds the expansion below
_TOKENS = re.compile(r"(\*\*|\*|\?|\{[^{}]*\})")


class GlobError(ValueError):
    """A glob that would cost too much to match; the message says why."""


def _tokens(pattern: str) -> list[str]:
    """Tokens with runs of stars folded into one (`***`, `*/**`-free runs): `**` if any
    crosses segments, else `*`."""
    folded: list[str] = []
    for token in _TOKENS.split(pattern):
        if not token:
            continue
        if token in ("*", "**") and folded and folded[-1] in ("*", "**"):
            folded[-1] = "**" if "**" in (token, folded[-1]) else "*"
        else:
            folded.append(token)
    return folded


def _alternatives(token: str) -> list[str]:
    return token[1:-1].split(",")


def _regex(tokens: list[str]) -> re.Pattern:
    parts = []
    for token in tokens:
        if token == "**":
            parts.append(".*")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        elif token.startswith("{") and token.endswith("}"):
            parts.append("(?:" + "|".join(re.escape(alt) for alt in _alternatives(token)) + ")")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


class _Automaton:
    """Shift-And over the pattern's characters: bit i set means "the first i pattern items are
    matched". A star item loops on itself (`*` on anything but `/`) and may be skipped."""

    __slots__ = ("chars", "any_char", "star", "double_star", "accept")

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.chars: dict[str, int] = {}
        self.any_char = self.star = self.double_star = 0
        for index, (kind, char) in enumerate(items):
            bit = 1 << index
            if kind == "?":
                self.any_char |= bit
            elif kind == "*":
                self.star |= bit
            elif kind == "**":
                self.double_star |= bit
            else:
                self.chars[char] = self.chars.get(char, 0) | bit
        self.accept = 1 << len(items)

    def _skip_stars(self, states: int) -> int:
        stars = self.star | self.double_star
        # Runs of stars are folded, so one skip reaches past any star.
        return states | ((states & stars) << 1)

    def match(self, path: str) -> bool:
        states = self._skip_stars(1)
        chars, any_char, star, double_star = self.chars, self.any_char, self.star, self.double_star
        for char in path:
            if char == "/":
                states = ((states & chars.get(char, 0)) << 1) | (states & double_star)
            else:
                states = ((states & (chars.get(char, 0) | any_char)) << 1) | (states & (star | double_star))
            if not states:
                return False
            states = self._skip_stars(states)
        return bool(states & self.accept)


def _items(tokens: list[str]) -> list[list[tuple[str, str]]]:
    """Each way through the {a,b} groups, as (kind, character) items: a literal character
    (kind ""), `?`, `*` or `**`."""
    choices = []
    for token in tokens:
        if token in ("*", "**", "?"):
            choices.append([[(token, "")]])
        elif token.startswith("{") and token.endswith("}"):
            choices.append([[("", char) for char in alt] for alt in _alternatives(token)])
        else:
            choices.append([[("", char) for char in token]])
    return [_fold([item for part in way for item in part]) for way in itertools.product(*choices)]


def _fold(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent stars as one (an empty alternative can bring two together), so that one skip
    in `_Automaton` passes any star."""
    folded: list[tuple[str, str]] = []
    for kind, char in items:
        if kind in ("*", "**") and folded and folded[-1][0] in ("*", "**"):
            folded[-1] = ("**" if "**" in (kind, folded[-1][0]) else "*", "")
        else:
            folded.append((kind, char))
    return folded


class Glob:
    """A compiled glob; `match(path)` is truthy when the whole path matches."""

    __slots__ = ("pattern", "_regex", "_automata")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        tokens = _tokens(pattern)
        groups = [_alternatives(t) for t in tokens if t.startswith("{") and t.endswith("}")]
        count = 1
        for group in groups:
            count *= len(group)
        if count > MAX_ALTERNATIVES:
            raise GlobError(f"a glob's {{a,b}} groups may combine into at most {MAX_ALTERNATIVES} paths")
        self._regex: re.Pattern[str] | None = None
        self._automata: list[_Automaton] = []
        if sum(token in ("*", "**") for token in tokens) <= 1:
            self._regex = _regex(tokens)
            return
        self._automata = [_Automaton(items) for items in _items(tokens)]

    def match(self, path: str) -> bool:
        if self._regex is not None:
            return self._regex.match(path) is not None
        return any(automaton.match(path) for automaton in self._automata)


def compile_glob(pattern: str) -> Glob:
    """Raises GlobError for a glob with too many alternatives."""
    return Glob(pattern)
