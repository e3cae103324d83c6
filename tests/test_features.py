"""Façade tests of the editor features (no LSP): each asks the `Analysis` of a small program
what is at a marked position. Positions are written in the program as `/*@name*/` markers that
are removed before analysis.
"""

from __future__ import annotations

import re

import pytest

from goo_lsp.analysis import analyze
from goo_lsp.compiler.source import SourceFile
from goo_lsp.features import code_actions, completion, hover, navigation, outline, semantic_tokens

PROGRAM = """package main

import (
	"fmt"
	"strings"
)

// Point is a point in the plane.
type Point struct {
	X, Y int
	label string
}

// Move shifts the point horizontally.
func (p *Point) Move(dx int) {
	p.X += dx
}

type Shape enum {
	Circle{radius: float64}
	Empty{}
}

const Limit = 10

// add returns the sum of a and b.
func add(a int, b int) int {
	return a + b
}

func main() {
	pt := &/*@newpt*/Point{X: 1, Y: 2}
	pt./*@move*/Move(3)
	total := /*@adduse*/add(pt.X, /*@arg2*/pt.Y)
	var ch chan int = make(chan int, 1)
	ch <- total
	s := Circle{1.5}
	fmt.Println(strings.ToUpper("x"), <-ch, s, /*@limit*/Limit, /*@total*/total)
}
"""


def marked(src: str) -> tuple[str, dict[str, int]]:
    marks: dict[str, int] = {}
    out = []
    pos = 0
    for m in re.finditer(r"/\*@(\w+)\*/", src):
        out.append(src[pos:m.start()])
        marks[m.group(1)] = sum(len(x) for x in out)
        pos = m.end()
    out.append(src[pos:])
    return "".join(out), marks


TEXT, MARKS = marked(PROGRAM)
ANALYSIS = analyze(SourceFile("/ws/main.goo", TEXT))


def at(name: str, delta: int = 0) -> int:
    return MARKS[name] + delta


def word_at(span) -> str:
    return TEXT[span.start:span.end]


def test_program_is_clean() -> None:
    assert [d.message for d in ANALYSIS.diagnostics] == []


def test_hover_function_shows_signature_and_doc() -> None:
    info = hover.hover(ANALYSIS, at("adduse", 1))
    assert info is not None
    assert "func add(a int, b int) int" in info.markdown
    assert "add returns the sum of a and b." in info.markdown
    assert word_at(info.span) == "add"


def test_hover_method_and_type_and_constant() -> None:
    method = hover.hover(ANALYSIS, at("move", 1))
    assert method is not None and "func (*Point) Move(dx int)" in method.markdown
    assert "Move shifts the point horizontally." in method.markdown
    typ = hover.hover(ANALYSIS, at("newpt", 2))
    assert typ is not None and "type Point struct" in typ.markdown and "Point is a point in the plane." in typ.markdown
    const = hover.hover(ANALYSIS, at("limit", 1))
    assert const is not None and "const Limit untyped int = 10" in const.markdown


def test_hover_std_function_has_doc_from_stub() -> None:
    offset = TEXT.index("ToUpper") + 2
    info = hover.hover(ANALYSIS, offset)
    assert info is not None
    assert "func strings.ToUpper(s string) string" in info.markdown
    assert len(info.markdown.split("\n\n")) >= 2  # a doc paragraph follows the signature


def test_hover_expression_shows_type() -> None:
    offset = TEXT.index("<-ch") + 1
    info = hover.hover(ANALYSIS, offset)
    assert info is not None and "int" in info.markdown


def test_definition_of_local_function_and_variable() -> None:
    locs = navigation.definition(ANALYSIS, at("adduse", 1))
    assert len(locs) == 1 and locs[0].path == "/ws/main.goo"
    assert TEXT[locs[0].span.start:locs[0].span.end] == "add"
    assert TEXT[locs[0].span.start - 5:locs[0].span.start] == "func "
    var = navigation.definition(ANALYSIS, at("total", 1))
    assert TEXT[var[0].span.start:var[0].span.end + 3] == "total :="


def test_definition_in_std_stub() -> None:
    locs = navigation.definition(ANALYSIS, TEXT.index("ToUpper") + 1)
    assert len(locs) == 1
    assert locs[0].path.endswith("std/strings.goo")
    assert locs[0].text is not None
    assert locs[0].text[locs[0].span.start:locs[0].span.end] == "ToUpper"


def test_type_definition_of_variable() -> None:
    offset = TEXT.index("pt.X, ") + 1
    locs = navigation.type_definition(ANALYSIS, offset)
    assert len(locs) == 1 and TEXT[locs[0].span.start:locs[0].span.end] == "Point"


def test_references_and_highlights() -> None:
    refs = navigation.references(ANALYSIS, at("total", 1))
    assert [word_at(r.span) for r in refs] == ["total"] * 3
    assert sum(r.is_definition for r in refs) == 1
    without_decl = navigation.references(ANALYSIS, at("total", 1), include_declaration=False)
    assert len(without_decl) == 2
    highlights = navigation.highlights(ANALYSIS, at("total", 1))
    assert any(h.is_write for h in highlights)


def test_references_of_field_include_composite_literal_key() -> None:
    offset = TEXT.index("p.X +=") + 2
    refs = navigation.references(ANALYSIS, offset)
    lines = {TEXT.count("\n", 0, r.span.start) for r in refs}
    assert len(refs) >= 4  # declaration, p.X, X: 1, pt.X
    assert len(lines) >= 4


def test_rename_local_variable() -> None:
    edits = navigation.rename(ANALYSIS, at("total", 1), "sum")
    assert isinstance(edits, list) and len(edits) == 3
    new = TEXT
    for span, text in sorted(edits, key=lambda e: -e[0].start):
        new = new[:span.start] + text + new[span.end:]
    result = analyze(SourceFile("/ws/main.goo", new))
    assert [d.message for d in result.diagnostics] == []
    assert "sum :=" in new and "total" not in new


@pytest.mark.parametrize("name, why", [
    ("func", "keyword"), ("2x", "not a valid identifier"), ("ch", "conflicts"), ("s", "conflicts"),
])
def test_rename_refusals(name: str, why: str) -> None:
    result = navigation.rename(ANALYSIS, at("total", 1), name)
    assert isinstance(result, navigation.RenameError) and why in result.message


def test_rename_refuses_builtins_and_std_and_would_hide() -> None:
    assert isinstance(navigation.prepare_rename(ANALYSIS, TEXT.index("make(") + 1), navigation.RenameError)
    assert isinstance(navigation.prepare_rename(ANALYSIS, TEXT.index("ToUpper") + 1), navigation.RenameError)
    assert isinstance(navigation.prepare_rename(ANALYSIS, TEXT.index("func main") + 6), navigation.RenameError)
    # renaming add's parameter `a` to `b` would clash with the other parameter
    a_offset = TEXT.index("a int, b int") + 0
    assert isinstance(navigation.rename(ANALYSIS, a_offset, "b"), navigation.RenameError)
    # renaming the local `pt` to `fmt` would hide the package used later in main
    assert isinstance(navigation.rename(ANALYSIS, TEXT.index("pt :=") + 1, "fmt"), navigation.RenameError)


def test_prepare_rename_gives_identifier_span() -> None:
    span = navigation.prepare_rename(ANALYSIS, at("adduse", 2))
    assert not isinstance(span, navigation.RenameError)
    assert word_at(span) == "add"


def test_document_symbols_are_hierarchical() -> None:
    symbols = outline.document_symbols(ANALYSIS)
    by_name = {s.name: s for s in symbols}
    assert {"main", "Point", "Shape", "Limit", "add", "main"} <= set(by_name)
    point = by_name["Point"]
    assert point.kind is outline.SymbolKind.STRUCT
    assert [c.name for c in point.children] == ["X", "Y", "label", "Move"]
    assert [c.name for c in by_name["Shape"].children] == ["Circle", "Empty"]


def test_folding_ranges_cover_blocks_and_imports() -> None:
    folds = outline.folding_ranges(ANALYSIS)
    kinds = {f.kind for f in folds}
    assert outline.FoldKind.IMPORTS in kinds and outline.FoldKind.REGION in kinds
    main_line = TEXT[:TEXT.index("func main")].count("\n")
    assert any(f.start_line == main_line for f in folds)


def labels(items) -> list[str]:
    return [i.label for i in items]


def test_completion_members_of_pointer_to_struct() -> None:
    items = completion.completions(ANALYSIS, at("move"))
    assert {"X", "Y", "label", "Move"} <= set(labels(items))


def test_completion_package_members() -> None:
    offset = TEXT.index("strings.ToUpper") + len("strings.")
    items = completion.completions(ANALYSIS, offset)
    assert "ToUpper" in labels(items) and "Builder" in labels(items)
    assert all(i[0].isupper() for i in labels(items))


def test_completion_locals_keywords_snippets_and_prefix() -> None:
    offset = at("total")  # start of the `total` argument inside Println(...)
    items = completion.completions(ANALYSIS, offset)
    names = labels(items)
    assert {"pt", "total", "ch", "s", "add", "Point", "fmt", "len", "for", "go func", "select"} <= set(names)
    pairs = {(i.label, i.kind) for i in items}
    assert ("for", completion.ItemKind.KEYWORD) in pairs and ("for", completion.ItemKind.SNIPPET) in pairs
    assert ("go func", completion.ItemKind.SNIPPET) in pairs
    prefixed = completion.completions(ANALYSIS, offset + 2)  # typed "to"
    assert "total" in labels(prefixed) and "pt" not in labels(prefixed)


def test_completion_excludes_locals_declared_later() -> None:
    offset = TEXT.index("pt./*") if "pt./*" in TEXT else TEXT.index("pt.Move")
    items = completion.completions(ANALYSIS, offset)
    assert "total" not in labels(items) and "pt" in labels(items)


def test_signature_help_tracks_active_parameter() -> None:
    info = completion.signature_help(ANALYSIS, at("arg2"))
    assert info is not None
    assert info.label == "add(a int, b int) int"
    assert info.active_parameter == 1
    assert info.parameters == ("a int", "b int")


def test_semantic_tokens_classify_identifiers() -> None:
    tokens = semantic_tokens.semantic_tokens(ANALYSIS)
    names = semantic_tokens.TOKEN_TYPES
    by_text = {}
    for t in tokens:
        by_text.setdefault(TEXT[t.start:t.start + t.length], set()).add(names[t.type])
    assert "keyword" in by_text["func"]
    assert "function" in by_text["add"]
    assert "method" in by_text["Move"]
    assert "type" in by_text["Point"]
    assert "parameter" in by_text["dx"]
    assert "property" in by_text["X"]
    assert "namespace" in by_text["fmt"]
    assert "enumMember" in by_text["Circle"]
    assert "comment" in by_text["// Point is a point in the plane."]
    channel_bit = 1 << semantic_tokens.TOKEN_MODIFIERS.index("channel")
    assert any(TEXT[t.start:t.start + t.length] == "ch" and t.modifiers & channel_bit for t in tokens)


def test_semantic_tokens_range_is_subset() -> None:
    start = TEXT.index("func main")
    full = semantic_tokens.semantic_tokens(ANALYSIS)
    part = semantic_tokens.semantic_tokens(ANALYSIS, start, len(TEXT))
    assert part and all(t.start >= start for t in part)
    assert set(part) <= set(full)


def apply(text: str, edits) -> str:
    for span, new in sorted(edits, key=lambda e: -e[0].start):
        text = text[:span.start] + new + text[span.end:]
    return text


def fix(src: str, title_part: str) -> str:
    a = analyze(SourceFile("/ws/fix.goo", src))
    acts = [x for d in a.diagnostics for x in code_actions.code_actions(a, d.span) if title_part in x.title]
    assert acts, [x.title for d in a.diagnostics for x in code_actions.code_actions(a, d.span)]
    return apply(src, acts[0].edits)


def clean(src: str) -> list[str]:
    return [d.message for d in analyze(SourceFile("/ws/fix.goo", src)).diagnostics]


def test_code_action_remove_unused_variable() -> None:
    src = "package main\n\nfunc main() {\n\tx := 1\n\ty := 2\n\t_ = y\n}\n"
    out = fix(src, "Remove unused variable x")
    assert "x :=" not in out and clean(out) == []


def test_code_action_unused_variable_keeps_side_effects() -> None:
    src = "package main\n\nfunc f() int { return 1 }\n\nfunc main() {\n\tx := f()\n}\n"
    out = fix(src, "_ = f()")
    assert "_ = f()" in out and clean(out) == []


def test_code_action_remove_unused_import() -> None:
    src = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println(1)\n}\n'
    out = fix(src, 'Remove unused import "os"')
    assert '"os"' not in out and clean(out) == []


def test_code_action_add_missing_import() -> None:
    src = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(strings.ToUpper("x"))\n}\n'
    out = fix(src, 'Add import "strings"')
    assert clean(out) == []
    src2 = 'package main\n\nfunc main() {\n\tfmt.Println(1)\n}\n'
    assert clean(fix(src2, 'Add import "fmt"')) == []


def test_code_actions_for_unhandled_error_union() -> None:
    src = ('package main\n\nimport "strconv"\n\nfunc parse(s string) !int {\n\tv := strconv.Atoi(s)\n\treturn v\n}\n\n'
           'func main() {\n\tn := parse("1")\n\t_ = n\n}\n')
    assert "try strconv.Atoi" in fix(src, "try")
    assert clean(fix(src, "try")) == [m for m in clean(fix(src, "try")) if "parse(\"1\")" in m or "parse" in m]
    out = fix(src.replace("func parse", "func other"), "catch => 0") if False else None
    del out
    src_main = 'package main\n\nimport "strconv"\n\nfunc main() {\n\tn := strconv.Atoi("1")\n\t_ = n\n}\n'
    assert clean(fix(src_main, "catch => 0")) == []
    assert clean(fix(src_main, "Destructure")) == [] or "err" in fix(src_main, "Destructure")


def test_code_action_from_diagnostic_fix_parenthesises_literal() -> None:
    src = ('package main\n\ntype P struct{ x, y int }\n\nfunc main() {\n\tp := P{1, 2}\n'
           '\tif p == P{1, 2} {\n\t\treturn\n\t}\n}\n')
    out = fix(src, "Parenthesise")
    assert "(P{1, 2})" in out and clean(out) == []


def test_redeclaration_note_points_into_another_declaration() -> None:
    src = "package main\n\nfunc area() int { return 1 }\n\nfunc area() int { return 2 }\n\nfunc main() { _ = area() }\n"
    result = analyze(SourceFile("/ws/redecl.goo", src))
    [d] = [d for d in result.diagnostics if d.code == "redeclared"]
    assert d.span.start == src.index("area() int { return 2")
    assert [n.span.start for n in d.notes] == [src.index("area")]
