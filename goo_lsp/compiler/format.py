"""`goo fmt`: a gofmt-like formatter for Goo source text.

API: `format_source(text) -> FormatResult(text, error)`; `text` is None when the file was refused.

Approach: token-preserving. Every real token of the input is kept, in order; the formatter only
recomputes the whitespace between tokens (spaces, line breaks, indentation, alignment padding).
The syntax tree is the oracle where spacing depends on structure, following go/printer:
- binary operators: `binaryExpr`/`cutoff`/`diffPrec` and the expression depth rules (a call with
  several arguments, an index, a multi-value assignment compacts), so `a*b + c`, `x[i+1]`,
  `f(a + b)`, `f(a+b, c)`, `a - -b`; slice colons get blanks as in `s[i+1 : j]`;
- unary versus binary `* & - + ^ <-`, `chan<- T` versus `<-chan T`, send statements, `!T`, `?T`;
- composite-literal braces (`T{a, b}`) versus block braces (`{ return x }`), method receivers
  (`func (r T) M()`), parenthesised result lists, `key: value`, `name: T` fields;
- indentation with tabs through a stack of brackets: statement bodies, `case`/`default` at the
  level of their switch/select/match, labels one level out, continuation lines one level in (one
  more per nested binary expression broken after its operator, as go/printer does), comments
  indented like the token that follows them (a comment before `case` stays in the previous
  clause unless it is aligned with the `case`);
- alignment with a port of text/tabwriter (padding 1, DiscardEmptyColumns): trailing comments on
  consecutive lines, struct field names / types / tags (gofmt's cell layout), `=` in const/var
  groups (keepTypeColumn), type groups, values of keyed elements in multi-line composite literals
  (exprList's key-size ratio rule starts new sections), consecutive one-line function bodies.
  Alignment sections end at blank lines, indentation changes and after multi-line constructs.

Line breaks are kept as written (blank lines collapse to one; none after an opening or before a
closing bracket; none at the start or end of the file), except:
- one-line statement blocks are expanded (`if x { return }`, `for {}` -> `for {\n}`, not
  `select {}`); a one-line function body (declaration or literal) stays on one line when it has
  at most 5 statements and fits in 100 columns with its header (gofmt's rule), else it is
  expanded; a one-line struct/interface/concept/enum body stays only with a single element of at
  most 30 columns; catch blocks and enum variant field lists stay as written;
- `case x:`/`default:`/`label:` end their line; grouped declarations get one spec per line;
  statements, specs and fields sharing a line in a multi-line block are split (`a; b`);
- top-level declarations get one per line and a blank line between declarations of different
  kinds or before a doc comment (go/printer declList).
Token rewrites that keep the syntax tree (Goo's semicolon exceptions in gofmt's form):
- a `,` is added after the last element of a multi-line call, parameter list or composite literal
  whose closer stands on its own line; a `,` directly before a closer on the same line goes;
- `}` newline `else` becomes `} else`; a `...` starting a line joins the previous one;
- a `;` is dropped where a line break or another separator ends the element anyway (and empty
  statements go); struct field commas followed by a line break are dropped.
Deliberately left as written: parentheses (gofmt strips some), literal spellings, import order,
the inside of multi-line block comments and raw strings, `;`-separated statements inside a
one-line function body, line breaks that gofmt would also keep (inside expressions and lists).

Invariants:
- `format_source` never raises; a file with any syntax-group diagnostic is refused.
- The output parses without syntax errors to a tree equal to the input's (modulo ids and spans).
  This is checked on every call: if a rewrite would change the tree, the file is formatted again
  without token rewrites, statement splits and one-line type expansions; if that still differs,
  the file is refused (never silently changed).
- Idempotent: format(format(x)) == format(x). Decisions depend only on kept tokens and on line
  breaks that formatting preserves.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, fields as _dc_fields

from . import syntax as S
from .chunks import ParsedFile, parse_file
from .diagnostics import CODES, DiagnosticSink
from .lexer import scan
from .source import LineIndex, Span
from .tokens import ALWAYS_SEMI_AFTER, NO_SEMI_BEFORE, OPERATORS, VALUE_ENDERS, Token


@dataclass(frozen=True)
class FormatResult:
    text: str | None            # formatted text, or None when the file was refused
    error: str | None           # why it was refused


def format_source(text: str) -> FormatResult:
    """Format a whole Goo file. Never raises."""
    try:
        return _format(text)
    except RecursionError:
        return FormatResult(None, "file is nested too deeply to format")
    except Exception as exc:  # noqa: BLE001 - user input must never make the formatter raise
        return FormatResult(None, f"internal formatter error ({type(exc).__name__}: {exc})")


def _format(text: str) -> FormatResult:
    parsed = parse_file(text)
    error = _syntax_error(parsed)
    if error is not None:
        return FormatResult(None, error)
    for safe in (False, True):
        out = _Formatter(text, parsed, safe).run()
        if out == text:
            return FormatResult(out, None)
        check = parse_file(out)
        if _syntax_error(check) is None and _same_chunks(parsed, check):
            return FormatResult(out, None)
    return FormatResult(None, "internal formatter error: the formatted text would not parse to the same syntax tree")


def _syntax_error(parsed: ParsedFile) -> str | None:
    first = None
    count = 0
    for chunk in parsed.chunks:
        for diag in chunk.diagnostics:
            info = CODES.get(diag.code)
            if info is not None and info.group != "syntax":
                continue
            count += 1
            pos = chunk.start + diag.span.start
            if first is None or pos < first[0]:
                first = (pos, diag)
    if first is None:
        return None
    where = LineIndex(parsed.text).position(first[0])
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"file has syntax errors: {where.line + 1}:{where.column + 1}: {first[1].message}{more}"


# ---------------------------------------------------------------------------------- tree equality
_IGNORED_FIELDS = frozenset({"id", "span", "lparen", "rparen", "colon", "lbrace", "catch_span", "op_span"})
_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared_fields(cls: type) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        names = tuple(f.name for f in _dc_fields(cls) if f.name not in _IGNORED_FIELDS and not f.name.endswith("span"))
        _COMPARED[cls] = names
    return names


def same_tree(a: object, b: object) -> bool:
    """Structural equality of two syntax trees, ignoring node ids and positions (iterative)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if isinstance(x, S.Node):
            for name in _compared_fields(type(x)):
                stack.append((getattr(x, name), getattr(y, name)))
        elif isinstance(x, tuple):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif isinstance(x, Span):
            continue
        elif x != y:
            return False
    return True


def _same_chunks(a: ParsedFile, b: ParsedFile) -> bool:
    da = [c.decl for c in a.chunks if not (isinstance(c.decl, S.BadDecl) and not c.text.strip())]
    db = [c.decl for c in b.chunks if not (isinstance(c.decl, S.BadDecl) and not c.text.strip())]
    return len(da) == len(db) and all(same_tree(x, y) for x, y in zip(da, db))


# ---------------------------------------------------------------------------------- constants
_PREC = {
    "||": 1, "&&": 2,
    "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
    "+": 4, "-": 4, "|": 4, "^": 4,
    "*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5, "&": 5, "&^": 5,
}
_OPEN = frozenset({"LPAREN", "LBRACK", "LBRACE"})
_CLOSE = frozenset({"RPAREN", "RBRACK", "RBRACE"})
_PREFIX = frozenset({"PLUS", "MINUS", "STAR", "AMP", "NOT", "CARET", "TILDE", "QUESTION", "ARROW"})
_OPERAND_END = frozenset({"NAME", "INT", "FLOAT", "IMAG", "RUNE", "STRING", "TRUE", "FALSE", "NIL",
                          "RPAREN", "RBRACK", "RBRACE"})
_ASSIGNISH = frozenset({"ASSIGN", "DEFINE", "ASSIGN_OP", "FATARROW"})
_SEMI_ENDERS = VALUE_ENDERS | ALWAYS_SEMI_AFTER
_HEADER_KW = frozenset({"IF", "FOR", "SWITCH", "SELECT", "MATCH"})

# brace roles
_BODY_ROLES = frozenset({"stmt", "switch", "funcbody"})            # base = statement indentation
_BLOCK_ROLES = frozenset({"stmt", "switch", "funcbody", "funclit", "catch"})
_TYPE_ROLES = frozenset({"struct", "interface", "enum"})
_BLOCKY = _BLOCK_ROLES | _TYPE_ROLES | {"concept", "variant"}
_LIT_ROLES = frozenset({"lit", "pattern", "variant"})
_POSTFIX_BRACKETS = frozenset({"index", "slice", "tparams", "targs"})
_COMMA_LISTS = frozenset({"call", "params", "lit"})
_TRIM_COMMA = frozenset({"call", "params", "lit", "pattern", "tparams", "targs"})
_INF = 1 << 30


class _Frame:
    __slots__ = ("kind", "role", "base", "opener", "indented", "elem")

    def __init__(self, kind: str, role: str | None, base: int, opener: int | None):
        self.kind = kind            # file block type group lit paren
        self.role = role
        self.base = base            # indentation of the opener's line (closer goes here)
        self.opener = opener        # token index of the opening bracket
        self.indented = kind not in ("lit", "paren")
        self.elem = base + 1 if self.indented else base   # indentation of the current element


def _frame_kind(role: str | None) -> str:
    if role in _BLOCK_ROLES:
        return "block"
    if role in _TYPE_ROLES or role in ("concept", "variant"):
        return "type"
    if role == "group":
        return "group"
    if role in ("lit", "pattern"):
        return "lit"
    return "paren"


class _Line:
    __slots__ = ("indent", "cells", "first_tok", "breaks", "closer", "noalign", "sect", "verbatim", "keep_ws")

    def __init__(self, indent: int = 0):
        self.indent = indent
        self.cells = [""]
        self.first_tok = -1
        self.breaks = 0
        self.closer = False
        self.noalign = False
        self.sect = False
        self.verbatim = False       # interior line of a multi-line raw string or block comment
        self.keep_ws = False        # the line ends inside a raw string: keep trailing blanks


class _Formatter:
    def __init__(self, text: str, parsed: ParsedFile, safe: bool):
        self.text = text
        self.parsed = parsed
        self.safe = safe
        tokens, comments = scan(text, DiagnosticSink())
        toks = [t for t in tokens if not t.inserted]
        self.toks: list[Token] = toks
        self.kinds = [t.kind for t in toks]
        self.starts = [t.start for t in toks]
        self.by_start = {t.start: k for k, t in enumerate(toks)}
        self.by_end = {t.end: k for k, t in enumerate(toks)}
        # items: tokens and comments in source order
        it_start: list[int] = []
        it_end: list[int] = []
        it_text: list[str] = []
        it_tok: list[int] = []
        ti = ci = 0
        nt, nc = len(toks), len(comments)
        while ti < nt or ci < nc:
            if ci >= nc or (ti < nt and toks[ti].start < comments[ci].span.start):
                t = toks[ti]
                it_start.append(t.start)
                it_end.append(t.end)
                it_text.append(t.text)
                it_tok.append(ti)
                ti += 1
            else:
                c = comments[ci]
                body = c.text
                if body.startswith("//"):
                    body = body.rstrip()
                else:
                    body = "\n".join(line.rstrip() for line in body.split("\n"))
                it_start.append(c.span.start)
                it_end.append(c.span.end)
                it_text.append(body)
                it_tok.append(-1)
                ci += 1
        self.it_start, self.it_end, self.it_text, self.it_tok = it_start, it_end, it_text, it_tok
        self.tok_it = [0] * nt
        for i, k in enumerate(it_tok):
            if k >= 0:
                self.tok_it[k] = i
        ni = len(it_tok)
        count = text.count
        self.g = [0] * ni                       # newlines in the source gap before each item
        self.src_line = [0] * ni
        line = 0
        prev_start = 0
        for i in range(ni):
            line += count("\n", prev_start, it_start[i])
            prev_start = it_start[i]
            self.src_line[i] = line
            if i > 0:
                self.g[i] = count("\n", it_end[i - 1], it_start[i])
        # bracket matching
        self.match = [-1] * nt
        stack: list[int] = []
        for k, kind in enumerate(self.kinds):
            if kind in _OPEN:
                stack.append(k)
            elif kind in _CLOSE:
                if not stack:
                    raise ValueError("unbalanced brackets")
                o = stack.pop()
                self.match[o] = k
                self.match[k] = o
        if stack:
            raise ValueError("unbalanced brackets")
        # annotations (token index keyed)
        self.binop: dict[int, bool] = {}
        self.role: dict[int, str] = {}
        self.colon: dict[int, str] = {}
        self.slice_spaced: dict[int, bool] = {}
        self.send: set[int] = set()
        self.chansend: set[int] = set()
        self.binranges: list[tuple[int, int]] = []          # binary operator token, last token
        self.method_func: set[int] = set()
        self.labels: set[int] = set()
        self.guard_if: set[int] = set()
        self.select_braces: set[int] = set()
        self.funcinfo: dict[int, tuple[int, int]] = {}       # body `{` -> (header first token, statements)
        self.type_elems: dict[int, tuple[str, tuple]] = {}   # type `{` -> (kind, elements)
        self.sepcomma: dict[int, int] = {}                   # struct field-separator comma -> struct `{`
        self.cells: dict[int, int] = {}                      # token -> cell breaks before it
        self.ctarget: dict[int, int] = {}                    # line's first token -> cells before comment
        self.sect: set[int] = set()                          # token starting a new alignment section
        self.lists: list[tuple[str, int, list[tuple[int, int, int]]]] = []
        self.param_lists: list[tuple[int, list[int]]] = []
        self.field_cells: dict[int, tuple] = {}              # struct/variant `{` -> fields (cells if multi-line)
        self.top: list[tuple[int, str]] = []                 # top-level declarations: (first token, kind)
        self.topfuncs: list[tuple[int, int]] = []
        # layout decisions
        self.oneline: set[int] = set()                       # blocky openers kept on one line
        self.forced = [False] * nt
        self.comma_after = [False] * nt
        self.drop = [False] * nt
        self.decided = False

    # ------------------------------------------------------------------------------ helpers
    def at(self, pos: int) -> int | None:
        return self.by_start.get(pos)

    def last(self, pos_end: int) -> int | None:
        return self.by_end.get(pos_end)

    def first_from(self, pos: int, kind: str) -> int | None:
        k = bisect.bisect_left(self.starts, pos)
        kinds = self.kinds
        n = len(kinds)
        while k < n and kinds[k] != kind:
            k += 1
        return k if k < n else None

    # ------------------------------------------------------------------------------ run
    def run(self) -> str:
        if not self.it_tok:
            return ""
        self.annotate()
        self.tgap = [""] + [self.tok_gap(k) for k in range(1, len(self.toks))]
        self.decide_breaks()
        self.final_sequence()
        self.binary_depths()
        self.list_sections()
        lines = self.layout()
        return self.render(lines)

    # ------------------------------------------------------------------------------ annotations
    def annotate(self) -> None:
        for chunk in self.parsed.chunks:
            decl = chunk.decl
            base = chunk.start
            binaries = self.roles(decl, base)
            self.depths(decl, base, binaries)
            k = self.at(base + decl.span.start) if not isinstance(decl, S.BadDecl) else None
            if k is not None:
                self.top.append((k, _decl_kind(decl)))
                if isinstance(decl, S.FuncDecl):
                    e = self.last(base + decl.span.end)
                    if e is not None:
                        self.topfuncs.append((k, e))
        self.header_context()

    def roles(self, decl: S.Node, base: int) -> list[S.Binary]:
        at, last, first_from = self.at, self.last, self.first_from
        role, colon, kinds = self.role, self.colon, self.kinds

        def first(node: S.Node) -> int | None:
            return at(base + node.span.start)

        def end(node: S.Node) -> int | None:
            return last(base + node.span.end)

        binaries: list[S.Binary] = []
        for n in S.walk(decl):
            t = type(n)
            if t is S.Binary:
                binaries.append(n)
                ok, ek = at(base + n.op_span.start), end(n)
                if ok is not None and ek is not None:
                    self.binranges.append((ok, ek))
            elif t is S.Call:
                lp = at(base + n.lparen.start)
                if lp is not None:
                    role[lp] = "call"
                    self.lists.append(("call", lp, [(first(a), end(a), -1) for a in n.args]))
            elif t is S.LiteralValue:
                lb = first(n)
                if lb is not None:
                    role[lb] = "lit"
                    elems = []
                    for el in n.elements:
                        key_last = -1
                        if el.key is not None:
                            kl = end(el.key)
                            if kl is not None and kl + 1 < len(kinds) and kinds[kl + 1] == "COLON":
                                colon[kl + 1] = "kv"
                                key_last = kl
                        elems.append((first(el), end(el), key_last))
                    self.lists.append(("lit", lb, elems))
            elif t is S.BareSliceLit:
                lb = first(n)
                if lb is not None:
                    role[lb] = "bare"
                    self.lists.append(("bare", lb, [(first(e), end(e), -1) for e in n.elements]))
            elif t is S.Block:
                lb = first(n)
                if lb is not None:
                    role.setdefault(lb, "stmt")
            elif t is S.FuncDecl:
                fk = first(n)
                if n.body is not None:
                    lb = first(n.body)
                    if lb is not None and fk is not None:
                        role[lb] = "funcbody"
                        self.funcinfo[lb] = (fk, len(n.body.stmts))
                if n.recv_list and fk is not None and kinds[fk] == "FUNC" and kinds[fk + 1] == "LPAREN":
                    role[fk + 1] = "params"
                    self.method_func.add(fk)
                    self.param_lists.append((fk + 1, [first(f) for f in n.recv_list]))
                if n.type.type_params:
                    nk = first(n.name)
                    if nk is not None and kinds[nk + 1] == "LBRACK":
                        role[nk + 1] = "tparams"
            elif t is S.FuncLit:
                lb = first(n.body)
                fk = first(n)
                if lb is not None and fk is not None:
                    role[lb] = "funclit"
                    self.funcinfo[lb] = (fk, len(n.body.stmts))
            elif t is S.CatchExpr:
                if n.block is not None:
                    lb = first(n.block)
                    if lb is not None:
                        role[lb] = "catch"
            elif t is S.FuncType:
                p = first(n)
                if p is not None:
                    if kinds[p] == "FUNC":
                        p += 1
                    if p < len(kinds) and kinds[p] == "LPAREN":
                        role[p] = "params"
                        self.param_lists.append((p, [first(f) for f in n.params]))
                if n.results_parenthesized:
                    rp = end(n)
                    if rp is not None and kinds[rp] == "RPAREN":
                        role[self.match[rp]] = "params"
                        self.param_lists.append((self.match[rp], [first(f) for f in n.results]))
            elif t is S.SwitchStmt or t is S.TypeSwitchStmt or t is S.MatchStmt:
                lb = at(base + n.lbrace.start)
                if lb is not None:
                    role[lb] = "switch"
            elif t is S.SelectStmt:
                sk = first(n)
                if sk is not None and kinds[sk + 1] == "LBRACE":
                    role[sk + 1] = "switch"
                    self.select_braces.add(sk + 1)
            elif t is S.CaseClause or t is S.CommClause or t is S.MatchClause:
                ck = at(base + n.colon.start)
                if ck is not None:
                    colon[ck] = "clause"
                if t is S.MatchClause and n.guard is not None:
                    gk = first(n.guard)
                    if gk is not None and kinds[gk - 1] == "IF":
                        self.guard_if.add(gk - 1)
            elif t is S.LabeledStmt:
                lk = first(n.label)
                if lk is not None and kinds[lk + 1] == "COLON":
                    self.labels.add(lk)
                    colon[lk + 1] = "label"
            elif t is S.TypePattern:
                bk = first(n.binder)
                if bk is not None and kinds[bk + 1] == "COLON":
                    colon[bk + 1] = "bind"
            elif t is S.VariantPattern:
                if n.binders is not None:
                    lb = first_from(base + n.type.span.end, "LBRACE")
                    if lb is not None:
                        role[lb] = "pattern"
            elif t is S.StructType:
                sk = first(n)
                if sk is not None and kinds[sk + 1] == "LBRACE":
                    lb = sk + 1
                    role[lb] = "struct"
                    self.type_elems[lb] = ("struct", n.fields, base)
                    self.struct_fields(lb, n.fields, first, end)
            elif t is S.InterfaceType:
                sk = first(n)
                if sk is not None and kinds[sk + 1] == "LBRACE":
                    role[sk + 1] = "interface"
                    self.type_elems[sk + 1] = ("interface", n.elems, base)
            elif t is S.EnumType:
                sk = first(n)
                if sk is not None and kinds[sk + 1] == "LBRACE":
                    role[sk + 1] = "enum"
                    self.type_elems[sk + 1] = ("enum", n.variants, base)
            elif t is S.Variant:
                nk = first(n.name)
                if nk is not None and kinds[nk + 1] == "LBRACE":
                    role[nk + 1] = "variant"
                    self.struct_fields(nk + 1, n.fields, first, end)
            elif t is S.ConceptDecl:
                nk = first(n.name)
                if nk is not None:
                    if n.params and kinds[nk + 1] == "LBRACK":
                        role[nk + 1] = "tparams"
                    lb = first_from(base + n.name.span.end, "LBRACE")
                    if lb is not None:
                        role[lb] = "concept"
                        self.type_elems[lb] = ("concept", n.elems, base)
            elif t is S.Field:
                if n.names:
                    lk = first(n.names[-1])
                    if lk is not None and kinds[lk + 1] == "COLON":
                        colon[lk + 1] = "field"
            elif t is S.GenDecl:
                if n.grouped:
                    lp = first_from(base + n.span.start, "LPAREN")
                    if lp is not None:
                        role[lp] = "group"
                    if len(n.specs) > 1:
                        if n.keyword in ("const", "var"):
                            self.value_spec_cells(n.specs, first, end)
                        elif n.keyword == "type":
                            self.type_spec_cells(n.specs, first)
            elif t is S.ImportDecl:
                ik = first(n)
                if ik is not None and ik + 1 < len(kinds) and kinds[ik + 1] == "LPAREN":
                    role[ik + 1] = "group"
            elif t is S.Paren:
                pk = first(n)
                if pk is not None:
                    role[pk] = "paren"
            elif t is S.TypeAssert:
                dk = first_from(base + n.x.span.end, "DOT")
                if dk is not None:
                    role[dk + 1] = "assert"
            elif t is S.Index:
                lb = first_from(base + n.x.span.end, "LBRACK")
                if lb is not None:
                    role[lb] = "index"
            elif t is S.SliceExpr:
                lb = first_from(base + n.x.span.end, "LBRACK")
                if lb is not None:
                    role[lb] = "slice"
            elif t is S.GenericType:
                lb = first_from(base + n.base.span.end, "LBRACK")
                if lb is not None:
                    role[lb] = "targs"
            elif t is S.ArrayType or t is S.SliceType:
                lb = first(n)
                if lb is not None:
                    role[lb] = "type"
            elif t is S.MapType:
                mk = first(n)
                if mk is not None:
                    role[mk + 1] = "mapkey"
            elif t is S.TypeSpec:
                if n.type_params:
                    nk = first(n.name)
                    if nk is not None and kinds[nk + 1] == "LBRACK":
                        role[nk + 1] = "tparams"
            elif t is S.ChanType:
                if n.dir == "send":
                    ck = first_from(base + n.span.start, "CHAN")
                    if ck is not None and kinds[ck + 1] == "ARROW":
                        self.chansend.add(ck + 1)
            elif t is S.SendStmt:
                ak = first_from(base + n.chan.span.end, "ARROW")
                if ak is not None:
                    self.send.add(ak)
        return binaries

    def struct_fields(self, lb: int, fields: tuple, first, end) -> None:
        kinds = self.kinds
        if self.kinds and self.role.get(lb) == "struct":
            for a, b in zip(fields, fields[1:]):
                e, s = end(a), first(b)
                if e is None or s is None:
                    continue
                for k in range(e + 1, s):
                    if kinds[k] == "COMMA":
                        self.sepcomma[k] = lb
            if fields:
                e = end(fields[-1])
                if e is not None and kinds[e + 1] == "COMMA":
                    self.sepcomma[e + 1] = lb
        if len(fields) <= 1:
            return
        info = []
        for f in fields:
            fk, fe = first(f), end(f)
            if fk is None or fe is None:
                continue
            tk = first(f.type) if f.names else None
            gk = first(f.tag) if f.tag is not None else None
            info.append((fk, fe, tk, gk, bool(f.names)))
        self.field_cells[lb] = tuple(info)

    def value_spec_cells(self, specs: tuple, first, end) -> None:
        keep = [False] * len(specs)
        i0 = -1
        keep_type = False
        for i, s in enumerate(specs):
            if s.values:
                if i0 < 0:
                    i0 = i
                    keep_type = False
            elif i0 >= 0:
                if keep_type:
                    for j in range(i0, i):
                        keep[j] = True
                i0 = -1
            if s.type is not None:
                keep_type = True
        if i0 >= 0 and keep_type:
            for j in range(i0, len(specs)):
                keep[j] = True
        for s, kp in zip(specs, keep):
            sk = first(s)
            if sk is None:
                continue
            if s.type is not None:
                tk = first(s.type)
                if tk is not None:
                    self.cells[tk] = 1
            if s.values:
                before = end(s.type) if s.type is not None else end(s.names[-1])
                if before is not None and self.kinds[before + 1] == "ASSIGN":
                    self.cells[before + 1] = 2 if (kp and s.type is None) else 1
            self.ctarget[sk] = 3

    def type_spec_cells(self, specs: tuple, first) -> None:
        for s in specs:
            sk = first(s)
            if sk is None:
                continue
            if s.alias:
                nk = first(s.name)
                if nk is not None and self.kinds[nk + 1] == "ASSIGN":
                    self.cells[nk + 1] = 1
            else:
                tk = first(s.type)
                if tk is not None:
                    self.cells[tk] = 1
            self.ctarget[sk] = 2

    def depths(self, decl: S.Node, base: int, binaries: list[S.Binary]) -> None:
        """Binary-operator spacing, ported from go/printer (binaryExpr, cutoff, diffPrec)."""
        prec = _PREC
        wb: dict[int, tuple[bool, bool, int]] = {}
        for e in reversed(binaries):
            p = prec.get(e.op, 0)
            h4, h5, mp = p == 4, p == 5, 0
            left = e.x
            if type(left) is S.Binary and prec.get(left.op, 0) >= p:
                a, b, c = wb[id(left)]
                h4, h5, mp = h4 or a, h5 or b, max(mp, c)
            right = e.y
            if type(right) is S.Binary:
                if prec.get(right.op, 0) > p:
                    a, b, c = wb[id(right)]
                    h4, h5, mp = h4 or a, h5 or b, max(mp, c)
            elif type(right) is S.Unary:
                if right.op == "*":
                    if e.op == "/":
                        mp = 5
                else:
                    pair = e.op + right.op
                    if pair in ("&&", "&^"):
                        mp = 5
                    elif pair in ("++", "--"):
                        mp = max(mp, 4)
            wb[id(e)] = (h4, h5, mp)

        def cutoff(e: S.Binary, depth: int) -> int:
            h4, h5, mp = wb[id(e)]
            if mp > 0:
                return mp + 1
            if h4 and h5:
                return 5 if depth == 1 else 4
            return 6 if depth == 1 else 4

        at, first_from = self.at, self.first_from
        stack: list[tuple[S.Node, int]] = [(decl, 1)]
        push = stack.append
        while stack:
            n, depth = stack.pop()
            t = type(n)
            if t is S.Binary:
                p = prec.get(n.op, 0)
                ok = at(base + n.op_span.start)
                if ok is not None:
                    self.binop[ok] = p < cutoff(n, depth)
                push((n.y, depth + 1))
                x = n.x
                push((x, depth if (type(x) is S.Binary and prec.get(x.op, 0) == p) else depth + 1))
            elif t is S.Unary:
                push((n.x, 1 if n.op == "*" else depth))
            elif t is S.TryExpr:
                push((n.x, depth))
            elif t is S.Paren:
                push((n.x, depth if type(n.x) is S.Paren else max(1, depth - 1)))
            elif t is S.Selector:
                push((n.x, depth))
            elif t is S.TypeAssert:
                push((n.x, depth))
                if n.type is not None:
                    push((n.type, 1))
            elif t is S.Index:
                push((n.x, 1))
                for i in n.indices:
                    push((i, depth + 1))
            elif t is S.SliceExpr:
                idx = [n.lo, n.hi] + ([n.max] if n.three else [])
                present = [e for e in idx if e is not None]
                spaced = depth <= 1 and len(present) > 1 and any(type(e) is S.Binary for e in present)
                lb = first_from(base + n.x.span.end, "LBRACK")
                if lb is not None:
                    self.slice_spaced[lb] = spaced
                push((n.x, 1))
                for e in present:
                    push((e, depth + 1))
            elif t is S.Call:
                d = depth + 1 if len(n.args) > 1 else depth
                push((n.fun, d))
                for a in n.args:
                    push((a, d))
            elif t is S.CompositeLit:
                if n.type is not None:
                    push((n.type, depth))
                push((n.value, 1))
            elif t is S.CatchExpr:
                push((n.x, depth))
                for c in (n.block, n.fallback):
                    if c is not None:
                        push((c, 1))
            elif t is S.AssignStmt:
                d = 2 if len(n.lhs) > 1 and len(n.rhs) > 1 else 1
                for e in n.lhs + n.rhs:
                    push((e, d))
            elif t is S.IncDecStmt:
                push((n.x, 2))
            else:
                for c in S.children(n):
                    push((c, 1))

    def header_context(self) -> None:
        """For every token: the innermost open bracket, and whether it is inside the header of
        an if/for/switch/select/match statement (where `;` is not a statement separator)."""
        nt = len(self.toks)
        self.ctx = [-1] * nt
        self.in_header = [False] * nt
        hdr: dict[int, bool] = {-1: False}
        stack: list[int] = []
        role, kinds = self.role, self.kinds
        for k in range(nt):
            kind = kinds[k]
            top = stack[-1] if stack else -1
            if kind in _HEADER_KW and k not in self.guard_if and (top == -1 or role.get(top) in _BLOCK_ROLES):
                hdr[top] = True
            self.ctx[k] = top
            self.in_header[k] = hdr.get(top, False)
            if kind in _OPEN:
                if role.get(k) in ("stmt", "switch") and hdr.get(top):
                    hdr[top] = False
                stack.append(k)
                hdr[k] = False
            elif kind in _CLOSE and stack:
                stack.pop()

    # ------------------------------------------------------------------------------ spacing
    def type_closer(self, k: int) -> bool:
        return self.kinds[k] == "RBRACK" and self.role.get(self.match[k]) in ("type", "mapkey")

    def inner_pad(self, lb: int) -> str:
        r = self.role.get(lb)
        if r in _LIT_ROLES or r is None or self.empty_pair(lb):
            return ""
        return " "

    def empty_pair(self, lb: int) -> bool:
        """Nothing but dropped tokens between `{` and its `}` (and no comments)."""
        rb = self.match[lb]
        if self.tok_it[rb] - self.tok_it[lb] != rb - lb:
            return False
        return all(self.drop[j] for j in range(lb + 1, rb))

    def tok_gap(self, k: int, a: int = -1) -> str:
        """Horizontal space between token a (default k-1, or the last kept token before k when
        tokens in between were dropped) and token k on the same line."""
        if a < 0:
            a = k - 1
        gap = self.tok_gap0(a, k)
        if not gap and _merges(self.toks[a].text, self.toks[k].text):
            return " "
        return gap

    def tok_gap0(self, a: int, k: int) -> str:
        kinds, binop = self.kinds, self.binop
        ka, kb = kinds[a], kinds[k]
        if k in binop:
            return " " if binop[k] else ""
        if a in binop:
            return " " if binop[a] else ""
        if kb == "COMMA":
            return ""
        if kb == "SEMI":
            return " " if ka == "SEMI" or ka in _HEADER_KW else ""
        if kb == "RPAREN" or kb == "RBRACK":
            return ""
        if ka == "COMMA" or ka == "SEMI":
            return " " if kb != "RBRACE" or self.inner_pad(self.match[k]) else ""
        if kb == "DOT" or ka == "DOT":
            return ""
        if ka == "LPAREN" or ka == "LBRACK":
            return ""
        if ka == "LBRACE":
            return self.inner_pad(a)
        if kb == "RBRACE":
            return self.inner_pad(self.match[k])
        if kb == "COLON":
            spaced = self.slice_colon(k)
            if spaced is not None:
                return " " if spaced and ka not in ("LBRACK", "COLON") else ""
            return ""
        if ka == "COLON":
            spaced = self.slice_colon(a)
            if spaced is not None:
                return " " if spaced and kb not in ("RBRACK", "COLON") else ""
            return " "
        if kb in _ASSIGNISH or ka in _ASSIGNISH:
            return " "
        if kb == "INC" or kb == "DEC":
            return ""
        if kb == "ELLIPSIS":
            nxt = kinds[k + 1] if k + 1 < len(kinds) else ""
            return "" if nxt in ("RPAREN", "COMMA") else " "
        if ka == "ELLIPSIS":
            return ""
        if kb == "ARROW":
            if k in self.chansend:
                return ""
            if k in self.send:
                return " "
        if ka == "ARROW":
            if a in self.send or a in self.chansend:
                return " "
            return ""
        if ka in _PREFIX:
            return ""
        if kb in _PREFIX:
            if ka == "RBRACK" and self.type_closer(a):
                return ""
            return " "
        if kb == "LPAREN":
            if ka == "FUNC":
                return " " if a in self.method_func else ""
            r = self.role.get(k)
            if ka == "RPAREN" and r == "params":
                return " "
            if r == "paren":
                return "" if ka == "RBRACK" and self.type_closer(a) else " "
            if ka in _OPERAND_END:
                return ""
            return " "
        if kb == "LBRACK":
            r = self.role.get(k)
            if r in _POSTFIX_BRACKETS:
                return ""
            if ka == "MAP":
                return ""
            if ka == "RBRACK" and self.type_closer(a):
                return ""
            return " "
        if kb == "LBRACE":
            r = self.role.get(k)
            if r in _LIT_ROLES:
                return ""
            if r in _TYPE_ROLES:
                if self.empty_pair(k) or k in self.oneline:
                    return ""
                if not self.decided and self.src_same_line(k, self.match[k]):
                    return ""
                return " "
            return " "
        if ka == "RBRACK" and self.type_closer(a):
            return ""
        return " "

    def slice_colon(self, k: int) -> bool | None:
        """For a COLON directly inside a slice expression's brackets: whether it is spaced
        (`s[i+1 : j]`); None for any other colon."""
        if self.colon.get(k) is not None:
            return None
        top = self.ctx[k]
        if top >= 0 and self.role.get(top) == "slice":
            return self.slice_spaced.get(top, False)
        return None

    def width(self, k0: int, k1: int) -> int:
        """Width of tokens k0..k1 printed on one line (comments excluded)."""
        if k1 < k0:
            return 0
        toks, tgap = self.toks, self.tgap
        w = 0
        for k in range(k0, k1 + 1):
            s = toks[k].text
            if "\n" in s:
                return _INF
            w += len(s)
            if k > k0:
                w += len(tgap[k])
        return w

    # ------------------------------------------------------------------------------ line breaks
    def has_break(self, k: int) -> bool:
        """Is there already a line break between token k-1 and token k?"""
        o, it_text = self.o, self.it_text
        i0, i1 = self.tok_it[k - 1], self.tok_it[k]
        for j in range(i0 + 1, i1 + 1):
            if o[j] > 0:
                return True
            if j < i1 and "\n" in it_text[j]:
                return True
        return False

    def force_before(self, k: int) -> None:
        if k <= 0 or k >= len(self.toks):
            return
        self.forced[k] = True
        if not self.has_break(k):
            i = self.tok_it[k]
            self.o[i] = max(self.o[i], 1)

    def comments_between(self, k0: int, k1: int) -> bool:
        return self.tok_it[k1] - self.tok_it[k0] != k1 - k0

    def src_same_line(self, k0: int, k1: int) -> bool:
        return self.src_line[self.tok_it[k0]] == self.src_line[self.tok_it[k1]] and "\n" not in self.text[
            self.toks[k0].start:self.toks[k1].end]

    def keep_one_line(self, lb: int, rb: int) -> bool:
        role = self.role.get(lb)
        if role in ("stmt", "switch"):
            return False
        if role in ("funcbody", "funclit"):
            header, nstmts = self.funcinfo.get(lb, (lb, 0))
            if nstmts > 5 or not self.src_same_line(header, lb):
                return False
            body = self.width(lb + 1, rb - 1) if rb > lb + 1 else 0
            return self.width(header, lb - 1) + body <= 100
        if role in ("catch", "variant"):
            return True
        if self.safe:
            return True
        if self.comments_between(lb, rb):
            return False
        kind, elems, base = self.type_elems.get(lb, ("", (), 0))
        if len(elems) != 1:
            return len(elems) == 0
        e = elems[0]
        ek, ee = self.at(base + e.span.start), self.last(base + e.span.end)
        if ek is None or ee is None:
            return False
        if kind == "struct":
            if e.tag is not None:
                return False
            tk = self.at(base + e.type.span.start)
            size = (1 if e.names else 0) + (self.width(tk, ee) if tk is not None else _INF)
        elif isinstance(e, S.MethodSpec):
            sk = self.at(base + e.type.span.start)
            size = 1 + 4 + (self.width(sk, ee) if sk is not None else _INF)
        else:
            size = self.width(ek, ee)
        return size <= 30

    def decide_breaks(self) -> None:
        toks, kinds, match = self.toks, self.kinds, self.match
        self.o = [min(x, 2) for x in self.g]
        self.o[0] = 0
        o = self.o
        role = self.role
        # grouped declarations: one spec per line; an empty group is `var ()`
        for k, r in role.items():
            if r == "group":
                rb = match[k]
                if rb > k + 1 or self.comments_between(k, rb):
                    self.force_before(k + 1)
                    self.force_before(rb)
                else:
                    o[self.tok_it[rb]] = 0
        # case / default / label colons end their line
        for k, r in self.colon.items():
            if r in ("clause", "label") and k + 1 < len(toks):
                self.force_before(k + 1)
        # brace pairs: innermost first (by closer position)
        blocky = sorted((k for k, r in role.items() if r in _BLOCKY), key=lambda k: match[k])
        multi: set[int] = set()
        for lb in blocky:
            rb = match[lb]
            r = role[lb]
            if self.src_same_line(lb, rb) and not any(self.forced[lb + 1:rb + 1]):
                empty = rb == lb + 1 and not self.comments_between(lb, rb)
                if empty and r in ("stmt", "switch") and lb not in self.select_braces:
                    self.force_before(rb)
                    multi.add(lb)
                    continue
                if empty or self.keep_one_line(lb, rb):
                    self.oneline.add(lb)
                    continue
            multi.add(lb)
            if rb > lb + 1 or self.comments_between(lb, rb):
                self.force_before(lb + 1)
                self.force_before(rb)
        self.multi = multi
        self.decided = True
        # one-line function declarations: the body is a column of its own
        for lb in self.oneline:
            if role[lb] == "funcbody":
                self.cells[lb] = 1
        # recompute the gaps before type braces now that their layout is known
        for lb in role:
            if role[lb] in _TYPE_ROLES:
                self.tgap[lb] = self.tok_gap(lb)
        if not self.safe:
            self.process_semis()
        # cells of multi-line struct / variant field lists
        for lb, info in self.field_cells.items():
            if lb in self.oneline:
                continue
            for i, (fk, fe, tk, gk, named) in enumerate(info):
                alone = (self.line_start(fk)
                         and (i + 1 == len(info) or self.has_break_between(fe, info[i + 1][0])))
                if not alone:
                    continue
                if named:
                    if tk is not None:
                        self.cells[tk] = 1
                    if gk is not None:
                        self.cells[gk] = 2
                    self.ctarget[fk] = 4 if gk is not None else 2
                else:
                    if gk is not None:
                        self.cells[gk] = 1
                    self.ctarget[fk] = 2
        # top-level declarations: one per line; a blank line between different kinds and
        # before a declaration with a doc comment (go/printer declList)
        prev_kind = None
        for k, kind in self.top:
            if k > 0:
                if not self.safe:
                    self.force_before(k)
                i0, i1 = self.tok_it[k - 1], self.tok_it[k]
                doc = any(self.it_tok[j] < 0 and o[j] > 0 for j in range(i0 + 1, i1))
                if (kind != prev_kind or doc) and (self.has_break(k)):
                    for j in range(i0 + 1, i1 + 1):
                        if o[j] > 0:
                            o[j] = 2
                            break
            prev_kind = kind
        if self.safe:
            return
        # `}` newline `else` -> `} else`
        for k in range(1, len(toks)):
            if kinds[k] == "ELSE" and kinds[k - 1] == "RBRACE":
                i = self.tok_it[k]
                if i == self.tok_it[k - 1] + 1 and o[i] > 0:
                    o[i] = 0
        # a `...` that starts a line joins the previous one
        for k in range(1, len(toks)):
            if kinds[k] == "ELLIPSIS":
                i = self.tok_it[k]
                if i == self.tok_it[k - 1] + 1 and o[i] > 0:
                    o[i] = 0
        # a trailing comma before a closer on the same line goes away: f(a, b,) -> f(a, b)
        for k in range(1, len(toks)):
            if kinds[k] in _CLOSE and kinds[k - 1] == "COMMA" and role.get(match[k]) in _TRIM_COMMA:
                if not self.has_break(k) and not self.comments_between(k - 1, k) and k - 1 != match[k]:
                    self.drop[k - 1] = True
        # trailing commas before a closer on its own line
        for k in range(1, len(toks)):
            if kinds[k] in ("RPAREN", "RBRACE") and role.get(match[k]) in _COMMA_LISTS:
                p = k - 1
                if p != match[k] and kinds[p] != "COMMA" and self.has_break(k):
                    self.comma_after[p] = True

    def line_start(self, k: int) -> bool:
        return k == 0 or self.has_break(k)

    def has_break_between(self, k0: int, k1: int) -> bool:
        for k in range(k0 + 1, k1 + 1):
            if self.has_break(k):
                return True
        return False

    def process_semis(self) -> None:
        """Statements, specs and fields that share a line in a multi-line block go on separate
        lines (`a; b` -> two lines), and a `;` (or a struct field comma) is dropped where a line
        break or another separator already ends the element, or where it is an empty statement.
        Decisions look at the last *kept* token, so the result is stable under reformatting."""
        toks, kinds, role, n = self.toks, self.kinds, self.role, len(self.toks)
        prev = -1
        for k in range(n):
            kind = kinds[k]
            sep = kind == "COMMA" and k in self.sepcomma
            if (kind != "SEMI" or self.in_header[k]) and not sep:
                prev = k
                continue
            top = self.ctx[k]
            r = role.get(top) if top >= 0 else "file"
            if sep:
                listy = top in self.multi
            else:
                listy = r in ("stmt", "switch", "group", "file") or (
                    r in _BLOCKY and r != "variant" and top in self.multi)
            pk = kinds[prev] if prev >= 0 else ""
            # a separator between two elements on one line becomes a line break
            if listy and k + 1 < n and kinds[k + 1] not in _CLOSE and pk in _SEMI_ENDERS:
                self.force_before(k + 1)
            if prev < 0:
                drop = False
            elif pk in _SEMI_ENDERS:
                # a line break after it (or before it) inserts the same `;` anyway (spec §3.6);
                # before `)` or `}` the separator is optional
                drop = k + 1 == n or self.has_break(k + 1) or self.has_break_between(prev, k)
            elif sep:
                drop = False
            elif prev == top and kinds[prev] in ("LBRACE", "LPAREN"):
                drop = True       # empty statement at the start of a block or group
            elif pk == "SEMI" or (pk == "COLON" and self.colon.get(prev) == "clause"):
                drop = True       # empty statement after another separator or a case colon
            else:
                drop = False      # e.g. `L: ;` (the label's empty statement) stays
            if drop:
                self.drop[k] = True
            else:
                prev = k

    # ------------------------------------------------------------------------------ sequence
    def final_sequence(self) -> None:
        """Items in output order with their final newline counts; output line numbers."""
        it_tok, kinds, o = self.it_tok, self.kinds, self.o
        seq: list[tuple[int, int]] = []
        carry = 0
        for i in range(len(it_tok)):
            k = it_tok[i]
            if k >= 0 and self.drop[k]:
                carry = max(carry, o[i])
                continue
            n = max(o[i], carry)
            carry = 0
            if not seq:
                n = 0
            elif n == 2:
                pk = it_tok[seq[-1][0]]
                if (pk >= 0 and kinds[pk] in _OPEN) or (k >= 0 and kinds[k] in _CLOSE):
                    n = 1
            elif n == 0 and it_tok[seq[-1][0]] < 0 and self.it_text[seq[-1][0]].startswith("//"):
                n = 1
            seq.append((i, n))
        self.seq = seq
        # output line of every token (start and end)
        oline = [0] * len(it_tok)
        oend = [0] * len(it_tok)
        self.o_final = o_final = [0] * len(it_tok)
        line = 0
        for i, n in seq:
            o_final[i] = n
            line += n
            oline[i] = line
            line += self.it_text[i].count("\n")
            oend[i] = line
        self.oline, self.oend = oline, oend

    def binary_depths(self) -> None:
        """bdepth[k]: how many binary expressions containing token k broke their line after
        the operator (go/printer indents once per such expression)."""
        diff = [0] * (len(self.toks) + 1)
        for ok, ek in self.binranges:
            if ok + 1 <= ek and self.tok_line(ok + 1) > self.tok_line(ok):
                diff[ok + 1] += 1
                diff[ek + 1] -= 1
        depth = 0
        out = [0] * len(self.toks)
        for k in range(len(self.toks)):
            depth += diff[k]
            out[k] = depth
        self.bdepth = out

    def cont_indent(self, k: int, f: _Frame) -> int:
        d = self.bdepth[k] - (self.bdepth[f.opener] if f.opener is not None else 0)
        return f.elem + max(1, d)

    def tok_line(self, k: int) -> int:
        return self.oline[self.tok_it[k]]

    def list_sections(self) -> None:
        """Alignment sections of multi-line lists, ported from go/printer exprList (keyed
        elements align on their values; a big change in key size starts a new section)."""
        for kind, lb, elems in self.lists:
            rb = self.match[lb]
            if not elems or self.tok_line(lb) == self.tok_line(rb):
                continue
            elems = [e for e in elems if e[0] is not None and e[1] is not None]
            if not elems:
                continue
            prev_line = self.tok_line(lb)
            size = 0
            lnsum = 0.0
            count = 0
            prev_break = -1
            if prev_line < self.tok_line(elems[0][0]):
                self.sect.add(elems[0][0])
                prev_break = 0
            for i, (fk, fe, key_last) in enumerate(elems):
                line = self.tok_line(fk)
                use_ff = True
                prev_size = size
                single = self.tok_line(fk) == self.oend[self.tok_it[fe]]
                if single:
                    size = self.width(fk, key_last) if key_last >= 0 else self.width(fk, fe)
                    if size >= _INF:
                        size = 0
                else:
                    size = 0
                if prev_size > 0 and size > 0:
                    if count == 0 or (prev_size <= 40 and size <= 40):
                        use_ff = False
                    else:
                        ratio = size / math.exp(lnsum / count)
                        use_ff = 2.5 * ratio <= 1 or 2.5 <= ratio
                needs_break = prev_line < line
                if i > 0 and needs_break:
                    ff = use_ff or prev_break + 1 < i
                    if ff:
                        self.sect.add(fk)
                    prev_break = i
                    if ff or self.o_final[self.tok_it[fk]] > 1:
                        lnsum = 0.0
                        count = 0
                if kind == "lit" and len(elems) > 1 and key_last >= 0 and size > 0 and needs_break:
                    self.cells[key_last + 2] = 1
                if size > 0:
                    lnsum += math.log(size)
                    count += 1
                prev_line = line
        for lp, firsts in self.param_lists:
            for fk in firsts:
                if fk is not None and self.tok_line(fk) > self.tok_line(fk - 1):
                    self.sect.add(fk)
        for k, e in self.topfuncs:
            if self.tok_line(k) != self.tok_line(e):
                self.sect.add(k)

    # ------------------------------------------------------------------------------ layout
    def classify(self, k: int, f: _Frame, last_k: int, broke: bool) -> str:
        kinds = self.kinds
        kind = kinds[k]
        if kind in _CLOSE and f.opener == self.match[k]:
            return "closer"
        if f.kind == "block":
            if (kind == "CASE" or kind == "DEFAULT") and f.role == "switch":
                return "case"
            if k in self.labels:
                return "label"
            if kind == "ELSE" and broke:
                return "else"          # Goo's `}` newline `else` kept (a comment sits between)
        if last_k < 0 or last_k == f.opener:
            return "new"
        p = "COMMA" if self.comma_after[last_k] else kinds[last_k]
        if p == "SEMI":
            return "new"
        if p == "COLON" and self.colon.get(last_k) in ("clause", "label"):
            return "new"
        if p == "COMMA" and f.kind in ("paren", "lit", "type"):
            return "new"
        if broke and (p in ALWAYS_SEMI_AFTER or (p in VALUE_ENDERS and kind not in NO_SEMI_BEFORE)):
            return "new"
        return "cont"

    def layout(self) -> list[_Line]:
        seq, it_tok, it_text = self.seq, self.it_tok, self.it_text
        toks, kinds, role = self.toks, self.kinds, self.role
        frames = [_Frame("file", None, -1, None)]
        frames[0].elem = 0
        lines: list[_Line] = []
        cur: _Line | None = None
        last_k = -1
        last_line = -1
        nseq = len(seq)
        for pos in range(nseq):
            i, n = seq[pos]
            k = it_tok[i]
            text = it_text[i]
            starting = cur is None or n > 0
            if starting:
                for _ in range(n - 1):
                    lines.append(_Line())
                cur = _Line()
                lines.append(cur)
            f = frames[-1]
            if k < 0:
                # comment
                if starting:
                    cur.indent = self.comment_indent(pos, f, last_k)
                else:
                    trailing = text.startswith("//") or pos + 1 == nseq or seq[pos + 1][1] > 0
                    if trailing and not cur.noalign:
                        want = self.ctarget.get(cur.first_tok, 1) if cur.first_tok >= 0 else 1
                        self.add_breaks(cur, max(1, want - cur.breaks))
                    else:
                        pk = it_tok[seq[pos - 1][0]]
                        cur.cells[-1] += "" if pk >= 0 and kinds[pk] in ("LPAREN", "LBRACK") else " "
                cur = self.put_text(lines, cur, text, raw=False)
                continue
            broke = last_line != len(lines) - 1
            first_on_line = cur.first_tok < 0
            cls = self.classify(k, f, last_k, broke)
            if cls == "new":
                if f.kind in ("lit", "paren"):
                    if first_on_line:
                        f.indented = True
                    f.elem = f.base + (1 if f.indented else 0)
                else:
                    f.elem = f.base + 1
            elif cls == "case" or cls == "label":
                f.elem = f.base
            elif cls == "else":
                cls = "new"
            if first_on_line:
                cur.first_tok = k
                if starting:
                    if cls == "closer" or cls == "case" or cls == "label":
                        cur.indent = max(f.base, 0)
                    elif cls == "new":
                        cur.indent = max(f.elem, 0)
                    else:
                        cur.indent = max(self.cont_indent(k, f), 0)
                cur.closer = cls == "closer"
                if k in self.sect or cls == "case":
                    cur.sect = True
            if not starting:
                pi = seq[pos - 1][0]
                if it_tok[pi] < 0:
                    cur.cells[-1] += "" if kinds[k] in ("RPAREN", "RBRACK", "COMMA", "SEMI", "COLON") else " "
                else:
                    c = self.cells.get(k)
                    if c and not cur.noalign:
                        self.add_breaks(cur, c)
                    elif it_tok[pi] == k - 1:
                        cur.cells[-1] += self.tgap[k]
                    else:
                        cur.cells[-1] += self.tok_gap(k, it_tok[pi])
            tok_text = toks[k].text
            if self.comma_after[k]:
                tok_text += ","
            cur = self.put_text(lines, cur, tok_text, raw=kinds[k] == "STRING" and tok_text.startswith("`"))
            last_k = k
            last_line = len(lines) - 1
            kind = kinds[k]
            if kind in _OPEN:
                r = role.get(k)
                fk = _frame_kind(r)
                if r in _BODY_ROLES:
                    base = f.elem
                elif self.ctx[cur.first_tok] != (f.opener if f.opener is not None else -1):
                    # the line began inside a bracket that has closed since (`b int) int {`):
                    # indent relative to the element, like go/printer's indentation stack
                    base = f.elem + self.bdepth[k] - (self.bdepth[f.opener] if f.opener is not None else 0)
                else:
                    base = cur.indent
                frames.append(_Frame(fk, r, base, k))
            elif kind in _CLOSE:
                while len(frames) > 1:
                    top = frames.pop()
                    if top.opener == self.match[k]:
                        break
        return lines

    def comment_indent(self, pos: int, f: _Frame, last_k: int) -> int:
        seq, it_tok = self.seq, self.it_tok
        same_line = True
        nk = -1
        for p in range(pos + 1, len(seq)):
            i, n = seq[p]
            if n > 0:
                same_line = False
            if it_tok[i] >= 0:
                nk = it_tok[i]
                break
        if nk < 0:
            return 0
        cls = self.classify(nk, f, last_k, True)
        if cls == "closer":
            return max(f.base if same_line else f.base + 1, 0)
        if cls == "case" or cls == "label":
            if same_line or self.src_col(seq[pos][0]) == self.src_col(self.tok_it[nk]):
                return max(f.base, 0)
            return max(f.base + 1, 0)
        if cls == "new" or cls == "else":
            return max(f.base + 1, 0)
        return max(self.cont_indent(nk, f), 0)

    def src_col(self, i: int) -> int:
        s = self.it_start[i]
        return s - (self.text.rfind("\n", 0, s) + 1)

    @staticmethod
    def add_breaks(line: _Line, n: int) -> None:
        for _ in range(n):
            line.cells.append("")
        line.breaks += n

    @staticmethod
    def put_text(lines: list[_Line], cur: _Line, text: str, raw: bool) -> _Line:
        if "\n" not in text:
            cur.cells[-1] += text
            return cur
        parts = text.split("\n")
        cur.cells[-1] += parts[0]
        cur.noalign = True
        cur.keep_ws = raw
        for mid in parts[1:-1]:
            v = _Line()
            v.cells = [mid]
            v.verbatim = True
            v.noalign = True
            v.keep_ws = raw
            lines.append(v)
        tail = _Line()
        tail.cells = [parts[-1]]
        tail.noalign = True
        tail.verbatim = True
        lines.append(tail)
        return tail

    # ------------------------------------------------------------------------------ render
    def render(self, lines: list[_Line]) -> str:
        out: list[str] = []
        section: list[_Line] = []

        def flush() -> None:
            if not section:
                return
            if all(len(ln.cells) == 1 for ln in section):
                rows = [ln.cells[0] for ln in section]
            else:
                rows = _tabwrite([ln.cells for ln in section])
            for ln, row in zip(section, rows):
                out.append(_finish(ln, row))
            section.clear()

        prev: _Line | None = None
        for ln in lines:
            if ln.noalign:
                flush()
                out.append(_finish(ln, ln.cells[0] + "".join(" " + c for c in ln.cells[1:] if c)))
                prev = ln
                continue
            if prev is None or prev.noalign or ln.sect or ln.indent != prev.indent or prev.closer or (
                    len(ln.cells) == 1 and ln.cells[0] == ""):
                flush()
            section.append(ln)
            prev = ln
        flush()
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n" if out else ""


def _finish(line: _Line, row: str) -> str:
    if line.verbatim:
        return row if line.keep_ws else row.rstrip()
    body = row if line.keep_ws else row.rstrip()
    if not body:
        return ""
    return "\t" * line.indent + body


def _tabwrite(rows: list[list[str]]) -> list[str]:
    """Go's text/tabwriter column algorithm (minwidth 0, padding 1, padchar ' ',
    DiscardEmptyColumns): cells of one column are aligned across a block of consecutive lines
    that all have that column terminated; the last cell of each line is not part of a column."""
    n = len(rows)
    out = [""] * n
    widths: list[int] = []

    def write_lines(l0: int, l1: int) -> None:
        for i in range(l0, l1):
            row = rows[i]
            parts = []
            last = len(row) - 1
            for j, c in enumerate(row):
                parts.append(c)
                if j < len(widths) and j < last:
                    pad = widths[j] - len(c)
                    if pad > 0:
                        parts.append(" " * pad)
            out[i] = "".join(parts)

    def fmt(l0: int, l1: int) -> None:
        column = len(widths)
        this = l0
        while this < l1:
            if column >= len(rows[this]) - 1:
                this += 1
                continue
            write_lines(l0, this)
            l0 = this
            width = 0
            discardable = True
            while this < l1:
                row = rows[this]
                if column >= len(row) - 1:
                    break
                w = len(row[column]) + 1
                if w > width:
                    width = w
                if row[column]:
                    discardable = False
                this += 1
            if discardable:
                width = 0
            widths.append(width)
            fmt(l0, this)
            widths.pop()
            l0 = this
        write_lines(l0, l1)

    fmt(0, n)
    return out


_OPERATOR_TEXTS = sorted(OPERATORS, key=len, reverse=True)


def _merges(a: str, b: str) -> bool:
    """Would `a` directly followed by `b` scan differently (`- -x` -> `--x`, `/ *p` -> `/*`)?"""
    if not a or not b or a[-1].isalnum() or a[-1] == "_" or b[0].isalnum() or b[0] in "_\"'`":
        return False
    s = a + b
    if s.startswith("//") or s.startswith("/*") or "//" in s[len(a) - 1:len(a) + 1] or "/*" in s[len(a) - 1:len(a) + 1]:
        return True
    if a[-1] == "." and (b[0].isdigit() or b[0] == "."):
        return True
    for op in _OPERATOR_TEXTS:
        if s.startswith(op):
            return len(op) > len(a)
    return False


def _decl_kind(decl: S.Node) -> str:
    if isinstance(decl, S.PackageClause):
        return "package"
    if isinstance(decl, S.ImportDecl):
        return "import"
    if isinstance(decl, S.GenDecl):
        return decl.keyword
    if isinstance(decl, S.FuncDecl):
        return "func"
    if isinstance(decl, S.ConceptDecl):
        return "concept"
    if isinstance(decl, S.ComptimeConstDecl):
        return "comptime"
    return "other"
