"""A warm program host: compiles and runs many Goo programs, each in its own forked process.

`python -m goo_lsp.profiling.batch` reads one JSON request per line on stdin —
{"path", "args", "opt", "timeout", "source"?} — and answers one JSON line per request on
stdout: {"exit", "stdout", "stderr", "timed_out", "wall"}. The host imports the compiler and
initialises LLVM once; each program is built and run in a fork (so a crash, a hang or an
`os.Exit` ends only that fork), with its output captured in temporary files.

`BatchHost` is the parent side (used by the test suite and benchmarks); it runs the host as a
child process, so user programs never run in the caller's process either.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass


def _run_one(req: dict) -> dict:
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the program's process
        code = 3
        try:
            os.setpgid(0, 0)
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            from .child import main as child_main
            argv = ["--opt", str(req.get("opt", 0))]
            if req.get("memory_limit"):
                argv += ["--memory-limit", str(req["memory_limit"])]
            argv += [req["path"], *req.get("args", [])]
            code = child_main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # an internal error: report it, never hang
            try:
                os.write(2, f"goo: internal error in the program host: {exc!r}\n".encode())
            except OSError:
                pass
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    timeout = req.get("timeout")
    deadline = start + timeout if timeout else None
    timed_out = False
    delay = 0.0005
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(delay)
        delay = min(delay * 2, 0.01)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    result = {"exit": code, "stdout": out.read().decode("utf-8", "replace"),
              "stderr": err.read().decode("utf-8", "replace"), "timed_out": timed_out, "wall": wall}
    out.close()
    err.close()
    return result


def serve() -> None:
    from ..compiler import jit as _jit
    _jit._init()  # warm: LLVM initialised before forking
    import goo_lsp.compiler.pipeline  # noqa: F401  (imports the whole compiler once)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            reply = _run_one(json.loads(line))
        except Exception as exc:  # a malformed request
            reply = {"exit": -1, "stdout": "", "stderr": f"goo: bad request: {exc}", "timed_out": False, "wall": 0.0}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


@dataclass(frozen=True)
class BatchResult:
    exit_code: int
    stdout: str
    stderr: str
    timed_out: bool
    wall: float


class BatchHost:
    """One warm host process; `run` is thread-safe (requests are serialised)."""

    def __init__(self) -> None:
        env = dict(os.environ)
        pkg_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen([sys.executable, "-m", "goo_lsp.profiling.batch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True)
        self.lock = threading.Lock()

    def run(self, path: str, args: list[str] | None = None, opt: int = 0, timeout: float | None = 30.0,
            memory_limit: int | None = None) -> BatchResult:
        req = {"path": path, "args": args or [], "opt": opt, "timeout": timeout, "memory_limit": memory_limit}
        with self.lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the program host exited")
        r = json.loads(line)
        return BatchResult(r["exit"], r["stdout"], r["stderr"], r["timed_out"], r["wall"])

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> "BatchHost":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve()
