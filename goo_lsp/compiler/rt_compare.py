"""Generated equality and hash functions per comparable type (spec §6.2 comparability):
`i1 @eq.N(ptr ctx, ptr a, ptr b)` and `i64 @hash.N(ptr ctx, ptr p, i64 seed)`.

Invariants: equal values hash equally (floats: +0 and -0 hash alike; NaN never equals itself so
its hash is irrelevant); interfaces compare and hash through their dynamic type's functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .llvm_types import IFACE_T, STRING_T, enum_slot, ltype
from .types import (
    Array,
    Basic,
    Enum,
    ErrorUnion,
    Interface,
    Nullable,
    Struct,
    Tuple,
    Type,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .rt_types import TypeRuntime


class _Body:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.n = 0

    def tmp(self) -> str:
        self.n += 1
        return f"%x{self.n}"

    def label(self) -> str:
        self.n += 1
        return f"L{self.n}"

    def add(self, text: str) -> None:
        self.lines.append("  " + text if not text.endswith(":") else text)


def _parts(t: Type) -> list[Type] | None:
    u = underlying(t)
    if isinstance(u, Struct):
        return [f.type for f in u.fields]
    if isinstance(u, Tuple):
        return list(u.types)
    if isinstance(u, ErrorUnion):
        from .objects import ERROR_TYPE
        return [u.elem, ERROR_TYPE]
    return None


def _iface_words(b: _Body, t: Type, p: str) -> tuple[str, str]:
    """(descriptor, data) of the interface value stored at p."""
    v, w, d = b.tmp(), b.tmp(), b.tmp()
    b.add(f"{v} = load {IFACE_T}, ptr {p}")
    b.add(f"{w} = extractvalue {IFACE_T} {v}, 0")
    b.add(f"{d} = extractvalue {IFACE_T} {v}, 1")
    u = underlying(t)
    if isinstance(u, Interface) and u.all_methods():
        nil, safe, td0, td = b.tmp(), b.tmp(), b.tmp(), b.tmp()
        b.add(f"{nil} = icmp eq ptr {w}, null")
        b.add(f"{safe} = select i1 {nil}, ptr @goo_zerobase, ptr {w}")
        b.add(f"{td0} = load ptr, ptr {safe}")
        b.add(f"{td} = select i1 {nil}, ptr null, ptr {td0}")
        return td, d
    return w, d


def equality_function(tr: "TypeRuntime", t: Type, name: str) -> str:
    b = _Body()
    u = underlying(t)
    lt = ltype(t)
    result = _eq_value(tr, b, t, "%a", "%b")
    head = f"define internal i1 {name}(ptr %ctx, ptr %a, ptr %b) {{"
    return "\n".join([head, "entry:"] + b.lines + [f"  ret i1 {result}", "}"]) if lt else ""


def _eq_value(tr: "TypeRuntime", b: _Body, t: Type, pa: str, pb: str) -> str:
    """Emit code comparing the values at pa and pb; returns an i1 operand."""
    u = underlying(t)
    lt = ltype(t)
    if isinstance(u, Basic):
        x, y, r = b.tmp(), b.tmp(), b.tmp()
        b.add(f"{x} = load {lt}, ptr {pa}")
        b.add(f"{y} = load {lt}, ptr {pb}")
        if lt == STRING_T:
            b.add(f"{r} = call i1 @goo_streq({STRING_T} {x}, {STRING_T} {y})")
        elif lt in ("float", "double"):
            b.add(f"{r} = fcmp oeq {lt} {x}, {y}")
        else:
            b.add(f"{r} = icmp eq {lt} {x}, {y}")
        return r
    if lt == "ptr":
        x, y, r = b.tmp(), b.tmp(), b.tmp()
        b.add(f"{x} = load ptr, ptr {pa}")
        b.add(f"{y} = load ptr, ptr {pb}")
        b.add(f"{r} = icmp eq ptr {x}, {y}")
        return r
    if isinstance(u, Interface):
        t1, d1 = _iface_words(b, t, pa)
        t2, d2 = _iface_words(b, t, pb)
        r = b.tmp()
        b.add(f"{r} = call i1 @goo_iface_eq(ptr %ctx, ptr {t1}, ptr {d1}, ptr {t2}, ptr {d2})")
        return r
    parts = _parts(t)
    if parts is not None or isinstance(u, (Array, Nullable, Enum)):
        fn = tr.eq_fn(t) if (pa, pb) != ("%a", "%b") else None
        if fn is not None:
            r = b.tmp()
            b.add(f"{r} = call i1 {fn}(ptr %ctx, ptr {pa}, ptr {pb})")
            return r
    # the body of this type's own function: structural comparison
    res = b.tmp()
    b.add(f"{res} = alloca i1")
    b.add(f"store i1 false, ptr {res}")
    done = b.label()
    if parts is not None:
        for i, ft in enumerate(parts):
            fa, fb = b.tmp(), b.tmp()
            b.add(f"{fa} = getelementptr inbounds {lt}, ptr {pa}, i32 0, i32 {i}")
            b.add(f"{fb} = getelementptr inbounds {lt}, ptr {pb}, i32 0, i32 {i}")
            r = _field_eq(tr, b, ft, fa, fb)
            nxt = b.label()
            b.add(f"br i1 {r}, label %{nxt}, label %{done}")
            b.add(f"{nxt}:")
        b.add(f"store i1 true, ptr {res}")
        b.add(f"br label %{done}")
    elif isinstance(u, Array):
        loop, body, ok = b.label(), b.label(), b.label()
        i = b.tmp()
        entry_label = _current_label(b)
        b.add(f"br label %{loop}")
        b.add(f"{loop}:")
        nxt = b.tmp()
        b.add(f"{i} = phi i64 [ 0, %{entry_label} ], [ {nxt}, %{ok} ]")
        more = b.tmp()
        b.add(f"{more} = icmp slt i64 {i}, {u.length}")
        all_eq = b.label()
        b.add(f"br i1 {more}, label %{body}, label %{all_eq}")
        b.add(f"{body}:")
        ea, eb = b.tmp(), b.tmp()
        b.add(f"{ea} = getelementptr inbounds {lt}, ptr {pa}, i64 0, i64 {i}")
        b.add(f"{eb} = getelementptr inbounds {lt}, ptr {pb}, i64 0, i64 {i}")
        r = _field_eq(tr, b, u.elem, ea, eb)
        b.add(f"br i1 {r}, label %{ok}, label %{done}")
        b.add(f"{ok}:")
        b.add(f"{nxt} = add i64 {i}, 1")
        b.add(f"br label %{loop}")
        b.add(f"{all_eq}:")
        b.add(f"store i1 true, ptr {res}")
        b.add(f"br label %{done}")
    elif isinstance(u, Nullable):
        fa, fb, x, y = b.tmp(), b.tmp(), b.tmp(), b.tmp()
        b.add(f"{fa} = getelementptr inbounds {lt}, ptr {pa}, i32 0, i32 1")
        b.add(f"{fb} = getelementptr inbounds {lt}, ptr {pb}, i32 0, i32 1")
        b.add(f"{x} = load i1, ptr {fa}")
        b.add(f"{y} = load i1, ptr {fb}")
        same, both, cmp = b.tmp(), b.label(), b.label()
        b.add(f"{same} = icmp eq i1 {x}, {y}")
        b.add(f"br i1 {same}, label %{both}, label %{done}")
        b.add(f"{both}:")
        b.add(f"store i1 true, ptr {res}")
        b.add(f"br i1 {x}, label %{cmp}, label %{done}")
        b.add(f"{cmp}:")
        ea, eb = b.tmp(), b.tmp()
        b.add(f"{ea} = getelementptr inbounds {lt}, ptr {pa}, i32 0, i32 0")
        b.add(f"{eb} = getelementptr inbounds {lt}, ptr {pb}, i32 0, i32 0")
        r = _field_eq(tr, b, u.elem, ea, eb)
        b.add(f"store i1 {r}, ptr {res}")
        b.add(f"br label %{done}")
    elif isinstance(u, Enum):
        ta, tb, x, y, same = b.tmp(), b.tmp(), b.tmp(), b.tmp(), b.tmp()
        b.add(f"{ta} = getelementptr inbounds {lt}, ptr {pa}, i32 0, i32 0")
        b.add(f"{tb} = getelementptr inbounds {lt}, ptr {pb}, i32 0, i32 0")
        b.add(f"{x} = load i64, ptr {ta}")
        b.add(f"{y} = load i64, ptr {tb}")
        b.add(f"{same} = icmp eq i64 {x}, {y}")
        sw = b.label()
        b.add(f"br i1 {same}, label %{sw}, label %{done}")
        b.add(f"{sw}:")
        cases = [(v.index, b.label()) for v in u.variants]
        b.add(f"switch i64 {x}, label %{done} [ " + " ".join(f"i64 {i}, label %{lab}" for i, lab in cases) + " ]")
        for v, (_, lab) in zip(u.variants, cases):
            b.add(f"{lab}:")
            for k, f in enumerate(v.fields):
                slot = enum_slot(u, v.index, k)
                fa, fb = b.tmp(), b.tmp()
                b.add(f"{fa} = getelementptr inbounds {lt}, ptr {pa}, i32 0, i32 {slot}")
                b.add(f"{fb} = getelementptr inbounds {lt}, ptr {pb}, i32 0, i32 {slot}")
                r = _field_eq(tr, b, f.type, fa, fb)
                nxt = b.label()
                b.add(f"br i1 {r}, label %{nxt}, label %{done}")
                b.add(f"{nxt}:")
            b.add(f"store i1 true, ptr {res}")
            b.add(f"br label %{done}")
    b.add(f"{done}:")
    out = b.tmp()
    b.add(f"{out} = load i1, ptr {res}")
    return out


def _current_label(b: _Body) -> str:
    for line in reversed(b.lines):
        if line.endswith(":") and not line.startswith("  "):
            return line[:-1]
    return "entry"


def _field_eq(tr: "TypeRuntime", b: _Body, t: Type, pa: str, pb: str) -> str:
    u = underlying(t)
    if isinstance(u, Basic) or ltype(t) == "ptr" or isinstance(u, Interface):
        return _eq_value(tr, b, t, pa, pb)
    r = b.tmp()
    b.add(f"{r} = call i1 {tr.eq_fn(t)}(ptr %ctx, ptr {pa}, ptr {pb})")
    return r


# ---- hashing --------------------------------------------------------------------------------------
def hash_function(tr: "TypeRuntime", t: Type, name: str) -> str:
    b = _Body()
    h = _hash_into(tr, b, t, "%p", "%seed", top=True)
    return "\n".join([f"define internal i64 {name}(ptr %ctx, ptr %p, i64 %seed) {{", "entry:"] + b.lines
                     + [f"  ret i64 {h}", "}"])


def _hash_into(tr: "TypeRuntime", b: _Body, t: Type, p: str, seed: str, top: bool = False) -> str:
    u = underlying(t)
    lt = ltype(t)
    if isinstance(u, Basic):
        x, r = b.tmp(), b.tmp()
        b.add(f"{x} = load {lt}, ptr {p}")
        if lt == STRING_T:
            b.add(f"{r} = call i64 @goo_hash_str({STRING_T} {x}, i64 {seed})")
            return r
        if lt in ("float", "double"):
            d = x
            if lt == "float":
                d = b.tmp()
                b.add(f"{d} = fpext float {x} to double")
            z, bits, clean = b.tmp(), b.tmp(), b.tmp()
            b.add(f"{z} = fcmp oeq double {d}, 0.0")
            b.add(f"{bits} = bitcast double {d} to i64")
            b.add(f"{clean} = select i1 {z}, i64 0, i64 {bits}")
            b.add(f"{r} = call i64 @goo_hash_mix(i64 {seed}, i64 {clean})")
            return r
        w = x
        if lt != "i64":
            w = b.tmp()
            b.add(f"{w} = zext {lt} {x} to i64")
        b.add(f"{r} = call i64 @goo_hash_mix(i64 {seed}, i64 {w})")
        return r
    if lt == "ptr":
        x, w, r = b.tmp(), b.tmp(), b.tmp()
        b.add(f"{x} = load ptr, ptr {p}")
        b.add(f"{w} = ptrtoint ptr {x} to i64")
        b.add(f"{r} = call i64 @goo_hash_mix(i64 {seed}, i64 {w})")
        return r
    if isinstance(u, Interface):
        td, d = _iface_words(b, t, p)
        r = b.tmp()
        b.add(f"{r} = call i64 @goo_iface_hash(ptr %ctx, ptr {td}, ptr {d}, i64 {seed})")
        return r
    if not top:
        r = b.tmp()
        b.add(f"{r} = call i64 {tr.hash_fn(t)}(ptr %ctx, ptr {p}, i64 {seed})")
        return r
    parts = _parts(t)
    h = seed
    if parts is not None:
        for i, ft in enumerate(parts):
            fp = b.tmp()
            b.add(f"{fp} = getelementptr inbounds {lt}, ptr {p}, i32 0, i32 {i}")
            h = _hash_into(tr, b, ft, fp, h)
        return h
    if isinstance(u, Array):
        # arrays: hash every element in a loop
        acc = b.tmp()
        b.add(f"{acc} = alloca i64")
        b.add(f"store i64 {seed}, ptr {acc}")
        loop, body, done = b.label(), b.label(), b.label()
        start = _current_label(b)
        b.add(f"br label %{loop}")
        b.add(f"{loop}:")
        i, nxt = b.tmp(), b.tmp()
        b.add(f"{i} = phi i64 [ 0, %{start} ], [ {nxt}, %{body} ]")
        more = b.tmp()
        b.add(f"{more} = icmp slt i64 {i}, {u.length}")
        b.add(f"br i1 {more}, label %{body}, label %{done}")
        b.add(f"{body}:")
        ep, cur = b.tmp(), b.tmp()
        b.add(f"{ep} = getelementptr inbounds {lt}, ptr {p}, i64 0, i64 {i}")
        b.add(f"{cur} = load i64, ptr {acc}")
        hv = _hash_into(tr, b, u.elem, ep, cur)
        b.add(f"store i64 {hv}, ptr {acc}")
        b.add(f"{nxt} = add i64 {i}, 1")
        b.add(f"br label %{loop}")
        b.add(f"{done}:")
        out = b.tmp()
        b.add(f"{out} = load i64, ptr {acc}")
        return out
    if isinstance(u, Nullable):
        fp, present = b.tmp(), b.tmp()
        b.add(f"{fp} = getelementptr inbounds {lt}, ptr {p}, i32 0, i32 1")
        b.add(f"{present} = load i1, ptr {fp}")
        acc = b.tmp()
        b.add(f"{acc} = alloca i64")
        b.add(f"store i64 {seed}, ptr {acc}")
        yes, done = b.label(), b.label()
        b.add(f"br i1 {present}, label %{yes}, label %{done}")
        b.add(f"{yes}:")
        ep = b.tmp()
        b.add(f"{ep} = getelementptr inbounds {lt}, ptr {p}, i32 0, i32 0")
        hv = _hash_into(tr, b, u.elem, ep, seed)
        b.add(f"store i64 {hv}, ptr {acc}")
        b.add(f"br label %{done}")
        b.add(f"{done}:")
        out = b.tmp()
        b.add(f"{out} = load i64, ptr {acc}")
        return out
    if isinstance(u, Enum):
        tp, tag, h0 = b.tmp(), b.tmp(), b.tmp()
        b.add(f"{tp} = getelementptr inbounds {lt}, ptr {p}, i32 0, i32 0")
        b.add(f"{tag} = load i64, ptr {tp}")
        b.add(f"{h0} = call i64 @goo_hash_mix(i64 {seed}, i64 {tag})")
        acc = b.tmp()
        b.add(f"{acc} = alloca i64")
        b.add(f"store i64 {h0}, ptr {acc}")
        done = b.label()
        cases = [(v.index, b.label()) for v in u.variants]
        b.add(f"switch i64 {tag}, label %{done} [ " + " ".join(f"i64 {i}, label %{lab}" for i, lab in cases) + " ]")
        for v, (_, lab) in zip(u.variants, cases):
            b.add(f"{lab}:")
            hv = h0
            for k, f in enumerate(v.fields):
                fp = b.tmp()
                b.add(f"{fp} = getelementptr inbounds {lt}, ptr {p}, i32 0, i32 {enum_slot(u, v.index, k)}")
                hv = _hash_into(tr, b, f.type, fp, hv)
            b.add(f"store i64 {hv}, ptr {acc}")
            b.add(f"br label %{done}")
        b.add(f"{done}:")
        out = b.tmp()
        b.add(f"{out} = load i64, ptr {acc}")
        return out
    raise TypeError(f"no hash for {t}")


__all__ = ["equality_function", "hash_function"]
