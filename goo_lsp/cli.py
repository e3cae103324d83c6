"""`goo`: the command line over the same engine as the language server.

Subcommands implemented here: `check`, `fmt`. Each subcommand is a small function; output formats
follow spec §12.1: `path:line:col: severity: message [code]`, 1-based line and column in
characters, related notes as `path:line:col: note: text` lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .analysis import Analysis, analyze
from .compiler.diagnostics import Diagnostic, Severity
from .compiler.source import SourceFile


def read_source(path: str) -> SourceFile:
    """Read a Goo file as text. Invalid UTF-8 bytes become lone surrogates, which the scanner
    reports as `invalid-character` instead of failing to decode."""
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="surrogateescape").replace("\r\n", "\n")
    return SourceFile(path, text)


def format_diagnostic(source: SourceFile, d: Diagnostic) -> list[str]:
    pos = source.position(d.span.start)
    lines = [f"{source.path}:{pos.line + 1}:{pos.column + 1}: {d.severity.value}: {d.message} [{d.code}]"]
    for note in d.notes:
        npos = source.position(note.span.start)
        lines.append(f"{source.path}:{npos.line + 1}:{npos.column + 1}: note: {note.message}")
    return lines


def diagnostic_json(source: SourceFile, d: Diagnostic) -> dict:
    start = source.position(d.span.start)
    end = source.position(d.span.end)
    return {
        "path": source.path,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "line": start.line + 1, "column": start.column + 1,
        "end_line": end.line + 1, "end_column": end.column + 1,
        "range": {"start": {"line": start.line, "character": start.column},
                  "end": {"line": end.line, "character": end.column}},
        "offset": d.span.start, "end_offset": d.span.end,
        "notes": [{"message": n.message, "line": source.position(n.span.start).line + 1,
                   "column": source.position(n.span.start).column + 1} for n in d.notes],
        "fixes": [{"title": f.title, "offset": f.span.start, "end_offset": f.span.end,
                   "replacement": f.replacement} for f in d.fixes],
    }


def expand_paths(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*.goo")))
        else:
            out.append(p)
    return out


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    for path in expand_paths(args.paths):
        try:
            source = read_source(path)
        except OSError as exc:
            print(f"{path}: error: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        result: Analysis = analyze(source)
        for d in result.diagnostics:
            if args.json:
                print(json.dumps(diagnostic_json(source, d), ensure_ascii=False))
            else:
                for line in format_diagnostic(source, d):
                    print(line)
            if d.severity is Severity.ERROR:
                status = 1
    return status


def cmd_fmt(args: argparse.Namespace) -> int:
    """Print the formatted file (or rewrite it with -w; -l lists files that would change).
    Files with syntax errors are refused with their first error and exit status 2."""
    from .compiler.format import format_source
    status = 0
    for path in expand_paths(args.paths):
        try:
            source = read_source(path)
        except OSError as exc:
            print(f"{path}: error: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        result = format_source(source.text)
        if result.text is None:
            print(f"{path}: {result.error}", file=sys.stderr)
            status = 2
            continue
        changed = result.text != source.text
        if args.list:
            if changed:
                print(path)
        elif args.write:
            if changed:
                Path(path).write_text(result.text, encoding="utf-8")
        else:
            sys.stdout.write(result.text)
    return status


def cmd_run(args: argparse.Namespace) -> int:
    from .profiling.runner import run_program
    limit = int(args.memory_limit * 1024 * 1024) if args.memory_limit else None
    result = run_program(args.file, args.args, opt_level=args.opt, timeout=args.timeout, memory_limit=limit)
    if result.note:
        sys.stderr.write(result.note + "\n")
    if result.exit_code < 0:
        return 128 - result.exit_code
    return result.exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goo", description="The Goo toolchain: check Goo programs.")
    parser.add_argument("--version", action="version", version=f"goo {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="parse and type-check Goo files; exit 1 on any error")
    check.add_argument("--json", action="store_true", help="one JSON object per diagnostic")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.set_defaults(func=cmd_check)
    run = sub.add_parser("run", help="compile FILE with LLVM and run it in a child process; exit with its status")
    run.add_argument("-O", dest="opt", type=int, default=0, choices=[0, 1, 2, 3], help="LLVM optimisation level (default 0)")
    run.add_argument("--timeout", type=float, default=None, help="wall-time limit in seconds")
    run.add_argument("--memory-limit", type=float, default=None, help="heap limit in MiB")
    run.add_argument("file")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program (os.Args[1:])")
    run.set_defaults(func=cmd_run)
    fmt = sub.add_parser("fmt", help="format Goo files gofmt-style (refuses files with syntax errors)")
    fmt.add_argument("-w", "--write", action="store_true", help="write the result back to the file")
    fmt.add_argument("-l", "--list", action="store_true", help="list files whose formatting differs")
    fmt.add_argument("paths", nargs="+", metavar="FILE")
    fmt.set_defaults(func=cmd_fmt)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
