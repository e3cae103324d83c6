"""Per-type runtime code, generated on demand while a module is emitted: type descriptors
(rt.Type layout + private fields, see rt_core.py), itabs with their method wrappers, equality
and hash functions, hash maps specialised per key/value type (rt_map.py), static boxes,
defer thunks, and the reflection intrinsics of internal/rt (rt_reflect.py).

Invariants:
- One descriptor per type identity (lower.type_key); descriptors are emitted at `finish`,
  when every interface the program uses is known, so each lists all its itabs.
- Equality functions take (ctx, a, b) pointers; hash functions (ctx, p, seed); both exist only
  for comparable types (a descriptor of another type has null there, and the runtime panics).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import ir
from .llvm_types import (
    IFACE_T,
    STRING_T,
    enum_fields,
    enum_slot,
    field_offsets,
    go_type_name,
    is_pointer_shaped,
    ltype,
    size_align,
)
from .lower import result_type, type_key
from .lookup import missing_method
from .objects import ERROR_TYPE
from .types import (
    Array,
    Basic,
    Chan,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    comparable,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .codegen import ModuleEmitter

DESCRIPTOR_T = ("{ i64, i64, i64, { ptr, i64 }, ptr, ptr, i64, { ptr, i64, i64 }, { ptr, i64, i64 }, i1, "
                "ptr, ptr, ptr, i64, i64, ptr, ptr }")
FIELD_T = "{ { ptr, i64 }, ptr, i64, i1 }"
VARIANT_T = "{ { ptr, i64 }, { ptr, i64, i64 } }"

_KINDS = {
    Kind.BOOL: 1, Kind.INT: 2, Kind.INT8: 3, Kind.INT16: 4, Kind.INT32: 5, Kind.INT64: 6,
    Kind.UINT: 7, Kind.UINT8: 8, Kind.UINT16: 9, Kind.UINT32: 10, Kind.UINT64: 11, Kind.UINTPTR: 12,
    Kind.FLOAT32: 13, Kind.FLOAT64: 14, Kind.STRING: 15,
}


def rt_kind(t: Type) -> int:
    u = underlying(t)
    match u:
        case Basic():
            return _KINDS.get(u.kind, 0)
        case Pointer():
            return 16
        case Slice():
            return 17
        case Array():
            return 18
        case Struct() | Tuple() | ErrorUnion():
            return 19
        case Map():
            return 20
        case Chan():
            return 21
        case Signature():
            return 22
        case Interface():
            return 23
        case Nullable():
            return 24
        case Enum():
            return 25
    return 0


def zero_text(t: Type) -> str:
    lt = ltype(t)
    if lt == "ptr":
        return "null"
    if lt.startswith("{") or lt.startswith("["):
        return "zeroinitializer"
    if lt in ("float", "double"):
        return "0.0"
    if lt == "i1":
        return "false"
    return "0"


def sizeof_ltype(text: str) -> int:
    """Size of an LLVM type written as text (the subset codegen emits)."""
    return _layout(_parse_type(text))[0]


def _parse_type(text: str):
    tokens = re.findall(r"\{|\}|\[|\]|,|x|[a-z0-9]+", text)
    pos = 0

    def parse():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "{":
            fields = []
            while tokens[pos] != "}":
                fields.append(parse())
                if tokens[pos] == ",":
                    pos += 1
            pos += 1
            return ("struct", fields)
        if tok == "[":
            n = int(tokens[pos])
            pos += 2  # count, x
            elem = parse()
            pos += 1  # ]
            return ("array", n, elem)
        return ("scalar", tok)

    return parse()


def _layout(node) -> tuple[int, int]:
    match node:
        case ("scalar", name):
            return {"i1": (1, 1), "i8": (1, 1), "i16": (2, 2), "i32": (4, 4), "i64": (8, 8), "float": (4, 4),
                    "double": (8, 8), "ptr": (8, 8)}[name]
        case ("array", n, elem):
            s, a = _layout(elem)
            return s * n, a
        case ("struct", fields):
            off, al = 0, 1
            for f in fields:
                s, a = _layout(f)
                off = (off + a - 1) // a * a + s
                al = max(al, a)
            return (off + al - 1) // al * al, al
    raise ValueError(node)


class TypeRuntime:
    def __init__(self, m: "ModuleEmitter") -> None:
        self.m = m
        self.ids: dict[str, int] = {}
        self.types: dict[int, Type] = {}
        self.descriptors: dict[int, str] = {}
        self.interfaces: dict[int, Type] = {}      # non-empty interfaces needing itab lists
        self.itabs: dict[tuple[int, int], str] = {}
        self.eqs: dict[int, str] = {}
        self.hashes: dict[int, str] = {}
        self.maps: dict[int, str] = {}
        self.maps_reflect: set[int] = set()
        self.boxes: dict[tuple[int, str], str] = {}
        self.thunks: dict[str, str] = {}
        self.decls: set[str] = set()
        self.reflection = False
        self.pending: list[str] = []

    # ---- bookkeeping ----------------------------------------------------------------------------
    def tid(self, t: Type) -> int:
        key = type_key(t)
        n = self.ids.get(key)
        if n is None:
            n = len(self.ids)
            self.ids[key] = n
            self.types[n] = t
        return n

    def declare(self, text: str) -> None:
        if text not in self.decls:
            self.decls.add(text)
            self.m.out.append(text)

    def emit(self, text: str) -> None:
        self.m.out.append(text)

    @staticmethod
    def sizeof_ltype(text: str) -> int:
        return sizeof_ltype(text)

    def rt_function(self, name: str) -> str:
        fn = self.m.program.runtime.get(name)
        if fn is None:
            raise KeyError(f"runtime function {name} was not compiled")
        return self.m.func_symbol(fn)

    def panic_text_fn(self) -> str:
        return self.rt_function("PanicText")

    # ---- descriptors ----------------------------------------------------------------------------
    def descriptor(self, t: Type) -> str:
        n = self.tid(t)
        name = self.descriptors.get(n)
        if name is None:
            name = f"@td.{n}"
            self.descriptors[n] = name
            u = underlying(t)
            if isinstance(u, Interface) and u.all_methods():
                self.interfaces[n] = t
        return name

    def itab(self, t: Type, iface: Type) -> str:
        self.descriptor(t)
        self.descriptor(iface)
        key = (self.tid(t), self.tid(iface))
        name = self.itabs.get(key)
        if name is None:
            name = f"@itab.{key[0]}.{key[1]}"
            self.itabs[key] = name
        return name

    def static_box(self, t: Type, value: str) -> str:
        key = (self.tid(t), value)
        name = self.boxes.get(key)
        if name is None:
            name = f"@box.{len(self.boxes)}"
            self.boxes[key] = name
            self.emit(f"{name} = private unnamed_addr constant {ltype(t)} {value}, align 16")
        return name

    def finish(self) -> None:
        """Emit itabs and descriptors (their itab lists need every interface of the program)."""
        done_desc: set[int] = set()
        done_itab: set[tuple[int, int]] = set()
        while True:
            progress = False
            for key in list(self.itabs):
                if key not in done_itab:
                    done_itab.add(key)
                    self.emit_itab(key)
                    progress = True
            for n in list(self.descriptors):
                if n not in done_desc:
                    done_desc.add(n)
                    self.emit_descriptor(n)
                    progress = True
            if not progress:
                break
        for text in self.pending:
            self.emit(text)
        self.pending.clear()

    def concrete_itabs(self, n: int) -> list[tuple[int, str]]:
        t = self.types[n]
        if isinstance(underlying(t), Interface):
            return []
        out = []
        for inum, iface in list(self.interfaces.items()):
            iu = underlying(iface)
            assert isinstance(iu, Interface)
            if missing_method(t, iu) is None and self._methods_available(t, iu):
                out.append((inum, self.itab(t, iface)))
        return out

    def _methods_available(self, t: Type, iface: Interface) -> bool:
        key = type_key(t)
        return all((key, m.name) in self.m.program.methods for m in iface.all_methods())

    def emit_descriptor(self, n: int) -> None:
        t = self.types[n]
        u = underlying(t)
        size, align = size_align(t) if not isinstance(u, Interface) else (16, 8)
        name_v = self.m.string_value(go_type_name(t).encode())
        elem = key = "null"
        length = 0
        fields = variants = "zeroinitializer"
        aux1 = aux2 = "null"
        match u:
            case Pointer() | Slice() | Array() | Chan():
                elem = self.descriptor(u.elem)
                if isinstance(u, Array):
                    length = u.length
            case Map():
                elem = self.descriptor(u.elem)
                key = self.descriptor(u.key)
                if self.reflection:
                    prefix = self.map_fns(t)
                    if n not in self.maps_reflect:
                        self.maps_reflect.add(n)
                        from .rt_map import map_functions
                        self.pending.append(map_functions(self, t, prefix, reflect=True))
                    aux1, aux2 = f"{prefix}.keys", f"{prefix}.index"
            case Nullable():
                elem = self.descriptor(u.elem)
                length = size_align(u.elem)[0]          # offset of the present flag
            case Struct() | Tuple() | ErrorUnion():
                if isinstance(u, Struct):
                    items = [(f.name, f.type, f.embedded) for f in u.fields]
                elif isinstance(u, Tuple):
                    items = [("", x, False) for x in u.types]
                else:
                    items = [("", u.elem, False), ("", ERROR_TYPE, False)]
                offs = field_offsets(Tuple(tuple(x[1] for x in items))) if items else []
                fields = self.field_array(n, "f", [(nm, ft, off, emb) for (nm, ft, emb), off in zip(items, offs)])
            case Enum():
                offs = field_offsets(u)
                entries = []
                for v in u.variants:
                    vf = [(f.name, f.type, offs[enum_slot(u, v.index, i)], False) for i, f in enumerate(v.fields)]
                    entries.append((v.name, self.field_array(n, f"v{v.index}", vf)))
                arr = f"@td.{n}.variants"
                body = ", ".join(f"{VARIANT_T} {{ {STRING_T} {self.m.string_value(nm.encode())}, {{ ptr, i64, i64 }} {fa} }}"
                                 for nm, fa in entries)
                self.emit(f"{arr} = private constant [{len(entries)} x {VARIANT_T}] [{body}]")
                variants = f"{{ ptr {arr}, i64 {len(entries)}, i64 {len(entries)} }}"
        is_cmp = comparable(t) and not isinstance(u, Interface)
        eq = self.eq_fn(t) if is_cmp else "null"
        hsh = self.hash_fn(t) if is_cmp else "null"
        itabs = self.concrete_itabs(n)
        if itabs:
            lst = f"@td.{n}.itabs"
            body = ", ".join(f"{{ ptr, ptr }} {{ ptr @td.{i}, ptr {it} }}" for i, it in itabs)
            self.pending.append(f"{lst} = private constant [{len(itabs)} x {{ ptr, ptr }}] [{body}]")
            itab_list, nitabs = lst, len(itabs)
        else:
            itab_list, nitabs = "null", 0
        shaped = 1 if is_pointer_shaped(t) else 0
        self.pending.append(
            f"@td.{n} = internal constant {DESCRIPTOR_T} {{ i64 {rt_kind(t)}, i64 {size}, i64 {align}, "
            f"{STRING_T} {name_v}, ptr {elem}, ptr {key}, i64 {length}, {{ ptr, i64, i64 }} {fields}, "
            f"{{ ptr, i64, i64 }} {variants}, i1 {'true' if comparable(t) else 'false'}, ptr {eq}, ptr {hsh}, "
            f"ptr {itab_list}, i64 {nitabs}, i64 {shaped}, ptr {aux1}, ptr {aux2} }}, align 16")

    def field_array(self, n: int, tag: str, items: list[tuple[str, Type, int, bool]]) -> str:
        if not items:
            return "zeroinitializer"
        arr = f"@td.{n}.{tag}"
        body = ", ".join(f"{FIELD_T} {{ {STRING_T} {self.m.string_value(nm.encode())}, ptr {self.descriptor(ft)}, "
                         f"i64 {off}, i1 {'true' if emb else 'false'} }}" for nm, ft, off, emb in items)
        self.emit(f"{arr} = private constant [{len(items)} x {FIELD_T}] [{body}]")
        return f"{{ ptr {arr}, i64 {len(items)}, i64 {len(items)} }}"

    # ---- itabs ----------------------------------------------------------------------------------
    def emit_itab(self, key: tuple[int, int]) -> None:
        t, iface = self.types[key[0]], self.types[key[1]]
        iu = underlying(iface)
        assert isinstance(iu, Interface)
        wrappers = [self.method_wrapper(t, m.name) for m in iu.all_methods()]
        body = ", ".join(["ptr " + self.descriptor(t)] + [f"ptr {w}" for w in wrappers])
        fields = ", ".join(["ptr"] * (len(wrappers) + 1))
        self.emit(f"@itab.{key[0]}.{key[1]} = internal constant {{ {fields} }} {{ {body} }}")

    def method_wrapper(self, t: Type, name: str) -> str:
        """(ctx, data word, params...) -> the method of t's method set named `name`."""
        sym = f"@im.{self.tid(t)}.{name}"
        if sym in self.decls:
            return sym
        self.decls.add(sym)
        entry = self.m.program.methods.get((type_key(t), name))
        if entry is None:
            raise KeyError(f"method {name} of {go_type_name(t)} was not compiled")
        fn, sel = entry
        sig = fn.sig
        assert isinstance(sig, Signature)
        ret = ltype(result_type(sig))
        params = [ltype(p.type) for p in sig.params]
        lines = [f"define internal {ret} {sym}(ptr %ctx, ptr %data{''.join(f', {p} %a{i}' for i, p in enumerate(params))}) {{"]
        u = underlying(t)
        recv_t = fn.recv
        if is_pointer_shaped(t) and not isinstance(u, Pointer):
            recv = "%data"
            recv_lt = "ptr"
        else:
            # an address view: data points at the value (boxed t, or *S's pointee)
            cur_t = u.elem if isinstance(u, Pointer) else t
            cur = "%data"
            k = 0
            for step, idx in enumerate(sel.path):
                st = underlying(cur_t)
                assert isinstance(st, Struct)
                ft = st.fields[idx].type
                nxt = f"%w{k}"
                k += 1
                lines.append(f"  {nxt} = getelementptr inbounds {ltype(cur_t)}, ptr {cur}, i32 0, i32 {idx}")
                cur, cur_t = nxt, ft
                if isinstance(underlying(ft), Pointer):
                    ld = f"%w{k}"
                    k += 1
                    lines.append(f"  {ld} = load ptr, ptr {cur}")
                    cur, cur_t = ld, underlying(ft).elem
            if fn.recv is not None and isinstance(underlying(fn.recv), Pointer):
                recv, recv_lt = cur, "ptr"
            else:
                recv_lt = ltype(recv_t)
                lines.append("  %isnil = icmp eq ptr " + cur + ", null")
                lines.append("  br i1 %isnil, label %nil, label %ok")
                lines.append("nil:")
                lines.append("  call void @goo_panic_nil(ptr %ctx, ptr null)")
                lines.append("  unreachable")
                lines.append("ok:")
                lines.append(f"  %recv = load {recv_lt}, ptr {cur}")
                recv = "%recv"
        args = ", ".join(["ptr %ctx", "ptr null", f"{recv_lt} {recv}"] + [f"{p} %a{i}" for i, p in enumerate(params)])
        call = f"call {ret} {self.m.func_symbol(fn)}({args})"
        if ret == "void":
            lines += [f"  {call}", "  ret void", "}"]
        else:
            lines += [f"  %r = {call}", f"  ret {ret} %r", "}"]
        self.pending.append("\n".join(lines))
        return sym

    # ---- equality and hashing --------------------------------------------------------------------
    def eq_fn(self, t: Type) -> str:
        n = self.tid(t)
        name = self.eqs.get(n)
        if name is None:
            name = f"@eq.{n}"
            self.eqs[n] = name
            from .rt_compare import equality_function
            self.pending.append(equality_function(self, t, name))
        return name

    def hash_fn(self, t: Type) -> str:
        n = self.tid(t)
        name = self.hashes.get(n)
        if name is None:
            name = f"@hash.{n}"
            self.hashes[n] = name
            from .rt_compare import hash_function
            self.pending.append(hash_function(self, t, name))
        return name

    # ---- maps -----------------------------------------------------------------------------------
    def map_fns(self, t: Type) -> str:
        n = self.tid(t)
        prefix = self.maps.get(n)
        if prefix is None:
            prefix = f"@map.{n}"
            self.maps[n] = prefix
            from .rt_map import map_functions
            self.pending.append(map_functions(self, t, prefix))
        return prefix

    # ---- defers ---------------------------------------------------------------------------------
    def defer_thunk(self, rec_t: str, callee: ir.Value, method: str | None, arg_types: list[Type]) -> str:
        """void(ctx, rec): load the call's operands from the record and make the call."""
        key = f"{rec_t}|{self.m.func_symbol(callee.func) if isinstance(callee, ir.FuncRef) else ltype(callee.type)}|{method}"
        found = self.thunks.get(key)
        if found is not None:
            return found
        sym = f"@defer.{len(self.thunks)}"
        self.thunks[key] = sym
        lines = [f"define internal void {sym}(ptr %ctx, ptr %rec) {{"]
        k = 2
        if not isinstance(callee, ir.FuncRef):
            lines.append(f"  %cp = getelementptr inbounds {rec_t}, ptr %rec, i32 0, i32 2")
            lines.append(f"  %callee = load {ltype(callee.type)}, ptr %cp")
            k = 3
        args = []
        for i, at in enumerate(arg_types):
            lt = ltype(at)
            lines.append(f"  %ap{i} = getelementptr inbounds {rec_t}, ptr %rec, i32 0, i32 {k + i}")
            lines.append(f"  %a{i} = load {lt}, ptr %ap{i}")
            args.append(f"{lt} %a{i}")
        if isinstance(callee, ir.FuncRef):
            sig = callee.func.sig
            ret = ltype(result_type(sig))
            lines.append(f"  call {ret} {self.m.func_symbol(callee.func)}({', '.join(['ptr %ctx', 'ptr null'] + args)})")
        elif method is not None:
            iface = underlying(callee.type)
            assert isinstance(iface, Interface)
            ms = iface.all_methods()
            k2 = [m.name for m in ms].index(method)
            ret = ltype(result_type(ms[k2].sig))
            lines += [f"  %itab = extractvalue {IFACE_T} %callee, 0", f"  %data = extractvalue {IFACE_T} %callee, 1",
                      "  %isnil = icmp eq ptr %itab, null", "  br i1 %isnil, label %nil, label %ok",
                      "nil:", "  call void @goo_panic_nil(ptr %ctx, ptr null)", "  unreachable", "ok:",
                      f"  %slot = getelementptr ptr, ptr %itab, i64 {k2 + 1}", "  %code = load ptr, ptr %slot",
                      f"  call {ret} %code({', '.join(['ptr %ctx', 'ptr %data'] + args)})"]
        else:
            sig = underlying(callee.type)
            assert isinstance(sig, Signature)
            ret = ltype(result_type(sig))
            lines += ["  %isnil = icmp eq ptr %callee, null", "  br i1 %isnil, label %nil, label %ok",
                      "nil:", "  call void @goo_panic_nil(ptr %ctx, ptr null)", "  unreachable", "ok:",
                      "  %code = load ptr, ptr %callee",
                      f"  call {ret} %code({', '.join(['ptr %ctx', 'ptr %callee'] + args)})"]
        lines += ["  ret void", "}"]
        self.pending.append("\n".join(lines))
        return sym

    # ---- reflection -----------------------------------------------------------------------------
    def need_reflection(self) -> None:
        if not self.reflection:
            self.reflection = True
            from .rt_reflect import REFLECT_IR
            self.emit(REFLECT_IR)


__all__ = ["TypeRuntime", "rt_kind", "zero_text", "sizeof_ltype", "DESCRIPTOR_T", "Named"]
