"""JIT: LLVM IR text -> optimised machine code in this process (llvmlite 0.50, MCJIT).

`compile_module(ir_text, opt_level)` parses and verifies the module, runs the new pass
manager's default pipeline for -O0..-O3 tuned for the host CPU and its features, and returns
a `JitModule` from which `entry()` gives the address of `goo_entry`. Running a program happens
in a child process (runner.py), never in the editor's or the server's process.

Invariants: LLVM is initialised once per process; the target machine is built for the host
(`get_host_cpu_name`/features); optimisation remarks, when requested, are captured from fd 2
(LLVM writes them to C++ errs()).
"""

from __future__ import annotations

import ctypes
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field

import llvmlite.binding as llvm

_init_lock = threading.Lock()
_initialised = False


def _init() -> None:
    global _initialised
    with _init_lock:
        if not _initialised:
            llvm.initialize_native_target()
            llvm.initialize_native_asmprinter()
            llvm.initialize_native_asmparser()
            _initialised = True


def target_machine(opt_level: int):
    _init()
    target = llvm.Target.from_default_triple()
    return target.create_target_machine(cpu=llvm.get_host_cpu_name(), features=llvm.get_host_cpu_features().flatten(),
                                        opt=min(max(opt_level, 0), 3), jit=True, reloc="static", codemodel="jitdefault")


@dataclass
class JitModule:
    engine: object
    module: object
    timings: dict[str, float] = field(default_factory=dict)
    objects: list[bytes] = field(default_factory=list)

    def address(self, name: str) -> int:
        return self.engine.get_function_address(name)

    def entry(self):
        proto = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_int32, ctypes.POINTER(ctypes.c_char_p))
        return proto(self.address("goo_entry"))


class CompileError(Exception):
    """The generated module failed to parse or verify (a compiler bug, reported as such)."""


def optimise(mod, tm, opt_level: int) -> None:
    if opt_level <= 0:
        return
    pto = llvm.create_pipeline_tuning_options(speed_level=opt_level)
    pto.loop_vectorization = opt_level >= 2
    pto.slp_vectorization = opt_level >= 2
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(mod, pb)


def compile_module(ir_text: str, opt_level: int = 0, keep_object: bool = False) -> JitModule:
    _init()
    t0 = time.perf_counter()
    try:
        mod = llvm.parse_assembly(ir_text)
        mod.verify()
    except RuntimeError as exc:
        raise CompileError(str(exc)) from None
    t1 = time.perf_counter()
    tm = target_machine(opt_level)
    optimise(mod, tm, opt_level)
    t2 = time.perf_counter()
    engine = llvm.create_mcjit_compiler(mod, tm)
    jm = JitModule(engine, mod)
    if keep_object:
        engine.set_object_cache(notify_func=lambda m, buf: jm.objects.append(bytes(buf)))
    engine.finalize_object()
    t3 = time.perf_counter()
    jm.timings = {"parse": t1 - t0, "optimise": t2 - t1, "codegen": t3 - t2}
    return jm


def capture_fd2(fn):
    """Run fn() with fd 2 redirected to a temporary file; returns (result, captured text)."""
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            result = fn()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        return result, tmp.read().decode("utf-8", "replace")


__all__ = ["compile_module", "JitModule", "CompileError", "target_machine", "capture_fd2"]
