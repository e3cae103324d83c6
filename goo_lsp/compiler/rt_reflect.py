"""Reflection intrinsics of internal/rt (used by fmt), as LLVM IR over type descriptors.

Every function takes the goroutine context first, then the Goo arguments; an `any` is
{descriptor, data word}. Values of pointer-shaped types are the data word itself; others are
boxed and the data word points at them. Boxes are never written after they are made, so a
field, element or pointee can be returned as an interface pointing into the original storage
without copying (fmt reads it at once).
"""

from __future__ import annotations

REFLECT_IR = r"""
; box the value of descriptor %td stored at %addr as an interface
define internal { ptr, ptr } @goo_rt_box_at(ptr %td, ptr %addr) alwaysinline {
  %psp = getelementptr i8, ptr %td, i64 152
  %ps = load i64, ptr %psp
  %isps = icmp ne i64 %ps, 0
  br i1 %isps, label %word, label %boxed
word:
  %w = load ptr, ptr %addr
  %a0 = insertvalue { ptr, ptr } undef, ptr %td, 0
  %a1 = insertvalue { ptr, ptr } %a0, ptr %w, 1
  ret { ptr, ptr } %a1
boxed:
  %b0 = insertvalue { ptr, ptr } undef, ptr %td, 0
  %b1 = insertvalue { ptr, ptr } %b0, ptr %addr, 1
  ret { ptr, ptr } %b1
}

define internal ptr @goo_rt_TypeOf(ptr %ctx, { ptr, ptr } %x) {
  %t = extractvalue { ptr, ptr } %x, 0
  ret ptr %t
}

define internal { ptr, ptr } @goo_rt_field_of(ptr %fields, i64 %i, ptr %base) {
  %f = getelementptr { { ptr, i64 }, ptr, i64, i1 }, ptr %fields, i64 %i
  %tp = getelementptr i8, ptr %f, i64 16
  %ftd = load ptr, ptr %tp
  %op = getelementptr i8, ptr %f, i64 24
  %off = load i64, ptr %op
  %addr = getelementptr i8, ptr %base, i64 %off
  %r = call { ptr, ptr } @goo_rt_box_at(ptr %ftd, ptr %addr)
  ret { ptr, ptr } %r
}

define internal { ptr, ptr } @goo_rt_FieldValue(ptr %ctx, { ptr, ptr } %x, i64 %i) {
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %fp = getelementptr i8, ptr %td, i64 64
  %fields = load ptr, ptr %fp
  %r = call { ptr, ptr } @goo_rt_field_of(ptr %fields, i64 %i, ptr %data)
  ret { ptr, ptr } %r
}

define internal i64 @goo_rt_VariantOf(ptr %ctx, { ptr, ptr } %x) {
  %data = extractvalue { ptr, ptr } %x, 1
  %tag = load i64, ptr %data
  ret i64 %tag
}

define internal { ptr, ptr } @goo_rt_VariantField(ptr %ctx, { ptr, ptr } %x, i64 %i) {
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %tag = load i64, ptr %data
  %vp = getelementptr i8, ptr %td, i64 88
  %variants = load ptr, ptr %vp
  %v = getelementptr { { ptr, i64 }, { ptr, i64, i64 } }, ptr %variants, i64 %tag
  %vfp = getelementptr i8, ptr %v, i64 16
  %vfields = load ptr, ptr %vfp
  %r = call { ptr, ptr } @goo_rt_field_of(ptr %vfields, i64 %i, ptr %data)
  ret { ptr, ptr } %r
}

define internal i64 @goo_rt_kind(ptr %td) alwaysinline {
  %k = load i64, ptr %td
  ret i64 %k
}

define internal i64 @goo_rt_Len(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %k = load i64, ptr %td
  switch i64 %k, label %zero [ i64 15, label %hdr
                               i64 17, label %hdr
                               i64 18, label %arr
                               i64 20, label %map ]
hdr:
  %lp = getelementptr i8, ptr %data, i64 8
  %l = load i64, ptr %lp
  ret i64 %l
arr:
  %ap = getelementptr i8, ptr %td, i64 56
  %a = load i64, ptr %ap
  ret i64 %a
map:
  %m = call i64 @goo_map_len(ptr %data)
  ret i64 %m
zero:
  ret i64 0
}

define internal i64 @goo_rt_Cap(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %k = load i64, ptr %td
  %isslice = icmp eq i64 %k, 17
  br i1 %isslice, label %slice, label %other
slice:
  %cp = getelementptr i8, ptr %data, i64 16
  %c = load i64, ptr %cp
  ret i64 %c
other:
  %l = call i64 @goo_rt_Len(ptr %ctx, { ptr, ptr } %x)
  ret i64 %l
}

define internal { ptr, ptr } @goo_rt_Index(ptr %ctx, { ptr, ptr } %x, i64 %i) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %ep = getelementptr i8, ptr %td, i64 40
  %etd = load ptr, ptr %ep
  %sp = getelementptr i8, ptr %etd, i64 8
  %esize = load i64, ptr %sp
  %k = load i64, ptr %td
  %isslice = icmp eq i64 %k, 17
  br i1 %isslice, label %slice, label %array
slice:
  %base = load ptr, ptr %data
  br label %at
array:
  br label %at
at:
  %b = phi ptr [ %base, %slice ], [ %data, %array ]
  %off = mul i64 %i, %esize
  %addr = getelementptr i8, ptr %b, i64 %off
  %r = call { ptr, ptr } @goo_rt_box_at(ptr %etd, ptr %addr)
  ret { ptr, ptr } %r
}

define internal { ptr, i64, i64 } @goo_rt_MapKeys(ptr %ctx, { ptr, ptr } %x) {
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %fp = getelementptr i8, ptr %td, i64 160
  %fn = load ptr, ptr %fp
  %r = call { ptr, i64, i64 } %fn(ptr %ctx, ptr %data)
  ret { ptr, i64, i64 } %r
}

define internal { ptr, ptr } @goo_rt_MapIndex(ptr %ctx, { ptr, ptr } %x, { ptr, ptr } %k) {
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %fp = getelementptr i8, ptr %td, i64 168
  %fn = load ptr, ptr %fp
  %r = call { ptr, ptr } %fn(ptr %ctx, ptr %data, { ptr, ptr } %k)
  ret { ptr, ptr } %r
}

define internal { ptr, ptr } @goo_rt_Elem(ptr %ctx, { ptr, ptr } %x) {
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %ep = getelementptr i8, ptr %td, i64 40
  %etd = load ptr, ptr %ep
  %r = call { ptr, ptr } @goo_rt_box_at(ptr %etd, ptr %data)
  ret { ptr, ptr } %r
}

define internal i1 @goo_rt_IsNil(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %notype = icmp eq ptr %td, null
  br i1 %notype, label %yes, label %typed
typed:
  %k = load i64, ptr %td
  switch i64 %k, label %word [ i64 17, label %slice
                               i64 24, label %nullable ]
slice:
  %p = load ptr, ptr %data
  %sn = icmp eq ptr %p, null
  ret i1 %sn
nullable:
  %op = getelementptr i8, ptr %td, i64 56
  %off = load i64, ptr %op
  %fp = getelementptr i8, ptr %data, i64 %off
  %present = load i1, ptr %fp
  %absent = xor i1 %present, true
  ret i1 %absent
word:
  %wn = icmp eq ptr %data, null
  ret i1 %wn
yes:
  ret i1 true
}

define internal i64 @goo_rt_Int(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %sp = getelementptr i8, ptr %td, i64 8
  %size = load i64, ptr %sp
  switch i64 %size, label %s8 [ i64 1, label %s1
                                i64 2, label %s2
                                i64 4, label %s4 ]
s1:
  %a = load i8, ptr %data
  %ax = sext i8 %a to i64
  ret i64 %ax
s2:
  %b = load i16, ptr %data
  %bx = sext i16 %b to i64
  ret i64 %bx
s4:
  %c = load i32, ptr %data
  %cx = sext i32 %c to i64
  ret i64 %cx
s8:
  %d = load i64, ptr %data
  ret i64 %d
}

define internal i64 @goo_rt_Uint(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %sp = getelementptr i8, ptr %td, i64 8
  %size = load i64, ptr %sp
  switch i64 %size, label %s8 [ i64 1, label %s1
                                i64 2, label %s2
                                i64 4, label %s4 ]
s1:
  %a = load i8, ptr %data
  %ax = zext i8 %a to i64
  ret i64 %ax
s2:
  %b = load i16, ptr %data
  %bx = zext i16 %b to i64
  ret i64 %bx
s4:
  %c = load i32, ptr %data
  %cx = zext i32 %c to i64
  ret i64 %cx
s8:
  %d = load i64, ptr %data
  ret i64 %d
}

define internal double @goo_rt_Float(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %sp = getelementptr i8, ptr %td, i64 8
  %size = load i64, ptr %sp
  %single = icmp eq i64 %size, 4
  br i1 %single, label %f32, label %f64
f32:
  %a = load float, ptr %data
  %ax = fpext float %a to double
  ret double %ax
f64:
  %b = load double, ptr %data
  ret double %b
}

define internal i1 @goo_rt_Bool(ptr %ctx, { ptr, ptr } %x) {
  %data = extractvalue { ptr, ptr } %x, 1
  %b = load i1, ptr %data
  ret i1 %b
}

define internal { ptr, i64 } @goo_rt_String(ptr %ctx, { ptr, ptr } %x) {
  %data = extractvalue { ptr, ptr } %x, 1
  %s = load { ptr, i64 }, ptr %data
  ret { ptr, i64 } %s
}

define internal i64 @goo_rt_Pointer(ptr %ctx, { ptr, ptr } %x) {
entry:
  %td = extractvalue { ptr, ptr } %x, 0
  %data = extractvalue { ptr, ptr } %x, 1
  %k = load i64, ptr %td
  %isslice = icmp eq i64 %k, 17
  br i1 %isslice, label %slice, label %word
slice:
  %p = load ptr, ptr %data
  %pi = ptrtoint ptr %p to i64
  ret i64 %pi
word:
  %wi = ptrtoint ptr %data to i64
  ret i64 %wi
}

define internal { ptr, ptr } @goo_rt_Zero(ptr %ctx, ptr %t) {
entry:
  %k = load i64, ptr %t
  %isiface = icmp eq i64 %k, 23
  br i1 %isiface, label %nil, label %value
nil:
  ret { ptr, ptr } zeroinitializer
value:
  %psp = getelementptr i8, ptr %t, i64 152
  %ps = load i64, ptr %psp
  %isps = icmp ne i64 %ps, 0
  %sp = getelementptr i8, ptr %t, i64 8
  %size = load i64, ptr %sp
  %mem = call ptr @goo_alloc(i64 %size)
  %data = select i1 %isps, ptr null, ptr %mem
  %a0 = insertvalue { ptr, ptr } undef, ptr %t, 0
  %a1 = insertvalue { ptr, ptr } %a0, ptr %data, 1
  ret { ptr, ptr } %a1
}

define internal { ptr, ptr } @goo_rt_Convert(ptr %ctx, { ptr, ptr } %x, ptr %t) {
  %r = insertvalue { ptr, ptr } %x, ptr %t, 0
  ret { ptr, ptr } %r
}
"""

__all__ = ["REFLECT_IR"]
