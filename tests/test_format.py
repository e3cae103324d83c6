"""Tests of `goo fmt` (goo_lsp.compiler.format):
- golden pairs tests/format/NAME.input.goo -> NAME.golden.goo (written as gofmt would print them);
- every golden output, sample and example is a fixed point, and formatting keeps the syntax tree
  (compared structurally: ids and positions ignored, literal spellings compared);
- files with syntax errors are refused; the formatter never raises (hypothesis, bounded);
- the safety net: a rewrite that would change the tree falls back to the plain layout.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goo_lsp.compiler import format as fmt
from goo_lsp.compiler import syntax as S
from goo_lsp.compiler.chunks import parse_file
from goo_lsp.compiler.diagnostics import CODES
from goo_lsp.compiler.format import FormatResult, format_source

HERE = Path(__file__).parent
GOLDEN_DIR = HERE / "format"
GOLDEN_NAMES = sorted(p.name[: -len(".input.goo")] for p in GOLDEN_DIR.glob("*.input.goo"))
SAMPLES = sorted((HERE / "samples").glob("*.goo")) + sorted((HERE.parent / "examples").glob("*.goo"))
CORPUS = sorted((HERE / "corpus").glob("*/*.goo"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


# ------------------------------------------------------------------------------ tree comparison
_IGNORED = {"id", "span", "lparen", "rparen", "colon", "lbrace", "catch_span", "op_span"}


def tree_diff(a: object, b: object, path: str = "") -> str | None:
    """None when the trees are equal modulo node ids and positions, else where they differ."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, S.Node):
        for f in dataclasses.fields(a):
            if f.name in _IGNORED or f.name.endswith("span"):
                continue
            d = tree_diff(getattr(a, f.name), getattr(b, f.name), f"{path}.{type(a).__name__}.{f.name}")
            if d:
                return d
        return None
    if isinstance(a, tuple):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = tree_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def syntax_errors(text: str) -> list[str]:
    return [d.message for c in parse_file(text).chunks for d in c.diagnostics if CODES[d.code].group == "syntax"]


def decls(text: str) -> list[S.Node]:
    return [c.decl for c in parse_file(text).chunks if not (isinstance(c.decl, S.BadDecl) and not c.text.strip())]


def assert_same_tree(before: str, after: str) -> None:
    a, b = decls(before), decls(after)
    assert len(a) == len(b), f"{len(a)} declarations became {len(b)}"
    for x, y in zip(a, b):
        diff = tree_diff(x, y)
        assert diff is None, diff


def formatted(text: str) -> str:
    result = format_source(text)
    assert result.error is None and result.text is not None, result.error
    return result.text


# ------------------------------------------------------------------------------ golden files
def test_enough_golden_pairs() -> None:
    assert len(GOLDEN_NAMES) >= 25
    for name in GOLDEN_NAMES:
        assert (GOLDEN_DIR / f"{name}.golden.goo").exists(), name


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_golden(name: str) -> None:
    source = read(GOLDEN_DIR / f"{name}.input.goo")
    golden = read(GOLDEN_DIR / f"{name}.golden.goo")
    assert not syntax_errors(source)
    out = formatted(source)
    assert out == golden, "\n" + out
    assert_same_tree(source, golden)


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_golden_is_fixed_point(name: str) -> None:
    golden = read(GOLDEN_DIR / f"{name}.golden.goo")
    assert formatted(golden) == golden


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_golden_shape(name: str) -> None:
    """gofmt's invariants hold on every golden output (outside raw strings)."""
    golden = read(GOLDEN_DIR / f"{name}.golden.goo")
    assert golden.endswith("\n") and not golden.endswith("\n\n")
    without_raw = re.sub(r"`[^`]*`", "``", golden)
    for line in without_raw.split("\n"):
        assert line == line.rstrip(), f"trailing whitespace: {line!r}"
        assert not line.startswith(" "), f"indented with spaces: {line!r}"
    assert "\n\n\n" not in golden
    assert not re.search(r"\{\n\n", without_raw) and not re.search(r"\n\n\t*\}", without_raw)


# ------------------------------------------------------------------------------ real programs
def _formattable(paths: list[Path]) -> list[Path]:
    return [p for p in paths if not syntax_errors(read(p))]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_idempotent_and_tree_preserving(path: Path) -> None:
    source = read(path)
    result = format_source(source)
    if syntax_errors(source):
        assert result.text is None and result.error
        return
    out = formatted(source)
    assert formatted(out) == out
    assert_same_tree(source, out)


@pytest.mark.parametrize("path", _formattable(CORPUS), ids=lambda p: p.name)
def test_corpus_idempotent_and_tree_preserving(path: Path) -> None:
    source = read(path)
    out = formatted(source)
    assert not syntax_errors(out)
    assert formatted(out) == out
    assert_same_tree(source, out)


def test_examples_are_already_formatted() -> None:
    for path in sorted((HERE.parent / "examples").glob("*.goo")):
        source = read(path)
        assert formatted(source) == source, path.name


# ------------------------------------------------------------------------------ refusal
def test_refuses_syntax_error_sample() -> None:
    result = format_source(read(HERE / "samples" / "10a_syntax_error.goo"))
    assert result == FormatResult(None, result.error)
    assert result.error is not None
    assert result.error.startswith("file has syntax errors: 17:25: missing ')'")


@pytest.mark.parametrize("text", [
    "package main\n\nfunc main() {\n\tx := (1 + \n}\n",          # unclosed delimiter
    "package main\n\nfunc main() {\n\tmatch := 1\n}\n",           # keyword-as-identifier
    "package main\n\nvar s = \"unterminated\n",                   # unterminated literal
    "package main\n\nfunc main() { x := 08 }\n",                  # invalid literal
    "package main\n\n@inline\nfunc f() {}\n",                     # attribute
    "package main\n\nfunc main() {\n\tif p == Point{1, 2} {\n\t}\n}\n",  # composite literal in header
])
def test_refuses_every_syntax_group_diagnostic(text: str) -> None:
    assert syntax_errors(text)
    result = format_source(text)
    assert result.text is None
    assert result.error is not None and result.error.startswith("file has syntax errors: ")


def test_type_errors_are_formatted() -> None:
    # only syntax errors are refused; a type error is the checker's business
    out = formatted("package main\n\nfunc main() {\n\tvar x int = \"s\"\n}\n")
    assert "var x int = \"s\"" in out


# ------------------------------------------------------------------------------ small cases
@pytest.mark.parametrize("source, expected", [
    ("", ""),
    ("\n\n  \n", ""),
    ("// only a comment", "// only a comment\n"),
    ("package main", "package main\n"),
    ("package main\r\n\r\nfunc main() {\r\n    x := 1\r\n    _ = x\r\n}\r\n",
     "package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n"),
    ("\ufeffpackage main\n", "package main\n"),
    ("package main\nfunc f() {}\n\n\n\n", "package main\n\nfunc f() {}\n"),
])
def test_small_inputs(source: str, expected: str) -> None:
    assert formatted(source) == expected


def test_goo_semicolon_exception_rewrites_keep_the_tree() -> None:
    source = "package main\n\nfunc main() {\n\tf(\n\t\t1,\n\t\t2\n\t)\n\tif x {\n\t}\n\telse {\n\t}\n}\n"
    out = formatted(source)
    assert "\t\t2,\n\t)" in out and "} else {" in out
    assert_same_tree(source, out)


def test_binary_spacing_follows_gofmt() -> None:
    out = formatted("package main\n\nfunc f() {\n\tg(a*b+c, x[i+1], f(a+b))\n\tv := a*b+c\n\tw := f(a+b)\n}\n")
    assert "g(a*b+c, x[i+1], f(a+b))" in out
    assert "v := a*b + c" in out
    assert "w := f(a + b)" in out


# ------------------------------------------------------------------------------ safety net
def test_falls_back_to_plain_layout_when_a_rewrite_would_change_the_tree(monkeypatch) -> None:
    source = "package main\n\nfunc main() {\n\tf(\n\t\t1,\n\t\t2\n\t)\n}\n"
    real_run = fmt._Formatter.run

    def broken_run(self):
        out = real_run(self)
        return out if self.safe else out.replace("2,", "3,")   # a rewrite gone wrong

    monkeypatch.setattr(fmt._Formatter, "run", broken_run)
    result = format_source(source)
    assert result.text is not None
    assert "\t\t2\n\t)" in result.text          # plain layout: no trailing comma added
    assert_same_tree(source, result.text)


def test_refuses_rather_than_changing_the_program(monkeypatch) -> None:
    monkeypatch.setattr(fmt._Formatter, "run", lambda self: "package main\n\nvar x = 1\n")
    result = format_source("package main\n\nvar x = 2\n")
    assert result.text is None and "internal" in (result.error or "")


def test_never_raises_on_internal_errors(monkeypatch) -> None:
    def boom(self):
        raise RuntimeError("bug")

    monkeypatch.setattr(fmt._Formatter, "run", boom)
    result = format_source("package main\n")
    assert result.text is None and "RuntimeError" in (result.error or "")


def test_large_generated_file() -> None:
    func = (
        "func f{i}(xs []int, p *Point) !int {{\n\ttotal := 0\n\tfor i, v := range xs {{\n"
        "\t\tif v%2 == 0 {{ total += v*i }} else {{ total -= p.x+{i} }}\n\t}}\n"
        "\tm := map[string]int{{\"a\":1, \"bb\": {i}}}\n\treturn total + len(m) // sum\n}}\n"
    )
    source = "package main\n\ntype Point struct{ x, y int }\n\n" + "\n".join(func.format(i=i) for i in range(150))
    out = formatted(source)
    assert formatted(out) == out
    assert_same_tree(source, out)
    assert "\t\tif v%2 == 0 {\n\t\t\ttotal += v * i\n\t\t} else {" in out


# ------------------------------------------------------------------------------ properties
fuzz_settings = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "{", "}", "(", ")", "[", "]", "func ", "go ", "x := ", "<-", "ch <- 1", "select {", "case ", ":", ";", "\n",
    "if x {", "} else {", "for i := range 10 {", "match s {", "catch e {", "try ", "!int", "?int", "`raw\n`",
    '"str"', "'c'", "/* c */", "// c\n", "enum {", "struct{", "interface{", "[]int{1, 2}", "...", "\t", "  ",
    "defer ", "return", "arena {", "comptime ", "é", "a", "b", "+", "-", "*", "&", ",", "=", "\n\n", "var ",
]
SAMPLE_TEXTS = [read(p) for p in _formattable(SAMPLES + CORPUS[:40])]


def check_output(text: str) -> None:
    result = format_source(text)
    assert isinstance(result, FormatResult)
    assert (result.text is None) != (result.error is None)
    if result.text is None:
        return
    assert not syntax_errors(result.text)
    assert_same_tree(text, result.text)
    assert formatted(result.text) == result.text


@fuzz_settings
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check_output(text)


@fuzz_settings
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_token_soup(parts: list[str]) -> None:
    check_output("package main\n\nfunc main() {\n" + "".join(parts) + "\n}\n")


@st.composite
def mutated_program(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 20)))
        kind = draw(st.sampled_from(["delete", "insert", "whitespace"]))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS)) + text[i:]
        else:
            text = text[:i] + draw(st.sampled_from(["", " ", "\n", "\t", "\n\n", "   "])) + text[j:]
    return text


@fuzz_settings
@given(mutated_program())
def test_mutated_programs(text: str) -> None:
    check_output(text)
