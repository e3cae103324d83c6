"""The `goo` command line: check's output format and exit status, and fmt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "samples"


def goo(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goo_lsp", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_check_prints_spec_format_and_exits_1() -> None:
    out = goo("check", "tests/samples/10b_type_error.goo")
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        'tests/samples/10b_type_error.goo:20:11: error: cannot use "8080" (untyped string constant) as int value in send [type-mismatch]',
        "tests/samples/10b_type_error.goo:21:7: error: error union !int returned by parsePort must be handled: use try, catch, or v, err := destructuring [unhandled-error-union]",
    ]


def test_check_syntax_sample() -> None:
    out = goo("check", "tests/samples/10a_syntax_error.goo")
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == "tests/samples/10a_syntax_error.goo:17:25: error: missing ')' to close '(' at 17:13 [unclosed-delimiter]"


def test_check_valid_files_and_directories_exit_0() -> None:
    out = goo("check", "examples")
    assert out.returncode == 0 and out.stdout == ""


def test_check_warnings_do_not_fail(tmp_path: Path) -> None:
    f = tmp_path / "w.goo"
    f.write_text("package main\n\nfunc main() {\n\tx := 1\n}\n")
    out = goo("check", str(f))
    assert out.returncode == 0
    assert out.stdout.strip().endswith("warning: declared and not used: x [unused-variable]")


def test_check_json_has_both_position_bases() -> None:
    out = goo("check", "--json", "tests/samples/10b_type_error.goo")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["code"] for r in rows] == ["type-mismatch", "unhandled-error-union"]
    first = rows[0]
    assert (first["line"], first["column"]) == (20, 11)
    assert first["range"]["start"] == {"line": 19, "character": 10}


def test_fmt_prints_formatted_text_and_w_rewrites(tmp_path: Path) -> None:
    f = tmp_path / "u.goo"
    f.write_text("package main\nimport \"fmt\"\nfunc main(){\nx:=1+2\nfmt.Println( x )\n}\n")
    out = goo("fmt", str(f))
    assert out.returncode == 0
    assert out.stdout == 'package main\n\nimport "fmt"\n\nfunc main() {\n\tx := 1 + 2\n\tfmt.Println(x)\n}\n'
    listed = goo("fmt", "-l", str(f))
    assert listed.stdout.strip() == str(f)
    goo("fmt", "-w", str(f))
    assert f.read_text() == out.stdout
    assert goo("fmt", "-l", str(f)).stdout == ""


def test_fmt_refuses_syntax_errors() -> None:
    out = goo("fmt", "tests/samples/10a_syntax_error.goo")
    assert out.returncode == 2
    assert "syntax errors" in out.stderr and out.stdout == ""
