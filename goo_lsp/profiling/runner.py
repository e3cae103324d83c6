"""Run a Goo program in a child process (profiling/child.py) with optional limits.

User programs never run in the caller's process: JIT code can crash or hang. `run_program`
streams output through (the child inherits the caller's stdout/stderr) or captures it, enforces
a wall-time limit (the child's process group is killed) and a heap limit (the runtime refuses to
grow past it: `fatal error: out of memory`), and describes abnormal endings in one line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RunResult:
    exit_code: int                  # the program's status; -N when killed by signal N
    stdout: str | None              # captured output (None when streamed)
    stderr: str | None
    wall_seconds: float
    timed_out: bool = False
    note: str = ""                  # one line describing an abnormal end, or ""


def child_command(path: str, args: list[str], opt_level: int, memory_limit: int | None,
                  display_path: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "goo_lsp.profiling.child", "--opt", str(opt_level)]
    if memory_limit:
        cmd += ["--memory-limit", str(memory_limit)]
    if display_path:
        cmd += ["--display-path", display_path]
    return cmd + [path, *args]


def run_program(path: str, args: list[str] | tuple[str, ...] = (), *, opt_level: int = 0,
                timeout: float | None = None, memory_limit: int | None = None, capture: bool = False,
                source_text: str | None = None, stdin: str | None = None) -> RunResult:
    """Compile and run `path` (or `source_text`, shown as `path`) in a child process."""
    tmp = None
    file = path
    if source_text is not None:
        fd, tmp = tempfile.mkstemp(suffix=".goo")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(source_text)
        file = tmp
    cmd = child_command(file, list(args), opt_level, memory_limit, display_path=path if tmp else None)
    env = dict(os.environ)
    pkg_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else None,
                                stdout=subprocess.PIPE if capture else None,
                                stderr=subprocess.PIPE if capture else None,
                                env=env, start_new_session=True)
        timed_out = False
        try:
            out, err = proc.communicate(stdin.encode() if stdin is not None else None, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
            out, err = proc.communicate()
        except KeyboardInterrupt:
            _kill_group(proc)
            raise
    finally:
        if tmp is not None:
            os.unlink(tmp)
    wall = time.perf_counter() - start
    code = proc.returncode
    note = ""
    if timed_out:
        note = f"goo: program killed after the {timeout:g}s time limit"
    elif code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        note = f"goo: program killed by {name}"
    return RunResult(code, _text(out), _text(err), wall, timed_out, note)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _text(data: bytes | None) -> str | None:
    return data.decode("utf-8", "replace") if data is not None else None


__all__ = ["RunResult", "run_program", "child_command"]
