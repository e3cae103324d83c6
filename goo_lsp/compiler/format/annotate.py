"""Formatter mixin: what the syntax tree says about each token.

One walk over every declaration records, keyed by token index: the role of each bracket, the
kind of each colon (`kv`, `clause`, `label`, `bind`, `field`), the binary expressions (whose
operator spacing spacing.py's `depths` computes), send arrows, labels, the elements of lists
and type bodies, the alignment cells of struct fields and const/var/type groups, and the
top-level declarations with their kinds. `header_context` then gives every token its
innermost open bracket and tells whether it is in the header of an if/for/switch/select/match.

Invariant: the tree only annotates tokens, found by position; a node whose tokens cannot be
found annotates nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import syntax as S
from .base import BLOCK_ROLES, CLOSE, HEADER_KEYWORDS, OPEN

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import Formatter


class AnnotateMixin:
    def annotate(self: "Formatter") -> None:
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

    def roles(self: "Formatter", decl: S.Node, base: int) -> list[S.Binary]:
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

    def struct_fields(self: "Formatter", lb: int, fields: tuple, first, end) -> None:
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

    def value_spec_cells(self: "Formatter", specs: tuple, first, end) -> None:
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

    def type_spec_cells(self: "Formatter", specs: tuple, first) -> None:
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

    def header_context(self: "Formatter") -> None:
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
            if kind in HEADER_KEYWORDS and k not in self.guard_if and (top == -1 or role.get(top) in BLOCK_ROLES):
                hdr[top] = True
            self.ctx[k] = top
            self.in_header[k] = hdr.get(top, False)
            if kind in OPEN:
                if role.get(k) in ("stmt", "switch") and hdr.get(top):
                    hdr[top] = False
                stack.append(k)
                hdr[k] = False
            elif kind in CLOSE and stack:
                stack.pop()


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
