"""Checker mixin: function bodies and statements (spec §7.2): assignments and short variable
declarations, send/inc/dec, go/defer, return (with Goo's error-union forms), if, switch,
type switch, select, for and range, labels and branches, blocks, `comptime {}`/`arena {}`.

Invariants:
- Every local variable is reported once if never read (`unused-variable`, a warning);
  assignments alone do not count as reads.
- `missing-return` uses Go's terminating-statement rules (plus `match` with a default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import syntax as S
from .check_base import FuncCtx, Mode, Operand, invalid_operand
from .diagnostics import Fix, Note, Severity
from .lookup import missing_method
from .objects import Builtin, Const, Label, ScopeKind, Var
from .source import Span
from .types import (
    BOOL,
    INT,
    INVALID,
    RUNE,
    UNTYPED_NIL,
    Array,
    Basic,
    Chan,
    ChanDir,
    ErrorUnion,
    Interface,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Tuple,
    Type,
    TypeParam,
    core_type,
    default_type,
    identical,
    is_boolean,
    is_integer,
    is_interface,
    is_numeric,
    is_string,
    is_untyped,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker


class StmtMixin:
    lhs_context = False

    # ---- function bodies ------------------------------------------------------------------------
    def check_func_body(self: "Checker", ftype: S.FuncType, sig: Signature, body: S.Block, *, name: str,
                        literal: bool = False, node: S.Node | None = None, recv: S.Field | None = None,
                        recv_type: Type | None = None, tparam_names: tuple[S.Ident, ...] = ()) -> None:
        outer_func, outer_breakable = self.func, self.breakable
        outer_labels, outer_pending = self._label_stack, self._pending_label
        self._label_stack, self._pending_label = [], {}
        scope = self.open_scope(node or ftype, ScopeKind.FUNC)
        from .objects import TypeName
        for ident, tp in zip(tparam_names, sig.type_params):
            tn = TypeName(ident.name, tp, self.unit.loc(ident.span), self.env.pkg_name)
            self.declare(scope, ident, tn)
        if recv is not None and recv.names and recv_type is not None:
            v = Var(recv.names[0].name, recv_type, self.unit.loc(recv.names[0].span), self.env.pkg_name, is_param=True)
            self.declare(scope, recv.names[0], v)
        params = [p for f in ftype.params for p in (f.names or ())]
        for ident, param in zip(params, sig.params):
            v = Var(ident.name, param.type, self.unit.loc(ident.span), self.env.pkg_name, is_param=True,
                    comptime=param.comptime)
            self.declare(scope, ident, v)
        results: list[Var] = []
        named = False
        rnames = [p for f in ftype.results for p in (f.names or ())]
        if rnames:
            named = True
            for ident, res in zip(rnames, sig.results):
                v = Var(ident.name, res.type, self.unit.loc(ident.span), self.env.pkg_name, is_result=True)
                v.used = True
                self.declare(scope, ident, v)
                results.append(v)
        ctx = FuncCtx(name, sig, results, named, scope, parent=outer_func, is_literal=literal)
        self.func = ctx
        self.breakable = []
        self.collect_labels(body)
        self.stmt_list(body.stmts)
        if not literal and "lanes" in self.env.file_scope.names:
            from .check_lanes import check_lanes
            check_lanes(self, body)
        if sig.results and not self.is_terminating_list(body.stmts):
            self.error("missing-return", Span(max(body.span.end - 1, body.span.start), body.span.end), "missing return")
        for v in ctx.local_vars:
            if not v.used and v.name != "_":
                self.sink.report("unused-variable", v.loc.span, f"declared and not used: {v.name}",
                                 fixes=())
        for label in ctx.labels.values():
            assert isinstance(label, Label)
            if not label.used:
                self.sink.report("invalid-branch", label.loc.span, f"label {label.name} defined and not used",
                                 severity=Severity.WARNING)
        self.close_scope()
        self.func, self.breakable = outer_func, outer_breakable
        self._label_stack, self._pending_label = outer_labels, outer_pending

    def declare_local(self: "Checker", ident: S.Ident, t: Type) -> Var:
        v = Var(ident.name, t, self.unit.loc(ident.span), self.env.pkg_name)
        v.scope_level = 1
        if ident.name != "_" and self.scope.lookup_local(ident.name) is not None:
            v.used = True  # already reported as redeclared
        self.declare(self.scope, ident, v)
        if self.func is not None and ident.name != "_":
            self.func.local_vars.append(v)
        return v

    # ---- statement lists ------------------------------------------------------------------------
    def stmt_list(self: "Checker", stmts: tuple[S.Stmt, ...]) -> None:
        for s in stmts:
            self.stmt(s)

    def block(self: "Checker", b: S.Block) -> None:
        self.open_scope(b)
        self.stmt_list(b.stmts)
        self.close_scope()

    def stmt(self: "Checker", s: S.Stmt) -> None:
        match s:
            case S.ExprStmt():
                self.expr_stmt(s)
            case S.SendStmt():
                self.send_stmt(s)
            case S.IncDecStmt():
                self.incdec_stmt(s)
            case S.AssignStmt():
                if s.op == ":=":
                    self.define_stmt(s)
                elif s.op == "=":
                    self.assign_stmt(s)
                else:
                    self.op_assign_stmt(s)
            case S.DeclStmt():
                self.local_decl(s.decl)
            case S.LabeledStmt():
                if s.stmt is not None:
                    self._pending_label[s.stmt.id] = s.label.name
                    self.stmt(s.stmt)
            case S.GoStmt():
                self.go_defer(s.call, "go")
            case S.DeferStmt():
                self.go_defer(s.call, "defer")
            case S.ReturnStmt():
                self.return_stmt(s)
            case S.BranchStmt():
                self.branch_stmt(s)
            case S.Block():
                self.block(s)
            case S.IfStmt():
                self.if_stmt(s)
            case S.IfLetStmt():
                self.if_let_stmt(s)
            case S.SwitchStmt():
                self.switch_stmt(s)
            case S.TypeSwitchStmt():
                self.type_switch_stmt(s)
            case S.SelectStmt():
                self.select_stmt(s)
            case S.MatchStmt():
                self.match_stmt(s)
            case S.ForStmt():
                self.for_stmt(s)
            case S.RangeStmt():
                self.range_stmt(s)
            case S.ComptimeBlock():
                self.comptime_block(s)
            case S.ArenaBlock():
                self.block(s.body)
            case S.UnsafeBlock():
                self.error("unsupported-feature", s, "unsafe blocks are not supported")
                self.block(s.body)
            case S.BadStmt():
                pass

    # ---- simple statements ---------------------------------------------------------------------
    def expr_stmt(self: "Checker", s: S.ExprStmt) -> None:
        e = s.x
        inner = e
        inner = S.unparen(inner)
        if isinstance(inner, S.TryExpr):
            self.try_expr(inner, None, discard=True)
            return
        if isinstance(inner, S.CatchExpr):
            self.expr(inner)
            return
        x = self.expr(e)
        if x.invalid:
            return
        if isinstance(inner, S.Call):
            if x.mode == Mode.TYPEXPR:
                return
            if isinstance(x.type, ErrorUnion):
                self.report_unhandled_union(x)
                return
            f = inner.fun
            f = S.unparen(f)
            if isinstance(f, S.Ident) and isinstance(self.scope.lookup(f.name), Builtin):
                if f.name in ("len", "cap", "append", "make", "make_chan", "new", "min", "max", "complex", "real", "imag"):
                    if x.mode != Mode.NOVALUE:
                        self.error("unused-value", s, f"{self.describe(x)} is not used")
                return
            conv = self.info.types.get(inner.fun.id)
            if conv is not None and conv.mode == Mode.TYPEXPR:
                self.error("unused-value", s, f"{self.describe(x)} is not used")
            return
        if isinstance(inner, S.Unary) and inner.op == "<-":
            return
        if x.mode == Mode.TYPEXPR:
            self.error("not-a-value", s, f"{self.text_of(e)} (type) is not an expression")
            return
        self.error("unused-value", s, f"{self.describe(x)} is not used")

    def send_stmt(self: "Checker", s: S.SendStmt) -> None:
        ch = self.value(s.chan)
        u = core_type(ch.type) if not ch.invalid else None
        elem = u.elem if isinstance(u, Chan) else None
        v = self.value(s.value, elem)
        if ch.invalid:
            return
        if not isinstance(u, Chan):
            self.error("invalid-operation", s, f"invalid operation: cannot send to non-channel {self.describe(ch)}")
            return
        if u.dir is ChanDir.RECV:
            self.error("invalid-channel-direction", s,
                       f"invalid operation: cannot send to receive-only channel {self.describe(ch)}")
            return
        self.assign_to(v, u.elem, "send")

    def incdec_stmt(self: "Checker", s: S.IncDecStmt) -> None:
        x = self.lhs(s.x)
        if x.invalid:
            return
        if not is_numeric(x.type):
            self.error("invalid-operation", s, f"invalid operation: {self.text_of(s.x)}{s.op} (non-numeric type {self.tstr(x.type)})")

    def lhs(self: "Checker", e: S.Expr) -> Operand:
        """An assignment target: addressable, a map index, or `_`."""
        if isinstance(e, S.Ident) and e.name == "_":
            self.record_def(e, Var("_", None, self.unit.loc(e.span), self.env.pkg_name))
            return Operand(Mode.VARIABLE, INVALID, e)
        # Only a plain identifier on the left is not a use (types2's lhsVar): `*p = 1`,
        # `s.f = 1` and `xs[0] = 1` read p, s and xs.
        plain = e
        plain = S.unparen(plain)
        saved = self.lhs_context
        self.lhs_context = isinstance(plain, S.Ident)
        try:
            x = self.expr(e)
        finally:
            self.lhs_context = saved
        if x.invalid:
            return x
        x = self.single_value(x)
        if x.invalid:
            return x
        if isinstance(e, S.Selector) and isinstance(e.x, S.Index):
            base = self.info.types.get(e.x.id)
            if base is not None and base.mode == Mode.MAPINDEX:
                self.error("cannot-assign", e, f"cannot assign to struct field {self.text_of(e)} in map")
                return x.set_invalid()
        if x.mode in (Mode.VARIABLE, Mode.MAPINDEX):
            if self.func is not None and self.func.in_comptime_block and isinstance(x.obj, Var):
                if not self._declared_in_comptime(x.obj):
                    self.warn("no-effect", e, f"assignment to {x.obj.name} in a comptime block has no effect: comptime blocks are not executed")
            return x
        if isinstance(e, S.Index):
            base = self.info.types.get(e.x.id)
            if base is not None and is_string(base.type):
                self.error("cannot-assign", e, f"cannot assign to {self.text_of(e)} (neither addressable nor a map index expression)")
                return x.set_invalid()
        self.error("cannot-assign", e, f"cannot assign to {self.text_of(e)} (neither addressable nor a map index expression)")
        return x.set_invalid()

    def _declared_in_comptime(self: "Checker", v: Var) -> bool:
        """Is v declared inside the innermost enclosing `comptime {}` block?"""
        scope = self.scope
        depth = self.func.in_comptime_block if self.func is not None else 0
        while scope is not None and scope.kind is ScopeKind.BLOCK:
            if scope.names.get(v.name) is v:
                return True
            if scope in self._comptime_scopes:
                return False
            scope = scope.parent
        del depth
        return False

    def rhs_values(self: "Checker", rhs: tuple[S.Expr, ...], n_lhs: int, hints: list[Type | None]) -> list[Operand] | None:
        """Right-hand sides for n_lhs targets: n values, or one multi-valued expression."""
        if len(rhs) == 1 and n_lhs > 1:
            x = self.expr(rhs[0], None)
            if x.invalid:
                return None
            if isinstance(x.type, Tuple) and x.mode == Mode.VALUE:
                if len(x.type.types) != n_lhs:
                    self._assign_mismatch(rhs, n_lhs, len(x.type.types))
                    return None
                return [Operand(Mode.VALUE, t, rhs[0]) for t in x.type.types]
            if n_lhs == 2 and isinstance(x.type, ErrorUnion):
                from .objects import ERROR_TYPE
                self.info.goo[rhs[0].id] = "destructure"
                return [Operand(Mode.VALUE, x.type.elem, rhs[0]), Operand(Mode.VALUE, ERROR_TYPE, rhs[0])]
            if n_lhs == 2 and x.mode in (Mode.MAPINDEX, Mode.COMMAOK):
                return [Operand(Mode.VALUE, x.type, rhs[0]), Operand(Mode.VALUE, BOOL, rhs[0])]
            x = self.single_value(x)
            if not x.invalid:
                self._assign_mismatch(rhs, n_lhs, 1)
            return None
        if len(rhs) != n_lhs:
            for i, r in enumerate(rhs):
                self.expr(r)
            self._assign_mismatch(rhs, n_lhs, len(rhs))
            return None
        if n_lhs == 1 and len(rhs) == 1:
            x = self.expr(rhs[0], hints[0] if hints else None)
            if isinstance(x.type, Tuple) and x.mode == Mode.VALUE and len(x.type.types) > 1:
                self._assign_mismatch(rhs, 1, len(x.type.types))
                return [x.set_invalid()]
            return [self.single_value(x)]
        return [self.value(r, hints[i] if i < len(hints) else None) for i, r in enumerate(rhs)]

    def _assign_mismatch(self: "Checker", rhs: tuple[S.Expr, ...], n_lhs: int, n_values: int) -> None:
        """types2's assignError: `assignment mismatch: 2 variables but f returns 1 value`."""
        variables = f"{n_lhs} variable{'s' if n_lhs != 1 else ''}"
        values = f"{n_values} value{'s' if n_values != 1 else ''}"
        first = rhs[0] if rhs else None
        inner = first
        inner = S.unparen(inner)
        if len(rhs) == 1 and isinstance(inner, S.Call):
            self.error("count-mismatch", first, f"assignment mismatch: {variables} but {self.text_of(inner.fun)} returns {values}")
        else:
            self.error("count-mismatch", first if first is not None else Span(0, 0), f"assignment mismatch: {variables} but {values}")

    def assign_stmt(self: "Checker", s: S.AssignStmt) -> None:
        targets = [self.lhs(e) for e in s.lhs]
        hints = [None if t.invalid or t.type is INVALID else t.type for t in targets]
        values = self.rhs_values(s.rhs, len(s.lhs), hints)
        if values is None:
            return
        for t, v, e in zip(targets, values, s.lhs):
            if v.invalid:
                continue
            if isinstance(e, S.Ident) and e.name == "_":
                if v.type == UNTYPED_NIL:
                    self.error("invalid-operation", v.expr, "use of untyped nil in assignment")
                elif is_untyped(v.type):
                    self.convert_untyped(v, default_type(v.type))
                continue
            if t.invalid:
                continue
            self.assign_to(v, t.type, "assignment")

    def op_assign_stmt(self: "Checker", s: S.AssignStmt) -> None:
        if len(s.lhs) != 1 or len(s.rhs) != 1:
            self.error("count-mismatch", s, f"assignment operation {s.op} requires single-valued expressions")
            return
        op = s.op[:-1]
        target = self.lhs(s.lhs[0])
        fake = S.Binary(s.id, s.span, op, s.lhs[0], s.rhs[0], s.op_span)
        saved = self.info.types.get(s.lhs[0].id)
        result = self.binary(fake, target.type if not target.invalid else None)
        if saved is not None:
            self.info.types[s.lhs[0].id] = saved
        if result.invalid or target.invalid:
            return
        self.assign_to(result, target.type, "assignment")

    def define_stmt(self: "Checker", s: S.AssignStmt) -> None:
        idents = [e for e in s.lhs if isinstance(e, S.Ident)]
        hints: list[Type | None] = []
        for ident in idents:
            existing = self.scope.lookup_local(ident.name) if ident.name != "_" else None
            hints.append(existing.type if isinstance(existing, Var) else None)
        values = self.rhs_values(s.rhs, len(s.lhs), hints)
        new_any = False
        for i, e in enumerate(s.lhs):
            if not isinstance(e, S.Ident):
                continue
            v = values[i] if values is not None else None
            existing = self.scope.lookup_local(e.name) if e.name != "_" else None
            if isinstance(existing, Var):
                self.record_use(e, existing)
                if v is not None and not v.invalid:
                    self.assign_to(v, existing.type or INVALID, "assignment")
                continue
            if e.name != "_":
                new_any = True
            t = self.define_type(v)
            self.declare_local(e, t)
        if not new_any:
            self.error("no-new-variables", s.op_span, "no new variables on left side of :=")

    def define_type(self: "Checker", v: Operand | None) -> Type:
        if v is None or v.invalid:
            return INVALID
        if v.type == UNTYPED_NIL:
            self.error("invalid-operation", v.expr, "use of untyped nil in assignment")
            return INVALID
        if is_untyped(v.type):
            t = default_type(v.type)
            if not self.convert_untyped(v, t, "assignment"):
                return INVALID
            return t
        if isinstance(v.type, Tuple) and not v.type.types:
            return INVALID
        return v.type

    # ---- go / defer / return -------------------------------------------------------------------
    def go_defer(self: "Checker", e: S.Expr, keyword: str) -> None:
        inner = e
        inner = S.unparen(inner)
        if not isinstance(inner, S.Call):
            self.expr(e)
            self.error("invalid-operation", e, f"expression in {keyword} must be function call")
            return
        x = self.expr(inner)
        if x.invalid:
            return
        fun = self.info.types.get(inner.fun.id)
        if fun is not None and fun.mode == Mode.TYPEXPR:
            self.error("invalid-operation", e, f"{keyword} requires function call, not conversion")
            return
        if isinstance(x.type, ErrorUnion):
            self.report_unhandled_union(x)

    def return_stmt(self: "Checker", s: S.ReturnStmt) -> None:
        ctx = self.func
        if ctx is None:
            return
        results = ctx.sig.results
        if not s.results:
            if results and not ctx.named_results:
                self.error("count-mismatch", s, f"not enough return values: have (), want ({', '.join(self.tstr(r.type) for r in results)})")
            return
        if len(results) == 1 and isinstance(results[0].type, ErrorUnion):
            self.union_return(s, results[0].type)
            return
        if len(s.results) == 1 and len(results) > 1:
            x = self.expr(s.results[0])
            if x.invalid:
                return
            if isinstance(x.type, ErrorUnion) and len(results) == 2 and self.env.is_error(results[1].type):
                # `return f()` from a (T, error) function splits the union
                from .objects import ERROR_TYPE
                self.info.goo[s.results[0].id] = "split"
                self.assign_to(Operand(Mode.VALUE, x.type.elem, s.results[0]), results[0].type, "return statement")
                return
            if isinstance(x.type, Tuple):
                if len(x.type.types) != len(results):
                    self._return_count(s, [Operand(Mode.VALUE, t, None) for t in x.type.types])
                    return
                for t, r in zip(x.type.types, results):
                    self.assign_to(Operand(Mode.VALUE, t, s.results[0]), r.type, "return statement")
                return
            x = self.single_value(x)
            self._return_count(s, [x])
            return
        values = [self.value(r, results[i].type if i < len(results) else None) for i, r in enumerate(s.results)]
        if len(values) != len(results):
            self._return_count(s, values)
            return
        for v, r in zip(values, results):
            self.assign_to(v, r.type, "return statement")

    def _return_count(self: "Checker", s: S.ReturnStmt, values: list[Operand]) -> None:
        ctx = self.func
        assert ctx is not None
        have = "(" + ", ".join(self.tstr(default_type(v.type)) if not v.invalid else "invalid type" for v in values) + ")"
        want = "(" + ", ".join(self.tstr(r.type) for r in ctx.sig.results) + ")"
        word = "too many" if len(values) > len(ctx.sig.results) else "not enough"
        self.error("count-mismatch", s.results[0] if s.results else s, f"{word} return values: have {have}, want {want}")

    # ---- branches and labels -------------------------------------------------------------------
    def collect_labels(self: "Checker", body: S.Block) -> None:
        ctx = self.func
        assert ctx is not None
        for node in S.walk_same_function(body):
            if isinstance(node, S.LabeledStmt):
                name = node.label.name
                if name == "_":
                    continue
                if name in ctx.labels:
                    self.error("redeclared", node.label, f"label {name} already defined")
                    continue
                label = Label(name, self.unit.loc(node.label.span))
                ctx.labels[name] = label
                self.record_def(node.label, label)
        self._check_gotos(body)

    def branch_stmt(self: "Checker", s: S.BranchStmt) -> None:
        ctx = self.func
        kw = s.keyword
        if kw == "fallthrough":
            if not self._fallthrough_ok:
                where = "final case in switch" if self._in_final_case else ("match" if "match" in self.breakable[-1:] else "")
                if self._in_type_switch:
                    self.error("invalid-branch", s, "cannot fallthrough in type switch")
                elif where == "final case in switch":
                    self.error("invalid-branch", s, "cannot fallthrough final case in switch")
                elif where == "match":
                    self.error("invalid-branch", s, "fallthrough statement out of place: match clauses do not fall through")
                else:
                    self.error("invalid-branch", s, "fallthrough statement out of place")
            return
        if s.label is not None:
            label = ctx.labels.get(s.label.name) if ctx is not None else None
            if label is None:
                name = s.label.name
                message = {"break": f"break label not defined: {name}", "continue": f"continue label not defined: {name}"}.get(kw, f"label {name} not defined")
                self.error("invalid-branch", s.label, message)
                return
            assert isinstance(label, Label)
            label.used = True
            self.record_use(s.label, label)
            if kw == "goto":
                return
            target = self._enclosing_labeled(s.label.name)
            if target is None:
                self.error("invalid-branch", s.label, f"invalid {kw} label {s.label.name}")
                return
            if kw == "continue" and target != "for":
                self.error("invalid-branch", s.label, f"invalid continue label {s.label.name}")
            return
        if kw == "break":
            if not self.breakable:
                self.error("invalid-branch", s, "break is not in a loop, switch, select or match")
        elif kw == "continue":
            if "for" not in self.breakable:
                self.error("invalid-branch", s, "continue is not in a loop")
        elif kw == "goto":
            self.error("invalid-branch", s, "goto requires a label")

    def _enclosing_labeled(self: "Checker", name: str) -> str | None:
        for kind, label in reversed(self._label_stack):
            if label == name:
                return kind
        return None

    def with_breakable(self: "Checker", kind: str, label: str | None, fn) -> None:
        stack = self._label_stack
        self.breakable.append(kind)
        stack.append((kind, label))
        try:
            fn()
        finally:
            self.breakable.pop()
            stack.pop()

    def _check_gotos(self: "Checker", body: S.Block) -> None:
        """goto may not jump into a block (an arena block included) or over a declaration."""
        labels: dict[str, tuple[list[int], int, S.LabeledStmt]] = {}
        gotos: list[tuple[S.BranchStmt, list[int], int]] = []
        decl_positions: dict[int, list[tuple[int, S.Node]]] = {}

        def visit(stmts: tuple[S.Stmt, ...], path: list[int], block_id: int) -> None:
            decls = decl_positions.setdefault(block_id, [])
            for i, st in enumerate(stmts):
                target = st
                while isinstance(target, S.LabeledStmt):
                    labels[target.label.name] = (path + [block_id], i, target)
                    target = target.stmt
                if isinstance(target, S.DeclStmt) and getattr(target.decl, "keyword", "") == "var" or (
                        isinstance(target, S.AssignStmt) and target.op == ":="):
                    decls.append((i, target))
                for node in _goto_and_blocks(target):
                    if isinstance(node, S.BranchStmt):
                        gotos.append((node, path + [block_id], i))
                    else:
                        child_id, child_stmts = node
                        visit(child_stmts, path + [block_id], child_id)

        visit(body.stmts, [], body.id)
        for g, gpath, gi in gotos:
            if g.label is None or g.label.name not in labels:
                continue
            lpath, li, lstmt = labels[g.label.name]
            if lpath[:len(gpath)] != gpath[:len(lpath)] or len(lpath) > len(gpath):
                if not (len(lpath) <= len(gpath) and gpath[:len(lpath)] == lpath):
                    self.error("invalid-branch", g, f"goto {g.label.name} jumps into block")
                    continue
            if lpath == gpath[:len(lpath)] and li > gi and len(lpath) == len(gpath):
                for di, dnode in decl_positions.get(lpath[-1], []):
                    if gi < di < li or (di == li and False):
                        self.error("invalid-branch", g, f"goto {g.label.name} jumps over variable declaration")
                        break

    # ---- if / switch / select / for ---------------------------------------------------------------
    def condition(self: "Checker", e: S.Expr, what: str) -> None:
        x = self.value(e)
        if x.invalid:
            return
        if not is_boolean(x.type):
            if isinstance(underlying(x.type), Nullable):
                self.error("nullable-misuse", e, f"non-boolean condition in {what} statement: {self.describe(x)} is nullable; compare it with nil or use if let")
            else:
                self.error("type-mismatch", e, f"non-boolean condition in {what} statement")
            return
        if is_untyped(x.type):
            self.convert_untyped(x, BOOL)

    def if_stmt(self: "Checker", s: S.IfStmt) -> None:
        self.open_scope(s)
        if s.init is not None:
            self.stmt(s.init)
        self.condition(s.cond, "if")
        self.block(s.body)
        if s.else_ is not None:
            self.stmt(s.else_)
        self.close_scope()

    def switch_stmt(self: "Checker", s: S.SwitchStmt) -> None:
        self.open_scope(s)
        if s.init is not None:
            self.stmt(s.init)
        tag: Operand | None = None
        if s.tag is not None:
            tag = self.value(s.tag)
            if not tag.invalid and is_untyped(tag.type):
                if tag.type == UNTYPED_NIL:
                    self.error("invalid-operation", s.tag, "use of untyped nil in switch expression")
                    tag.set_invalid()
                else:
                    self.convert_untyped(tag, default_type(tag.type))
        seen: dict[object, S.Node] = {}
        defaults = 0
        n = len(s.clauses)

        def run() -> None:
            nonlocal defaults
            saved_ts = self._in_type_switch
            self._in_type_switch = 0
            for i, clause in enumerate(s.clauses):
                if clause.exprs is None:
                    defaults += 1
                    if defaults > 1:
                        self.error("duplicate-case", clause, "multiple defaults in switch")
                else:
                    for ce in clause.exprs:
                        self._case_value(ce, tag, seen)
                self.open_scope(clause)
                last = clause.body[-1] if clause.body else None
                for j, st in enumerate(clause.body):
                    is_last = j == len(clause.body) - 1
                    self._fallthrough_ok = is_last and isinstance(st, S.BranchStmt) and st.keyword == "fallthrough" and i < n - 1
                    self._in_final_case = is_last and i == n - 1
                    self.stmt(st)
                    self._fallthrough_ok = False
                    self._in_final_case = False
                del last
                self.close_scope()
            self._in_type_switch = saved_ts

        self.with_breakable("switch", self._label_of(s), run)
        self.close_scope()

    def _label_of(self: "Checker", s: S.Stmt) -> str | None:
        return self._pending_label.get(s.id)

    def _case_value(self: "Checker", ce: S.Expr, tag: Operand | None, seen: dict[object, S.Node]) -> None:
        if tag is None:
            x = self.value(ce)
            if x.invalid:
                return
            if not is_boolean(x.type):
                self.error("type-mismatch", ce, f"invalid case {self.text_of(ce)} in switch (mismatched types {self.tstr(x.type)} and bool)")
                return
            if is_untyped(x.type):
                self.convert_untyped(x, BOOL)
            return
        x = self.value(ce, tag.type if not tag.invalid else None)
        if x.invalid or tag.invalid:
            return
        fake = S.Binary(ce.id, ce.span, "==", ce, tag.expr, ce.span)  # type: ignore[arg-type]
        res = self.comparison(fake, x, Operand(tag.mode, tag.type, tag.expr, tag.value))
        if res.invalid:
            return
        if x.mode == Mode.CONSTANT and x.value is not None:
            key = (type(x.value), x.value)
            if key in seen:
                from .constants import format_value
                self.error("duplicate-case", ce, f"duplicate case {self.text_of(ce)} in switch",
                           notes=(Note(seen[key].span, "previous case"),))
            else:
                seen[key] = ce

    def type_switch_stmt(self: "Checker", s: S.TypeSwitchStmt) -> None:
        self.open_scope(s)
        if s.init is not None:
            self.stmt(s.init)
        x = self.value(s.subject)
        iface: Interface | None = None
        if not x.invalid:
            if not is_interface(x.type):
                self.error("invalid-operation", s.subject, f"{self.describe(x)} is not an interface")
            else:
                iface = underlying(x.type)  # type: ignore[assignment]
        binder_vars: list[Var] = []
        seen: list[tuple[Type, S.Node]] = []
        defaults = 0

        def run() -> None:
            nonlocal defaults
            for clause in s.clauses:
                types: list[Type | None] = []
                if clause.exprs is None:
                    defaults += 1
                    if defaults > 1:
                        self.error("duplicate-case", clause, "multiple defaults in switch")
                else:
                    for ce in clause.exprs:
                        if isinstance(ce, S.KeywordLit) and ce.word == "nil":
                            types.append(None)
                            continue
                        t = self.type_expr(ce)
                        if t is INVALID:
                            continue
                        for prev, node in seen:
                            if identical(prev, t):
                                self.error("duplicate-case", ce, f"duplicate case {self.text_of(ce)} in type switch",
                                           notes=(Note(node.span, "previous case"),))
                                break
                        seen.append((t, ce))
                        if iface is not None and not is_interface(t):
                            miss = missing_method(t, iface)
                            if miss is not None:
                                self.error("missing-method", ce,
                                           f"impossible type switch case: {self.text_of(s.subject)} ({self.describe(x).split('(', 1)[1][:-1]}) cannot have dynamic type {self.tstr(t)} ({self.missing_text(miss)})")
                        types.append(t)
                self.open_scope(clause)
                if s.binder is not None:
                    bt: Type = x.type if not x.invalid else INVALID
                    if len(types) == 1 and types[0] is not None:
                        bt = types[0]
                    v = Var(s.binder.name, bt, self.unit.loc(s.binder.span), self.env.pkg_name)
                    v.scope_level = 1
                    if s.binder.name != "_":
                        self.scope.insert(v)
                    self.info.implicits[clause.id] = v
                    binder_vars.append(v)
                self.stmt_list(clause.body)
                self.close_scope()

        self._in_type_switch += 1
        try:
            self.with_breakable("switch", self._label_of(s), run)
        finally:
            self._in_type_switch -= 1
        if s.binder is not None:
            self.record_def(s.binder, binder_vars[0] if binder_vars else Var(s.binder.name, INVALID, self.unit.loc(s.binder.span), self.env.pkg_name))
            if s.binder.name != "_" and binder_vars and not any(v.used for v in binder_vars):
                self.sink.report("unused-variable", s.binder.span, f"declared and not used: {s.binder.name}")
        self.close_scope()

    def select_stmt(self: "Checker", s: S.SelectStmt) -> None:
        defaults = 0

        def run() -> None:
            nonlocal defaults
            for clause in s.clauses:
                self.open_scope(clause)
                if clause.comm is None:
                    defaults += 1
                    if defaults > 1:
                        self.error("duplicate-case", clause, "multiple defaults in select")
                else:
                    self._comm(clause.comm)
                self.stmt_list(clause.body)
                self.close_scope()

        self.with_breakable("select", self._label_of(s), run)

    def _comm(self: "Checker", c: S.Stmt) -> None:
        def is_recv(e: S.Expr) -> bool:
            e = S.unparen(e)
            return isinstance(e, S.Unary) and e.op == "<-"

        if isinstance(c, S.SendStmt):
            self.send_stmt(c)
            return
        if isinstance(c, S.ExprStmt) and is_recv(c.x):
            self.expr(c.x)
            return
        if isinstance(c, S.AssignStmt) and len(c.rhs) == 1 and is_recv(c.rhs[0]) and len(c.lhs) <= 2 and c.op in ("=", ":="):
            self.stmt(c)
            return
        self.error("invalid-operation", c, "select case must be receive, send or assign recv")

    def for_stmt(self: "Checker", s: S.ForStmt) -> None:
        self.open_scope(s)
        if s.init is not None:
            self.stmt(s.init)
        if s.cond is not None:
            self.condition(s.cond, "for")
        if s.post is not None:
            if isinstance(s.post, S.AssignStmt) and s.post.op == ":=":
                self.error("invalid-operation", s.post, "cannot declare in post statement of for loop")
            else:
                self.stmt(s.post)
        self.with_breakable("for", self._label_of(s), lambda: self.block(s.body))
        self.close_scope()

    def range_stmt(self: "Checker", s: S.RangeStmt) -> None:
        self.open_scope(s)
        x = self.value(s.x)
        key_t: Type | None = None
        val_t: Type | None = None
        max_vars = 2
        what = ""
        if not x.invalid:
            u = core_type(x.type)
            if isinstance(u, Pointer) and isinstance(underlying(u.elem), Array):
                u = underlying(u.elem)
            if isinstance(u, Basic) and is_string(u):
                key_t, val_t = INT, RUNE
                if is_untyped(x.type):
                    self.convert_untyped(x, default_type(x.type))
            elif isinstance(u, (Array, Slice)):
                key_t, val_t = INT, u.elem
            elif isinstance(u, Map):
                key_t, val_t = u.key, u.elem
            elif isinstance(u, Chan):
                key_t, max_vars, what = u.elem, 1, "ch"
                if u.dir is ChanDir.SEND:
                    self.error("invalid-channel-direction", s.x, f"cannot range over {self.describe(x)}: receive from send-only channel")
            elif is_integer(u):
                key_t = x.type if not is_untyped(x.type) else INT
                if is_untyped(x.type):
                    self.convert_untyped(x, INT)
                max_vars, what = 1, "int"
            elif isinstance(u, Signature):
                self.error("unsupported-feature", s.x, "range over functions is not supported yet")
                x.set_invalid()
            else:
                self.error("invalid-range", s.x, f"cannot range over {self.describe(x)}")
                x.set_invalid()
        variables = [v for v in (s.key, s.value) if v is not None] + list(s.extra)
        if not x.invalid and len(variables) > max_vars:
            self.error("invalid-range", variables[max_vars],
                       f"range over {self.text_of(s.x)} permits only one iteration variable")
        types = [key_t, val_t]
        if s.define:
            for i, v in enumerate(variables[:2]):
                if isinstance(v, S.Ident):
                    t = types[i] if i < len(types) and types[i] is not None and not x.invalid else INVALID
                    self.declare_local(v, t)
        else:
            for i, v in enumerate(variables[:2]):
                target = self.lhs(v)
                t = types[i]
                if target.invalid or t is None or x.invalid or (isinstance(v, S.Ident) and v.name == "_"):
                    continue
                self.assign_to(Operand(Mode.VALUE, t, v), target.type, "range")
        self.with_breakable("for", self._label_of(s), lambda: self.block(s.body))
        self.close_scope()

    def comptime_block(self: "Checker", s: S.ComptimeBlock) -> None:
        ctx = self.func
        if ctx is not None:
            ctx.in_comptime_block += 1
        scope = self.open_scope(s.body)
        self._comptime_scopes.add(scope)
        self.stmt_list(s.body.stmts)
        self.close_scope()
        if ctx is not None:
            ctx.in_comptime_block -= 1

    # ---- terminating statements ------------------------------------------------------------------
    def is_terminating_list(self: "Checker", stmts: tuple[S.Stmt, ...]) -> bool:
        i = len(stmts) - 1
        while i >= 0 and isinstance(stmts[i], S.BadStmt):
            i -= 1
        return i >= 0 and self.is_terminating(stmts[i], None)

    def is_terminating(self: "Checker", s: S.Stmt, label: str | None) -> bool:
        match s:
            case S.ReturnStmt():
                return True
            case S.BranchStmt(keyword="goto"):
                return True
            case S.ExprStmt():
                call = s.x
                call = S.unparen(call)
                if isinstance(call, S.Call) and isinstance(call.fun, S.Ident) and call.fun.name == "panic":
                    return isinstance(self.info.uses.get(call.fun.id), Builtin)
                return False
            case S.Block():
                return self.is_terminating_list(s.stmts)
            case S.ArenaBlock():
                return self.is_terminating_list(s.body.stmts)
            case S.IfStmt() | S.IfLetStmt():
                return (s.else_ is not None and self.is_terminating_list(s.body.stmts)
                        and self.is_terminating(s.else_, None))
            case S.LabeledStmt():
                return s.stmt is not None and self.is_terminating(s.stmt, s.label.name)
            case S.ForStmt():
                return s.cond is None and not _has_break(s.body, label, True)
            case S.SwitchStmt() | S.TypeSwitchStmt():
                if not any(c.exprs is None for c in s.clauses):
                    return False
                for c in s.clauses:
                    if _has_break_list(c.body, label):
                        return False
                    if not c.body:
                        return False
                    last = c.body[-1]
                    if isinstance(last, S.BranchStmt) and last.keyword == "fallthrough":
                        continue
                    if not self.is_terminating_list(c.body):
                        return False
                return True
            case S.SelectStmt():
                for c in s.clauses:
                    if _has_break_list(c.body, label) or not self.is_terminating_list(c.body):
                        return False
                return True
            case S.MatchStmt():
                if not any(c.pattern is None for c in s.clauses):
                    return False
                return all(not _has_break_list(c.body, label) and self.is_terminating_list(c.body) for c in s.clauses)
        return False


def _goto_and_blocks(stmt: S.Stmt | None):
    """Direct gotos of a statement (not inside nested blocks) and its nested statement lists."""
    if stmt is None:
        return
    match stmt:
        case S.BranchStmt(keyword="goto"):
            yield stmt
        case S.Block():
            yield (stmt.id, stmt.stmts)
        case S.ArenaBlock() | S.ComptimeBlock() | S.UnsafeBlock():
            yield (stmt.body.id, stmt.body.stmts)
        case S.IfStmt() | S.IfLetStmt():
            yield (stmt.body.id, stmt.body.stmts)
            if stmt.else_ is not None:
                if isinstance(stmt.else_, S.Block):
                    yield (stmt.else_.id, stmt.else_.stmts)
                else:
                    yield from _goto_and_blocks(stmt.else_)
        case S.ForStmt() | S.RangeStmt():
            yield (stmt.body.id, stmt.body.stmts)
        case S.SwitchStmt() | S.TypeSwitchStmt() | S.SelectStmt() | S.MatchStmt():
            for c in stmt.clauses:
                yield (c.id, c.body)


def _has_break(body: S.Block, label: str | None, top: bool) -> bool:
    return _has_break_list(body.stmts, label)


def _has_break_list(stmts: tuple[S.Stmt, ...], label: str | None) -> bool:
    """Is there a break that targets the statement owning `stmts` (unlabeled at this level,
    or labeled with `label` anywhere)?"""
    def visit(n: S.Node, nested: bool) -> bool:
        if isinstance(n, S.BranchStmt) and n.keyword == "break":
            if n.label is None:
                return not nested
            return label is not None and n.label.name == label
        if isinstance(n, S.FuncLit):
            return False
        inner_nested = nested or isinstance(n, (S.ForStmt, S.RangeStmt, S.SwitchStmt, S.TypeSwitchStmt,
                                                S.SelectStmt, S.MatchStmt))
        return any(visit(c, inner_nested) for c in S.children(n))
    return any(visit(s, False) for s in stmts)


__all__ = ["StmtMixin", "Fix", "Const", "Slice", "TypeParam", "Map", "invalid_operand"]
