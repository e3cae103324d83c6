"""Lowering: checked syntax trees -> Goo IR (ir.py).

`ProgramBuilder` starts from `main.main` and the package initialisers and lowers every function
it reaches, once per instance: a generic function once per list of type arguments, a function
with comptime parameters once per list of constant arguments, each method of a type that is
boxed into an interface. `FuncLowerer` lowers one function body; it is assembled from mixins
(lower_expr, lower_call, lower_stmt, lower_goo) like the checker.

Invariants:
- The lowering trusts the checker: it runs only on programs without errors, and reads types
  and constant values from the checker's tables (substituting type parameters per instance).
- Every local variable is an `Alloc` cell. Cells whose address is taken, or that a function
  literal captures, are heap cells; the others stay on the stack (escape analysis refines this).
- Values flowing into a location of another type go through `coerce` (boxing into interfaces,
  wrapping into nullables, nil as a zero value), so codegen never converts implicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ir
from . import syntax as S
from .check import FileCheck
from .check_base import Info, Mode, TypeAndValue
from .generics import subst as subst_type
from .importer import Importer, default_importer
from .objects import Const as ConstObj
from .objects import Func, Obj, Var
from .source import Span
from .types import (
    BOOL,
    INT,
    INVALID,
    UNTYPED_NIL,
    Basic,
    Chan,
    ErrorUnion,
    Interface,
    Kind,
    Named,
    Nullable,
    Pointer,
    Signature,
    Struct,
    StructField,
    Tuple,
    Type,
    TypeParam,
    default_type,
    identical,
    is_untyped,
    underlying,
)


class LowerError(Exception):
    """An internal limitation of the back end (a construct it cannot compile yet)."""

    def __init__(self, message: str, file: str = "", span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.span = span


@dataclass(frozen=True, slots=True)
class Source:
    """Where a function's syntax lives: its package check, chunk index and body table."""

    check: FileCheck
    chunk: int
    info: Info

    @property
    def base(self) -> int:
        return self.check.parsed.chunks[self.chunk].start

    @property
    def file(self) -> str:
        return self.check.path


def tuple_type(types: tuple[Type, ...] | list[Type]) -> Type:
    """The IR's type for several values at once (multi-value results)."""
    return Tuple(tuple(types))


def result_type(sig: Signature) -> Type | None:
    if not sig.results:
        return None
    if len(sig.results) == 1:
        return sig.results[0].type
    return tuple_type([r.type for r in sig.results])


def union_struct(u: ErrorUnion) -> Type:
    """`!T` is represented as the pair (T, error); a nil error means success."""
    from .objects import ERROR_TYPE
    return tuple_type([u.elem, ERROR_TYPE])


class ProgramBuilder:
    def __init__(self, main: FileCheck, importer: Importer | None = None) -> None:
        self.importer = importer or default_importer()
        self.main = main
        self.program = ir.Program()
        self.program.files[main.path] = main.parsed.text
        self.instances: dict[tuple, ir.Function] = {}
        self.queue: list[tuple[ir.Function, Source, S.Node, dict, dict]] = []
        self.globals: dict[int, ir.Global] = {}
        self.checks: dict[str, FileCheck] = {main.path: main}
        self.names: set[str] = set()
        self.boxed_types: list[Type] = []      # concrete types converted to interfaces
        self._boxed_keys: set[str] = set()

    # ---- entry ---------------------------------------------------------------------------------
    def build(self) -> ir.Program:
        env = self.main.env
        main_obj = env.main_func
        if main_obj is None:
            raise LowerError("program has no func main")
        self.program.init_order.extend(self.package_inits(self.main))
        self.program.main = self.function(main_obj)
        self.runtime_roots()
        self.drain()
        return self.program

    def runtime_roots(self) -> None:
        """Goo functions of internal/rt that generated runtime code calls."""
        pkg = self.importer.std("internal/rt")
        assert pkg is not None
        for name in ("PanicText", "NewError"):
            obj = pkg.scope.lookup_local(name)
            if isinstance(obj, Func):
                self.program.runtime[name] = self.function(obj)

    def drain(self) -> None:
        from .lower_func import FuncLowerer
        while self.queue:
            fn, src, node, tsubst, consts = self.queue.pop()
            FuncLowerer(self, fn, src, tsubst, consts).lower(node)

    # ---- packages --------------------------------------------------------------------------------
    def check_of_file(self, file: str) -> FileCheck:
        found = self.checks.get(file)
        if found is not None:
            return found
        path = self.importer.path_of_file(file)
        if path is None:
            raise LowerError(f"no source for {file}")
        fc = self.importer.std_bodies(path)
        self.checks[file] = fc
        self.program.files[file] = fc.parsed.text
        self.program.init_order[:0] = self.package_inits(fc)
        return fc

    def source_of(self, obj: Obj) -> Source:
        fc = self.check_of_file(obj.loc.file)
        info = fc.env.decls.get(id(obj))
        if info is None:
            raise LowerError(f"no declaration for {obj.name}")
        body = fc.body_infos[info.chunk]
        return Source(fc, info.chunk, body if body is not None else fc.header_tables[info.chunk])

    def package_inits(self, fc: FileCheck) -> list[ir.Function]:
        """A synthetic function assigning the package's variables (in dependency order), then
        the package's init functions in source order."""
        env = fc.env
        specs: list[tuple[int, S.ValueSpec]] = []
        for i, chunk in enumerate(fc.parsed.chunks):
            decl = chunk.decl
            if isinstance(decl, S.GenDecl) and decl.keyword == "var":
                for spec in decl.specs:
                    if isinstance(spec, S.ValueSpec) and spec.values:
                        specs.append((i, spec))
        out: list[ir.Function] = []
        if specs:
            name = self.unique(f"{env.pkg_name}.init$vars")
            fn = ir.Function(name, Signature((), ()), fc.path, Span(0, 0), source_name=f"{env.pkg_name} package variables")
            self.program.functions.append(fn)
            from .lower_func import FuncLowerer
            first = specs[0][0]
            src = Source(fc, first, fc.header_tables[first])
            FuncLowerer(self, fn, src, {}, {}).lower_var_inits(self.order_var_specs(fc, specs))
            out.append(fn)
        for i, obj in env.funcs:
            if obj.name == "init" and obj.recv_named is None:
                out.append(self.function(obj))
        return out

    def order_var_specs(self, fc: FileCheck, specs: list[tuple[int, S.ValueSpec]]) -> list[tuple[int, S.ValueSpec]]:
        """Go's initialisation order: a variable after the variables its initialiser uses."""
        env = fc.env
        by_var: dict[int, int] = {}
        for k, (i, spec) in enumerate(specs):
            for name in spec.names:
                obj = env.scope.lookup_local(name.name)
                if obj is not None:
                    by_var[id(obj)] = k
        deps: list[set[int]] = []
        for i, spec in specs:
            info = fc.header_tables[i]
            found: set[int] = set()
            for value in spec.values:
                for n in S.walk(value):
                    if isinstance(n, S.Ident):
                        used = info.uses.get(n.id)
                        if used is not None and id(used) in by_var:
                            found.add(by_var[id(used)])
            deps.append(found)
        order: list[int] = []
        state: dict[int, int] = {}

        def visit(k: int) -> None:
            if state.get(k) == 2:
                return
            if state.get(k) == 1:
                return  # a cycle was reported by the checker
            state[k] = 1
            for d in sorted(deps[k]):
                if d != k:
                    visit(d)
            state[k] = 2
            order.append(k)

        for k in range(len(specs)):
            visit(k)
        return [specs[k] for k in order]

    # ---- functions ------------------------------------------------------------------------------
    def unique(self, name: str) -> str:
        base = name
        k = 1
        while name in self.names:
            k += 1
            name = f"{base}${k}"
        self.names.add(name)
        return name

    def function(self, obj: Func, targs: tuple[Type, ...] = (), consts: tuple = ()) -> ir.Function:
        key = (id(obj), tuple(_type_key(t) for t in targs), consts)
        found = self.instances.get(key)
        if found is not None:
            return found
        sig = obj.type
        assert isinstance(sig, Signature), obj
        tsubst = dict(zip(sig.type_params, targs))
        params = tuple(p for p in sig.params if not p.comptime) if consts else sig.params
        inst_sig = Signature(params, sig.results, sig.variadic)
        if tsubst:
            inst_sig = subst_type(inst_sig, tsubst)
        pkg = obj.pkg or "main"
        if obj.recv_named is not None:
            recv = ("*" if obj.pointer_recv else "") + obj.recv_named.obj.name
            source_name = f"({recv}).{obj.name}"
            base_name = f"{pkg}.{recv}.{obj.name}"
        else:
            source_name = obj.name
            base_name = f"{pkg}.{obj.name}"
        if targs:
            from .llvm_types import go_type_name
            base_name += "[" + ",".join(go_type_name(t) for t in targs) + "]"
        if consts:
            base_name += "{" + ",".join(repr(v) for _, v in consts) + "}"
        src = self.source_of(obj)
        decl = obj.decl
        assert decl is not None
        fn = ir.Function(self.unique(base_name), inst_sig, src.file, decl.span.shifted(src.base), source_name=source_name)
        if obj.recv_named is not None:
            fn.recv = Pointer(obj.recv_named) if obj.pointer_recv else obj.recv_named
        self.instances[key] = fn
        self.program.functions.append(fn)
        self.queue.append((fn, src, decl, tsubst, dict(consts)))
        return fn

    def closure(self, parent: ir.Function, lit: S.FuncLit, sig: Signature, src: Source, tsubst: dict, consts: dict) -> ir.Function:
        name = self.unique(f"{parent.name}.func")
        fn = ir.Function(name, sig, src.file, lit.span.shifted(src.base), source_name="func literal", is_closure=True)
        self.program.functions.append(fn)
        return fn

    def global_for(self, var: Var) -> ir.Global:
        g = self.globals.get(id(var))
        if g is None:
            self.check_of_file(var.loc.file)
            pkg = var.pkg or "main"
            g = ir.Global(self.unique(f"{pkg}.{var.name}"), var.type if var.type is not None else INVALID, f"{pkg}.{var.name}")
            self.globals[id(var)] = g
            self.program.globals.append(g)
        return g

    def note_boxed(self, t: Type) -> None:
        """`t` is converted to an interface (or asserted from one): every method of its
        method set must exist for dynamic calls (promoted methods included)."""
        key = type_key(t)
        if key in self._boxed_keys:
            return
        self._boxed_keys.add(key)
        self.boxed_types.append(t)
        from .lookup import method_set_names
        is_ptr = isinstance(underlying(t), Pointer)
        for name, sel in sorted(method_set_names(t).items()):
            if sel.func is None or not isinstance(sel.func.type, Signature) or sel.func.type.type_params:
                continue
            if sel.pointer_recv and not is_ptr and not sel.indirect:
                continue  # not in the method set of t
            self.program.methods[(key, name)] = (self.function(sel.func), sel)

    # ---- synthetic wrappers ----------------------------------------------------------------------
    def _synthetic(self, name: str, sig: Signature, like: ir.Function | None, source_name: str,
                   is_closure: bool) -> tuple[ir.Function, ir.Block]:
        file = like.file if like is not None else self.main.path
        span = like.span if like is not None else Span(0, 0)
        fn = ir.Function(self.unique(name), sig, file, span, source_name=source_name, is_closure=is_closure)
        fn.params = [ir.Param(p.type, i, f"p{i}") for i, p in enumerate(sig.params)]
        self.program.functions.append(fn)
        return fn, fn.new_block("entry")

    @staticmethod
    def _put(fn: ir.Function, block: ir.Block, instr: ir.Instr) -> ir.Instr:
        instr.block = block
        fn.number(instr)
        block.instrs.append(instr)
        return instr

    def _call_and_return(self, fn: ir.Function, block: ir.Block, sig: Signature, callee: ir.Value,
                         args: list[ir.Value], method: str | None) -> None:
        span = fn.span
        call = self._put(fn, block, ir.Call(result_type(sig), span, callee, args, method))
        if not sig.results:
            values: list[ir.Value] = []
        elif len(sig.results) == 1:
            values = [call]
        else:
            values = [self._put(fn, block, ir.Field(r.type, span, call, i)) for i, r in enumerate(sig.results)]
        self._put(fn, block, ir.Return(None, span, values))

    def bound_method_wrapper(self, method: ir.Function, recv_type: Type, sig: Signature) -> ir.Function:
        """The code of a method value x.M: the receiver, evaluated when the value was made, is
        the closure's captured cell."""
        key = ("bound", method.name, _type_key(recv_type))
        found = self.instances.get(key)
        if found is not None:
            return found
        fn, block = self._synthetic(method.name + "-fm", sig, method, method.source_name + "-fm", True)
        fv = ir.FreeVar(Pointer(recv_type), 0, "recv")
        fn.free_vars = [fv]
        recv = self._put(fn, block, ir.Load(recv_type, fn.span, fv))
        self._call_and_return(fn, block, sig, ir.FuncRef(method.sig, method), [recv] + list(fn.params), None)
        self.instances[key] = fn
        return fn

    def iface_method_wrapper(self, iface: Type, name: str, sig: Signature) -> ir.Function:
        key = ("iface-bound", _type_key(iface), name)
        found = self.instances.get(key)
        if found is not None:
            return found
        fn, block = self._synthetic(f"iface.{name}-fm", sig, None, f"{name}-fm", True)
        fv = ir.FreeVar(Pointer(iface), 0, "recv")
        fn.free_vars = [fv]
        recv = self._put(fn, block, ir.Load(iface, fn.span, fv))
        self._call_and_return(fn, block, sig, recv, list(fn.params), name)
        self.instances[key] = fn
        return fn

    def iface_method_expr_wrapper(self, iface: Type, name: str, sig: Signature) -> ir.Function:
        key = ("iface-expr", _type_key(iface), name)
        found = self.instances.get(key)
        if found is not None:
            return found
        fn, block = self._synthetic(f"iface.{name}", sig, None, f"{name}", False)
        inner = Signature(sig.params[1:], sig.results, sig.variadic)
        self._call_and_return(fn, block, inner, fn.params[0], list(fn.params[1:]), name)
        self.instances[key] = fn
        return fn

    def builtin_thunk(self, parent: ir.Function, name: str, types: list[Type], span: Span) -> ir.Function:
        """A closure calling builtin `name` with the values in its captured cells (defer)."""
        sig = Signature((), ())
        fn, block = self._synthetic(f"{parent.name}.defer", sig, parent, f"deferred {name}", True)
        fn.span = span
        fn.free_vars = [ir.FreeVar(Pointer(t), i, f"a{i}") for i, t in enumerate(types)]
        args = [self._put(fn, block, ir.Load(t, span, fv)) for t, fv in zip(types, fn.free_vars)]
        if name == "panic":
            self._put(fn, block, ir.Panic(None, span, args[0]))
            self._put(fn, block, ir.Unreachable(None, span))
            return fn
        self._put(fn, block, ir.Builtin(None, span, name, args))
        self._put(fn, block, ir.Return(None, span, []))
        return fn

    def method_expr_wrapper(self, method: ir.Function, recv_type: Type, sig: Signature, pointer_recv: bool) -> ir.Function:
        """(*T).M for a value method M: dereference the receiver, then call."""
        key = ("mexpr", method.name, _type_key(recv_type))
        found = self.instances.get(key)
        if found is not None:
            return found
        fn, block = self._synthetic(method.name + "-expr", sig, method, method.source_name, False)
        recv: ir.Value = fn.params[0]
        if isinstance(underlying(recv_type), Pointer) and not pointer_recv:
            checked = self._put(fn, block, ir.Builtin(recv_type, fn.span, "nilcheck", [recv]))
            recv = self._put(fn, block, ir.Load(underlying(recv_type).elem, fn.span, checked))
        inner = Signature(sig.params[1:], sig.results, sig.variadic)
        self._call_and_return(fn, block, inner, ir.FuncRef(method.sig, method), [recv] + list(fn.params[1:]), None)
        self.instances[key] = fn
        return fn


def type_key(t: Type) -> str:
    """A string identifying a type (identical types, identical keys; named types by identity)."""
    from .types import Array, Enum, ErrorUnion, Map, Slice, Tuple
    match t:
        case Named():
            return f"{t.obj.pkg or 'main'}.{t.obj.name}#{id(t)}"
        case Basic():
            return {"byte": "uint8", "rune": "int32"}.get(t.name, t.name)
        case Pointer():
            return "*" + type_key(t.elem)
        case Slice():
            return "[]" + type_key(t.elem)
        case Array():
            return f"[{t.length}]" + type_key(t.elem)
        case Map():
            return f"map[{type_key(t.key)}]{type_key(t.elem)}"
        case Chan():
            return f"chan({t.dir.name}) {type_key(t.elem)}"
        case Nullable():
            return "?" + type_key(t.elem)
        case ErrorUnion():
            return "!" + type_key(t.elem)
        case Tuple():
            return "(" + ",".join(type_key(x) for x in t.types) + ")"
        case Signature():
            return ("func(" + ",".join(type_key(p.type) for p in t.params) + ("..." if t.variadic else "") + ")("
                    + ",".join(type_key(r.type) for r in t.results) + ")")
        case Struct():
            return "struct{" + ";".join(("~" if f.embedded else "") + f.name + " " + type_key(f.type) for f in t.fields) + "}"
        case Interface():
            return "interface{" + ";".join(m.name + type_key(m.sig) for m in t.all_methods()) + "}"
        case Enum():
            return f"enum#{id(t)}"
    return f"{type(t).__name__}#{id(t)}"


_type_key = type_key


def concrete(t: Type | None, tsubst: dict) -> Type:
    """Substitute type parameters and give untyped constants their default types."""
    if t is None:
        return INVALID
    if tsubst:
        t = subst_type(t, tsubst)
    if is_untyped(t):
        if t == UNTYPED_NIL:
            return t
        return default_type(t)
    return t


__all__ = ["ProgramBuilder", "LowerError", "Source", "concrete", "tuple_type", "result_type", "union_struct",
           "TypeAndValue", "Mode", "ConstObj", "BOOL", "INT", "Basic", "Kind", "Chan", "Interface", "Nullable",
           "Struct", "StructField", "TypeParam", "identical", "underlying"]
