"""Lowering of one function: the core of `FuncLowerer` — instruction emission, blocks, variable
cells, value coercions, function entry/exit (named results, defers), closures' captures.

Invariants: the current block is never terminated while instructions are emitted into it
(after a terminator, emission continues in a fresh unreachable block that codegen drops);
`cells` maps every variable object visible in the function to a pointer to its cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from . import syntax as S
from .lower import LowerError, ProgramBuilder, Source, concrete, result_type, tuple_type
from .lower_call import CallMixin
from .lower_expr import ExprMixin
from .lower_goo import GooMixin
from .lower_stmt import StmtMixin
from .objects import Var
from .source import Span
from .types import (
    UNTYPED_NIL,
    Interface,
    Named,
    Nullable,
    Pointer,
    Signature,
    Type,
    TypeParam,
    identical,
    is_untyped,
    underlying,
)


class FuncLowerer(ExprMixin, CallMixin, StmtMixin, GooMixin):
    def __init__(self, builder: ProgramBuilder, fn: ir.Function, src: Source, tsubst: dict, consts: dict) -> None:
        self.b = builder
        self.fn = fn
        self.src = src
        self.info = src.info
        self.tsubst = tsubst
        self.consts = consts              # comptime parameter name -> value
        self.cells: dict[int, ir.Value] = {}
        self.block = fn.new_block("entry")
        self.targets: list[tuple[str, str | None, ir.Block | None, ir.Block | None]] = []
        self.result_cells: list[ir.Value] = []
        self.labels: dict[str, ir.Block] = {}
        self.pending_label: dict[int, str] = {}
        self.arenas: list[int] = []                 # sites of the arena blocks we are in
        self.indirect: dict[int, ir.Value] = {}     # per-iteration loop variables: slot cells
        self.label_arenas: dict[str, int] = {}      # label -> arena depth at the label

    # ---- basics -------------------------------------------------------------------------------
    def span(self, node: S.Node) -> Span:
        return node.span.shifted(self.src.base)

    def t(self, typ: Type | None) -> Type:
        return concrete(typ, self.tsubst)

    def emit(self, instr: ir.Instr) -> ir.Instr:
        if self.block.terminated:
            self.block = self.fn.new_block("dead")
        instr.block = self.block
        self.fn.number(instr)
        self.block.instrs.append(instr)
        return instr

    def new_block(self, name: str) -> ir.Block:
        return self.fn.new_block(name)

    def set_block(self, block: ir.Block) -> None:
        self.block = block

    def jump(self, target: ir.Block, span: Span) -> None:
        if not self.block.terminated:
            self.emit(ir.Jump(None, span, target))

    def const(self, typ: Type, value: object) -> ir.Const:
        return ir.Const(typ, value)

    def tv(self, node: S.Node):
        return self.info.types.get(node.id)

    def obj(self, ident: S.Ident):
        return self.info.uses.get(ident.id) or self.info.defs.get(ident.id)

    def fail(self, message: str, node: S.Node) -> LowerError:
        return LowerError(message, self.src.file, self.span(node))

    # ---- cells -------------------------------------------------------------------------------
    def new_cell(self, typ: Type, span: Span, name: str, kind: str = "var", heap: bool = False) -> ir.Alloc:
        cell = ir.Alloc(Pointer(typ), span, typ, heap, ir.new_site(), kind, name, False)
        # every cell is created in the entry block (LLVM promotes entry-block allocas)
        if kind in ("var", "temp") and not heap:
            entry = self.fn.blocks[0]
            cell.block = entry
            self.fn.number(cell)
            pos = 0
            while pos < len(entry.instrs) and isinstance(entry.instrs[pos], ir.Alloc):
                pos += 1
            entry.instrs.insert(pos, cell)
            return cell
        return self.emit(cell)  # type: ignore[return-value]

    def declare_var(self, var: Var, span: Span, value: ir.Value | None = None, heap: bool = False) -> ir.Value:
        typ = self.t(var.type)
        cell = self.new_cell(typ, span, var.name, heap=heap or self.escapes(var))
        if value is not None:
            self.emit(ir.Store(None, span, cell, self.coerce(value, typ, span)))
        else:
            self.emit(ir.Store(None, span, cell, self.const(typ, None)))
        self.cells[id(var)] = cell
        return cell

    def escapes(self, var: Var) -> bool:
        """Without escape analysis: a variable whose address is taken or that a function
        literal captures lives on the heap."""
        return id(var) in self._escaping

    @property
    def _escaping(self) -> set[int]:
        found = getattr(self, "_escaping_cache", None)
        if found is None:
            found = _escaping_vars(self.info, self._root)
            self._escaping_cache = found
        return found

    def cell_of(self, var: Var, node: S.Node) -> ir.Value:
        slot = self.indirect.get(id(var))
        if slot is not None:
            return self.emit(ir.Load(underlying(slot.type).elem, self.span(node), slot))
        cell = self.cells.get(id(var))
        if cell is not None:
            return cell
        if var.scope_level == 0 and not var.is_param and not var.is_result:
            g = self.b.global_for(var)
            return ir.GlobalRef(Pointer(self.t(var.type)), g)
        raise self.fail(f"internal: no cell for variable {var.name}", node)

    # ---- coercions ---------------------------------------------------------------------------
    def coerce(self, v: ir.Value, to: Type, span: Span) -> ir.Value:
        """Convert v to type `to` where Go converts implicitly (assignability)."""
        frm = v.type
        if frm is None or to is None:
            return v
        if isinstance(v, ir.Const) and (v.value is None or frm == UNTYPED_NIL):
            if isinstance(underlying(to), (Interface, Nullable)) or v.value is None:
                return self.const(to, None)
        if identical(frm, to):
            return v
        if isinstance(v, ir.Const) and is_untyped(frm):
            return self.const(to, v.value) if not isinstance(underlying(to), (Interface, Nullable)) else self.coerce(
                self.const(concrete(frm, {}), v.value), to, span)
        tu, fu = underlying(to), underlying(frm)
        if isinstance(tu, Interface) and not isinstance(to, TypeParam):
            if isinstance(fu, Interface):
                return self.emit(ir.ChangeInterface(to, span, v))
            self.b.note_boxed(frm)
            return self.emit(ir.MakeInterface(to, span, v, ir.new_site()))
        if isinstance(tu, Nullable) and not isinstance(fu, Nullable):
            inner = self.coerce(v, tu.elem, span)
            return self.emit(ir.WrapNullable(to, span, inner))
        return self.emit(ir.Convert(to, span, v))

    def zero(self, typ: Type) -> ir.Const:
        return self.const(typ, None)

    # ---- function bodies ---------------------------------------------------------------------
    def lower(self, decl: S.Node) -> None:
        assert isinstance(decl, S.FuncDecl)
        self._root = decl
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        span = self.span(decl)
        index = 0
        if decl.recv is not None and decl.recv.names:
            rtype = self.recv_type()
            p = ir.Param(rtype, index, decl.recv.names[0].name)
            self.fn.params.append(p)
            index += 1
            var = self.info.defs.get(decl.recv.names[0].id)
            if isinstance(var, Var):
                self.declare_var(var, span, p)
        elif decl.recv is not None:
            self.fn.params.append(ir.Param(self.recv_type(), index, "_"))
            index += 1
        self.params(decl.type, sig, index)
        self.body(decl.type, decl.body, span)

    def recv_type(self) -> Type:
        obj = next((f for i, f in self.src.check.env.funcs if f.decl is self._root), None)
        if obj is None or obj.recv_named is None:
            raise self.fail("internal: method without receiver", self._root)
        return Pointer(obj.recv_named) if obj.pointer_recv else obj.recv_named

    def params(self, ftype: S.FuncType, sig: Signature, index: int) -> None:
        names = [n for f in ftype.params for n in (f.names or (None,))]
        for name, prm in zip(names, sig.params):
            p = ir.Param(prm.type, index, name.name if name is not None else "_")
            self.fn.params.append(p)
            index += 1
            if name is None or name.name == "_":
                continue
            var = self.info.defs.get(name.id)
            if isinstance(var, Var):
                if prm.comptime and name.name in self.consts:
                    continue  # a comptime parameter is a constant of this instance
                self.declare_var(var, self.span(name), p)

    def body(self, ftype: S.FuncType, body: S.Block, span: Span) -> None:
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        self.fn.has_defer = any(isinstance(n, S.DeferStmt) for n in S.walk_same_function(body))
        self.label_arenas = _label_arena_depths(body)
        rnames = [n for f in ftype.results for n in (f.names or ())]
        if rnames:
            for name, res in zip(rnames, sig.results):
                var = self.info.defs.get(name.id)
                cell = self.new_cell(res.type, self.span(name), name.name)
                self.emit(ir.Store(None, span, cell, self.zero(res.type)))
                if isinstance(var, Var):
                    self.cells[id(var)] = cell
                self.result_cells.append(cell)
        elif self.fn.has_defer and sig.results:
            for res in sig.results:
                cell = self.new_cell(res.type, span, "result")
                self.result_cells.append(cell)
        self.stmt_list(body.stmts)
        if not self.block.terminated:
            end = Span(body.span.end - 1, body.span.end).shifted(self.src.base) if body.span.end else span
            if sig.results and not rnames:
                self.emit(ir.Unreachable(None, end))
            else:
                self.emit_return([], end)

    def emit_return(self, values: list[ir.Value], span: Span) -> None:
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        if self.result_cells and (values or not self.fn.has_defer):
            for cell, v, res in zip(self.result_cells, values, sig.results):
                self.emit(ir.Store(None, span, cell, self.coerce(v, res.type, span)))
        if self.result_cells:
            if self.fn.has_defer:
                self.emit(ir.RunDefers(None, span))
            out = [self.emit(ir.Load(res.type, span, cell)) for cell, res in zip(self.result_cells, sig.results)]
        else:
            if self.fn.has_defer:
                self.emit(ir.RunDefers(None, span))
            out = [self.coerce(v, res.type, span) for v, res in zip(values, sig.results)]
        self.emit(ir.Return(None, span, out))

    # ---- closures ----------------------------------------------------------------------------
    def lower_closure(self, lit: S.FuncLit) -> ir.Value:
        tv = self.tv(lit)
        sig = self.t(tv.type) if tv is not None else None
        if not isinstance(sig, Signature):
            raise self.fail("internal: function literal without signature", lit)
        fn = self.b.closure(self.fn, lit, sig, self.src, self.tsubst, self.consts)
        captured = self.captured_vars(lit)
        bindings = []
        for var in captured:
            cell = self.cell_of(var, lit)
            if isinstance(cell, ir.Alloc):
                cell.heap = True
            bindings.append(cell)
        child = FuncLowerer(self.b, fn, self.src, self.tsubst, self.consts)
        child._root = lit
        for k, var in enumerate(captured):
            fv = ir.FreeVar(Pointer(self.t(var.type)), k, var.name)
            fn.free_vars.append(fv)
            child.cells[id(var)] = fv
        child.params(lit.type, sig, 0)
        child.body(lit.type, lit.body, self.span(lit))
        site = ir.new_site()
        return self.emit(ir.MakeClosure(sig, self.span(lit), fn, bindings, site, True))

    def captured_vars(self, lit: S.FuncLit) -> list[Var]:
        defined: set[int] = set()
        for n in S.walk(lit):
            if isinstance(n, S.Ident):
                d = self.info.defs.get(n.id)
                if d is not None:
                    defined.add(id(d))
        out: list[Var] = []
        seen: set[int] = set()
        for n in S.walk(lit.body):
            if isinstance(n, S.Ident):
                used = self.info.uses.get(n.id)
                if isinstance(used, Var) and id(used) in self.cells and id(used) not in defined and id(used) not in seen:
                    seen.add(id(used))
                    out.append(used)
        return out

    # ---- package variable initialisers ---------------------------------------------------------
    def lower_var_inits(self, specs: list[tuple[int, S.ValueSpec]]) -> None:
        self._root = specs[0][1] if specs else S.BadStmt(0, Span(0, 0))
        fc = self.src.check
        env = fc.env
        for i, spec in specs:
            self.src = Source(fc, i, fc.header_tables[i])
            self.info = self.src.info
            self._escaping_cache = set()
            span = self.span(spec)
            targets = [env.scope.lookup_local(n.name) if n.name != "_" else None for n in spec.names]
            if len(spec.values) == 1 and len(spec.names) > 1:
                values = self.multi_value(spec.values[0], len(spec.names))
            else:
                values = [self.expr(v) for v in spec.values]
            for target, value in zip(targets, values):
                if isinstance(target, Var):
                    g = self.b.global_for(target)
                    ref = ir.GlobalRef(Pointer(self.t(target.type)), g)
                    self.emit(ir.Store(None, span, ref, self.coerce(value, self.t(target.type), span)))
        self.emit(ir.Return(None, Span(0, 0), []))


def _escaping_vars(info, root: S.Node) -> set[int]:
    """Variables whose address is taken (`&x`, a pointer-receiver method call on x, a slice of
    an array variable) — they must live on the heap until escape analysis says otherwise."""
    out: set[int] = set()

    def base_var(e: S.Node) -> Var | None:
        e = S.unparen(e)
        while isinstance(e, (S.Selector, S.Index)):
            tv = info.types.get(e.x.id)
            if tv is not None and isinstance(underlying(tv.type), (Pointer,)) and isinstance(e, S.Selector):
                return None  # through a pointer: the variable itself is not addressed
            if isinstance(e, S.Index) and tv is not None and not _is_array(tv.type):
                return None
            e = S.unparen(e.x)
        if isinstance(e, S.Ident):
            v = info.uses.get(e.id)
            return v if isinstance(v, Var) else None
        return None

    for n in S.walk(root):
        if isinstance(n, S.FuncLit) and n is not root:
            inner: set[int] = set()
            for m in S.walk(n):
                if isinstance(m, S.Ident) and m.id in info.defs:
                    inner.add(id(info.defs[m.id]))
            for m in S.walk(n.body):
                if isinstance(m, S.Ident):
                    used = info.uses.get(m.id)
                    if isinstance(used, Var) and id(used) not in inner and used.scope_level != 0:
                        out.add(id(used))
        if isinstance(n, S.Unary) and n.op == "&":
            v = base_var(n.x)
            if v is not None:
                out.add(id(v))
        elif isinstance(n, S.SliceExpr):
            v = base_var(n.x)
            tv = info.types.get(n.x.id)
            if v is not None and tv is not None and _is_array(tv.type):
                out.add(id(v))
        elif isinstance(n, S.Selector):
            sel = info.selections.get(n.id)
            if sel is not None and getattr(sel, "pointer_recv", False):
                v = base_var(n.x)
                if v is not None:
                    out.add(id(v))
    return out


def _label_arena_depths(body: S.Node) -> dict[str, int]:
    out: dict[str, int] = {}

    def visit(n: S.Node, depth: int) -> None:
        if isinstance(n, S.FuncLit):
            return
        if isinstance(n, S.LabeledStmt):
            out[n.label.name] = depth
        if isinstance(n, S.ArenaBlock):
            depth += 1
        for child in S.children(n):
            visit(child, depth)

    visit(body, 0)
    return out


def _is_array(t: Type) -> bool:
    from .types import Array
    return isinstance(underlying(t), Array)


__all__ = ["FuncLowerer", "tuple_type", "result_type", "Named"]
