"""Fuzz and property tests of the front end (bounded so CI stays fast):
- parsing and checking never raise, on random text and on mutated real programs;
- analysing an edited text with the previous analysis gives exactly the diagnostics of a
  cold analysis of the same text (per-declaration reuse is invisible).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goo_lsp.analysis import analyze
from goo_lsp.compiler.source import SourceFile

SAMPLES = sorted((Path(__file__).parent / "samples").glob("*.goo"))
SAMPLE_TEXTS = [p.read_text() for p in SAMPLES]
FRAGMENTS = [
    "{", "}", "(", ")", "[", "]", "func", "go ", "x := ", "<-", "ch <- 1", "select {", "case ", ":", ";", "\n",
    "if x {", "else", "for i := range 10 {", "match s {", "catch e {", "try ", "!int", "?int", "@inline",
    "`raw", '"str', "'c'", "/*", "*/", "//", "enum {", "struct{", "interface{", "[]int{1, 2}", "...", "..",
    "defer ", "return", "arena {", "comptime ", "let ", "fn ", "#", "\t", "é", "😀", "0x1p-2", "08",
]

fuzz_settings = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _diag_tuples(result) -> list[tuple]:
    return [(d.span.start, d.span.end, d.severity.value, d.code, d.message) for d in result.diagnostics]


@fuzz_settings
@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    analyze(SourceFile("fuzz.goo", text))


@fuzz_settings
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_token_soup_never_raises(parts: list[str]) -> None:
    analyze(SourceFile("soup.goo", "package main\n" + " ".join(parts)))


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS)) + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + text[j:j + (j - i)] + text[i:j] + text[j + (j - i):]
    return text


@fuzz_settings
@given(mutated_sample())
def test_mutated_programs_never_raise(text: str) -> None:
    analyze(SourceFile("mutant.goo", text))


@st.composite
def edit_sequence(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    edits = []
    length = len(text)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, length))
        j = draw(st.integers(i, min(length, i + draw(st.integers(0, 12)))))
        insert = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5), st.just("")))
        edits.append((i, j, insert))
        length += len(insert) - (j - i)
    return text, edits


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequence())
def test_incremental_equals_cold(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, edits = case
    previous = analyze(SourceFile("inc.goo", text))
    for i, j, insert in edits:
        text = text[:i] + insert + text[j:]
        incremental = analyze(SourceFile("inc.goo", text), previous)
        cold = analyze(SourceFile("inc.goo", text))
        assert _diag_tuples(incremental) == _diag_tuples(cold)
        previous = incremental


def test_deeply_nested_expression_is_a_diagnostic_not_a_crash() -> None:
    depth = 3000
    text = "package main\nfunc main() {\n\tx := " + "(" * depth + "1" + ")" * depth + "\n\t_ = x\n}\n"
    result = analyze(SourceFile("deep.goo", text))
    assert any("nested too deeply" in d.message for d in result.diagnostics)


def test_edit_inside_function_reuses_other_declarations() -> None:
    text = SAMPLE_TEXTS[0]
    first = analyze(SourceFile("r.goo", text))
    i = text.index("out <- v * v")
    second = analyze(SourceFile("r.goo", text[:i] + "out <- v * v + 0" + text[i + len("out <- v * v"):]), first)
    assert second.stats["reparsed_chunks"] == 1
    assert second.stats["rechecked_bodies"] == 1
    assert second.stats["env_reused"] is True
    assert _diag_tuples(second) == _diag_tuples(analyze(SourceFile("r.goo", second.source.text)))
