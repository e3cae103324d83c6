"""Offset <-> LSP position conversion (convert.py) with non-ASCII text: é (1 UTF-16 unit,
2 UTF-8 bytes), 😀 (2 UTF-16 units, 4 UTF-8 bytes), CJK (1 UTF-16 unit, 3 UTF-8 bytes), in
strings and comments, and CRLF line ends."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types as T

from goo_lsp.compiler.diagnostics import Diagnostic, Severity
from goo_lsp.compiler.source import Span
from goo_lsp.convert import PositionMapper, diagnostic, minimal_edit

TEXT = 'package main\n// café 😀 世界\nvar s = "é😀世" + x\n'


def test_ascii_line() -> None:
    m = PositionMapper(TEXT)
    off = TEXT.index("main")
    assert m.position(off) == T.Position(line=0, character=8)
    assert m.offset(T.Position(line=0, character=8)) == off


@pytest.mark.parametrize("encoding, expected", [("utf-16", 15), ("utf-8", 20), ("utf-32", 14)])
def test_after_astral_and_cjk_in_string(encoding: str, expected: int) -> None:
    m = PositionMapper(TEXT, encoding)
    off = TEXT.index("+ x")  # after `"é😀世" `
    pos = m.position(off)
    assert pos.line == 2 and pos.character == expected
    assert m.offset(pos) == off


def test_comment_positions_utf16() -> None:
    m = PositionMapper(TEXT)
    off = TEXT.index("世界")
    # "// café 😀 " = 3 + 5 + 2 (😀) + 1 = 11 UTF-16 units
    assert m.position(off) == T.Position(line=1, character=11)
    assert m.offset(T.Position(line=1, character=11)) == off


def test_position_inside_surrogate_pair_rounds_forward() -> None:
    m = PositionMapper(TEXT)
    emoji = TEXT.index("😀")
    line = 1
    char = m.position(emoji).character
    assert m.offset(T.Position(line=line, character=char + 1)) == emoji + 1


def test_out_of_range_positions_clamp() -> None:
    m = PositionMapper(TEXT)
    assert m.offset(T.Position(line=99, character=0)) == len(TEXT)
    assert m.offset(T.Position(line=0, character=999)) == TEXT.index("\n")
    assert m.position(10_000) == m.position(len(TEXT))


def test_crlf_line_end_is_not_a_character_position() -> None:
    text = "package main\r\nvar x = 1\r\n"
    m = PositionMapper(text)
    assert m.position(text.index("var")) == T.Position(line=1, character=0)
    assert m.offset(T.Position(line=0, character=12)) == 12


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\né😀世\t")), max_size=60), st.data())
def test_roundtrip(text: str, data: st.DataObject) -> None:
    for encoding in ("utf-8", "utf-16", "utf-32"):
        m = PositionMapper(text, encoding)
        off = data.draw(st.integers(0, len(text)))
        assert m.offset(m.position(off)) == off


def test_zero_width_diagnostic_widens_to_one_character() -> None:
    text = "f(a\n"
    m = PositionMapper(text)
    d = Diagnostic(Severity.ERROR, Span(3, 3), "unclosed-delimiter", "missing ')'")
    lsp = diagnostic(m, d, "file:///x.goo")
    assert lsp.range.start == lsp.range.end  # at end of line: stays a point
    d2 = Diagnostic(Severity.ERROR, Span(1, 1), "syntax-error", "x")
    lsp2 = diagnostic(m, d2, "file:///x.goo")
    assert (lsp2.range.start.character, lsp2.range.end.character) == (1, 2)
    assert lsp2.source == "goo" and lsp2.code == "syntax-error" and lsp2.severity == T.DiagnosticSeverity.Error


def test_unused_codes_are_tagged_unnecessary() -> None:
    m = PositionMapper("x")
    d = Diagnostic(Severity.WARNING, Span(0, 1), "unused-variable", "declared and not used: x")
    assert diagnostic(m, d, "file:///x.goo").tags == [T.DiagnosticTag.Unnecessary]


def test_minimal_edit() -> None:
    assert minimal_edit("abc", "abc") is None
    span, new = minimal_edit("hello world", "hello brave world")
    assert "hello world"[:span.start] + new + "hello world"[span.end:] == "hello brave world"
    assert new == "brave "
