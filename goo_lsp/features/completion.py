"""Completion: members after `x.` (fields and methods of x's type, or a package's exported
names), otherwise the names visible at the cursor (locals declared before it, package
members, imports, predeclared names), keywords and snippet templates. Signature help for the
innermost call around the cursor.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.check_base import Mode
from ..compiler.lookup import SelKind, lookup, method_set_names
from ..compiler.objects import (
    UNIVERSE,
    Builtin,
    ConceptObj,
    Const,
    Func,
    Obj,
    PkgName,
    Scope,
    TypeName,
    Var,
    VariantObj,
)
from ..compiler.tokens import KEYWORDS
from ..compiler.types import Pointer, Signature, Struct, Type, TypeParam, type_string, underlying
from .common import describe_object, infos, locate, object_of, type_of


class ItemKind(enum.Enum):
    VARIABLE = "variable"
    FIELD = "field"
    FUNCTION = "function"
    METHOD = "method"
    TYPE = "type"
    INTERFACE = "interface"
    STRUCT = "struct"
    CONSTANT = "constant"
    MODULE = "module"
    KEYWORD = "keyword"
    SNIPPET = "snippet"
    ENUM_MEMBER = "enum_member"
    TYPE_PARAMETER = "type_parameter"


@dataclass(frozen=True, slots=True)
class CompletionItem:
    label: str
    kind: ItemKind
    detail: str = ""
    insert_text: str | None = None
    snippet: bool = False
    sort: str = "5"


SNIPPETS = [
    ("func", "func ${1:name}(${2}) ${3}{\n\t$0\n}", "function declaration"),
    ("for", "for ${1:i} := 0; ${1:i} < ${2:n}; ${1:i}++ {\n\t$0\n}", "three-clause for loop"),
    ("for range", "for ${1:_}, ${2:v} := range ${3:xs} {\n\t$0\n}", "range loop"),
    ("select", "select {\ncase ${1:v} := <-${2:ch}:\n\t$0\ndefault:\n}", "select statement"),
    ("go func", "go func() {\n\t$0\n}()", "start a goroutine"),
    ("if err", "if err != nil {\n\treturn ${1:err}\n}", "check an error"),
    ("match", "match ${1:x} {\ncase ${2}:\n\t$0\n}", "match statement"),
    ("if let", "if let ${1:v} = ${2:x} {\n\t$0\n}", "unwrap a nullable"),
]


def completions(analysis: Analysis, offset: int) -> list[CompletionItem]:
    text = analysis.source.text
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    prefix = text[start:offset]
    if start > 0 and text[start - 1] == ".":
        return _filter(_members(analysis, start - 1), prefix)
    if _in_comment_or_string(analysis, offset):
        return []
    items = _scope_items(analysis, offset)
    items += [CompletionItem(k, ItemKind.KEYWORD, "keyword", sort="8") for k in KEYWORDS if not k.startswith(("msg_", "own_"))]
    items += [CompletionItem(label, ItemKind.SNIPPET, detail, body, True, "9") for label, body, detail in SNIPPETS]
    return _filter(items, prefix)


def _filter(items: list[CompletionItem], prefix: str) -> list[CompletionItem]:
    if not prefix:
        return items
    low = prefix.lower()
    return [i for i in items if i.label.lower().startswith(low) or (low in i.label.lower() and len(low) > 1)]


def _in_comment_or_string(analysis: Analysis, offset: int) -> bool:
    from .common import all_comments
    for c in all_comments(analysis.parsed):
        if c.span.start < offset <= c.span.end and not (c.text.startswith("//") and offset == c.span.end and False):
            return True
    return False


def _members(analysis: Analysis, dot: int) -> list[CompletionItem]:
    loc = locate(analysis, dot)
    if loc is None:
        return []
    pkg = analysis.check.env.pkg_name
    rel = dot - loc.chunk.start
    receiver: S.Node | None = None
    for node in S.walk(loc.chunk.decl):
        if isinstance(node, S.Selector) and node.x.span.end == rel:
            receiver = node.x
            break
    if receiver is None:
        return []
    obj = object_of(analysis, loc.index, receiver.id) if isinstance(receiver, S.Ident) else None
    if isinstance(obj, PkgName) and obj.package is not None:
        out = []
        for name, member in sorted(obj.package.scope.names.items()):
            if member.exported:
                out.append(_item(member, pkg))
        return out
    tv = type_of(analysis, loc.index, receiver.id)
    if tv is None:
        return []
    return _type_members(tv.type, pkg, tv.mode == Mode.TYPEXPR)


def _type_members(t: Type, pkg: str, is_type: bool) -> list[CompletionItem]:
    out: list[CompletionItem] = []
    seen: set[str] = set()
    base = underlying(t)
    if isinstance(base, Pointer):
        base = underlying(base.elem)
    if not is_type and isinstance(base, Struct):
        stack = [(base, 0)]
        while stack:
            st, depth = stack.pop(0)
            for f in st.fields:
                if f.name not in seen and (f.exported or True):
                    seen.add(f.name)
                    out.append(CompletionItem(f.name, ItemKind.FIELD, type_string(f.type, pkg), sort=f"{depth}"))
                if f.embedded and depth < 4:
                    inner = underlying(f.type)
                    if isinstance(inner, Pointer):
                        inner = underlying(inner.elem)
                    if isinstance(inner, Struct):
                        stack.append((inner, depth + 1))
    for name, sel in sorted(method_set_names(t).items()):
        if name in seen:
            continue
        seen.add(name)
        sig = sel.func.type if sel.func is not None and sel.func.type is not None else sel.type
        detail = "func" + type_string(sig, pkg)[4:] if isinstance(sig, Signature) else ""
        out.append(CompletionItem(name, ItemKind.METHOD, detail, sort="2"))
    return out


def _scope_items(analysis: Analysis, offset: int) -> list[CompletionItem]:
    pkg = analysis.check.env.pkg_name
    loc = locate(analysis, offset)
    items: list[CompletionItem] = []
    seen: set[str] = set()
    if loc is not None:
        scope = _innermost_scope(analysis, loc.index, loc.rel)
        while scope is not None and scope.kind.value in ("func", "block"):
            for name, obj in scope.names.items():
                if name in seen:
                    continue
                if obj.loc.decl_id == loc.chunk.decl.id and obj.loc.span.start > loc.rel:
                    continue  # declared after the cursor
                seen.add(name)
                items.append(_item(obj, pkg, sort="1"))
            scope = scope.parent
    env = analysis.check.env
    for scope, sort in ((env.scope, "2"), (env.file_scope, "3"), (UNIVERSE, "6")):
        for name, obj in scope.names.items():
            if name in seen or name in ("recover", "complex", "real", "imag"):
                continue
            seen.add(name)
            items.append(_item(obj, pkg, sort=sort))
    return items


def _innermost_scope(analysis: Analysis, index: int, rel: int) -> Scope | None:
    best = None
    for info in infos(analysis, index):
        for root in info.scopes:
            found = _walk_scope(root, rel)
            if found is not None:
                best = found
    return best


def _walk_scope(scope: Scope, rel: int) -> Scope | None:
    if scope.span is None or not (scope.span.start <= rel <= scope.span.end):
        return None
    for child in scope.children:
        found = _walk_scope(child, rel)
        if found is not None:
            return found
    return scope


def _item(obj: Obj, pkg: str, sort: str = "5") -> CompletionItem:
    detail = describe_object(obj, pkg)
    match obj:
        case Var():
            kind = ItemKind.FIELD if obj.is_field else ItemKind.VARIABLE
        case Const():
            kind = ItemKind.CONSTANT
        case TypeName():
            kind = ItemKind.TYPE_PARAMETER if isinstance(obj.type, TypeParam) else ItemKind.TYPE
        case Func() | Builtin():
            kind = ItemKind.METHOD if isinstance(obj, Func) and obj.recv_named is not None else ItemKind.FUNCTION
        case PkgName():
            kind = ItemKind.MODULE
        case VariantObj():
            kind = ItemKind.ENUM_MEMBER
        case ConceptObj():
            kind = ItemKind.INTERFACE
        case _:
            kind = ItemKind.VARIABLE
    return CompletionItem(obj.name, kind, detail.split("\n", 1)[0], sort=sort)


# ------------------------------------------------------------------------------- signature help
@dataclass(frozen=True, slots=True)
class SignatureInfo:
    label: str
    parameters: tuple[str, ...]     # parameter labels as they appear in `label`
    active_parameter: int
    doc: str = ""


def signature_help(analysis: Analysis, offset: int) -> SignatureInfo | None:
    loc = locate(analysis, offset)
    if loc is None:
        return None
    call = None
    for node in reversed(loc.path):
        if isinstance(node, S.Call) and node.lparen.end <= loc.rel <= max(node.rparen.start, node.lparen.end):
            call = node
            break
    if call is None:
        return None
    tv = type_of(analysis, loc.index, call.fun.id)
    if tv is None or not isinstance(tv.type, Signature):
        return None
    pkg = analysis.check.env.pkg_name
    sig = tv.type
    params = []
    for i, p in enumerate(sig.params):
        t = type_string(p.type, pkg)
        if sig.variadic and i == len(sig.params) - 1 and t.startswith("[]"):
            t = "..." + t[2:]
        params.append(f"{p.name} {t}".strip())
    results = ""
    if len(sig.results) == 1:
        results = " " + type_string(sig.results[0].type, pkg)
    elif sig.results:
        results = " (" + ", ".join(type_string(r.type, pkg) for r in sig.results) + ")"
    name = analysis.source.text[loc.chunk.start + call.fun.span.start:loc.chunk.start + call.fun.span.end]
    label = f"{name}({', '.join(params)}){results}"
    text = analysis.source.text[loc.chunk.start + call.lparen.end:loc.chunk.start + loc.rel]
    active = _count_top_level_commas(text)
    if sig.variadic and params:
        active = min(active, len(params) - 1)
    obj = object_of(analysis, loc.index, call.fun.sel.id if isinstance(call.fun, S.Selector) else call.fun.id)
    from .common import object_doc
    doc = object_doc(analysis, obj) if obj is not None else ""
    return SignatureInfo(label, tuple(params), active, doc)


def _count_top_level_commas(text: str) -> int:
    depth = 0
    count = 0
    quote = None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            count += 1
    return count


__all__ = ["completions", "CompletionItem", "ItemKind", "signature_help", "SignatureInfo", "lookup", "SelKind"]
