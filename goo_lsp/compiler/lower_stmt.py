"""Lowering of statements: declarations, assignments, control flow (if, for, range, switch,
type switch, labels, goto, break/continue/fallthrough), return, defer, arena blocks.

Invariants:
- `targets` is a stack of enclosing breakable statements: (kind, label, break block,
  continue block, arena depth); branches leave the arenas opened inside the statement.
- Variables declared in a loop header are fresh per iteration (Go 1.22, spec §7.2): range
  variables are declared inside the body; a three-clause loop variable that escapes is moved
  to a new cell before the post statement.
- In an assignment, index and pointer operands on the left are evaluated first, then the
  right-hand sides, then the stores left to right (spec §7.1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from . import syntax as S
from .objects import Label, Var
from .types import (
    BOOL,
    INT,
    Array,
    Basic,
    Kind,
    Map,
    Pointer,
    Signature,
    Slice,
    Type,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .lower_func import FuncLowerer

RUNE = Basic(Kind.INT32, "int32")


class Target:
    __slots__ = ("kind", "label", "brk", "cont", "arenas", "fallthrough")

    def __init__(self, kind: str, label: str | None, brk: ir.Block | None, cont: ir.Block | None, arenas: int) -> None:
        self.kind = kind
        self.label = label
        self.brk = brk
        self.cont = cont
        self.arenas = arenas
        self.fallthrough: ir.Block | None = None


class StmtMixin:
    def stmt_list(self: "FuncLowerer", stmts) -> None:
        for s in stmts:
            self.stmt(s)

    def stmt(self: "FuncLowerer", s: S.Stmt) -> None:
        match s:
            case S.ExprStmt():
                self.expr(s.x)
            case S.DeclStmt():
                self.decl_stmt(s.decl)
            case S.AssignStmt():
                self.assign(s)
            case S.IncDecStmt():
                self.inc_dec(s)
            case S.Block():
                self.stmt_list(s.stmts)
            case S.IfStmt():
                self.if_stmt(s)
            case S.IfLetStmt():
                self.if_let(s)
            case S.ForStmt():
                self.for_stmt(s)
            case S.RangeStmt():
                self.range_stmt(s)
            case S.SwitchStmt():
                self.switch_stmt(s)
            case S.TypeSwitchStmt():
                self.type_switch(s)
            case S.MatchStmt():
                self.match_stmt(s)
            case S.LabeledStmt():
                self.labeled(s)
            case S.BranchStmt():
                self.branch(s)
            case S.ReturnStmt():
                self.return_stmt(s)
            case S.DeferStmt():
                self.defer_stmt(s)
            case S.ArenaBlock():
                self.arena_block(s)
            case S.ComptimeBlock():
                pass  # type-checked only; generates no code (spec §10.5)
            case S.GoStmt():
                self.go_stmt(s)
            case S.SendStmt():
                self.send_stmt(s)
            case S.SelectStmt():
                self.select_stmt(s)
            case _:
                if type(s).__name__ in ("EmptyStmt",):
                    return
                raise self.fail(f"cannot compile statement {type(s).__name__}", s)

    # ---- declarations ---------------------------------------------------------------------------
    def decl_stmt(self: "FuncLowerer", decl: S.Decl) -> None:
        if not isinstance(decl, S.GenDecl) or decl.keyword != "var":
            return
        for spec in decl.specs:
            if not isinstance(spec, S.ValueSpec):
                continue
            span = self.span(spec)
            names = spec.names
            if spec.values and len(spec.values) == 1 and len(names) > 1:
                values = self.multi_value(spec.values[0], len(names))
            elif spec.values:
                values = [self.expr(v) for v in spec.values]
            else:
                values = [None] * len(names)
            for name, value in zip(names, values):
                var = self.info.defs.get(name.id)
                if isinstance(var, Var):
                    self.declare_var(var, self.span(name), value)

    # ---- assignments ----------------------------------------------------------------------------
    def assign(self: "FuncLowerer", s: S.AssignStmt) -> None:
        span = self.span(s)
        if s.op == ":=":
            self.short_var_decl(s)
            return
        if s.op != "=":
            self.op_assign(s.lhs[0], s.op[:-1], s.rhs[0], span)
            return
        targets = [self.lvalue(x) for x in s.lhs]
        if len(s.rhs) == 1 and len(s.lhs) > 1:
            values = self.multi_value(s.rhs[0], len(s.lhs))
        else:
            values = [self.expr(v) for v in s.rhs]
        for target, value in zip(targets, values):
            self.store_to(target, value, span)

    def short_var_decl(self: "FuncLowerer", s: S.AssignStmt) -> None:
        span = self.span(s)
        if len(s.rhs) == 1 and len(s.lhs) > 1:
            values = self.multi_value(s.rhs[0], len(s.lhs))
        else:
            values = [self.expr(v) for v in s.rhs]
        for name, value in zip(s.lhs, values):
            if not isinstance(name, S.Ident) or name.name == "_":
                continue
            new = self.info.defs.get(name.id)
            if isinstance(new, Var):
                self.declare_var(new, self.span(name), value)
            else:
                old = self.info.uses.get(name.id)
                if isinstance(old, Var):
                    cell = self.cell_of(old, name)
                    self.emit(ir.Store(None, span, cell, self.coerce(value, self.t(old.type), span)))

    def lvalue(self: "FuncLowerer", x: S.Expr):
        """Evaluate the operands of an assignment target: ("discard",), ("map", m, key) or
        ("ptr", pointer)."""
        x = S.unparen(x)
        if isinstance(x, S.Ident) and x.name == "_":
            return ("discard",)
        if isinstance(x, S.Index):
            bt = underlying(self.t(self.tv(x.x).type))
            if isinstance(bt, Map):
                m = self.expr(x.x)
                key = self.value_of(x.indices[0], self.t(bt.key))
                return ("map", m, key, self.t(bt.elem))
        return ("ptr", self.addr(x))

    def store_to(self: "FuncLowerer", target, value: ir.Value, span) -> None:
        match target:
            case ("discard",):
                return
            case ("map", m, key, vt):
                self.emit(ir.MapUpdate(None, span, m, key, self.coerce(value, vt, span)))
            case ("ptr", ptr):
                elem = underlying(ptr.type).elem
                self.emit(ir.Store(None, span, ptr, self.coerce(value, elem, span)))

    def op_assign(self: "FuncLowerer", lhs: S.Expr, op: str, rhs: S.Expr | None, span) -> None:
        target = self.lvalue(lhs)
        t = self.t(self.tv(lhs).type)
        if target[0] == "map":
            _, m, key, vt = target
            old = self.emit(ir.MapLookup(vt, span, m, key, False))
        else:
            old = self.emit(ir.Load(t, span, target[1]))
        if rhs is None:
            y: ir.Value = self.const(t, 1 if not _is_float(t) else 1.0)
        else:
            y = self.expr(rhs)
        if op in ("<<", ">>"):
            if isinstance(y, ir.Const) and (not isinstance(underlying(y.type), Basic)
                                            or underlying(y.type).kind.name.startswith("UNTYPED")):
                y = self.const(Basic(Kind.UINT, "uint"), y.value)
            new = self.emit(ir.BinOp(t, span, op, old, y))
        elif op == "&^":
            y = self.coerce(y, t, span)
            new = self.emit(ir.BinOp(t, span, "&", old, self.emit(ir.UnOp(t, span, "^", y))))
        else:
            new = self.emit(ir.BinOp(t, span, op, old, self.coerce(y, t, span)))
        self.store_to(target, new, span)

    def inc_dec(self: "FuncLowerer", s: S.IncDecStmt) -> None:
        self.op_assign(s.x, "+" if s.op == "++" else "-", None, self.span(s))

    # ---- if -------------------------------------------------------------------------------------
    def if_stmt(self: "FuncLowerer", s: S.IfStmt) -> None:
        span = self.span(s)
        if s.init is not None:
            self.stmt(s.init)
        cond = self.coerce(self.expr(s.cond), BOOL, span)
        then = self.new_block("if.then")
        done = self.new_block("if.done")
        els = self.new_block("if.else") if s.else_ is not None else done
        self.emit(ir.If(None, span, cond, then, els))
        self.set_block(then)
        self.stmt_list(s.body.stmts)
        self.jump(done, span)
        if s.else_ is not None:
            self.set_block(els)
            self.stmt(s.else_)
            self.jump(done, span)
        self.set_block(done)

    # ---- loops ----------------------------------------------------------------------------------
    def take_label(self: "FuncLowerer", s: S.Stmt) -> str | None:
        return self.pending_label.pop(s.id, None)

    def for_stmt(self: "FuncLowerer", s: S.ForStmt) -> None:
        span = self.span(s)
        label = self.take_label(s)
        if s.init is not None:
            self.stmt(s.init)
        fresh = self.per_iteration_vars(s)
        head = self.new_block("for.head")
        body = self.new_block("for.body")
        post = self.new_block("for.post")
        done = self.new_block("for.done")
        self.jump(head, span)
        self.set_block(head)
        if s.cond is not None:
            cond = self.coerce(self.expr(s.cond), BOOL, span)
            self.emit(ir.If(None, span, cond, body, done))
        else:
            self.jump(body, span)
        self.set_block(body)
        self.targets.append(Target("loop", label, done, post, len(self.arenas)))
        self.stmt_list(s.body.stmts)
        self.targets.pop()
        self.jump(post, span)
        self.set_block(post)
        for var, slot in fresh:
            # Go 1.22: the next iteration's variable is a copy made before the post statement
            t = self.t(var.type)
            old = self.emit(ir.Load(Pointer(t), span, slot))
            value = self.emit(ir.Load(t, span, old))
            cell = self.emit(ir.Alloc(Pointer(t), span, t, True, ir.new_site(), "var", var.name, False))
            self.emit(ir.Store(None, span, cell, value))
            self.emit(ir.Store(None, span, slot, cell))
        if s.post is not None:
            self.stmt(s.post)
        self.jump(head, span)
        self.set_block(done)

    def per_iteration_vars(self: "FuncLowerer", s: S.ForStmt) -> list:
        """Loop variables of a three-clause loop that escape: reach them through a slot that is
        re-pointed to a fresh cell each iteration."""
        init = s.init
        if not (isinstance(init, S.AssignStmt) and init.op == ":="):
            return []
        out = []
        for name in init.lhs:
            var = self.info.defs.get(name.id) if isinstance(name, S.Ident) else None
            if isinstance(var, Var) and self.escapes(var):
                cell = self.cells[id(var)]
                slot = self.new_cell(cell.type, self.span(name), var.name + ".slot", kind="temp")
                self.emit(ir.Store(None, self.span(name), slot, cell))
                self.indirect[id(var)] = slot
                out.append((var, slot))
        return out

    def range_stmt(self: "FuncLowerer", s: S.RangeStmt) -> None:
        span = self.span(s)
        label = self.take_label(s)
        xt = self.t(self.tv(s.x).type)
        xu = underlying(xt)
        if isinstance(xu, Pointer):
            xu = underlying(xu.elem)
        if isinstance(xu, Map):
            self.range_map(s, label)
            return
        if isinstance(xu, Basic) and xu.kind == Kind.STRING:
            self.range_string(s, label)
            return
        if isinstance(xu, Basic):
            self.range_int(s, label)
            return
        if isinstance(xu, (Slice, Array)):
            self.range_indexed(s, label)
            return
        self.range_other(s, label)

    def range_other(self: "FuncLowerer", s: S.RangeStmt, label: str | None) -> None:
        raise self.fail("range over this type is not supported by the back end yet", s)

    def _loop(self: "FuncLowerer", s: S.RangeStmt, label: str | None, counter: ir.Value, limit: ir.Value,
              body_fn) -> None:
        """for counter < limit { body_fn(index); counter++ } with break/continue targets."""
        span = self.span(s)
        head = self.new_block("range.head")
        body = self.new_block("range.body")
        post = self.new_block("range.post")
        done = self.new_block("range.done")
        self.jump(head, span)
        self.set_block(head)
        i = self.emit(ir.Load(INT, span, counter))
        self.emit(ir.If(None, span, self.emit(ir.BinOp(BOOL, span, "<", i, limit)), body, done))
        self.set_block(body)
        step = body_fn(i)
        self.targets.append(Target("loop", label, done, post, len(self.arenas)))
        self.stmt_list(s.body.stmts)
        self.targets.pop()
        self.jump(post, span)
        self.set_block(post)
        i2 = self.emit(ir.Load(INT, span, counter))
        self.emit(ir.Store(None, span, counter, self.emit(ir.BinOp(INT, span, "+", i2, step or self.const(INT, 1)))))
        self.jump(head, span)
        self.set_block(done)

    def range_assign(self: "FuncLowerer", s: S.RangeStmt, node: S.Expr | None, value: ir.Value) -> None:
        """Bind one iteration variable (declared per iteration with :=, else assigned)."""
        if node is None or (isinstance(node, S.Ident) and node.name == "_"):
            return
        span = self.span(node)
        if s.define:
            var = self.info.defs.get(node.id)
            if isinstance(var, Var):
                self.declare_var(var, span, value)
            return
        self.store_to(self.lvalue(node), value, span)

    def range_int(self: "FuncLowerer", s: S.RangeStmt, label: str | None) -> None:
        span = self.span(s)
        n = self.expr(s.x)
        nt = self.t(self.tv(s.x).type)
        if isinstance(n, ir.Const):
            n = self.const(INT, n.value)
        elif not _is_int(nt):
            n = self.emit(ir.Convert(INT, span, n))
        counter = self.new_cell(INT, span, "i", kind="temp")
        self.emit(ir.Store(None, span, counter, self.const(INT, 0)))
        key_t = self.range_key_type(s, nt)

        def body(i: ir.Value):
            self.range_assign(s, s.key, self.coerce(i, key_t, span) if key_t is not None else i)
            return None
        self._loop(s, label, counter, n if n.type == INT else self.emit(ir.Convert(INT, span, n)), body)

    def range_key_type(self: "FuncLowerer", s: S.RangeStmt, default: Type) -> Type | None:
        if s.key is None:
            return None
        tv = self.tv(s.key)
        if tv is not None:
            return self.t(tv.type)
        var = self.info.defs.get(s.key.id)
        return self.t(var.type) if isinstance(var, Var) else default

    def range_indexed(self: "FuncLowerer", s: S.RangeStmt, label: str | None) -> None:
        span = self.span(s)
        xt = self.t(self.tv(s.x).type)
        xu = underlying(xt)
        need_value = s.value is not None and not (isinstance(s.value, S.Ident) and s.value.name == "_")
        if isinstance(xu, Array):
            length = self.const(INT, xu.length)
            elem = self.t(xu.elem)
            if need_value:
                # ranging over an array ranges over a copy of it
                base = self.temp(self.expr(s.x), span)
            else:
                if not _pure(s.x):
                    self.expr(s.x)
                base = None
        elif isinstance(xu, Pointer):
            arr = underlying(xu.elem)
            assert isinstance(arr, Array)
            length = self.const(INT, arr.length)
            elem = self.t(arr.elem)
            base = self.expr(s.x)
        else:
            assert isinstance(xu, Slice)
            elem = self.t(xu.elem)
            base = self.temp(self.expr(s.x), span)
            sl = self.emit(ir.Load(xt, span, base))
            length = self.emit(ir.Builtin(INT, span, "len", [sl]))
        counter = self.new_cell(INT, span, "i", kind="temp")
        self.emit(ir.Store(None, span, counter, self.const(INT, 0)))

        def body(i: ir.Value):
            self.range_assign(s, s.key, i)
            if need_value:
                src = base
                if isinstance(xu, Slice):
                    src = self.emit(ir.Load(xt, span, base))
                slot = self.emit(ir.IndexAddr(Pointer(elem), span, src, i))
                self.range_assign(s, s.value, self.emit(ir.Load(elem, span, slot)))
            return None
        self._loop(s, label, counter, length, body)

    def range_string(self: "FuncLowerer", s: S.RangeStmt, label: str | None) -> None:
        span = self.span(s)
        string_t = self.t(self.tv(s.x).type)
        str_cell = self.temp(self.expr(s.x), span)
        st = self.emit(ir.Load(string_t, span, str_cell))
        length = self.emit(ir.Builtin(INT, span, "len", [st]))
        counter = self.new_cell(INT, span, "i", kind="temp")
        self.emit(ir.Store(None, span, counter, self.const(INT, 0)))

        def body(i: ir.Value):
            cur = self.emit(ir.Load(string_t, span, str_cell))
            pair = self.emit(ir.Builtin(self.tuple_type([RUNE, INT]), span, "decoderune", [cur, i]))
            r = self.emit(ir.Field(RUNE, span, pair, 0))
            width = self.emit(ir.Field(INT, span, pair, 1))
            self.range_assign(s, s.key, i)
            self.range_assign(s, s.value, r)
            return width
        self._loop(s, label, counter, length, body)

    def range_map(self: "FuncLowerer", s: S.RangeStmt, label: str | None) -> None:
        span = self.span(s)
        mt = self.t(self.tv(s.x).type)
        mu = underlying(mt)
        assert isinstance(mu, Map)
        kt, vt = self.t(mu.key), self.t(mu.elem)
        m = self.expr(s.x)
        it = self.emit(ir.MapIter(Basic(Kind.UINTPTR, "uintptr"), span, m))
        head = self.new_block("range.head")
        body = self.new_block("range.body")
        done = self.new_block("range.done")
        self.jump(head, span)
        self.set_block(head)
        nxt = self.emit(ir.MapNext(self.tuple_type([BOOL, kt, vt]), span, it))
        ok = self.emit(ir.Field(BOOL, span, nxt, 0))
        self.emit(ir.If(None, span, ok, body, done))
        self.set_block(body)
        self.range_assign(s, s.key, self.emit(ir.Field(kt, span, nxt, 1)))
        if s.value is not None:
            self.range_assign(s, s.value, self.emit(ir.Field(vt, span, nxt, 2)))
        self.targets.append(Target("loop", label, done, head, len(self.arenas)))
        self.stmt_list(s.body.stmts)
        self.targets.pop()
        self.jump(head, span)
        self.set_block(done)

    # ---- switch ---------------------------------------------------------------------------------
    def switch_stmt(self: "FuncLowerer", s: S.SwitchStmt) -> None:
        span = self.span(s)
        label = self.take_label(s)
        if s.init is not None:
            self.stmt(s.init)
        tag = self.expr(s.tag) if s.tag is not None else self.const(BOOL, True)
        if s.tag is not None and isinstance(tag, ir.Const):
            tag = self.temp_value(tag, span)
        done = self.new_block("switch.done")
        bodies = [self.new_block("switch.case") for _ in s.clauses]
        default = None
        for k, clause in enumerate(s.clauses):
            if clause.exprs is None:
                default = bodies[k]
                continue
            for e in clause.exprs:
                v = self.expr(e)
                x, y = self.comparable_pair(tag, v, tag.type, v.type, self.span(e))
                cond = self.emit(ir.BinOp(BOOL, self.span(e), "==", x, y))
                nxt = self.new_block("switch.next")
                self.emit(ir.If(None, self.span(e), cond, bodies[k], nxt))
                self.set_block(nxt)
        self.jump(default or done, span)
        for k, clause in enumerate(s.clauses):
            self.set_block(bodies[k])
            target = Target("switch", label, done, None, len(self.arenas))
            target.fallthrough = bodies[k + 1] if k + 1 < len(bodies) else None
            self.targets.append(target)
            self.stmt_list(clause.body)
            self.targets.pop()
            self.jump(done, span)
        self.set_block(done)

    def temp_value(self: "FuncLowerer", v: ir.Value, span) -> ir.Value:
        from .lower import concrete
        t = concrete(v.type, {})
        return self.emit(ir.Load(t, span, self.temp(self.coerce(v, t, span), span)))

    def type_switch(self: "FuncLowerer", s: S.TypeSwitchStmt) -> None:
        span = self.span(s)
        label = self.take_label(s)
        if s.init is not None:
            self.stmt(s.init)
        x = self.expr(s.subject)
        done = self.new_block("tswitch.done")
        bodies = [self.new_block("tswitch.case") for _ in s.clauses]
        default = None
        for k, clause in enumerate(s.clauses):
            if clause.exprs is None:
                default = bodies[k]
                continue
            for e in clause.exprs:
                tested = None if (isinstance(e, S.KeywordLit) and e.word == "nil") else self.t(self.tv(e).type)
                if tested is not None and not _is_iface(tested):
                    self.b.note_boxed(tested)
                cond = self.emit(ir.TypeTest(BOOL, self.span(e), x, tested))
                nxt = self.new_block("tswitch.next")
                self.emit(ir.If(None, self.span(e), cond, bodies[k], nxt))
                self.set_block(nxt)
        self.jump(default or done, span)
        for k, clause in enumerate(s.clauses):
            self.set_block(bodies[k])
            var = self.info.implicits.get(clause.id)
            if isinstance(var, Var):
                vt = self.t(var.type)
                if clause.exprs is not None and len(clause.exprs) == 1 and not _is_iface_expr(self, clause.exprs[0]):
                    value = self.emit(ir.TypeAssert(vt, span, x, vt, False))
                else:
                    value = self.coerce(x, vt, span)
                self.declare_var(var, span, value)
            self.targets.append(Target("switch", label, done, None, len(self.arenas)))
            self.stmt_list(clause.body)
            self.targets.pop()
            self.jump(done, span)
        self.set_block(done)

    # ---- labels and branches ----------------------------------------------------------------------
    def labeled(self: "FuncLowerer", s: S.LabeledStmt) -> None:
        span = self.span(s)
        block = self.label_block(s.label.name)
        self.jump(block, span)
        self.set_block(block)
        if s.stmt is not None:
            if isinstance(s.stmt, (S.ForStmt, S.RangeStmt, S.SwitchStmt, S.TypeSwitchStmt, S.MatchStmt, S.SelectStmt)):
                self.pending_label[s.stmt.id] = s.label.name
            self.stmt(s.stmt)

    def label_block(self: "FuncLowerer", name: str) -> ir.Block:
        block = self.labels.get(name)
        if block is None:
            block = self.new_block("label." + name)
            self.labels[name] = block
        return block

    def branch(self: "FuncLowerer", s: S.BranchStmt) -> None:
        span = self.span(s)
        label = s.label.name if s.label is not None else None
        match s.keyword:
            case "goto":
                assert label is not None
                self.leave_arenas(self.label_arenas.get(label, 0), span)
                self.jump(self.label_block(label), span)
            case "break":
                for t in reversed(self.targets):
                    if (label is None and t.kind in ("loop", "switch", "select", "match")) or (label is not None and t.label == label):
                        self.leave_arenas(t.arenas, span)
                        self.jump(t.brk, span)
                        return
                raise self.fail("break outside a loop, switch, select or match", s)
            case "continue":
                for t in reversed(self.targets):
                    if t.kind == "loop" and (label is None or t.label == label):
                        self.leave_arenas(t.arenas, span)
                        self.jump(t.cont, span)
                        return
                raise self.fail("continue outside a loop", s)
            case "fallthrough":
                for t in reversed(self.targets):
                    if t.kind == "switch":
                        if t.fallthrough is None:
                            raise self.fail("fallthrough in the last clause", s)
                        self.jump(t.fallthrough, span)
                        return
                raise self.fail("fallthrough outside a switch", s)

    # ---- return, defer ---------------------------------------------------------------------------
    def return_stmt(self: "FuncLowerer", s: S.ReturnStmt) -> None:
        span = self.span(s)
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        marker = self.info.goo.get(s.id)
        if marker in ("success", "failure", "forward"):
            values = [self.union_result(s, marker)]
        elif marker == "split":
            values = self.multi_value(s.results[0], 2)
        elif len(s.results) == 1 and len(sig.results) > 1:
            values = self.multi_value(s.results[0], len(sig.results))
        else:
            values = [self.coerce(self.expr(r), self.t(p.type), span) for r, p in zip(s.results, sig.results)]
        self.leave_arenas(0, span)
        self.emit_return(values, span)

    def defer_stmt(self: "FuncLowerer", s: S.DeferStmt) -> None:
        span = self.span(s)
        call = S.unparen(s.call)
        if not isinstance(call, S.Call):
            raise self.fail("defer needs a call", s)
        target = self.call_target_deferred(call)
        match target:
            case ("call", callee, args, method):
                self.emit(ir.Defer(None, span, callee, args, method))
            case ("intrinsic", name, args):
                self.emit(ir.Defer(None, span, self.const(BOOL, False), args, "intrinsic:" + name))
            case ("builtin",):
                self.defer_builtin(call, span)
            case _:
                raise self.fail("defer of this call is not supported by the back end", s)

    def defer_builtin(self: "FuncLowerer", call: S.Call, span) -> None:
        """defer print(x), defer close(ch)...: the arguments are evaluated now and kept in
        cells that a synthetic closure reads when it runs."""
        name = self._builtin_name(S.unparen(call.fun))
        values = [self.expr(a) for a in call.args]
        if name == "panic":
            from .objects import ANY_OBJ
            values = [self.coerce(values[0], ANY_OBJ.type, span)]
        elif name in ("print", "println"):
            values = [self.coerce(v, self._print_type(v), span) for v in values]
        cells = [self.temp(v, span, heap=True) for v in values]
        fn = self.b.builtin_thunk(self.fn, name, [v.type for v in values], span)
        sig = fn.sig
        clo = self.emit(ir.MakeClosure(sig, span, fn, cells, ir.new_site(), True))
        self.emit(ir.Defer(None, span, clo, [], None))

    def call_target_deferred(self: "FuncLowerer", call: S.Call) -> tuple:
        fun = S.unparen(call.fun)
        if self._builtin_name(fun) is not None:
            return ("builtin",)
        return self.call_target(call)

    # ---- arenas ---------------------------------------------------------------------------------
    def arena_block(self: "FuncLowerer", s: S.ArenaBlock) -> None:
        span = self.span(s)
        site = ir.new_site()
        self.emit(ir.ArenaEnter(None, span, site))
        self.arenas.append(site)
        self.stmt_list(s.body.stmts)
        self.arenas.pop()
        if not self.block.terminated:
            end = ir_span_end(self, s)
            self.emit(ir.ArenaLeave(None, end, site))

    def leave_arenas(self: "FuncLowerer", depth: int, span) -> None:
        for site in reversed(self.arenas[depth:]):
            self.emit(ir.ArenaLeave(None, span, site))

    # ---- goroutines and channels (the concurrent runtime) -------------------------------------------
    def go_stmt(self: "FuncLowerer", s: S.GoStmt) -> None:
        raise self.fail("go statements are not supported by the back end yet", s)

    def send_stmt(self: "FuncLowerer", s: S.SendStmt) -> None:
        raise self.fail("channel sends are not supported by the back end yet", s)

    def select_stmt(self: "FuncLowerer", s: S.SelectStmt) -> None:
        raise self.fail("select is not supported by the back end yet", s)


def ir_span_end(lowerer: "FuncLowerer", s: S.Node):
    from .source import Span
    sp = lowerer.span(s)
    return Span(max(sp.start, sp.end - 1), sp.end)


def _is_float(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in (Kind.FLOAT32, Kind.FLOAT64, Kind.UNTYPED_FLOAT)


def _is_int(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind == Kind.INT


def _is_iface(t: Type) -> bool:
    from .types import Interface
    return isinstance(underlying(t), Interface)


def _is_iface_expr(lowerer: "FuncLowerer", e: S.Expr) -> bool:
    if isinstance(e, S.KeywordLit):
        return True
    tv = lowerer.tv(e)
    return tv is None or _is_iface(lowerer.t(tv.type))


def _pure(e: S.Expr) -> bool:
    return all(not isinstance(n, (S.Call, S.Unary)) or (isinstance(n, S.Unary) and n.op != "<-") for n in S.walk(e))


__all__ = ["StmtMixin", "Target", "Label", "Array"]
