"""Package-level declarations: collection, lazy resolution, imports (spec §2, §5), and local
(function-level) const/var/type declarations.

`PackageEnv` is the package's "header" view: every package-level object with its type, built
from the top-level chunks. Resolution is lazy with cycle detection, so declarations may appear in
any order. Function *bodies* are not part of the env; check.py checks them separately and
caches each body's result by its chunk text, as long as the env can be reused.

Invariants:
- An env is valid for any file whose chunks have the same *header keys* in the same order
  (a function's header key is its text up to the body; any other declaration's key is its
  whole text). `PackageEnv.key` is that tuple.
- Objects declared by chunk i carry `Loc.decl_id == env.chunk_decl_ids[i]`; the analysis maps
  those ids to the chunk's current offset even after the chunk was re-parsed.
- Per-chunk header diagnostics live in `header_infos[i]`, chunk-relative.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from . import constants as C
from . import syntax as S
from .check_base import Info, Mode, Operand, Unit
from .chunks import Chunk
from .diagnostics import Note
from .objects import (
    ERROR_TYPE,
    UNIVERSE,
    ConceptObj,
    Const,
    Func,
    Obj,
    Package,
    PkgName,
    Scope,
    ScopeKind,
    TypeName,
    Var,
    VariantObj,
)
from .source import Span
from .types import (
    INVALID,
    Array,
    Basic,
    Enum,
    Interface,
    Named,
    Pointer,
    Signature,
    Struct,
    Tuple,
    Type,
    TypeParam,
    default_type,
    is_boolean,
    is_numeric,
    is_string,
    is_untyped,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker
    from .importer import Importer


class _State(enum.IntEnum):
    TODO = 0
    ACTIVE = 1
    DONE = 2


@dataclass(slots=True)
class DeclInfo:
    chunk: int                       # index of the chunk that declares the object
    node: S.Node                     # ValueSpec, TypeSpec, FuncDecl, ComptimeConstDecl, ConceptDecl, Variant
    index: int = 0                   # position of the name within its spec
    values_spec: S.ValueSpec | None = None   # const spec whose values apply (implicit repetition)
    owner: TypeName | None = None    # enum type owning a variant


def header_key(chunk: Chunk) -> str:
    decl = chunk.decl
    if isinstance(decl, S.FuncDecl) and decl.body is not None:
        return chunk.text[:decl.body.span.start]
    return chunk.text[:decl.span.end]


class PackageEnv:
    def __init__(self, path: str, chunks: tuple[Chunk, ...], importer: "Importer", *, is_stub: bool = False,
                 make_checker: Callable[..., "Checker"]) -> None:
        self.path = path
        self.importer = importer
        self.is_stub = is_stub
        self.make_checker = make_checker
        self.key = tuple(header_key(c) for c in chunks)
        self.chunk_decl_ids = [c.decl.id for c in chunks]
        self.units = [Unit(path, c.decl, c.text) for c in chunks]
        self.header_infos = [Info() for _ in chunks]
        self.pkg_name = ""
        self.scope = Scope(UNIVERSE, ScopeKind.PACKAGE)
        self.file_scope = Scope(self.scope, ScopeKind.FILE)
        self.decls: dict[int, DeclInfo] = {}     # id(obj) -> how to resolve it
        self.objs: dict[int, Obj] = {}
        self.states: dict[int, _State] = {}
        self.funcs: list[tuple[int, Func]] = []  # (chunk index, function or method) in source order
        self.imports: list[tuple[int, PkgName, S.ImportSpec]] = []
        self.inits = 0
        self.main_func: Func | None = None
        self._pending_methods: list[tuple[int, S.FuncDecl, Func]] = []
        self._collect(chunks)
        for i, decl, fn in self._pending_methods:  # receivers may be declared after their methods
            self._attach_method(i, decl, fn, self.checker(i))
        # signatures first: initialisers that check interface satisfaction need method types
        for _, fn in self.funcs:
            self.resolve(fn)
        for obj in list(self.objs.values()):
            self.resolve(obj)

    # ---- helpers ---------------------------------------------------------------------------
    def checker(self, chunk: int) -> "Checker":
        return self.make_checker(self, self.units[chunk], self.header_infos[chunk], self.file_scope)

    def is_error(self, t: Type) -> bool:
        return t is ERROR_TYPE

    def _track(self, obj: Obj, info: DeclInfo) -> None:
        self.decls[id(obj)] = info
        self.objs[id(obj)] = obj
        self.states[id(obj)] = _State.TODO

    # ---- collection ------------------------------------------------------------------------
    def _collect(self, chunks: tuple[Chunk, ...]) -> None:
        seen_package = False
        seen_decl = False
        for i, chunk in enumerate(chunks):
            decl = chunk.decl
            ck = self.checker(i)
            match decl:
                case S.PackageClause():
                    if seen_package:
                        ck.error("syntax-error", decl, "unexpected package clause: a file has one package clause")
                    elif i != 0 and (seen_decl or any(not isinstance(chunks[j].decl, S.BadDecl) for j in range(i))):
                        ck.error("syntax-error", decl, "package clause must come first")
                    seen_package = True
                    self.pkg_name = decl.name.name
                case S.ImportDecl():
                    if seen_decl:
                        ck.error("syntax-error", decl, "imports must appear before other declarations")
                    self._collect_imports(i, decl, ck)
                case S.BadDecl():
                    pass
                case _:
                    seen_decl = True
                    self._collect_decl(i, decl, ck)
        if not seen_package and chunks:
            first = next((i for i, c in enumerate(chunks) if not isinstance(c.decl, S.BadDecl)), 0)
            at = chunks[first].decl.span.start
            self.checker(first).error("syntax-error", Span(at, at), "missing package clause: a Goo file starts with package NAME")

    def _collect_imports(self, i: int, decl: S.ImportDecl, ck: "Checker") -> None:
        for spec in decl.specs:
            raw = spec.path.value if isinstance(spec.path.value, bytes) else b""
            path = raw.decode("utf-8", "replace")
            if spec.dot:
                ck.error("unsupported-feature", spec, "dot imports are not supported yet")
                pkg = self.importer.import_package(path, self.path)
                if pkg is not None:  # still resolve its names, so uses do not cascade
                    for name, member in pkg.scope.names.items():
                        if member.exported and self.file_scope.lookup_local(name) is None:
                            self.file_scope.names[name] = member
                    self.imports.append((i, PkgName(".", pkg, path, ck.unit.loc(spec.span)), spec))
                continue
            pkg = self.importer.import_package(path, self.path)
            if pkg is None:
                ck.error("import-not-found", spec.path, f"package \"{path}\" not found")
            name = spec.name.name if spec.name is not None else (pkg.name if pkg is not None else path.rsplit("/", 1)[-1])
            if name == "_":
                continue
            ident = spec.name or S.Ident(spec.path.id, spec.path.span, name)
            obj = PkgName(name, pkg, path, ck.unit.loc(ident.span))
            if spec.name is not None:
                ck.record_def(spec.name, obj)
            existing = self.file_scope.insert(obj)
            if existing is not None:
                ck.error("redeclared", spec, f"{name} redeclared in this block")
                continue
            if self.scope.lookup_local(name) is not None:
                pass
            self.imports.append((i, obj, spec))

    def _declare(self, ck: "Checker", ident: S.Ident, obj: Obj, info: DeclInfo) -> None:
        ck.record_def(ident, obj)
        if ident.name == "_":
            self._track(obj, info)
            return
        existing = self.scope.insert(obj)
        if existing is not None:
            ck.error("redeclared", ident, f"{ident.name} redeclared in this block", notes=_other_decl(existing, ck))
            return
        if self.file_scope.lookup_local(ident.name) is not None:
            ck.error("redeclared", ident, f"{ident.name} already declared through import of package {ident.name}")
        self._track(obj, info)

    def _collect_decl(self, i: int, decl: S.Decl, ck: "Checker") -> None:
        pkg = self.pkg_name
        match decl:
            case S.GenDecl(keyword="const"):
                last: S.ValueSpec | None = None
                for spec in decl.specs:
                    assert isinstance(spec, S.ValueSpec)
                    values_spec = spec if not spec.implicit else last
                    if not spec.implicit:
                        last = spec
                    for k, name in enumerate(spec.names):
                        obj = Const(name.name, None, None, ck.unit.loc(name.span), pkg)
                        self._declare(ck, name, obj, DeclInfo(i, spec, k, values_spec))
            case S.GenDecl(keyword="var"):
                if decl.own is not None:
                    ck.warn("no-effect", decl.own, f"'{decl.own.name}' has no effect: Goo has no ownership qualifiers yet")
                for spec in decl.specs:
                    assert isinstance(spec, S.ValueSpec)
                    for k, name in enumerate(spec.names):
                        obj = Var(name.name, None, ck.unit.loc(name.span), pkg)
                        self._declare(ck, name, obj, DeclInfo(i, spec, k))
            case S.GenDecl(keyword="type"):
                for spec in decl.specs:
                    assert isinstance(spec, S.TypeSpec)
                    obj = TypeName(spec.name.name, None, ck.unit.loc(spec.name.span), pkg, is_alias=spec.alias)
                    if not spec.alias:
                        obj.type = Named(obj)
                    self._declare(ck, spec.name, obj, DeclInfo(i, spec))
                    if isinstance(spec.type, S.EnumType):
                        for k, v in enumerate(spec.type.variants):
                            vobj = VariantObj(v.name.name, ck.unit.loc(v.name.span), pkg)
                            self._declare(ck, v.name, vobj, DeclInfo(i, v, k, owner=obj))
            case S.ComptimeConstDecl():
                obj = Const(decl.name.name, None, None, ck.unit.loc(decl.name.span), pkg)
                obj.comptime = True
                self._declare(ck, decl.name, obj, DeclInfo(i, decl))
            case S.ConceptDecl():
                cobj = ConceptObj(decl.name.name, ck.unit.loc(decl.name.span), pkg)
                cobj.decl = decl
                cobj.params = tuple(p.name for p in decl.params)
                self._declare(ck, decl.name, cobj, DeclInfo(i, decl))
            case S.FuncDecl():
                self._collect_func(i, decl, ck)

    def _collect_func(self, i: int, decl: S.FuncDecl, ck: "Checker") -> None:
        fn = Func(decl.name.name, None, ck.unit.loc(decl.name.span), self.pkg_name)
        fn.decl = decl
        fn.has_body = decl.body is not None
        if decl.body is None and not self.is_stub:
            ck.error("syntax-error", decl.name, f"missing function body")
        if decl.comptime:
            fn.comptime_qualifier = True
            ck.warn("no-effect", Span(decl.span.start, decl.span.start + len("comptime")),
                    "'comptime' on a function has no effect: it is an ordinary function; use comptime parameters or comptime const")
        self.decls[id(fn)] = DeclInfo(i, decl)
        self.states[id(fn)] = _State.TODO
        self.funcs.append((i, fn))
        ck.record_def(decl.name, fn)
        if decl.recv_list:
            self._pending_methods.append((i, decl, fn))
            return
        name = decl.name.name
        if name == "init":
            self.inits += 1
            return
        if name == "_":
            return
        existing = self.scope.insert(fn)
        if existing is not None:
            ck.error("redeclared", decl.name, f"{name} redeclared in this block", notes=_other_decl(existing, ck))
            return
        if name == "main":
            self.main_func = fn

    def _attach_method(self, i: int, decl: S.FuncDecl, fn: Func, ck: "Checker") -> None:
        recv = decl.recv
        if recv is None:
            return
        texpr = recv.type
        pointer = False
        while isinstance(texpr, S.Paren):
            texpr = texpr.x
        if isinstance(texpr, (S.Unary, S.PointerType)):
            pointer = True
            texpr = texpr.x if isinstance(texpr, S.Unary) else texpr.elem
        if isinstance(texpr, (S.GenericType, S.Index)):
            ck.error("unsupported-feature", texpr, "methods on generic types are not supported yet")
            return
        if not isinstance(texpr, S.Ident):
            ck.error("invalid-operation", recv.type, f"invalid receiver type {ck.text_of(recv.type)}")
            return
        base = self.scope.lookup_local(texpr.name)
        ck.record_use(texpr, base) if base is not None else None
        if not isinstance(base, TypeName) or base.is_alias or not isinstance(base.type, Named):
            if base is None:
                ck.error("undefined-name", texpr, f"undefined: {texpr.name}")
            else:
                ck.error("invalid-operation", texpr, f"invalid receiver type {texpr.name}: methods can be declared on defined types of this package only")
            return
        named = base.type
        fn.recv_named = named
        fn.pointer_recv = pointer
        if named.method(fn.name) is not None:
            prev = named.method(fn.name)
            notes = (Note(prev.loc.span, "other declaration"),) if prev is not None and prev.loc.decl_id == ck.unit.decl_id else ()
            ck.error("redeclared", decl.name, f"method {named.obj.name}.{fn.name} already declared", notes=notes)
            return
        named.methods.append(fn)
        named._method_cache = None

    # ---- resolution ------------------------------------------------------------------------
    def resolve(self, obj: Obj) -> None:
        key = id(obj)
        state = self.states.get(key)
        if state is None or state == _State.DONE:
            return
        info = self.decls[key]
        if state == _State.ACTIVE:
            if isinstance(obj, (Const, Var)):
                ck = self.checker(info.chunk)
                ck.error("invalid-operation", obj.loc.span, f"initialization cycle or invalid recursive reference: {obj.name} refers to itself")
                obj.type = INVALID
            elif isinstance(obj, TypeName) and obj.is_alias:
                ck = self.checker(info.chunk)
                ck.error("invalid-operation", obj.loc.span, f"invalid recursive type alias {obj.name}")
                obj.type = INVALID
            return
        self.states[key] = _State.ACTIVE
        try:
            ck = self.checker(info.chunk)
            match obj:
                case Const():
                    self._resolve_const(ck, obj, info)
                case Var():
                    self._resolve_var(ck, obj, info)
                case TypeName():
                    self._resolve_type(ck, obj, info)
                case Func():
                    self._resolve_func(ck, obj, info)
                case VariantObj():
                    owner = info.owner
                    if owner is not None:
                        self.resolve(owner)
                        named = owner.type
                        u = underlying(named) if named is not None else None
                        if isinstance(u, Enum):
                            obj.type = named
                            obj.variant = u.variants[info.index] if info.index < len(u.variants) else None
                            if obj.variant is not None:
                                obj.variant.obj = obj
                case ConceptObj():
                    self._check_concept(ck, obj)
        except RecursionError:
            ck = self.checker(info.chunk)
            ck.error("invalid-operation", obj.loc.span, f"declaration of {obj.name} is nested too deeply to check")
            if obj.type is None:
                obj.type = INVALID
        finally:
            self.states[key] = _State.DONE

    def type_of_typename(self, obj: TypeName) -> Type | None:
        if obj.is_alias or obj.type is None:
            self.resolve(obj)
        elif self.states.get(id(obj)) == _State.TODO:
            self.resolve(obj)
        return obj.type

    def _resolve_type(self, ck: "Checker", obj: TypeName, info: DeclInfo) -> None:
        spec = info.node
        assert isinstance(spec, S.TypeSpec)
        if spec.type_params:
            ck.error("unsupported-feature", spec.type_params[0], "generic types are not supported yet: only functions may have type parameters")
            saved = ck.scope
            ck.scope = Scope(self.file_scope, ScopeKind.BLOCK, spec.span, ck.unit.decl_id)
            try:
                ck.type_params(spec.type_params)
                named = obj.type
                if isinstance(named, Named):
                    ck.sink.items, kept = [], ck.sink.items
                    t = ck.type_expr(spec.type)
                    ck.sink.items = kept  # the body of an unsupported generic type is not checked further
                    named.underlying_type = INVALID if t is INVALID else underlying(t)
            finally:
                ck.scope = saved
            return
        if spec.alias:
            obj.type = ck.type_expr(spec.type)
            return
        named = obj.type
        assert isinstance(named, Named)
        if isinstance(spec.type, S.EnumType):
            named.underlying_type = ck.enum_type(spec.type, named)
            return
        t = ck.type_expr(spec.type)
        if isinstance(t, Named):
            if t is named or self._underlying_pending(t, named):
                ck.error("invalid-operation", spec.name, f"invalid recursive type {obj.name}")
                named.underlying_type = INVALID
                return
            u = underlying(t)
        else:
            u = t
        if _contains_by_value(u, named):
            ck.error("invalid-operation", spec.name, f"invalid recursive type {obj.name}")
            named.underlying_type = INVALID
            return
        named.underlying_type = u
        if isinstance(u, Struct):
            self._bind_fields(ck, spec.type, u)

    def _underlying_pending(self, t: Named, target: Named) -> bool:
        seen = 0
        while isinstance(t, Named) and seen < 100:
            if t is target:
                return True
            if t.underlying_type is None:
                self.resolve(t.obj)
            u = t.underlying_type
            if not isinstance(u, Named):
                return False
            t = u
            seen += 1
        return False

    def _bind_fields(self, ck: "Checker", texpr: S.Expr, st: Struct) -> None:
        """Give each struct field an object so identifiers resolve to it (hover, rename)."""
        if not isinstance(texpr, S.StructType):
            return
        k = 0
        fields = list(st.fields)
        for f in texpr.fields:
            names = f.names if f.names else (None,)
            for name in names:
                if k >= len(fields):
                    return
                sf = fields[k]
                v = Var(sf.name, sf.type, ck.unit.loc(name.span if name is not None else f.type.span), self.pkg_name,
                        is_field=True, embedded=sf.embedded)
                object.__setattr__(sf, "obj", v)
                if name is not None:
                    ck.record_def(name, v)
                k += 1

    def _resolve_const(self, ck: "Checker", obj: Const, info: DeclInfo) -> None:
        node = info.node
        if isinstance(node, S.ComptimeConstDecl):
            self._resolve_comptime_const(ck, obj, node)
            return
        spec = info.node
        assert isinstance(spec, S.ValueSpec)
        source = info.values_spec
        if source is None or not source.values:
            if spec.iota == 0 or source is None:
                ck.error("invalid-operation", spec.names[info.index], "missing init expr for const declaration")
            obj.type = INVALID
            return
        if info.index >= len(source.values):
            ck.error("count-mismatch", spec.names[info.index], f"missing init expr for {obj.name}")
            obj.type = INVALID
            return
        if info.index == len(spec.names) - 1 and len(source.values) > len(spec.names):
            ck.error("count-mismatch", source.values[len(spec.names)], "extra init expr")
        typ = ck.type_expr(source.type) if source.type is not None else None
        ck.iota = spec.iota
        try:
            x = ck.value(source.values[info.index], typ)
        finally:
            ck.iota = None
        if x.invalid:
            obj.type = INVALID
            return
        if x.mode != Mode.CONSTANT or x.value is None:
            ck.error("invalid-operation", source.values[info.index], f"{ck.describe(x)} is not constant")
            obj.type = INVALID
            return
        if typ is not None:
            if not ck.assign_to(x, typ, "constant declaration"):
                obj.type = INVALID
                return
            u = underlying(typ)
            if not isinstance(u, Basic):
                ck.error("invalid-operation", source.type, f"invalid constant type {ck.tstr(typ)}")
                obj.type = INVALID
                return
        obj.type = x.type
        obj.value = x.value

    def _resolve_comptime_const(self, ck: "Checker", obj: Const, decl: S.ComptimeConstDecl) -> None:
        typ = ck.type_expr(decl.type) if decl.type is not None else None
        if decl.type is None:
            ck.error("comptime-not-constant", decl.name, f"comptime const {obj.name} needs a type: comptime const {obj.name} T = ...")
        elif typ is not INVALID and not (is_boolean(typ) or is_numeric(typ) or is_string(typ)):
            ck.error("comptime-not-constant", decl.type, f"comptime const {obj.name} must have a boolean, numeric or string type, not {ck.tstr(typ)}")
            typ = INVALID
        x = ck.value(decl.value, typ)
        if x.invalid:
            obj.type = INVALID
            return
        value = x.value if x.mode == Mode.CONSTANT else None
        if value is None:
            from .comptime import evaluate_comptime
            result = evaluate_comptime(self, ck, decl.value, x, obj.name)
            if result is None:
                obj.type = INVALID
                return
            value = result
            x = Operand(Mode.CONSTANT, x.type, decl.value, value)
        target = typ if typ is not None and typ is not INVALID else default_type(x.type)
        if is_untyped(x.type):
            if not ck.convert_untyped(x, target, "comptime constant declaration"):
                obj.type = INVALID
                return
        elif typ is not None and typ is not INVALID:
            if not ck.assign_to(x, typ, "comptime constant declaration"):
                obj.type = INVALID
                return
        u = underlying(target)
        if isinstance(u, Basic):
            ok, v, why = C.representable(x.value, u)
            if not ok:
                ck.error("constant-overflow", decl.value, f"comptime value {C.format_value(x.value)} {why or 'does not fit'} {ck.tstr(target)}")
                obj.type = INVALID
                return
            x.value = v
        obj.type = target
        obj.value = x.value

    def _resolve_var(self, ck: "Checker", obj: Var, info: DeclInfo) -> None:
        spec = info.node
        assert isinstance(spec, S.ValueSpec)
        typ = ck.type_expr(spec.type) if spec.type is not None else None
        if not spec.values:
            obj.type = typ if typ is not None else INVALID
            return
        n = len(spec.names)
        if len(spec.values) == 1 and n > 1:
            # `var a, b = f()`: resolve all names together once
            if info.index != 0:
                first = self.scope.lookup_local(spec.names[0].name)
                if first is not None:
                    self.resolve(first)
                if obj.type is None:
                    obj.type = INVALID
                return
            values = ck.rhs_values(spec.values, n, [typ] * n)
            for k, name in enumerate(spec.names):
                target = self.scope.lookup_local(name.name) if name.name != "_" else None
                t = self._var_type(ck, values[k] if values else None, typ)
                if isinstance(target, Var) and self.decls.get(id(target)) is not None and self.decls[id(target)].node is spec:
                    target.type = t
                    self.states[id(target)] = _State.DONE
            if obj.type is None:
                obj.type = INVALID
            return
        if len(spec.values) != n:
            if info.index == 0:
                ck.error("count-mismatch", spec.values[0] if spec.values else spec,
                         f"assignment mismatch: {n} variable{'s' if n != 1 else ''} but {len(spec.values)} value{'s' if len(spec.values) != 1 else ''}")
            obj.type = typ if typ is not None else INVALID
            return
        x = ck.value(spec.values[info.index], typ)
        obj.type = self._var_type(ck, x, typ)

    def _var_type(self, ck: "Checker", x: Operand | None, typ: Type | None) -> Type:
        if x is None or x.invalid:
            return typ if typ is not None else INVALID
        if typ is not None:
            ck.assign_to(x, typ, "variable declaration")
            return typ
        return ck.define_type(x)

    def _resolve_func(self, ck: "Checker", fn: Func, info: DeclInfo) -> None:
        decl = info.node
        assert isinstance(decl, S.FuncDecl)
        scope = Scope(self.file_scope, ScopeKind.FUNC, decl.span, ck.unit.decl_id)
        saved = ck.scope
        ck.scope = scope
        try:
            tparams = ck.type_params(decl.type.type_params) if decl.type.type_params else ()
            if fn.recv_named is not None and decl.recv is not None:
                ck.type_expr(decl.recv.type)
            sig = ck.signature(decl.type, tparams)
        finally:
            ck.scope = saved
        fn.type = sig
        if decl.name.name in ("main", "init") and fn.recv_named is None:
            if sig.params or sig.results:
                ck.error("missing-main" if decl.name.name == "main" else "invalid-operation", decl.name,
                         f"func {decl.name.name} must have no arguments and no return values")
            if tparams:
                ck.error("invalid-operation", decl.name, f"func {decl.name.name} must have no type parameters")

    def _check_concept(self, ck: "Checker", obj: ConceptObj) -> None:
        decl = obj.decl
        if decl is None:
            return
        scope = Scope(self.file_scope, ScopeKind.BLOCK, decl.span, ck.unit.decl_id)
        saved = ck.scope
        ck.scope = scope
        try:
            for p in decl.params:
                tp = TypeParam(p.name, 0)
                tn = TypeName(p.name, tp, ck.unit.loc(p.span), self.pkg_name)
                ck.declare(scope, p, tn)
            ck.interface_type(decl)
        finally:
            ck.scope = saved

    def instantiate_concept(self, obj: ConceptObj, args: tuple[Type, ...], user: "Checker", node: S.Node) -> Type:
        self.resolve(obj)
        if len(args) != len(obj.params):
            user.error("type-inference-failed", node,
                       f"concept {obj.name} needs {len(obj.params)} type argument{'s' if len(obj.params) != 1 else ''}, got {len(args)}")
            return INVALID
        key = tuple(id(a) if not isinstance(a, Basic) else a.kind for a in args)
        cached = obj.instances.get(key)
        if cached is not None:
            return cached
        decl = obj.decl
        if decl is None:
            return INVALID
        chunk = self.decls[id(obj)].chunk
        silent = self.make_checker(self, self.units[chunk], Info(), self.file_scope)
        scope = Scope(self.file_scope, ScopeKind.BLOCK, decl.span, silent.unit.decl_id)
        for name, arg in zip(decl.params, args):
            scope.insert(TypeName(name.name, arg, silent.unit.loc(name.span), self.pkg_name, is_alias=True))
        silent.scope = scope
        iface = silent.interface_type(decl)
        obj.instances[key] = iface
        return iface


def _other_decl(existing: Obj, ck: "Checker") -> tuple[Note, ...]:
    """A note at the first declaration, in whichever chunk of this file it is."""
    if existing.loc.file != ck.unit.path:
        return ()
    if existing.loc.decl_id == ck.unit.decl_id:
        return (Note(existing.loc.span, f"other declaration of {existing.name}"),)
    return (Note(existing.loc.span, f"other declaration of {existing.name}", existing.loc.decl_id),)


def _contains_by_value(t: Type, target: Named, depth: int = 0) -> bool:
    if depth > 50:
        return False
    if t is target:
        return True
    if isinstance(t, Named):
        return t.underlying_type is not None and _contains_by_value(t.underlying_type, target, depth + 1) if t is not target else True
    if isinstance(t, Array):
        return _contains_by_value(t.elem, target, depth + 1)
    if isinstance(t, Struct):
        return any(_contains_by_value(f.type, target, depth + 1) for f in t.fields)
    return False


class LocalDeclMixin:
    """Const, var and type declarations inside function bodies."""

    def local_decl(self: "Checker", decl: S.Decl) -> None:
        match decl:
            case S.GenDecl(keyword="var"):
                if decl.own is not None:
                    self.warn("no-effect", decl.own, f"'{decl.own.name}' has no effect: Goo has no ownership qualifiers yet")
                for spec in decl.specs:
                    assert isinstance(spec, S.ValueSpec)
                    self._local_var(spec)
            case S.GenDecl(keyword="const"):
                last: S.ValueSpec | None = None
                for spec in decl.specs:
                    assert isinstance(spec, S.ValueSpec)
                    source = spec if not spec.implicit else last
                    if not spec.implicit:
                        last = spec
                    self._local_const(spec, source)
            case S.GenDecl(keyword="type"):
                for spec in decl.specs:
                    assert isinstance(spec, S.TypeSpec)
                    self._local_type(spec)
            case S.ComptimeConstDecl():
                obj = Const(decl.name.name, None, None, self.unit.loc(decl.name.span), self.env.pkg_name)
                obj.comptime = True
                self.env._resolve_comptime_const(self, obj, decl)
                self.declare(self.scope, decl.name, obj)

    def _local_var(self: "Checker", spec: S.ValueSpec) -> None:
        typ = self.type_expr(spec.type) if spec.type is not None else None
        n = len(spec.names)
        types: list[Type] = []
        if not spec.values:
            types = [typ if typ is not None else INVALID] * n
        else:
            values = self.rhs_values(spec.values, n, [typ] * n)
            for k in range(n):
                x = values[k] if values is not None else None
                if x is None or x.invalid:
                    types.append(typ if typ is not None else INVALID)
                elif typ is not None:
                    self.assign_to(x, typ, "variable declaration")
                    types.append(typ)
                else:
                    types.append(self.define_type(x))
        for name, t in zip(spec.names, types):
            self.declare_local(name, t)

    def _local_const(self: "Checker", spec: S.ValueSpec, source: S.ValueSpec | None) -> None:
        for k, name in enumerate(spec.names):
            obj = Const(name.name, INVALID, None, self.unit.loc(name.span), self.env.pkg_name)
            if source is None or k >= len(source.values):
                self.error("invalid-operation", name, "missing init expr for const declaration")
            else:
                typ = self.type_expr(source.type) if source.type is not None else None
                self.iota = spec.iota
                try:
                    x = self.value(source.values[k], typ)
                finally:
                    self.iota = None
                if not x.invalid:
                    if x.mode != Mode.CONSTANT or x.value is None:
                        self.error("invalid-operation", source.values[k], f"{self.describe(x)} is not constant")
                    elif typ is None or self.assign_to(x, typ, "constant declaration"):
                        obj.type = x.type
                        obj.value = x.value
            self.declare(self.scope, name, obj)

    def _local_type(self: "Checker", spec: S.TypeSpec) -> None:
        obj = TypeName(spec.name.name, None, self.unit.loc(spec.name.span), self.env.pkg_name, is_alias=spec.alias)
        if spec.type_params:
            self.error("unsupported-feature", spec.type_params[0], "generic types are not supported yet: only functions may have type parameters")
        if spec.alias:
            obj.type = self.type_expr(spec.type)
            self.declare(self.scope, spec.name, obj)
            return
        named = Named(obj)
        obj.type = named
        self.declare(self.scope, spec.name, obj)
        if isinstance(spec.type, S.EnumType):
            self.error("unsupported-feature", spec.type, "enum types must be declared at package level")
            named.underlying_type = INVALID
            return
        t = self.type_expr(spec.type)
        named.underlying_type = underlying(t) if t is not named else INVALID
        if isinstance(named.underlying_type, Struct):
            self.env._bind_fields(self, spec.type, named.underlying_type)


__all__ = ["PackageEnv", "LocalDeclMixin", "DeclInfo", "header_key", "Package", "Pointer", "Signature",
           "Interface", "Tuple"]
