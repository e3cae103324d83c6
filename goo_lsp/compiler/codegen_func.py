"""FunctionEmitter: one Goo IR function -> LLVM IR text.

Memory, aggregates, calls, interfaces, control flow and the checks Go requires (nil, bounds)
are here; operators and conversions are in codegen_ops.py, builtins and intrinsics in
codegen_builtins.py.

Invariants:
- IR values are named `%t<id>`, parameters `%p<i>`, captured cells `%fv<i>`; helper values
  `%v<n>`. A check splits the current block: `br i1 %bad, label %panicN, label %okN`.
- The first LLVM block is the IR entry block (so its allocas are promotable), preceded by the
  prologue (captured cells, the defer mark).
- Unreachable IR blocks are not emitted.
"""

from __future__ import annotations

from . import ir
from .codegen import ModuleEmitter, function_params
from .codegen_builtins import BuiltinsMixin
from .codegen_ops import OpsMixin
from .llvm_types import (
    IFACE_T,
    SLICE_T,
    STRING_T,
    enum_slot,
    float_literal,
    is_pointer_shaped,
    is_signed,
    ltype,
    size_align,
)
from .lower import result_type
from .types import (
    Array,
    Basic,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    underlying,
)


class EmitError(Exception):
    pass


class FunctionEmitter(OpsMixin, BuiltinsMixin):
    def __init__(self, m: ModuleEmitter, fn: ir.Function) -> None:
        self.m = m
        self.fn = fn
        self.lines: list[str] = []
        self.n = 0
        self.dbg = ""
        self.alias: dict[int, str] = {}
        self.cur_label = "b0"
        self.cur_instr: ir.Instr | None = None
        pkg = fn.name.split(".", 1)[0]
        self.display_name = f"{pkg}.{fn.source_name}" if fn.source_name and not fn.source_name.startswith(pkg + ".") else fn.name

    # ---- text helpers ---------------------------------------------------------------------------
    def tmp(self, prefix: str = "v") -> str:
        self.n += 1
        return f"%{prefix}{self.n}"

    def line(self, text: str) -> None:
        self.lines.append("  " + text + self.dbg)

    def label(self, name: str) -> None:
        self.lines.append(f"{name}:")
        self.cur_label = name

    def new_label(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def loc(self) -> str:
        span = self.cur_instr.span if self.cur_instr is not None else self.fn.span
        return self.m.loc(self.display_name, self.fn.file, span)

    def check(self, bad: str, panic_call: str) -> None:
        """Branch to a panic when `bad` (an i1) is true."""
        fail = self.new_label("panic")
        ok = self.new_label("ok")
        self.line(f"br i1 {bad}, label %{fail}, label %{ok}, !prof {self.m.cold_branch()}")
        self.label(fail)
        self.line(panic_call)
        self.line("unreachable")
        self.label(ok)

    # ---- operands -------------------------------------------------------------------------------
    def v(self, value: ir.Value) -> str:
        match value:
            case ir.Instr():
                a = self.alias.get(value.id)
                return a if a is not None else f"%t{value.id}"
            case ir.Param():
                return f"%p{value.index}"
            case ir.FreeVar():
                return f"%fv{value.index}"
            case ir.Const():
                return self.const(value.type, value.value)
            case ir.FuncRef():
                return self.m.static_closure(value.func)
            case ir.GlobalRef():
                return self.m.global_symbol(value.glob)
        raise EmitError(f"no operand for {value!r}")

    def ty(self, value: ir.Value) -> str:
        return ltype(value.type)

    def tv(self, value: ir.Value) -> str:
        return f"{self.ty(value)} {self.v(value)}"

    def const(self, t: Type, value: object) -> str:
        lt = ltype(t)
        u = underlying(t)
        if value is None:
            if lt == "ptr":
                return "null"
            if lt.startswith("{") or lt.startswith("["):
                return "zeroinitializer"
            if lt in ("float", "double"):
                return "0.0"
            if lt == "i1":
                return "false"
            return "0"
        if isinstance(u, Basic):
            if lt == "i1":
                return "true" if value else "false"
            if lt in ("float", "double"):
                return float_literal(float(value), lt == "float")
            if u.kind in (Kind.STRING, Kind.UNTYPED_STRING):
                data = value if isinstance(value, bytes) else str(value).encode()
                return self.m.string_value(data)
            bits = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}[lt]
            iv = int(value) & ((1 << bits) - 1)
            if iv >= 1 << (bits - 1):
                iv -= 1 << bits
            return str(iv)
        if lt == "ptr":
            return "null"
        raise EmitError(f"no constant of type {t} for {value!r}")

    def as_i64(self, value: ir.Value) -> str:
        """An integer operand widened to i64 (sign- or zero-extended by its type)."""
        lt = self.ty(value)
        if lt == "i64":
            return self.v(value)
        r = self.tmp()
        op = "sext" if is_signed(value.type) else "zext"
        self.line(f"{r} = {op} {lt} {self.v(value)} to i64")
        return r

    # ---- the function ---------------------------------------------------------------------------
    def emit(self) -> str:
        fn = self.fn
        sig = fn.sig
        assert isinstance(sig, Signature)
        ret = ltype(result_type(sig))
        params = ["ptr %ctx", "ptr %env"]
        for i, t in enumerate(function_params(fn)):
            params.append(f"{ltype(t)} %p{i}")
        sp = self.m.subprogram(fn)
        attrs = f" !dbg {sp}" if sp is not None else ""
        head = f"define internal {ret} {self.m.func_symbol(fn)}({', '.join(params)}){attrs} {{"
        reachable = _reachable(fn)
        body_lines: list[str] = []
        for block in fn.blocks:
            if block.index not in reachable:
                continue
            self.label(f"b{block.index}")
            if block.index == 0:
                self.dbg = f", !dbg {self.m.diloc(fn, fn.span)}" if sp is not None else ""
                self.prologue()
            for ins in block.instrs:
                self.cur_instr = ins
                self.dbg = f", !dbg {self.m.diloc(fn, ins.span)}" if sp is not None else ""
                self.instr(ins)
            if not block.terminated:
                self.line("unreachable")
        body_lines = self.lines
        return head + "\n" + "\n".join(body_lines) + "\n}\n"

    def prologue(self) -> None:
        fn = self.fn
        for fv in fn.free_vars:
            p = self.tmp()
            self.line(f"{p} = getelementptr ptr, ptr %env, i64 {fv.index + 1}")
            self.line(f"%fv{fv.index} = load ptr, ptr {p}")
        if fn.has_defer:
            self.line("%dmark = load ptr, ptr %ctx")

    def instr(self, ins: ir.Instr) -> None:
        handler = getattr(self, "i_" + type(ins).__name__, None)
        if handler is None:
            raise EmitError(f"codegen: no handler for {type(ins).__name__}")
        handler(ins)

    def name(self, ins: ir.Instr) -> str:
        return f"%t{ins.id}"

    # ---- memory ---------------------------------------------------------------------------------
    def i_Alloc(self, ins: ir.Alloc) -> None:
        t = ltype(ins.elem)
        size, _ = size_align(ins.elem)
        if not ins.heap and ins.site not in self.m.plan.arena_allocs:
            self.line(f"{self.name(ins)} = alloca {t}")
            return
        if size == 0:
            self.alias[ins.id] = "@goo_zerobase"
            return
        if ins.arena or ins.site in self.m.plan.arena_allocs:
            self.line(f"{self.name(ins)} = call ptr @goo_arena_alloc(ptr %ctx, i64 {size})")
        else:
            self.line(f"{self.name(ins)} = call ptr @goo_alloc(i64 {size})")

    def i_Load(self, ins: ir.Load) -> None:
        self.line(f"{self.name(ins)} = load {ltype(ins.type)}, ptr {self.v(ins.ptr)}")

    def i_Store(self, ins: ir.Store) -> None:
        elem = underlying(ins.ptr.type).elem if isinstance(underlying(ins.ptr.type), Pointer) else ins.value.type
        self.line(f"store {ltype(elem)} {self.v(ins.value)}, ptr {self.v(ins.ptr)}")

    def known_nonnull(self, value: ir.Value) -> bool:
        if isinstance(value, (ir.Alloc, ir.GlobalRef, ir.FieldAddr, ir.IndexAddr, ir.FreeVar)):
            return True
        if isinstance(value, ir.Builtin) and value.name == "nilcheck":
            return True
        if isinstance(value, ir.Param) and self.fn.recv is not None and value.index == 0 and False:
            return True
        return False

    def nil_check(self, ptr: str) -> None:
        bad = self.tmp()
        self.line(f"{bad} = icmp eq ptr {ptr}, null")
        self.check(bad, f"call void @goo_panic_nil(ptr %ctx, ptr {self.loc()})")

    def i_FieldAddr(self, ins: ir.FieldAddr) -> None:
        base = self.v(ins.ptr)
        if not self.known_nonnull(ins.ptr):
            self.nil_check(base)
        pointee = underlying(ins.ptr.type).elem
        self.line(f"{self.name(ins)} = getelementptr inbounds {ltype(pointee)}, ptr {base}, i32 0, i32 {ins.index}")

    def i_Field(self, ins: ir.Field) -> None:
        self.line(f"{self.name(ins)} = extractvalue {self.tv(ins.value)}, {ins.index}")

    def bounds(self, index: str, length: str) -> None:
        bad = self.tmp()
        self.line(f"{bad} = icmp uge i64 {index}, {length}")
        self.check(bad, f"call void @goo_panic_index(ptr %ctx, i64 {index}, i64 {length}, ptr {self.loc()})")

    def i_IndexAddr(self, ins: ir.IndexAddr) -> None:
        bt = underlying(ins.base.type)
        idx = self.as_i64(ins.index)
        if isinstance(bt, Pointer):
            arr = underlying(bt.elem)
            assert isinstance(arr, Array)
            base = self.v(ins.base)
            if not self.known_nonnull(ins.base):
                self.nil_check(base)
            if not (isinstance(ins.index, ir.Const) and 0 <= int(ins.index.value) < arr.length):
                self.bounds(idx, str(arr.length))
            self.line(f"{self.name(ins)} = getelementptr inbounds {ltype(arr)}, ptr {base}, i64 0, i64 {idx}")
            return
        assert isinstance(bt, Slice), bt
        s = self.v(ins.base)
        p, n = self.tmp(), self.tmp()
        self.line(f"{p} = extractvalue {SLICE_T} {s}, 0")
        self.line(f"{n} = extractvalue {SLICE_T} {s}, 1")
        self.bounds(idx, n)
        self.line(f"{self.name(ins)} = getelementptr inbounds {ltype(bt.elem)}, ptr {p}, i64 {idx}")

    def i_StringIndex(self, ins: ir.StringIndex) -> None:
        s = self.v(ins.string)
        idx = self.as_i64(ins.index)
        p, n, a = self.tmp(), self.tmp(), self.tmp()
        self.line(f"{p} = extractvalue {STRING_T} {s}, 0")
        self.line(f"{n} = extractvalue {STRING_T} {s}, 1")
        self.bounds(idx, n)
        self.line(f"{a} = getelementptr inbounds i8, ptr {p}, i64 {idx}")
        self.line(f"{self.name(ins)} = load i8, ptr {a}")

    def i_SliceOp(self, ins: ir.SliceOp) -> None:
        xt = underlying(ins.x.type)
        x = self.v(ins.x)
        lo = self.as_i64(ins.lo) if ins.lo is not None else "0"
        if isinstance(xt, Basic):  # a string
            p, n = self.tmp(), self.tmp()
            self.line(f"{p} = extractvalue {STRING_T} {x}, 0")
            self.line(f"{n} = extractvalue {STRING_T} {x}, 1")
            hi = self.as_i64(ins.hi) if ins.hi is not None else n
            self.slice_checks(lo, hi, None, n, 1)
            q, ln, r0 = self.tmp(), self.tmp(), self.tmp()
            self.line(f"{q} = getelementptr inbounds i8, ptr {p}, i64 {lo}")
            self.line(f"{ln} = sub i64 {hi}, {lo}")
            self.line(f"{r0} = insertvalue {STRING_T} undef, ptr {q}, 0")
            self.line(f"{self.name(ins)} = insertvalue {STRING_T} {r0}, i64 {ln}, 1")
            return
        if isinstance(xt, Pointer):
            arr = underlying(xt.elem)
            assert isinstance(arr, Array)
            if not self.known_nonnull(ins.x):
                self.nil_check(x)
            p, length, cap, elem = x, str(arr.length), str(arr.length), arr.elem
        else:
            assert isinstance(xt, Slice), xt
            p, length, cap = self.tmp(), self.tmp(), self.tmp()
            self.line(f"{p} = extractvalue {SLICE_T} {x}, 0")
            self.line(f"{length} = extractvalue {SLICE_T} {x}, 1")
            self.line(f"{cap} = extractvalue {SLICE_T} {x}, 2")
            elem = xt.elem
        hi = self.as_i64(ins.hi) if ins.hi is not None else length
        mx = self.as_i64(ins.max) if ins.max is not None else cap
        self.slice_checks(lo, hi, mx if ins.max is not None else None, cap, 0)
        q, ln, cp, r0, r1 = self.tmp(), self.tmp(), self.tmp(), self.tmp(), self.tmp()
        self.line(f"{q} = getelementptr inbounds {ltype(elem)}, ptr {p}, i64 {lo}")
        self.line(f"{ln} = sub i64 {hi}, {lo}")
        self.line(f"{cp} = sub i64 {mx}, {lo}")
        self.line(f"{r0} = insertvalue {SLICE_T} undef, ptr {q}, 0")
        self.line(f"{r1} = insertvalue {SLICE_T} {r0}, i64 {ln}, 1")
        self.line(f"{self.name(ins)} = insertvalue {SLICE_T} {r1}, i64 {cp}, 2")

    def slice_checks(self, lo: str, hi: str, mx: str | None, limit: str, string_kind: int) -> None:
        """Go's order: the upper bounds against the capacity (or length), then lo <= hi."""
        loc = self.loc()
        if mx is not None:
            bad = self.tmp()
            self.line(f"{bad} = icmp ugt i64 {mx}, {limit}")
            self.check(bad, f"call void @goo_panic_slice(ptr %ctx, i64 3, i64 {mx}, i64 {limit}, ptr {loc})")
            bad2 = self.tmp()
            self.line(f"{bad2} = icmp ugt i64 {hi}, {mx}")
            self.check(bad2, f"call void @goo_panic_slice(ptr %ctx, i64 4, i64 {hi}, i64 {mx}, ptr {loc})")
            bad3 = self.tmp()
            self.line(f"{bad3} = icmp ugt i64 {lo}, {hi}")
            self.check(bad3, f"call void @goo_panic_slice(ptr %ctx, i64 5, i64 {lo}, i64 {hi}, ptr {loc})")
            return
        bad = self.tmp()
        self.line(f"{bad} = icmp ugt i64 {hi}, {limit}")
        self.check(bad, f"call void @goo_panic_slice(ptr %ctx, i64 {1 if string_kind else 0}, i64 {hi}, i64 {limit}, ptr {loc})")
        if lo != "0":
            bad2 = self.tmp()
            self.line(f"{bad2} = icmp ugt i64 {lo}, {hi}")
            self.check(bad2, f"call void @goo_panic_slice(ptr %ctx, i64 2, i64 {lo}, i64 {hi}, ptr {loc})")

    # ---- aggregates -----------------------------------------------------------------------------
    def build_aggregate(self, lt: str, values: list[tuple[int, str, str]], result: str, base: str = "undef") -> None:
        """insertvalue chain: values are (index, type, operand)."""
        if not values:
            self.alias_or_const(result, lt, "zeroinitializer" if base == "undef" else base)
            return
        cur = base
        for k, (index, t, operand) in enumerate(values):
            target = result if k == len(values) - 1 else self.tmp()
            self.line(f"{target} = insertvalue {lt} {cur}, {t} {operand}, {index}")
            cur = target

    def alias_or_const(self, result: str, lt: str, operand: str) -> None:
        self.line(f"{result} = select i1 true, {lt} {operand}, {lt} {operand}")

    def i_MakeStruct(self, ins: ir.MakeStruct) -> None:
        lt = ltype(ins.type)
        u = underlying(ins.type)
        if isinstance(u, Struct):
            types = [f.type for f in u.fields]
        elif isinstance(u, Tuple):
            types = list(u.types)
        elif isinstance(u, ErrorUnion):
            from .objects import ERROR_TYPE
            types = [u.elem, ERROR_TYPE]
        else:
            raise EmitError(f"MakeStruct of {ins.type}")
        values = [(i, ltype(t), self.v(v)) for i, (t, v) in enumerate(zip(types, ins.fields))]
        base = "zeroinitializer" if len(values) < len(types) else "undef"
        self.build_aggregate(lt, values, self.name(ins), base)

    def i_MakeSlice(self, ins: ir.MakeSlice) -> None:
        size, _ = size_align(ins.elem)
        n = self.as_i64(ins.len)
        c = self.as_i64(ins.cap)
        self.line(f"{self.name(ins)} = call {SLICE_T} @goo_makeslice(ptr %ctx, i64 {n}, i64 {c}, i64 {size}, ptr {self.loc()})")

    def i_MakeClosure(self, ins: ir.MakeClosure) -> None:
        n = len(ins.bindings)
        obj = self.name(ins)
        self.line(f"{obj} = call ptr @goo_alloc(i64 {8 * (n + 1)})")
        self.line(f"store ptr {self.m.func_symbol(ins.func)}, ptr {obj}")
        for i, cell in enumerate(ins.bindings):
            slot = self.tmp()
            self.line(f"{slot} = getelementptr ptr, ptr {obj}, i64 {i + 1}")
            self.line(f"store ptr {self.v(cell)}, ptr {slot}")

    # ---- Goo values ---------------------------------------------------------------------------
    def i_WrapNullable(self, ins: ir.WrapNullable) -> None:
        lt = ltype(ins.type)
        self.build_aggregate(lt, [(0, self.ty(ins.x), self.v(ins.x)), (1, "i1", "true")], self.name(ins))

    def i_NullablePresent(self, ins: ir.NullablePresent) -> None:
        self.line(f"{self.name(ins)} = extractvalue {self.tv(ins.x)}, 1")

    def i_UnwrapNullable(self, ins: ir.UnwrapNullable) -> None:
        self.line(f"{self.name(ins)} = extractvalue {self.tv(ins.x)}, 0")

    def i_MakeVariant(self, ins: ir.MakeVariant) -> None:
        e = underlying(ins.type)
        assert isinstance(e, Enum)
        variant = e.variants[ins.tag]
        values = [(0, "i64", str(ins.tag))]
        for i, (f, v) in enumerate(zip(variant.fields, ins.fields)):
            values.append((enum_slot(e, ins.tag, i), ltype(f.type), self.v(v)))
        self.build_aggregate(ltype(ins.type), values, self.name(ins), "zeroinitializer")

    def i_VariantTag(self, ins: ir.VariantTag) -> None:
        self.line(f"{self.name(ins)} = extractvalue {self.tv(ins.x)}, 0")

    def i_VariantField(self, ins: ir.VariantField) -> None:
        e = underlying(ins.x.type)
        assert isinstance(e, Enum)
        self.line(f"{self.name(ins)} = extractvalue {self.tv(ins.x)}, {enum_slot(e, ins.tag, ins.index)}")

    # ---- interfaces -----------------------------------------------------------------------------
    def box(self, value: ir.Value) -> str:
        """The data word of an interface holding `value`."""
        t = value.type
        if is_pointer_shaped(t):
            return self.v(value)
        size, _ = size_align(t)
        if size == 0:
            return "@goo_zerobase"
        if isinstance(value, ir.Const):
            return self.m.types.static_box(t, self.v(value))
        p = self.tmp()
        self.line(f"{p} = call ptr @goo_alloc(i64 {size})")
        self.line(f"store {self.tv(value)}, ptr {p}")
        return p

    def unbox(self, t: Type, data: str) -> str:
        if is_pointer_shaped(t):
            return data
        size, _ = size_align(t)
        r = self.tmp()
        if size == 0:
            return "zeroinitializer"
        self.line(f"{r} = load {ltype(t)}, ptr {data}")
        return r

    def i_MakeInterface(self, ins: ir.MakeInterface) -> None:
        iface = underlying(ins.type)
        assert isinstance(iface, Interface)
        concrete = ins.x.type
        if iface.all_methods():
            word = self.m.types.itab(concrete, ins.type)
        else:
            word = self.m.types.descriptor(concrete)
        data = self.box(ins.x)
        r0 = self.tmp()
        self.line(f"{r0} = insertvalue {IFACE_T} undef, ptr {word}, 0")
        self.line(f"{self.name(ins)} = insertvalue {IFACE_T} {r0}, ptr {data}, 1")

    def dynamic_type(self, x: ir.Value) -> tuple[str, str]:
        """(type descriptor, data word) of an interface value."""
        v = self.v(x)
        w, d = self.tmp(), self.tmp()
        self.line(f"{w} = extractvalue {IFACE_T} {v}, 0")
        self.line(f"{d} = extractvalue {IFACE_T} {v}, 1")
        iface = underlying(x.type)
        if isinstance(iface, Interface) and iface.all_methods():
            # the first word is an itab (or null): its first field is the descriptor
            nil = self.tmp()
            self.line(f"{nil} = icmp eq ptr {w}, null")
            safe = self.tmp()
            self.line(f"{safe} = select i1 {nil}, ptr @goo_zerobase, ptr {w}")
            td0 = self.tmp()
            self.line(f"{td0} = load ptr, ptr {safe}")
            td = self.tmp()
            self.line(f"{td} = select i1 {nil}, ptr null, ptr {td0}")
            return td, d
        return w, d

    def i_ChangeInterface(self, ins: ir.ChangeInterface) -> None:
        target = underlying(ins.type)
        assert isinstance(target, Interface)
        td, data = self.dynamic_type(ins.x)
        if target.all_methods():
            word = self.tmp()
            self.line(f"{word} = call ptr @goo_find_itab(ptr {td}, ptr {self.m.types.descriptor(ins.type)})")
        else:
            word = td
        r0 = self.tmp()
        self.line(f"{r0} = insertvalue {IFACE_T} undef, ptr {word}, 0")
        self.line(f"{self.name(ins)} = insertvalue {IFACE_T} {r0}, ptr {data}, 1")

    def i_TypeAssert(self, ins: ir.TypeAssert) -> None:
        td, data = self.dynamic_type(ins.x)
        t = ins.asserted
        tu = underlying(t)
        ok = self.tmp()
        if isinstance(tu, Interface):
            if tu.all_methods():
                word = self.tmp()
                self.line(f"{word} = call ptr @goo_find_itab(ptr {td}, ptr {self.m.types.descriptor(t)})")
            else:
                word = td
            self.line(f"{ok} = icmp ne ptr {word}, null")
            if not ins.comma_ok:
                self.assert_panic(ok, ins, td)
            r0, value = self.tmp(), self.tmp()
            self.line(f"{r0} = insertvalue {IFACE_T} undef, ptr {word}, 0")
            self.line(f"{value} = insertvalue {IFACE_T} {r0}, ptr {data}, 1")
        else:
            want = self.m.types.descriptor(t)
            self.line(f"{ok} = icmp eq ptr {td}, {want}")
            if not ins.comma_ok:
                self.assert_panic(ok, ins, td)
                value = self.unbox(t, data)
            else:
                # read the data only when the assertion holds
                safe = self.tmp()
                if is_pointer_shaped(t):
                    self.line(f"{safe} = select i1 {ok}, ptr {data}, ptr null")
                    value = safe
                elif size_align(t)[0] == 0:
                    value = "zeroinitializer"
                else:
                    zero = self.m.types.static_box(t, "zeroinitializer")
                    self.line(f"{safe} = select i1 {ok}, ptr {data}, ptr {zero}")
                    value = self.unbox(t, safe)
        if ins.comma_ok:
            lt = ltype(ins.type)
            self.build_aggregate(lt, [(0, ltype(t), value), (1, "i1", ok)], self.name(ins))
        else:
            self.alias_or_const(self.name(ins), ltype(t), value)

    def assert_panic(self, ok: str, ins: ir.TypeAssert, td: str) -> None:
        from .llvm_types import go_type_name
        bad = self.tmp()
        self.line(f"{bad} = xor i1 {ok}, true")
        static = self.m.string_value(go_type_name(ins.x.type).encode())
        want = self.m.string_value(go_type_name(ins.asserted).encode())
        iface = underlying(ins.asserted)
        if isinstance(iface, Interface) and iface.all_methods():
            method = self.m.string_value(iface.all_methods()[0].name.encode())
            fail = self.new_label("panic")
            okl = self.new_label("ok")
            self.line(f"br i1 {bad}, label %{fail}, label %{okl}")
            self.label(fail)
            isnil = self.tmp()
            self.line(f"{isnil} = icmp eq ptr {td}, null")
            nil_l, miss_l = self.new_label("nilv"), self.new_label("miss")
            self.line(f"br i1 {isnil}, label %{nil_l}, label %{miss_l}")
            self.label(nil_l)
            self.line(f"call void @goo_panic_assert(ptr %ctx, {STRING_T} {self.m.string_value(b'interface')}, ptr null, {STRING_T} {want}, ptr {self.loc()})")
            self.line("unreachable")
            self.label(miss_l)
            self.line(f"call void @goo_panic_missing(ptr %ctx, ptr {td}, {STRING_T} {want}, {STRING_T} {method}, ptr {self.loc()})")
            self.line("unreachable")
            self.label(okl)
            return
        self.check(bad, f"call void @goo_panic_assert(ptr %ctx, {STRING_T} {static}, ptr {td}, {STRING_T} {want}, ptr {self.loc()})")

    def i_TypeTest(self, ins: ir.TypeTest) -> None:
        td, _ = self.dynamic_type(ins.x)
        t = ins.tested
        if t is None:
            self.line(f"{self.name(ins)} = icmp eq ptr {td}, null")
            return
        tu = underlying(t)
        if isinstance(tu, Interface):
            if tu.all_methods():
                word = self.tmp()
                self.line(f"{word} = call ptr @goo_find_itab(ptr {td}, ptr {self.m.types.descriptor(t)})")
                self.line(f"{self.name(ins)} = icmp ne ptr {word}, null")
            else:
                self.line(f"{self.name(ins)} = icmp ne ptr {td}, null")
            return
        self.line(f"{self.name(ins)} = icmp eq ptr {td}, {self.m.types.descriptor(t)}")

    # ---- calls ----------------------------------------------------------------------------------
    def call_text(self, ret: str, callee: str, args: list[str]) -> str:
        return f"call {ret} {callee}({', '.join(['ptr %ctx'] + args)})"

    def i_Call(self, ins: ir.Call) -> None:
        ret = ltype(ins.type)
        args = [self.tv(a) for a in ins.args]
        lhs = f"{self.name(ins)} = " if ret != "void" else ""
        callee = ins.callee
        if ins.method is not None:
            iface = underlying(callee.type)
            assert isinstance(iface, Interface)
            methods = [m.name for m in iface.all_methods()]
            k = methods.index(ins.method)
            v = self.v(callee)
            itab, data = self.tmp(), self.tmp()
            self.line(f"{itab} = extractvalue {IFACE_T} {v}, 0")
            self.line(f"{data} = extractvalue {IFACE_T} {v}, 1")
            self.nil_check(itab)
            slot, code = self.tmp(), self.tmp()
            self.line(f"{slot} = getelementptr ptr, ptr {itab}, i64 {k + 1}")
            self.line(f"{code} = load ptr, ptr {slot}")
            self.line(lhs + f"call {ret} {code}({', '.join(['ptr %ctx', f'ptr {data}'] + args)})")
            return
        if isinstance(callee, ir.FuncRef):
            self.line(lhs + f"call {ret} {self.m.func_symbol(callee.func)}({', '.join(['ptr %ctx', 'ptr null'] + args)})")
            return
        clo = self.v(callee)
        self.nil_check(clo)
        code = self.tmp()
        self.line(f"{code} = load ptr, ptr {clo}")
        self.line(lhs + f"call {ret} {code}({', '.join(['ptr %ctx', f'ptr {clo}'] + args)})")

    def i_Defer(self, ins: ir.Defer) -> None:
        """Push a record with the evaluated callee and arguments; its thunk makes the call."""
        fields: list[str] = []
        operands: list[str] = []
        callee = ins.callee
        if ins.method is not None and ins.method.startswith("intrinsic:"):
            raise EmitError("defer of an intrinsic")
        if not isinstance(callee, ir.FuncRef):
            fields.append(ltype(callee.type))
            operands.append(self.v(callee))
        for a in ins.args:
            fields.append(self.ty(a))
            operands.append(self.v(a))
        rec_t = "{ " + ", ".join(["ptr", "ptr"] + fields) + " }"
        thunk = self.m.types.defer_thunk(rec_t, callee, ins.method, [a.type for a in ins.args])
        size = self.m.types.sizeof_ltype(rec_t)
        rec = self.tmp()
        self.line(f"{rec} = call ptr @goo_alloc(i64 {size})")
        tp = self.tmp()
        self.line(f"{tp} = getelementptr inbounds {rec_t}, ptr {rec}, i32 0, i32 1")
        self.line(f"store ptr {thunk}, ptr {tp}")
        for i, (ft, op) in enumerate(zip(fields, operands)):
            fp = self.tmp()
            self.line(f"{fp} = getelementptr inbounds {rec_t}, ptr {rec}, i32 0, i32 {i + 2}")
            self.line(f"store {ft} {op}, ptr {fp}")
        self.line(f"call void @goo_defer_push(ptr %ctx, ptr {rec})")

    def i_RunDefers(self, ins: ir.RunDefers) -> None:
        self.line("call void @goo_run_defers(ptr %ctx, ptr %dmark)")

    def i_Panic(self, ins: ir.Panic) -> None:
        text = self.tmp()
        fmt = self.m.types.panic_text_fn()
        self.line(f"{text} = call {STRING_T} {fmt}(ptr %ctx, ptr null, {self.tv(ins.value)})")
        self.line(f"call void @goo_panic_text(ptr %ctx, {STRING_T} {text}, ptr {self.loc()})")

    # ---- maps -----------------------------------------------------------------------------------
    def i_MakeMap(self, ins: ir.MakeMap) -> None:
        hint = self.as_i64(ins.hint) if ins.hint is not None else "0"
        fns = self.m.types.map_fns(ins.type)
        self.line(f"{self.name(ins)} = call ptr {fns}.new(i64 {hint})")

    def i_MapLookup(self, ins: ir.MapLookup) -> None:
        fns = self.m.types.map_fns(ins.map.type)
        mt = underlying(ins.map.type)
        assert isinstance(mt, Map)
        if ins.comma_ok:
            self.line(f"{self.name(ins)} = call {ltype(ins.type)} {fns}.get2(ptr %ctx, ptr {self.v(ins.map)}, {self.tv(ins.key)})")
        else:
            self.line(f"{self.name(ins)} = call {ltype(mt.elem)} {fns}.get(ptr %ctx, ptr {self.v(ins.map)}, {self.tv(ins.key)})")

    def i_MapUpdate(self, ins: ir.MapUpdate) -> None:
        fns = self.m.types.map_fns(ins.map.type)
        self.line(f"call void {fns}.set(ptr %ctx, ptr {self.v(ins.map)}, {self.tv(ins.key)}, {self.tv(ins.value)}, ptr {self.loc()})")

    def i_MapDelete(self, ins: ir.MapDelete) -> None:
        fns = self.m.types.map_fns(ins.map.type)
        self.line(f"call void {fns}.del(ptr %ctx, ptr {self.v(ins.map)}, {self.tv(ins.key)})")

    def i_MapIter(self, ins: ir.MapIter) -> None:
        fns = self.m.types.map_fns(ins.map.type)
        self.line(f"{self.name(ins)} = call ptr {fns}.iter(ptr {self.v(ins.map)})")

    def i_MapNext(self, ins: ir.MapNext) -> None:
        it = ins.iter
        assert isinstance(it, ir.MapIter)
        fns = self.m.types.map_fns(it.map.type)
        self.line(f"{self.name(ins)} = call {ltype(ins.type)} {fns}.next(ptr %ctx, ptr {self.v(it)})")

    # ---- arenas ---------------------------------------------------------------------------------
    def i_ArenaEnter(self, ins: ir.ArenaEnter) -> None:
        self.line("call void @goo_arena_enter(ptr %ctx)")

    def i_ArenaLeave(self, ins: ir.ArenaLeave) -> None:
        self.line("call void @goo_arena_leave(ptr %ctx)")

    # ---- control --------------------------------------------------------------------------------
    def i_Jump(self, ins: ir.Jump) -> None:
        self.line(f"br label %b{ins.target.index}")

    def i_If(self, ins: ir.If) -> None:
        self.line(f"br i1 {self.v(ins.cond)}, label %b{ins.then.index}, label %b{ins.else_.index}")

    def i_Return(self, ins: ir.Return) -> None:
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        rt = result_type(sig)
        if rt is None:
            self.line("ret void")
            return
        if len(sig.results) == 1:
            self.line(f"ret {ltype(rt)} {self.v(ins.values[0])}")
            return
        lt = ltype(rt)
        r = self.tmp()
        self.build_aggregate(lt, [(i, ltype(p.type), self.v(v)) for i, (p, v) in enumerate(zip(sig.results, ins.values))], r)
        self.line(f"ret {lt} {r}")

    def i_Unreachable(self, ins: ir.Unreachable) -> None:
        self.line("unreachable")


def _reachable(fn: ir.Function) -> set[int]:
    seen = {0}
    stack = [fn.blocks[0]] if fn.blocks else []
    while stack:
        b = stack.pop()
        for s in b.successors:
            if s.index not in seen:
                seen.add(s.index)
                stack.append(s)
    return seen


__all__ = ["FunctionEmitter", "EmitError", "Nullable"]
