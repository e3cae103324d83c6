"""Quick fixes for common errors: every fix a diagnostic carries, plus
- unused variable: remove its `x := expr` (or keep a call's side effect with `_ = expr`);
- unused import: remove the import;
- undefined package name that is a standard package (`strings.ToUpper` without the import):
  add the import;
- unhandled error union: wrap the call in `try` (when the function can return the error),
  handle it with `catch => <zero value>`, or destructure into `v, err :=`.

Each action is a title plus text edits (absolute spans, replacement text) and the diagnostic it
fixes. The protocol layer turns them into LSP CodeActions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.diagnostics import Diagnostic
from ..compiler.source import Span
from ..compiler.stdlib_index import STD_PACKAGES
from ..compiler.types import ErrorUnion, Type, underlying
from .common import locate, type_of


@dataclass(frozen=True, slots=True)
class Action:
    title: str
    edits: tuple[tuple[Span, str], ...]
    diagnostic: Diagnostic | None = None
    preferred: bool = False


def code_actions(analysis: Analysis, span: Span) -> list[Action]:
    out: list[Action] = []
    for d in analysis.diagnostics:
        if not (d.span.start <= span.end and span.start <= d.span.end):
            continue
        for fix in d.fixes:
            out.append(Action(fix.title, ((fix.span, fix.replacement),), d, True))
        handler = _HANDLERS.get(d.code)
        if handler is not None:
            out.extend(handler(analysis, d))
    return out


def _line_span(text: str, start: int, end: int) -> Span:
    """The full lines covering [start, end), including the final newline."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b + 1
    return Span(a, b)


def _unused_variable(analysis: Analysis, d: Diagnostic) -> list[Action]:
    loc = locate(analysis, d.span.start)
    if loc is None:
        return []
    text = analysis.source.text
    name = d.message.rsplit(": ", 1)[-1]
    for node in reversed(loc.path):
        if isinstance(node, S.AssignStmt) and node.op == ":=":
            base = loc.chunk.start
            stmt_span = node.span.shifted(base)
            if len(node.lhs) == 1 and len(node.rhs) == 1:
                rhs = node.rhs[0]
                rhs_text = text[base + rhs.span.start:base + rhs.span.end]
                if _has_side_effects(rhs):
                    return [Action(f"Keep the value's side effects: _ = {rhs_text}", ((stmt_span, f"_ = {rhs_text}"),), d, True)]
                line = _line_span(text, stmt_span.start, stmt_span.end)
                if text[line.start:stmt_span.start].strip() == "" and text[stmt_span.end:line.end].strip() == "":
                    return [Action(f"Remove unused variable {name}", ((line, ""),), d, True)]
                return [Action(f"Remove unused variable {name}", ((stmt_span, ""),), d, True)]
            ident = next((x for x in node.lhs if isinstance(x, S.Ident) and x.name == name), None)
            if ident is not None:
                return [Action(f"Replace {name} with _", ((ident.span.shifted(base), "_"),), d, True)]
        if isinstance(node, S.DeclStmt) and isinstance(node.decl, S.GenDecl) and len(node.decl.specs) == 1:
            spec = node.decl.specs[0]
            if isinstance(spec, S.ValueSpec) and len(spec.names) == 1 and not any(_has_side_effects(v) for v in spec.values):
                span = node.span.shifted(loc.chunk.start)
                return [Action(f"Remove unused variable {name}", ((_line_span(text, span.start, span.end), ""),), d, True)]
    return []


def _has_side_effects(e: S.Node) -> bool:
    return any(isinstance(n, (S.Call, S.Unary)) and (not isinstance(n, S.Unary) or n.op == "<-") for n in S.walk(e))


def _unused_import(analysis: Analysis, d: Diagnostic) -> list[Action]:
    text = analysis.source.text
    path = d.message.split('"')[1] if '"' in d.message else "import"
    loc = locate(analysis, d.span.start)
    if loc is not None and isinstance(loc.chunk.decl, S.ImportDecl) and len(loc.chunk.decl.specs) == 1:
        decl = loc.chunk.decl
        span = decl.span.shifted(loc.chunk.start)
        return [Action(f"Remove unused import \"{path}\"", ((_line_span(text, span.start, span.end), ""),), d, True)]
    line = _line_span(text, d.span.start, d.span.end)
    if text[line.start:d.span.start].strip() == "" and text[d.span.end:line.end].strip() == "":
        return [Action(f"Remove unused import \"{path}\"", ((line, ""),), d, True)]
    return [Action(f"Remove unused import \"{path}\"", ((d.span, ""),), d, True)]


_STD_BY_NAME = {p.name: p.path for p in STD_PACKAGES.values() if p.status != "internal"}


def _undefined_name(analysis: Analysis, d: Diagnostic) -> list[Action]:
    name = d.message.removeprefix("undefined: ").split(" ", 1)[0]
    if "." in name:
        return []
    text = analysis.source.text
    if text[d.span.end:d.span.end + 1] != "." or name not in _STD_BY_NAME:
        return []
    path = _STD_BY_NAME[name]
    edit = _import_edit(analysis, path)
    if edit is None:
        return []
    return [Action(f"Add import \"{path}\"", (edit,), d, True)]


def _import_edit(analysis: Analysis, path: str) -> tuple[Span, str] | None:
    text = analysis.source.text
    package_end = None
    for chunk in analysis.parsed.chunks:
        decl = chunk.decl
        if isinstance(decl, S.ImportDecl):
            span = decl.span.shifted(chunk.start)
            grouped = text[span.start:span.end].rstrip().endswith(")")
            if grouped:
                close = span.start + text[span.start:span.end].rfind(")")
                return Span(close, close), f"\t\"{path}\"\n"
            return Span(span.start, span.end), f"import (\n\t{text[span.start + len('import'):span.end].strip()}\n\t\"{path}\"\n)"
        if isinstance(decl, S.PackageClause):
            package_end = chunk.start + decl.span.end
    if package_end is None:
        return None
    return Span(package_end, package_end), f"\n\nimport \"{path}\""


def _unhandled_union(analysis: Analysis, d: Diagnostic) -> list[Action]:
    loc = locate(analysis, d.span.start)
    if loc is None:
        return []
    call = None
    for node in reversed(loc.path):
        if isinstance(node, S.Call) and node.span.start == d.span.start - loc.chunk.start:
            call = node
            break
    if call is None:
        return []
    base = loc.chunk.start
    tv = type_of(analysis, loc.index, call.id)
    union_t = tv.type if tv is not None and isinstance(tv.type, ErrorUnion) else None
    zero = _zero_text(union_t.elem if union_t is not None else None, analysis.check.env.pkg_name)
    span = call.span.shifted(base)
    out = []
    if _enclosing_returns_error(analysis, loc):
        out.append(Action("Propagate the error with try", ((Span(span.start, span.start), "try "),), d, True))
    if zero is not None:
        out.append(Action(f"Handle the error with catch => {zero}", ((Span(span.end, span.end), f" catch => {zero}"),), d))
    for node in reversed(loc.path):
        if isinstance(node, S.AssignStmt) and node.op == ":=" and len(node.lhs) == 1 and len(node.rhs) == 1 and node.rhs[0].id == call.id:
            lhs = node.lhs[0].span.shifted(base)
            name = analysis.source.text[lhs.start:lhs.end]
            out.append(Action(f"Destructure into {name}, err :=", ((lhs, f"{name}, err"),), d))
            break
    return out


def _enclosing_returns_error(analysis: Analysis, loc) -> bool:
    from ..compiler.objects import ERROR_TYPE
    for node in reversed(loc.path):
        ftype = node.type if isinstance(node, (S.FuncLit, S.FuncDecl)) else None
        if ftype is None:
            continue
        tv = type_of(analysis, loc.index, node.id) if isinstance(node, S.FuncLit) else None
        sig = tv.type if tv is not None else None
        if sig is None and isinstance(node, S.FuncDecl):
            obj = analysis.check.env.scope.lookup_local(node.name.name)
            sig = obj.type if obj is not None else None
            for fn_i, fn in analysis.check.env.funcs:
                if fn.decl is node or (fn_i == loc.index and fn.name == node.name.name):
                    sig = fn.type
        from ..compiler.types import Signature
        if isinstance(sig, Signature):
            if len(sig.results) == 1 and isinstance(sig.results[0].type, ErrorUnion):
                return True
            return bool(sig.results) and sig.results[-1].type is ERROR_TYPE
        return False
    return False


def _zero_text(t: Type | None, pkg: str) -> str | None:
    from ..compiler.types import Basic, Nullable, Pointer, Signature, Slice, Map, Chan, Interface, Struct, type_string
    if t is None:
        return None
    u = underlying(t)
    if isinstance(u, Basic):
        if u.name == "bool":
            return "false"
        if u.name == "string":
            return '""'
        return "0"
    if isinstance(u, (Pointer, Signature, Slice, Map, Chan, Interface, Nullable)):
        return "nil"
    if isinstance(u, Struct):
        return type_string(t, pkg) + "{}"
    return None


_HANDLERS = {
    "unused-variable": _unused_variable,
    "unused-import": _unused_import,
    "undefined-name": _undefined_name,
    "unhandled-error-union": _unhandled_union,
}
