"""The program host: the child process in which a Goo program is compiled and run.

`python -m goo_lsp.profiling.child [--opt N] [--memory-limit BYTES] [--display-path P] FILE
[ARGS...]` builds FILE, JIT-compiles it, runs `goo_entry` with the program name and ARGS, and
exits with the program's status. Its stdout/stderr are the program's (stdout is flushed by the
runtime). Exit statuses: the program's own (0, os.Exit(n), 2 for panics and fatal errors),
1 when the program does not compile (diagnostics on stderr as `goo check` prints them),
3 for an internal compiler error.

A fault in JIT code (SIGSEGV, SIGBUS, SIGFPE, SIGILL) is reported by the runtime's handler; this
module gives it a hook that names the Goo function containing the faulting instruction.
"""

from __future__ import annotations

import argparse
import bisect
import ctypes
import os
import sys

from ..compiler.pipeline import BuildFailed, build, jit, position

_SIGNALS = {4: "SIGILL", 7: "SIGBUS", 8: "SIGFPE", 11: "SIGSEGV"}


def report_build_failure(exc: BuildFailed) -> int:
    if exc.diagnostics:
        for path, d, text in exc.diagnostics:
            line, col = position(text, d.span.start)
            sys.stderr.write(f"{path}:{line}:{col}: {d.severity.value}: {d.message} [{d.code}]\n")
        return 1
    prefix = "goo: internal compiler error: " if exc.internal else "goo: cannot compile: "
    sys.stderr.write(prefix + exc.message + "\n")
    return 3 if exc.internal else 1


def install_crash_hook(module, program) -> object:
    """Let the runtime's fault handler name the Goo function that faulted."""
    names = []
    for fn in program.functions:
        try:
            addr = module.address(fn.name)
        except Exception:
            continue
        if addr:
            names.append((addr, fn))
    names.sort(key=lambda x: x[0])
    addrs = [a for a, _ in names]
    texts = program.files

    def hook(sig: int, pc: int, addr: int) -> None:
        i = bisect.bisect_right(addrs, pc) - 1
        where = "runtime code"
        if i >= 0:
            fn = names[i][1]
            line, _ = position(texts.get(fn.file, ""), fn.span.start)
            where = f"{fn.source_name or fn.name} ({os.path.basename(fn.file)}:{line})"
        os.write(2, f"goo: {_SIGNALS.get(sig, f'signal {sig}')} in {where}, fault address {addr:#x}\n".encode())

    proto = ctypes.CFUNCTYPE(None, ctypes.c_int32, ctypes.c_uint64, ctypes.c_uint64)
    callback = proto(hook)
    slot = module.engine.get_global_value_address("goo_crash_hook")
    ctypes.c_void_p.from_address(slot).value = ctypes.cast(callback, ctypes.c_void_p).value
    return callback


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="goo-child")
    p.add_argument("--opt", type=int, default=0)
    p.add_argument("--memory-limit", type=int, default=0)
    p.add_argument("--display-path")
    p.add_argument("file")
    p.add_argument("args", nargs=argparse.REMAINDER)
    ns = p.parse_args(argv)
    path = ns.display_path or ns.file
    try:
        with open(ns.file, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read().replace("\r\n", "\n")
    except OSError as exc:
        sys.stderr.write(f"goo: {exc}\n")
        return 1
    try:
        b = build(path, text, ns.opt)
        module = jit(b)
    except BuildFailed as exc:
        return report_build_failure(exc)
    keep = install_crash_hook(module, b.program)
    if ns.memory_limit:
        ctypes.c_int64.from_address(module.engine.get_global_value_address("goo_heap_limit")).value = ns.memory_limit
    argv_c = [path.encode()] + [a.encode("utf-8", "surrogateescape") for a in ns.args]
    arr = (ctypes.c_char_p * (len(argv_c) + 1))(*argv_c, None)
    sys.stdout.flush()
    sys.stderr.flush()
    rc = module.entry()(len(argv_c), arr)
    del keep
    return rc


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
