"""Compiler mixin: function bodies, blocks (with `goto`), simple statements, branches, `return`
and `if`. Goroutines, `defer`, `select`, channel sends and `unsafe` blocks refuse with
`NotComptime` when executed.

Invariants:
- `function` lays out the frame: receiver and parameters first (in call order, boxed on entry
  when they escape), then named results (zeroed on entry), then the locals and the captured
  variables of enclosing functions, in the order the compiler meets them.
- A statement closure returns None or a signal (signals.py); a block stops at the first signal
  and handles a `goto` to one of its own labels (each jump counts a step).
- A function returns with a `RetSig`, or falls off the end: then the named results are its
  result (`fall`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..objects import ERROR_TYPE, Var
from ..types import ErrorUnion, Signature, Tuple
from .comp_base import Code
from .conversions import store_conv
from .errors import InternalError, panic
from .goo import needs_signal_guard
from .signals import BREAK, BRK, CONT, CONTINUE, FALLSIG, GOTO, RET_NONE, RetSig, Sig, SignalEscape
from .values import Failure, zero_fn

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class StmtMixin:
    def function(self: "Comp", ftype: S.FuncType, body: S.Block, sig: Signature, recv: S.Field | None,
                 name: str) -> Code:
        code = Code(name)
        self.goto_targets = {n.label.name for n in S.walk_same_function(body)
                             if isinstance(n, S.BranchStmt) and n.keyword == "goto" and n.label is not None}
        idents: list[S.Ident | None] = []
        if recv is not None:
            idents.append(recv.names[0] if recv.names else None)
        for f in ftype.params:
            idents.extend(f.names if f.names else (None,))
        for ident in idents:
            var = self.defs.get(ident.id) if ident is not None and ident.name != "_" else None
            if isinstance(var, Var):
                s = self.declare(var)
                if self.is_boxed(var):
                    code.boxed_params.append(s)
            else:
                self.new_slot()
        code.nparams = len(idents)
        rnames = [nm for f in ftype.results for nm in f.names]
        if rnames:
            slots: list[tuple[int, bool]] = []
            for ident, res in zip(rnames, sig.results):
                var = self.defs.get(ident.id)
                if isinstance(var, Var) and ident.name != "_":
                    s = self.declare(var)
                    boxed = self.is_boxed(var)
                else:
                    s, boxed = self.new_slot(), False
                code.result_inits.append((s, zero_fn(self.rt(res.type)), boxed))
                slots.append((s, boxed))
            self.result_slots = slots
            if len(slots) == 1:
                s0, b0 = slots[0]
                self.fall = (lambda L: L[s0][0]) if b0 else (lambda L: L[s0])
            else:
                self.fall = lambda L: tuple(L[s][0] if b else L[s] for s, b in slots)
            code.fall = self.fall
        code.body = self.block(body.stmts)
        code.nslots = self.nslots
        code.cap_slots = [s for _, s in self.captures]
        return code

    # ---- statements --------------------------------------------------------------------------
    def block(self: "Comp", stmts: tuple[S.Stmt, ...] | list[S.Stmt]) -> Callable:
        fs = []
        labels: dict[str, int] = {}
        for i, st in enumerate(stmts):
            inner = st
            while isinstance(inner, S.LabeledStmt):
                if inner.label.name in self.goto_targets:
                    labels[inner.label.name] = i
                inner = inner.stmt  # type: ignore[assignment]
            fs.append(self.stmt(st))
        if labels:
            I = self.I
            n = len(fs)

            def run_goto(L: list) -> Any:
                i = 0
                while i < n:
                    r = fs[i](L)
                    i += 1
                    if r is not None:
                        if r.kind == GOTO and r.label in labels:
                            i = labels[r.label]
                            I.charge(1)
                            continue
                        return r
                return None
            return run_goto
        if not fs:
            return lambda L: None
        if len(fs) == 1:
            return fs[0]
        if len(fs) == 2:
            f0, f1 = fs

            def run2(L: list) -> Any:
                r = f0(L)
                if r is not None:
                    return r
                return f1(L)
            return run2
        if len(fs) == 3:
            f0, f1, f2 = fs

            def run3(L: list) -> Any:
                r = f0(L)
                if r is not None:
                    return r
                r = f1(L)
                if r is not None:
                    return r
                return f2(L)
            return run3
        tfs = tuple(fs)

        def run(L: list) -> Any:
            for f in tfs:
                r = f(L)
                if r is not None:
                    return r
            return None
        return run

    def stmt(self: "Comp", s: S.Stmt) -> Callable:
        f = self.stmt_of_kind(s)
        if needs_signal_guard(s):
            inner = f

            def guarded(L: list) -> Any:
                try:
                    return inner(L)
                except SignalEscape as x:
                    return x.sig
            return guarded
        return f

    def stmt_of_kind(self: "Comp", s: S.Stmt) -> Callable:
        match s:
            case S.Block():
                return self.s_block(s)
            case S.BadStmt():
                return self.s_bad(s)
            case S.ExprStmt():
                return self.s_expr(s)
            case S.SendStmt():
                return self.s_send(s)
            case S.IncDecStmt():
                return self.s_incdec(s)
            case S.AssignStmt():
                return self.s_assign(s)
            case S.DeclStmt():
                return self.s_decl(s)
            case S.LabeledStmt():
                return self.s_labeled(s)
            case S.GoStmt():
                return self.s_go(s)
            case S.DeferStmt():
                return self.s_defer(s)
            case S.ReturnStmt():
                return self.s_return(s)
            case S.BranchStmt():
                return self.s_branch(s)
            case S.IfStmt():
                return self.s_if(s)
            case S.IfLetStmt():
                return self.s_iflet(s)
            case S.SwitchStmt():
                return self.s_switch(s)
            case S.TypeSwitchStmt():
                return self.s_typeswitch(s)
            case S.SelectStmt():
                return self.s_select(s)
            case S.MatchStmt():
                return self.s_match(s)
            case S.ForStmt():
                return self.s_for(s)
            case S.RangeStmt():
                return self.s_range(s)
            case S.ComptimeBlock():
                return self.s_nothing(s)
            case S.ArenaBlock():
                return self.s_arena(s)
            case S.UnsafeBlock():
                return self.s_unsafe(s)
            case _:
                raise InternalError(f"cannot execute {type(s).__name__}")

    def s_bad(self: "Comp", s: S.Stmt) -> Callable:
        raise InternalError("syntax error in the code")

    def s_expr(self: "Comp", s: S.ExprStmt) -> Callable:
        f = self.expr(s.x)

        def run(L: list) -> None:
            f(L)
        return run

    def s_send(self: "Comp", s: S.SendStmt) -> Callable:
        return self.not_comptime("channel operations cannot run at compile time", s)

    def s_go(self: "Comp", s: S.GoStmt) -> Callable:
        return self.not_comptime("go statements cannot run at compile time", s)

    def s_defer(self: "Comp", s: S.DeferStmt) -> Callable:
        return self.not_comptime("defer statements cannot run at compile time", s)

    def s_select(self: "Comp", s: S.SelectStmt) -> Callable:
        return self.not_comptime("select statements cannot run at compile time", s)

    def s_nothing(self: "Comp", s: S.Stmt) -> Callable:
        return lambda L: None

    def s_arena(self: "Comp", s: S.ArenaBlock) -> Callable:
        return self.block(s.body.stmts)

    def s_unsafe(self: "Comp", s: S.UnsafeBlock) -> Callable:
        return self.not_comptime("unsafe blocks cannot run at compile time", s)

    def s_block(self: "Comp", s: S.Block) -> Callable:
        return self.block(s.stmts)

    def s_labeled(self: "Comp", s: S.LabeledStmt) -> Callable:
        if s.stmt is None:
            return lambda L: None
        self.labels[s.stmt.id] = s.label.name
        return self.stmt(s.stmt)

    def s_branch(self: "Comp", s: S.BranchStmt) -> Callable:
        label = s.label.name if s.label is not None else None
        if s.keyword == "break":
            sig = BRK if label is None else Sig(BREAK, label)
        elif s.keyword == "continue":
            sig = CONT if label is None else Sig(CONTINUE, label)
        elif s.keyword == "goto":
            sig = Sig(GOTO, label)
        else:
            sig = FALLSIG
        return lambda L: sig

    # ---- return ----------------------------------------------------------------------------------
    def s_return(self: "Comp", s: S.ReturnStmt) -> Callable:
        sig = self.sig
        if sig is None:
            raise InternalError("return outside a function")
        results = sig.results
        if not s.results:
            if self.fall is not None:
                fall = self.fall
                return lambda L: RetSig(fall(L))
            return lambda L: RET_NONE
        if len(results) == 1 and isinstance(results[0].type, ErrorUnion):
            T = results[0].type.elem
            r = s.results[0]
            rtype = self.tv(r).type
            if isinstance(rtype, ErrorUnion):
                f = self.expr(r)
                return lambda L: RetSig(f(L))
            if isinstance(rtype, Tuple):
                f = self.expr(r)
                c = store_conv(self.rt(rtype.types[0]), T)

                def forward_pair(L: list) -> RetSig:
                    v, err = f(L)
                    if err is not None:
                        return RetSig(Failure(err))
                    return RetSig(c(v) if c is not None else v)
                return forward_pair
            if self.info.goo.get(s.id) == "failure":
                fe = self.val_to(r, ERROR_TYPE)

                def fail(L: list) -> RetSig:
                    err = fe(L)
                    if err is None:
                        panic("nil error returned as failure of error union")
                    return RetSig(Failure(err))
                return fail
            fv = self.val_to(r, T)
            return lambda L: RetSig(fv(L))
        if len(s.results) == 1 and len(results) > 1:
            r = s.results[0]
            rtype = self.tv(r).type
            f = self.expr(r)
            if isinstance(rtype, ErrorUnion):
                z = zero_fn(results[0].type)
                c = store_conv(self.rt(rtype.elem), results[0].type)

                def split(L: list) -> RetSig:
                    v = f(L)
                    if type(v) is Failure:
                        return RetSig((z(), v.err))
                    return RetSig((c(v) if c is not None else v, None))
                return split
            assert isinstance(rtype, Tuple)
            convs = [store_conv(self.rt(t), res.type) for t, res in zip(rtype.types, results)]
            return lambda L: RetSig(tuple(c(v) if c is not None else v for c, v in zip(convs, f(L))))
        if len(s.results) == 1:
            f1 = self.val_to(s.results[0], results[0].type)
            return lambda L: RetSig(f1(L))
        fs = [self.val_to(r, res.type) for r, res in zip(s.results, results)]
        if len(fs) == 2:
            a0, a1 = fs
            return lambda L: RetSig((a0(L), a1(L)))
        return lambda L: RetSig(tuple(f(L) for f in fs))

    # ---- if --------------------------------------------------------------------------------------
    def s_if(self: "Comp", s: S.IfStmt) -> Callable:
        init = self.stmt(s.init) if s.init is not None else None
        cond = self.expr(s.cond)
        body = self.block(s.body.stmts)
        els = self.stmt(s.else_) if s.else_ is not None else None
        if init is None:
            if els is None:
                def if_(L: list) -> Any:
                    if cond(L):
                        return body(L)
                    return None
                return if_

            def if_else(L: list) -> Any:
                if cond(L):
                    return body(L)
                return els(L)
            return if_else

        def if_init(L: list) -> Any:
            init(L)
            if cond(L):
                return body(L)
            if els is not None:
                return els(L)
            return None
        return if_init
