"""Compiler mixin: composite literals (structs, arrays, slices, maps, enum variants), Goo's bare
slice literals, and function literals (closures).

Invariants:
- Every literal builds a fresh value; element values are converted for their slots
  (`val_to`: interface boxing, aggregate copies), missing elements are zero values.
- An element literal of pointer type with the type elided (`[]*T{{...}}`) is a pointer to a new
  value: the object itself for an aggregate T, else a `Ref` to a new box.
- A function literal is compiled with its enclosing function, by a child `Comp`; each
  evaluation of the literal makes a callable holding the boxes of the variables it captures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..objects import VariantObj
from ..types import Array, Map, Nullable, Pointer, Signature, Slice, Struct, Type, type_string, underlying
from .comp_base import has_open_array
from .errors import InternalError
from .values import EnumV, MapV, Ref, StructV, hkey_fn, is_agg, new_slice, zero_fn

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class LiteralMixin:
    def variant_of(self: "Comp", te: S.Expr) -> VariantObj | None:
        te = S.unparen(te)
        if isinstance(te, S.Ident):
            o = self.uses.get(te.id)
        elif isinstance(te, S.Selector):
            o = self.uses.get(te.sel.id)
        else:
            return None
        return o if isinstance(o, VariantObj) else None

    def x_composite(self: "Comp", e: S.CompositeLit) -> Callable:
        if e.type is not None:
            vobj = self.variant_of(e.type)
            if vobj is not None:
                return self.variant_lit(e, vobj)
        t = self.tof(e)
        if e.type is not None and has_open_array(t):
            t = self.texpr(e.type)
        ptr = False
        u = underlying(t)
        if isinstance(u, Pointer) and e.type is None:
            ptr = True
            t = u.elem
            u = underlying(t)
        if isinstance(u, Struct):
            f = self.struct_lit(e, u)
        elif isinstance(u, Array):
            f = self.array_lit(e, u.elem, u.length, "array")
        elif isinstance(u, Slice):
            f = self.array_lit(e, u.elem, None, "slice")
        elif isinstance(u, Map):
            f = self.map_lit(e, u)
        else:
            raise InternalError(f"composite literal of type {type_string(t)}")
        if ptr and not is_agg(t):
            return lambda L: Ref([f(L)], 0)
        return f

    def struct_lit(self: "Comp", e: S.CompositeLit, st: Struct) -> Callable:
        elems = e.value.elements
        fields = st.fields
        if elems and elems[0].key is None and len(elems) == len(fields):
            fvs = [self.val_to(el.value, f.type) for el, f in zip(elems, fields)]
            return lambda L: StructV([fv(L) for fv in fvs])
        setters: list[tuple[int, Callable]] = []
        for i, el in enumerate(elems):
            if el.key is not None:
                assert isinstance(el.key, S.Ident)
                idx = st.field_index(el.key.name)
            else:
                idx = i
            setters.append((idx, self.val_to(el.value, fields[idx].type)))
        zeros = [zero_fn(f.type) for f in fields]
        if not any(is_agg(f.type) for f in fields):
            base = [z() for z in zeros]

            def lit_plain(L: list) -> StructV:
                f = base.copy()
                for i, fv in setters:
                    f[i] = fv(L)
                return StructV(f)
            return lit_plain

        def lit(L: list) -> StructV:
            f = [z() for z in zeros]
            for i, fv in setters:
                f[i] = fv(L)
            return StructV(f)
        return lit

    def array_lit(self: "Comp", e: S.CompositeLit, elem: Type, length: int | None, kind: str) -> Callable:
        setters: list[tuple[int, Callable]] = []
        index = 0
        top = 0
        for el in e.value.elements:
            if el.key is not None:
                index = self.static_int(el.key)
            setters.append((index, self.val_to(el.value, elem)))
            index += 1
            top = max(top, index)
        n = length if length is not None and length >= 0 else top
        z = zero_fn(elem)
        agg = is_agg(elem)
        dense = [i for i, _ in setters] == list(range(n))
        if dense:
            fvs = [fv for _, fv in setters]
            if kind == "slice":
                return lambda L: new_slice([fv(L) for fv in fvs])
            return lambda L: [fv(L) for fv in fvs]
        zv = None if agg else z()

        def lit(L: list) -> Any:
            a = [z() for _ in range(n)] if agg else [zv] * n
            for i, fv in setters:
                a[i] = fv(L)
            return new_slice(a) if kind == "slice" else a
        return lit

    def map_lit(self: "Comp", e: S.CompositeLit, m: Map) -> Callable:
        pairs = []
        for el in e.value.elements:
            assert el.key is not None
            pairs.append((self.val_to(el.key, m.key), self.val_to(el.value, m.elem)))
        hk = hkey_fn(m.key)
        keyed = hk is not None

        def lit(L: list) -> MapV:
            mv = MapV(keyed)
            d = mv.d
            for fk, fv in pairs:
                k = fk(L)
                v = fv(L)
                if keyed:
                    h = hk(k)
                    d[h] = v
                    mv.kd[h] = k
                else:
                    d[k] = v
            return mv
        return lit

    def variant_lit(self: "Comp", e: S.CompositeLit, vobj: VariantObj) -> Callable:
        variant = vobj.variant
        fields = variant.fields
        elems = e.value.elements
        vals: list[Callable | None] = [None] * len(fields)
        for i, el in enumerate(elems):
            if el.key is not None:
                assert isinstance(el.key, S.Ident)
                idx = next(j for j, f in enumerate(fields) if f.name == el.key.name)
            else:
                idx = i
            vals[idx] = self.val_to(el.value, fields[idx].type)
        makers = [v if v is not None else (lambda z: (lambda L: z()))(zero_fn(f.type)) for v, f in zip(vals, fields)]
        if not makers:
            ev = EnumV(variant, ())
            return lambda L: ev
        return lambda L: EnumV(variant, tuple(m(L) for m in makers))

    def x_bareslice(self: "Comp", e: S.BareSliceLit) -> Callable:
        t = self.tof(e)
        u = underlying(t)
        if isinstance(u, Nullable):
            u = underlying(u.elem)
        assert isinstance(u, Slice)
        fvs = [self.val_to(x, u.elem) for x in e.elements]
        return lambda L: new_slice([fv(L) for fv in fvs])

    # ---- function literals -----------------------------------------------------------------------
    def x_funclit(self: "Comp", e: S.FuncLit) -> Callable:
        sig = self.tof(e)
        assert isinstance(sig, Signature)
        child = type(self)(self.I, self.info, self.tmap, self, self.esc, self.decl, self.fname, self.cvals, sig)
        code = child.function(e.type, e.body, sig, None, "func literal")
        caps = child.captures
        I = self.I
        if not caps:
            fv = I.make_callable(code)
            return lambda L: fv
        outer = [ps for ps, _ in caps]

        def make(L: list) -> Callable:
            return I.make_callable(code, [L[p] for p in outer])
        return make
