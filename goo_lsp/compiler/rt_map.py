"""Hash maps, generated per (key, value) type as LLVM IR (spec §8 maps).

Design (like CPython's dict): an insertion-ordered array of entries {hash, key, value} and an
open-addressing index of i32 entry numbers (-1 empty), linear probing, at most half full.
A deleted entry keeps its slot with hash 0 (live hashes have the top bit set). When the entry
array is full it is rebuilt — compacted, and doubled unless at least half of it was deleted.

Header (64 bytes): 0 count, 8 used entries, 16 capacity, 24 entries, 32 index, 40 index mask,
48 hash seed (random per map), 56 iterated flag.

Iteration starts at a random entry and wraps around (Go's order is unspecified; programs must
not depend on it). An iterator walks the entry array it started on; if the map was rebuilt
meanwhile, each entry is looked up again so deleted entries are skipped and values are current.
Entry arrays of maps that were ever iterated are not reused (an iterator may still read them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .llvm_types import IFACE_T, SLICE_T, is_pointer_shaped, ltype, size_align
from .types import Basic, Kind, Map, Tuple, Type, underlying

if TYPE_CHECKING:  # pragma: no cover
    from .rt_types import TypeRuntime

_TEMPLATE = r"""
define internal i64 @{P}.hash(ptr %ctx, ptr %m, ptr %kp) alwaysinline {
  %sp = getelementptr i8, ptr %m, i64 48
  %seed = load i64, ptr %sp
  %h0 = call i64 {HASH}(ptr %ctx, ptr %kp, i64 %seed)
  %h = or i64 %h0, -9223372036854775808
  ret i64 %h
}

; entry number of the key at %kp with hash %h, or -1
define internal i64 @{P}.find(ptr %ctx, ptr %m, ptr %kp, i64 %h) {
entry:
  %ip = getelementptr i8, ptr %m, i64 32
  %index = load ptr, ptr %ip
  %none = icmp eq ptr %index, null
  br i1 %none, label %miss, label %start
start:
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %mp = getelementptr i8, ptr %m, i64 40
  %mask = load i64, ptr %mp
  %i0 = and i64 %h, %mask
  br label %loop
loop:
  %i = phi i64 [ %i0, %start ], [ %inext, %next ]
  %slotp = getelementptr i32, ptr %index, i64 %i
  %slot = load i32, ptr %slotp
  %empty = icmp eq i32 %slot, -1
  br i1 %empty, label %miss, label %probe
probe:
  %k = sext i32 %slot to i64
  %e = getelementptr {E}, ptr %entries, i64 %k
  %eh = load i64, ptr %e
  %same = icmp eq i64 %eh, %h
  br i1 %same, label %cmp, label %next
cmp:
  %ekp = getelementptr {E}, ptr %e, i32 0, i32 1
  %eq = call i1 {EQ}(ptr %ctx, ptr %ekp, ptr %kp)
  br i1 %eq, label %hit, label %next
hit:
  ret i64 %k
next:
  %i1 = add i64 %i, 1
  %inext = and i64 %i1, %mask
  br label %loop
miss:
  ret i64 -1
}

; rebuild with room for %want entries: live entries are compacted in order
define internal void @{P}.resize(ptr %m, i64 %want) {
entry:
  %small = icmp slt i64 %want, 8
  %cap = select i1 %small, i64 8, i64 %want
  %bytes = mul i64 %cap, {ES}
  %newe = call ptr @goo_alloc(i64 %bytes)
  %cap2 = shl i64 %cap, 1
  %lz = call i64 @llvm.ctlz.i64(i64 %cap2, i1 false)
  %bits = sub i64 64, %lz
  %nidx = shl i64 1, %bits
  %ibytes = mul i64 %nidx, 4
  %newi = call ptr @goo_alloc(i64 %ibytes)
  call void @llvm.memset.p0.i64(ptr %newi, i8 -1, i64 %ibytes, i1 false)
  %mask = sub i64 %nidx, 1
  %ep = getelementptr i8, ptr %m, i64 24
  %olde = load ptr, ptr %ep
  %up = getelementptr i8, ptr %m, i64 8
  %used = load i64, ptr %up
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i2, %cont ]
  %j = phi i64 [ 0, %entry ], [ %j2, %cont ]
  %more = icmp slt i64 %i, %used
  br i1 %more, label %body, label %done
body:
  %src = getelementptr {E}, ptr %olde, i64 %i
  %h = load i64, ptr %src
  %live = icmp ne i64 %h, 0
  br i1 %live, label %copy, label %skip
copy:
  %dst = getelementptr {E}, ptr %newe, i64 %j
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 {ES}, i1 false)
  %s0 = and i64 %h, %mask
  br label %probe
probe:
  %s = phi i64 [ %s0, %copy ], [ %s2, %taken ]
  %sp = getelementptr i32, ptr %newi, i64 %s
  %sv = load i32, ptr %sp
  %free = icmp eq i32 %sv, -1
  br i1 %free, label %put, label %taken
taken:
  %s1 = add i64 %s, 1
  %s2 = and i64 %s1, %mask
  br label %probe
put:
  %j32 = trunc i64 %j to i32
  store i32 %j32, ptr %sp
  %jn = add i64 %j, 1
  br label %cont
skip:
  br label %cont
cont:
  %j2 = phi i64 [ %jn, %put ], [ %j, %skip ]
  %i2 = add i64 %i, 1
  br label %loop
done:
  %itp = getelementptr i8, ptr %m, i64 56
  %iterated = load i64, ptr %itp
  %reuse = icmp eq i64 %iterated, 0
  br i1 %reuse, label %freeold, label %install
freeold:
  %cp0 = getelementptr i8, ptr %m, i64 16
  %oldcap = load i64, ptr %cp0
  %oldbytes = mul i64 %oldcap, {ES}
  call void @goo_free(ptr %olde, i64 %oldbytes)
  %oip = getelementptr i8, ptr %m, i64 32
  %oldi = load ptr, ptr %oip
  %omp = getelementptr i8, ptr %m, i64 40
  %oldmask = load i64, ptr %omp
  %oldn = add i64 %oldmask, 1
  %oldib = mul i64 %oldn, 4
  %hasi = icmp ne ptr %oldi, null
  %oldib2 = select i1 %hasi, i64 %oldib, i64 0
  call void @goo_free(ptr %oldi, i64 %oldib2)
  br label %install
install:
  store ptr %newe, ptr %ep
  store i64 %j, ptr %up
  %cp = getelementptr i8, ptr %m, i64 16
  store i64 %cap, ptr %cp
  %ip = getelementptr i8, ptr %m, i64 32
  store ptr %newi, ptr %ip
  %mp = getelementptr i8, ptr %m, i64 40
  store i64 %mask, ptr %mp
  ret void
}

define internal ptr @{P}.new(i64 %hint) {
entry:
  %m = call ptr @goo_alloc(i64 64)
  %seed = call i64 @goo_rand()
  %sp = getelementptr i8, ptr %m, i64 48
  store i64 %seed, ptr %sp
  %want = icmp sgt i64 %hint, 0
  br i1 %want, label %pre, label %done
pre:
  call void @{P}.resize(ptr %m, i64 %hint)
  br label %done
done:
  ret ptr %m
}

define internal {V} @{P}.get(ptr %ctx, ptr %m, {K} %k) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %zero, label %look
look:
  %kp = alloca {K}
  store {K} %k, ptr %kp
  %h = call i64 @{P}.hash(ptr %ctx, ptr %m, ptr %kp)
  %i = call i64 @{P}.find(ptr %ctx, ptr %m, ptr %kp, i64 %h)
  %miss = icmp slt i64 %i, 0
  br i1 %miss, label %zero, label %hit
hit:
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %vp = getelementptr {E}, ptr %entries, i64 %i, i32 2
  %v = load {V}, ptr %vp
  ret {V} %v
zero:
  ret {V} {ZV}
}

define internal { {V}, i1 } @{P}.get2(ptr %ctx, ptr %m, {K} %k) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %zero, label %look
look:
  %kp = alloca {K}
  store {K} %k, ptr %kp
  %h = call i64 @{P}.hash(ptr %ctx, ptr %m, ptr %kp)
  %i = call i64 @{P}.find(ptr %ctx, ptr %m, ptr %kp, i64 %h)
  %miss = icmp slt i64 %i, 0
  br i1 %miss, label %zero, label %hit
hit:
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %vp = getelementptr {E}, ptr %entries, i64 %i, i32 2
  %v = load {V}, ptr %vp
  %r0 = insertvalue { {V}, i1 } undef, {V} %v, 0
  %r1 = insertvalue { {V}, i1 } %r0, i1 true, 1
  ret { {V}, i1 } %r1
zero:
  ret { {V}, i1 } zeroinitializer
}

define internal void @{P}.set(ptr %ctx, ptr %m, {K} %k, {V} %v, ptr %loc) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %nilmap, label %look
nilmap:
  call void @goo_panic_nilmap(ptr %ctx, ptr %loc)
  unreachable
look:
  %kp = alloca {K}
  store {K} %k, ptr %kp
  %h = call i64 @{P}.hash(ptr %ctx, ptr %m, ptr %kp)
  %i = call i64 @{P}.find(ptr %ctx, ptr %m, ptr %kp, i64 %h)
  %miss = icmp slt i64 %i, 0
  br i1 %miss, label %insert, label %update
update:
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %vp = getelementptr {E}, ptr %entries, i64 %i, i32 2
  store {V} %v, ptr %vp
  ret void
insert:
  %up = getelementptr i8, ptr %m, i64 8
  %used = load i64, ptr %up
  %cp = getelementptr i8, ptr %m, i64 16
  %cap = load i64, ptr %cp
  %full = icmp sge i64 %used, %cap
  br i1 %full, label %grow, label %append
grow:
  %count0 = load i64, ptr %m
  %twice = shl i64 %count0, 1
  %mostlydead = icmp slt i64 %twice, %cap
  %dbl = shl i64 %cap, 1
  %newcap = select i1 %mostlydead, i64 %cap, i64 %dbl
  call void @{P}.resize(ptr %m, i64 %newcap)
  br label %append
append:
  %used2 = load i64, ptr %up
  %ep2 = getelementptr i8, ptr %m, i64 24
  %entries2 = load ptr, ptr %ep2
  %e = getelementptr {E}, ptr %entries2, i64 %used2
  store i64 %h, ptr %e
  %ekp = getelementptr {E}, ptr %e, i32 0, i32 1
  store {K} %k, ptr %ekp
  %evp = getelementptr {E}, ptr %e, i32 0, i32 2
  store {V} %v, ptr %evp
  %ip = getelementptr i8, ptr %m, i64 32
  %index = load ptr, ptr %ip
  %mp = getelementptr i8, ptr %m, i64 40
  %mask = load i64, ptr %mp
  %s0 = and i64 %h, %mask
  br label %probe
probe:
  %s = phi i64 [ %s0, %append ], [ %s2, %taken ]
  %sp = getelementptr i32, ptr %index, i64 %s
  %sv = load i32, ptr %sp
  %free = icmp eq i32 %sv, -1
  br i1 %free, label %put, label %taken
taken:
  %s1 = add i64 %s, 1
  %s2 = and i64 %s1, %mask
  br label %probe
put:
  %u32 = trunc i64 %used2 to i32
  store i32 %u32, ptr %sp
  %used3 = add i64 %used2, 1
  store i64 %used3, ptr %up
  %count = load i64, ptr %m
  %count2 = add i64 %count, 1
  store i64 %count2, ptr %m
  ret void
}

define internal void @{P}.del(ptr %ctx, ptr %m, {K} %k) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %done, label %look
look:
  %kp = alloca {K}
  store {K} %k, ptr %kp
  %h = call i64 @{P}.hash(ptr %ctx, ptr %m, ptr %kp)
  %i = call i64 @{P}.find(ptr %ctx, ptr %m, ptr %kp, i64 %h)
  %miss = icmp slt i64 %i, 0
  br i1 %miss, label %done, label %hit
hit:
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %e = getelementptr {E}, ptr %entries, i64 %i
  store {E} zeroinitializer, ptr %e
  %count = load i64, ptr %m
  %count2 = sub i64 %count, 1
  store i64 %count2, ptr %m
  br label %done
done:
  ret void
}

define internal void @{P}.clear(ptr %m) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %done, label %go
go:
  store i64 0, ptr %m
  %up = getelementptr i8, ptr %m, i64 8
  %used = load i64, ptr %up
  store i64 0, ptr %up
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %eb = mul i64 %used, {ES}
  call void @llvm.memset.p0.i64(ptr %entries, i8 0, i64 %eb, i1 false)
  %ip = getelementptr i8, ptr %m, i64 32
  %index = load ptr, ptr %ip
  %hasi = icmp ne ptr %index, null
  br i1 %hasi, label %wipe, label %done
wipe:
  %mp = getelementptr i8, ptr %m, i64 40
  %mask = load i64, ptr %mp
  %n = add i64 %mask, 1
  %ib = mul i64 %n, 4
  call void @llvm.memset.p0.i64(ptr %index, i8 -1, i64 %ib, i1 false)
  br label %done
done:
  ret void
}

; iterator: 0 map, 8 entries, 16 count of entries at start, 24 start, 32 steps taken
define internal ptr @{P}.iter(ptr %m) {
entry:
  %it = call ptr @goo_alloc(i64 40)
  store ptr %m, ptr %it
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %done, label %go
go:
  %itp = getelementptr i8, ptr %m, i64 56
  store i64 1, ptr %itp
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  %up = getelementptr i8, ptr %m, i64 8
  %used = load i64, ptr %up
  %e2 = getelementptr i8, ptr %it, i64 8
  store ptr %entries, ptr %e2
  %n2 = getelementptr i8, ptr %it, i64 16
  store i64 %used, ptr %n2
  %any = icmp sgt i64 %used, 0
  br i1 %any, label %rand, label %done
rand:
  %r = call i64 @goo_rand()
  %start = urem i64 %r, %used
  %s2 = getelementptr i8, ptr %it, i64 24
  store i64 %start, ptr %s2
  br label %done
done:
  ret ptr %it
}

define internal { i1, {K}, {V} } @{P}.next(ptr %ctx, ptr %it) {
entry:
  %m = load ptr, ptr %it
  %e2 = getelementptr i8, ptr %it, i64 8
  %entries = load ptr, ptr %e2
  %n2 = getelementptr i8, ptr %it, i64 16
  %n = load i64, ptr %n2
  %s2 = getelementptr i8, ptr %it, i64 24
  %start = load i64, ptr %s2
  %k2 = getelementptr i8, ptr %it, i64 32
  br label %loop
loop:
  %k = load i64, ptr %k2
  %end = icmp sge i64 %k, %n
  br i1 %end, label %finished, label %step
step:
  %k1 = add i64 %k, 1
  store i64 %k1, ptr %k2
  %p0 = add i64 %start, %k
  %wrap = icmp sge i64 %p0, %n
  %p1 = sub i64 %p0, %n
  %pos = select i1 %wrap, i64 %p1, i64 %p0
  %e = getelementptr {E}, ptr %entries, i64 %pos
  %h = load i64, ptr %e
  %dead = icmp eq i64 %h, 0
  br i1 %dead, label %loop, label %live
live:
  %ekp = getelementptr {E}, ptr %e, i32 0, i32 1
  %key = load {K}, ptr %ekp
  %mep = getelementptr i8, ptr %m, i64 24
  %cur = load ptr, ptr %mep
  %same = icmp eq ptr %cur, %entries
  br i1 %same, label %direct, label %relook
direct:
  %evp = getelementptr {E}, ptr %e, i32 0, i32 2
  %val = load {V}, ptr %evp
  br label %yield
relook:
  %i = call i64 @{P}.find(ptr %ctx, ptr %m, ptr %ekp, i64 %h)
  %gone = icmp slt i64 %i, 0
  br i1 %gone, label %loop, label %fresh
fresh:
  %fvp = getelementptr {E}, ptr %cur, i64 %i, i32 2
  %fval = load {V}, ptr %fvp
  br label %yield
yield:
  %v = phi {V} [ %val, %direct ], [ %fval, %fresh ]
  %r0 = insertvalue { i1, {K}, {V} } undef, i1 true, 0
  %r1 = insertvalue { i1, {K}, {V} } %r0, {K} %key, 1
  %r2 = insertvalue { i1, {K}, {V} } %r1, {V} %v, 2
  ret { i1, {K}, {V} } %r2
finished:
  ret { i1, {K}, {V} } zeroinitializer
}
"""

_REFLECT = r"""
; reflection (fmt): the keys as a []any, and a lookup by a boxed key
define internal { ptr, i64, i64 } @{P}.keys(ptr %ctx, ptr %m) {
entry:
  %nil = icmp eq ptr %m, null
  br i1 %nil, label %empty, label %go
empty:
  ret { ptr, i64, i64 } zeroinitializer
go:
  %count = load i64, ptr %m
  %bytes = mul i64 %count, 16
  %out = call ptr @goo_alloc(i64 %bytes)
  %up = getelementptr i8, ptr %m, i64 8
  %used = load i64, ptr %up
  %ep = getelementptr i8, ptr %m, i64 24
  %entries = load ptr, ptr %ep
  br label %loop
loop:
  %i = phi i64 [ 0, %go ], [ %i2, %cont ]
  %j = phi i64 [ 0, %go ], [ %j2, %cont ]
  %more = icmp slt i64 %i, %used
  br i1 %more, label %body, label %done
body:
  %e = getelementptr {E}, ptr %entries, i64 %i
  %h = load i64, ptr %e
  %live = icmp ne i64 %h, 0
  br i1 %live, label %take, label %skip
take:
  %kp = getelementptr {E}, ptr %e, i32 0, i32 1
{BOXKEY}
  %slot = getelementptr {IFACE}, ptr %out, i64 %j
  %a0 = insertvalue {IFACE} undef, ptr {KTD}, 0
  %a1 = insertvalue {IFACE} %a0, ptr %kdata, 1
  store {IFACE} %a1, ptr %slot
  %jn = add i64 %j, 1
  br label %cont
skip:
  br label %cont
cont:
  %j2 = phi i64 [ %jn, %take ], [ %j, %skip ]
  %i2 = add i64 %i, 1
  br label %loop
done:
  %r0 = insertvalue { ptr, i64, i64 } undef, ptr %out, 0
  %r1 = insertvalue { ptr, i64, i64 } %r0, i64 %j, 1
  %r2 = insertvalue { ptr, i64, i64 } %r1, i64 %j, 2
  ret { ptr, i64, i64 } %r2
}

define internal {IFACE} @{P}.index(ptr %ctx, ptr %m, {IFACE} %key) {
entry:
  %kd = extractvalue {IFACE} %key, 1
{UNBOXKEY}
  %v = call {V} @{P}.get(ptr %ctx, ptr %m, {K} %k)
{BOXVAL}
  %a0 = insertvalue {IFACE} undef, ptr {VTD}, 0
  %a1 = insertvalue {IFACE} %a0, ptr %vdata, 1
  ret {IFACE} %a1
}
"""


def _box_from_ptr(t: Type, src: str, out: str) -> str:
    """IR lines making `out` a data word for the value stored at `src` (a fresh box)."""
    if is_pointer_shaped(t):
        return f"  {out} = load ptr, ptr {src}"
    size = size_align(t)[0]
    if size == 0:
        return f"  {out} = getelementptr i8, ptr @goo_zerobase, i64 0"
    return (f"  {out} = call ptr @goo_alloc(i64 {size})\n"
            f"  call void @llvm.memcpy.p0.p0.i64(ptr {out}, ptr {src}, i64 {size}, i1 false)")


def map_functions(tr: "TypeRuntime", t: Type, prefix: str, reflect: bool = False) -> str:
    """The map's operations (or, with reflect, its reflection helpers .keys/.index)."""
    u = underlying(t)
    assert isinstance(u, Map)
    k, v = u.key, u.elem
    entry_t = Tuple((Basic(Kind.INT, "int"), k, v))
    from .rt_types import zero_text
    subst = {
        "{P}": prefix[1:], "{K}": ltype(k), "{V}": ltype(v), "{E}": ltype(entry_t),
        "{ES}": str(size_align(entry_t)[0]), "{HASH}": tr.hash_fn(k), "{EQ}": tr.eq_fn(k),
        "{ZV}": zero_text(v), "{IFACE}": IFACE_T,
    }
    text = _TEMPLATE if not reflect else ""
    if reflect:
        refl = _REFLECT
        refl = refl.replace("{BOXKEY}", _box_from_ptr(k, "%kp", "%kdata"))
        refl = refl.replace("{KTD}", tr.descriptor(k)).replace("{VTD}", tr.descriptor(v))
        if is_pointer_shaped(k):
            unbox = "  %k = getelementptr i8, ptr %kd, i64 0"
        else:
            unbox = f"  %k = load {ltype(k)}, ptr %kd"
        refl = refl.replace("{UNBOXKEY}", unbox)
        refl = refl.replace("{BOXVAL}", "  %vp = alloca {V}\n  store {V} %v, ptr %vp\n" + _box_from_ptr(v, "%vp", "%vdata"))
        text += refl
    for key, value in subst.items():
        text = text.replace(key, value)
    return text


__all__ = ["map_functions", "SLICE_T"]
