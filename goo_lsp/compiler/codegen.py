"""Code generation: Goo IR (ir.Program) -> one LLVM module as text, with debug locations.

`ModuleEmitter` owns everything module-wide: symbol names, string constants, panic-site
locations, debug metadata (a DISubprogram per function, a DILocation per source position),
static closures of top-level functions used as values, and the per-type runtime (type
descriptors, itabs, equality/hash functions, maps — rt_types.py). `FunctionEmitter`
(codegen_func.py) turns one IR function into LLVM instructions.

Invariants:
- Every Goo function is `internal` and has the signature (ptr ctx, ptr env, params...) -> R,
  R being void, the result, or a struct of the results.
- Every emitted instruction of a Goo function carries `!dbg` (LLVM requires it on calls in a
  function with debug info, and profiles/remarks map back to source through it).
- The module is self-contained apart from libc symbols resolved by the JIT.
- `OptPlan` decisions are honoured here and nowhere else (plan.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import ir
from .llvm_types import ltype
from .plan import OptPlan
from .rt_core import RUNTIME_IR, STACK_SWITCH_ASM
from .source import LineIndex, Span
from .types import Signature, Type


def llvm_name(name: str) -> str:
    return '@"' + name.replace("\\", "\\5C").replace('"', "\\22") + '"'


def c_string(data: bytes) -> str:
    out = []
    for b in data:
        if 32 <= b < 127 and b not in (34, 92):
            out.append(chr(b))
        else:
            out.append("\\%02X" % b)
    return "".join(out)


@dataclass
class ModuleEmitter:
    program: ir.Program
    plan: OptPlan = field(default_factory=OptPlan)
    debug: bool = True

    def __post_init__(self) -> None:
        self.out: list[str] = []               # functions and globals, in emission order
        self.strings: dict[bytes, str] = {}
        self.locs: dict[tuple[str, str, int], str] = {}
        self.fn_names: dict[int, str] = {}
        self.static_closures: dict[int, str] = {}
        self.meta: list[str] = []              # metadata lines ("!N = ...")
        self._meta_n = 0
        self.files: dict[str, str] = {}        # path -> DIFile node
        self.subprograms: dict[int, str] = {}
        self.dilocs: dict[tuple[int, int, str], str] = {}
        self.line_index: dict[str, LineIndex] = {}
        self.cu: str | None = None
        self.globals: dict[int, str] = {}
        from .rt_types import TypeRuntime
        self.types = TypeRuntime(self)
        self._counter = 0
        self._cold: str | None = None

    # ---- names --------------------------------------------------------------------------------
    def fresh(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}.{self._counter}"

    def func_symbol(self, fn: ir.Function) -> str:
        name = self.fn_names.get(id(fn))
        if name is None:
            name = llvm_name(fn.name)
            self.fn_names[id(fn)] = name
        return name

    def global_symbol(self, g: ir.Global) -> str:
        name = self.globals.get(id(g))
        if name is None:
            name = llvm_name("var:" + g.name)
            self.globals[id(g)] = name
            init = "zeroinitializer"
            self.out.append(f"{name} = internal global {ltype(g.type)} {init}")
        return name

    def static_closure(self, fn: ir.Function) -> str:
        """A constant closure object for a top-level function used as a value."""
        name = self.static_closures.get(id(fn))
        if name is None:
            name = llvm_name(fn.name + "$closure")
            self.static_closures[id(fn)] = name
            self.out.append(f"{name} = internal constant {{ ptr }} {{ ptr {self.func_symbol(fn)} }}")
        return name

    # ---- constants ------------------------------------------------------------------------------
    def string_global(self, data: bytes) -> str:
        name = self.strings.get(data)
        if name is None:
            name = f"@.s.{len(self.strings)}"
            self.strings[data] = name
            self.out.append(f'{name} = private unnamed_addr constant [{len(data)} x i8] c"{c_string(data)}"')
        return name

    def string_value(self, data: bytes) -> str:
        """A string constant operand (without its type)."""
        if not data:
            return "zeroinitializer"
        return f"{{ ptr {self.string_global(data)}, i64 {len(data)} }}"

    def cold_branch(self) -> str:
        if self._cold is None:
            self._cold = self.new_meta('!{!"branch_weights", i32 1, i32 1048575}')
        return self._cold

    def string_const(self, data: bytes) -> str:
        """A string value constant `{ ptr, i64 }`."""
        if not data:
            return "{ ptr, i64 } zeroinitializer"
        return f"{{ ptr, i64 }} {{ ptr {self.string_global(data)}, i64 {len(data)} }}"

    def loc(self, func_name: str, file: str, span: Span) -> str:
        """A panic-site record {func, file, line} for messages naming the source line."""
        line = self.line_of(file, span.start) + 1
        key = (func_name, file, line)
        found = self.locs.get(key)
        if found is None:
            found = f"@.loc.{len(self.locs)}"
            self.locs[key] = found
            fname = self.string_const(func_name.encode())
            fpath = self.string_const(file.encode())
            self.out.append(f"{found} = private unnamed_addr constant {{ {{ ptr, i64 }}, {{ ptr, i64 }}, i64 }} "
                            f"{{ {fname}, {fpath}, i64 {line} }}")
        return found

    # ---- debug info -----------------------------------------------------------------------------
    def line_of(self, file: str, offset: int) -> int:
        index = self.line_index.get(file)
        if index is None:
            index = LineIndex(self.program.files.get(file, ""))
            self.line_index[file] = index
        return index.position(offset).line

    def position(self, file: str, offset: int) -> tuple[int, int]:
        index = self.line_index.get(file)
        if index is None:
            index = LineIndex(self.program.files.get(file, ""))
            self.line_index[file] = index
        p = index.position(offset)
        return p.line + 1, p.column + 1

    def new_meta(self, text: str, distinct: bool = False) -> str:
        self._meta_n += 1
        ref = f"!{self._meta_n}"
        self.meta.append(f"{ref} = {'distinct ' if distinct else ''}{text}")
        return ref

    def difile(self, path: str) -> str:
        found = self.files.get(path)
        if found is None:
            directory, name = os.path.split(path)
            found = self.new_meta(f'!DIFile(filename: "{_md(name)}", directory: "{_md(directory)}")')
            self.files[path] = found
            if self.cu is None:
                self.cu = self.new_meta(
                    f'!DICompileUnit(language: DW_LANG_C, file: {found}, producer: "goo-lsp", '
                    f"isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)", distinct=True)
        return found

    def subprogram(self, fn: ir.Function) -> str | None:
        if not self.debug:
            return None
        found = self.subprograms.get(id(fn))
        if found is None:
            f = self.difile(fn.file)
            line, _ = self.position(fn.file, fn.span.start)
            stype = self.new_meta("!DISubroutineType(types: !{})")
            found = self.new_meta(
                f'!DISubprogram(name: "{_md(fn.source_name or fn.name)}", linkageName: "{_md(fn.name)}", '
                f"scope: {f}, file: {f}, line: {line}, type: {stype}, scopeLine: {line}, "
                f"spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: {self.cu})", distinct=True)
            self.subprograms[id(fn)] = found
        return found

    def diloc(self, fn: ir.Function, span: Span) -> str:
        sp = self.subprogram(fn)
        line, col = self.position(fn.file, span.start)
        key = (line, col, sp)
        found = self.dilocs.get(key)
        if found is None:
            found = self.new_meta(f"!DILocation(line: {line}, column: {col}, scope: {sp})")
            self.dilocs[key] = found
        return found

    # ---- the module -----------------------------------------------------------------------------
    def emit(self) -> str:
        from .codegen_func import FunctionEmitter
        prog = self.program
        for fn in prog.functions:
            self.out.append(FunctionEmitter(self, fn).emit())
        self.types.finish()
        self.out.append(self.entry_point())
        parts = [f'; goo-lsp module\ntarget triple = "{_triple()}"\n', STACK_SWITCH_ASM, RUNTIME_IR]
        parts.append("\n".join(self.out))
        if self.debug and self.cu is not None:
            parts.append(f"!llvm.dbg.cu = !{{{self.cu}}}")
            flags = self.new_meta('!{i32 2, !"Debug Info Version", i32 3}')
            parts.append(f"!llvm.module.flags = !{{{flags}}}")
        parts.append("\n".join(self.meta))
        return "\n".join(parts) + "\n"

    def entry_point(self) -> str:
        """`goo_entry(argc, argv)`: runtime set-up, then package initialisers and main.main on
        the Goo stack."""
        prog = self.program
        calls = []
        for fn in prog.init_order:
            calls.append(f"  call void {self.func_symbol(fn)}(ptr %ctx, ptr null)")
        if prog.main is not None:
            calls.append(f"  call void {self.func_symbol(prog.main)}(ptr %ctx, ptr null)")
        body = "\n".join(calls)
        return f"""
define internal void @goo_main_body(ptr %ctx) {{
entry:
{body}
  ret void
}}

define i32 @goo_entry(i32 %argc, ptr %argv) {{
entry:
  %argc64 = sext i32 %argc to i64
  store i64 %argc64, ptr @goo_argc
  store ptr %argv, ptr @goo_argv
  %seed = call i64 @goo_nanotime()
  %s1 = or i64 %seed, 1
  store i64 %s1, ptr @goo_rand_state
  %ctx = call ptr @goo_alloc(i64 128)
  %idp = getelementptr i8, ptr %ctx, i64 24
  store i64 1, ptr %idp
  call void @goo_install_fault_handlers()
  %top = call ptr @goo_new_stack(i64 536870912)
  call void @goo_call_on_stack(ptr @goo_main_body, ptr %ctx, ptr %top)
  call void @goo_flush()
  ret i32 0
}}
"""


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _triple() -> str:
    import llvmlite.binding as llvm
    return llvm.get_process_triple()


def signature_ltype(sig: Signature) -> tuple[str, list[str]]:
    """(return type, parameter types) of a Goo function, without ctx/env."""
    from .lower import result_type
    return ltype(result_type(sig)), [ltype(p.type) for p in sig.params]


def function_params(fn: ir.Function) -> list[Type]:
    """The IR parameter types of fn (a method's receiver first)."""
    sig = fn.sig
    assert isinstance(sig, Signature)
    types = [p.type for p in sig.params]
    if fn.recv is not None:
        types = [fn.recv] + types
    return types


def compile_program(program: ir.Program, plan: OptPlan | None = None, debug: bool = True) -> str:
    return ModuleEmitter(program, plan or OptPlan(), debug).emit()


__all__ = ["ModuleEmitter", "compile_program", "llvm_name", "signature_ltype", "function_params"]
