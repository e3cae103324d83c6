"""The build pipeline: Goo source -> checked tree -> Goo IR -> LLVM IR -> optimised machine
code, as named, timed stages.

`build(path, text, opt_level)` stops at the first stage that fails: user errors come back as
diagnostics (`BuildFailed.diagnostics`), constructs the back end cannot compile yet and internal
errors as a `BuildFailed` with a message naming the source position. The JIT stage is separate
(`jit(build)`) so callers that only need IR (tests, hints) never touch LLVM's code generator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import ir
from .check import FileCheck, absolute_diagnostics, check_file
from .chunks import parse_file
from .diagnostics import Diagnostic, Severity
from .lower import LowerError, ProgramBuilder
from .plan import OptPlan
from .source import LineIndex, SourceFile


@dataclass
class Build:
    path: str
    text: str
    check: FileCheck
    program: ir.Program
    llvm_ir: str
    opt_level: int
    timings: dict[str, float] = field(default_factory=dict)


class BuildFailed(Exception):
    def __init__(self, message: str, diagnostics: list[tuple[str, Diagnostic, str]] | None = None, internal: bool = False):
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics or []     # (path, diagnostic, text of the file)
        self.internal = internal


def position(text: str, offset: int) -> tuple[int, int]:
    p = LineIndex(text).position(offset)
    return p.line + 1, p.column + 1


def check_source(path: str, text: str) -> FileCheck:
    """Parse and check; raises BuildFailed with the errors if there are any."""
    parsed = parse_file(text)
    fc = check_file(path, parsed)
    diags = absolute_diagnostics(SourceFile(path, text), parsed, fc)
    errors = [(path, d, text) for d in diags if d.severity == Severity.ERROR]
    if errors:
        raise BuildFailed(f"{len(errors)} error(s)", errors)
    return fc


def build(path: str, text: str, opt_level: int = 0, plan: OptPlan | None = None, debug: bool = True) -> Build:
    from .codegen import compile_program
    from .codegen_func import EmitError
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    fc = check_source(path, text)
    t1 = time.perf_counter()
    timings["check"] = t1 - t0
    try:
        program = ProgramBuilder(fc).build()
    except LowerError as exc:
        where = ""
        if exc.span is not None:
            src = program_text(fc, exc.file) if exc.file else text
            line, col = position(src, exc.span.start)
            where = f"{exc.file or path}:{line}:{col}: "
        raise BuildFailed(f"{where}{exc.message}") from None
    t2 = time.perf_counter()
    timings["lower"] = t2 - t1
    try:
        llvm_ir = compile_program(program, (plan or OptPlan()).with_level(opt_level), debug=debug)
    except (EmitError, KeyError, AssertionError) as exc:
        raise BuildFailed(f"{path}: {exc}", internal=not isinstance(exc, EmitError)) from None
    timings["codegen"] = time.perf_counter() - t2
    return Build(path, text, fc, program, llvm_ir, opt_level, timings)


def program_text(fc: FileCheck, file: str) -> str:
    if file == fc.path:
        return fc.parsed.text
    from .importer import default_importer
    pf = default_importer().stub_file(file)
    return pf.text if pf is not None else ""


def jit(b: Build, keep_object: bool = False):
    """Optimise and compile to machine code in this process."""
    from .jit import CompileError, compile_module
    t0 = time.perf_counter()
    try:
        module = compile_module(b.llvm_ir, b.opt_level, keep_object=keep_object)
    except CompileError as exc:
        raise BuildFailed(f"internal compiler error: the generated LLVM IR is invalid: {exc}", internal=True) from None
    b.timings.update({"llvm-" + k: v for k, v in module.timings.items()})
    b.timings["jit"] = time.perf_counter() - t0
    return module


__all__ = ["Build", "BuildFailed", "build", "jit", "check_source"]
