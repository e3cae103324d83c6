"""The standard package stubs (goo_lsp/compiler/std/*.goo) parse cleanly and declare the API of spec §11."""

from __future__ import annotations

import pytest

from goo_lsp.compiler import syntax as S
from goo_lsp.compiler.chunks import ParsedFile, parse_file
from goo_lsp.compiler.stdlib_index import STD_DIR, STD_PACKAGES, StdPackage

# Exported package-level names (functions, types, constants, variables) each stub must declare:
# everything spec §11 lists for the package (core and later) plus commonly used Go API.
REQUIRED_NAMES: dict[str, set[str]] = {
    "fmt": {
        "Println", "Print", "Printf", "Sprintf", "Sprint", "Sprintln", "Errorf",
        "Fprint", "Fprintln", "Fprintf", "Stringer",
    },
    "time": {
        "Duration", "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour",
        "Time", "Now", "Since", "Until", "Sleep", "After", "Tick", "NewTimer", "NewTicker",
        "Timer", "Ticker", "RFC3339", "RFC3339Nano", "Kitchen", "DateTime", "Month", "Weekday",
    },
    "sync": {"Mutex", "RWMutex", "WaitGroup", "Once", "Locker"},
    "sync/atomic": {
        "AddInt64", "LoadInt64", "StoreInt64", "CompareAndSwapInt64", "SwapInt64",
        "AddInt32", "LoadInt32", "StoreInt32", "CompareAndSwapInt32", "SwapInt32",
        "Int64", "Int32", "Bool", "Uint64",
    },
    "strings": {
        "Contains", "HasPrefix", "HasSuffix", "Index", "Split", "Join", "Fields", "Repeat",
        "ToUpper", "ToLower", "TrimSpace", "Builder",
        "Replace", "ReplaceAll", "Trim", "TrimPrefix", "TrimSuffix", "TrimLeft", "TrimRight",
        "LastIndex", "IndexByte", "IndexRune", "Count", "EqualFold", "SplitN", "ContainsRune",
        "ContainsAny", "Title", "Map", "FieldsFunc", "TrimFunc",
    },
    "strconv": {
        "Itoa", "Atoi", "ParseInt", "ParseUint", "ParseFloat", "ParseBool", "FormatInt",
        "FormatFloat", "FormatBool", "Quote", "AppendInt",
    },
    "math": {
        "Sqrt", "Abs", "Floor", "Ceil", "Max", "Min", "Pow", "Inf", "IsNaN", "IsInf", "NaN",
        "Pi", "E", "MaxInt", "MinInt", "MaxInt64", "MinInt64", "MaxInt32", "MinInt32",
        "MaxUint32", "MaxFloat64",
        "Log", "Log2", "Log10", "Exp", "Mod", "Trunc", "Round", "Sin", "Cos", "Tan", "Atan",
        "Atan2", "Hypot", "Cbrt", "SmallestNonzeroFloat64", "Sqrt2", "Ln2",
        "MaxInt8", "MinInt8", "MaxInt16", "MinInt16", "MaxUint8", "MaxUint16", "MaxUint64",
        "Float64bits", "Float64frombits",
    },
    "os": {
        "Args", "Exit", "Getenv", "Stdout", "Stderr", "File", "ReadFile", "WriteFile", "Environ",
    },
    "errors": {"New", "Is", "As", "Unwrap", "Join"},
    "internal/rt": {"Type", "Field", "Variant", "TypeOf", "Elem", "MapKeys", "WriteString", "Nanotime",
                    "CallIsolated", "Goexit"},
    "unicode/utf8": {
        "RuneError", "UTFMax", "RuneSelf", "RuneCountInString", "RuneCount", "RuneLen",
        "DecodeRuneInString", "DecodeLastRuneInString", "EncodeRune", "ValidString",
        "ValidRune", "AppendRune",
    },
    "sort": {
        "Ints", "Strings", "Float64s", "Slice", "SliceStable", "Search", "SearchInts",
        "IntsAreSorted",
    },
    "io": {"Writer", "Reader", "EOF"},
    "runtime": {"NumGoroutine", "GOMAXPROCS", "NumCPU", "Gosched", "GC"},
    "lanes": {"Partitioned", "Lane", "Partition", "Run"},
    "testing": {"T", "B"},
}

# (receiver base type, method name) pairs each stub must declare.
REQUIRED_METHODS: dict[str, set[tuple[str, str]]] = {
    "time": {
        ("Duration", m) for m in (
            "String", "Seconds", "Milliseconds", "Microseconds", "Nanoseconds", "Minutes",
            "Hours", "Round", "Truncate")
    } | {
        ("Time", m) for m in (
            "Sub", "Add", "Before", "After", "Equal", "Unix", "UnixNano", "UnixMilli", "Format")
    } | {("Timer", "Stop"), ("Timer", "Reset"), ("Ticker", "Stop")},
    "sync": {
        ("Mutex", "Lock"), ("Mutex", "Unlock"), ("Mutex", "TryLock"),
        ("RWMutex", "Lock"), ("RWMutex", "Unlock"), ("RWMutex", "RLock"),
        ("RWMutex", "RUnlock"), ("RWMutex", "TryLock"),
        ("WaitGroup", "Add"), ("WaitGroup", "Done"), ("WaitGroup", "Wait"), ("WaitGroup", "Go"),
        ("Once", "Do"),
    },
    "sync/atomic": {
        (t, m) for t in ("Int64", "Int32", "Uint64")
        for m in ("Load", "Store", "Add", "CompareAndSwap", "Swap")
    } | {("Bool", m) for m in ("Load", "Store", "CompareAndSwap", "Swap")},
    "strings": {
        ("Builder", m) for m in (
            "WriteString", "WriteByte", "WriteRune", "String", "Len", "Reset", "Grow")
    },
    "os": {("File", "Write"), ("File", "WriteString")},
    "testing": {
        ("T", m) for m in (
            "Error", "Errorf", "Fatal", "Fatalf", "Log", "Logf", "Fail", "FailNow", "Failed",
            "Helper", "Name", "Skip", "Skipf", "Run", "Cleanup")
    } | {
        ("B", m) for m in (
            "ResetTimer", "StartTimer", "StopTimer", "ReportAllocs", "Run", "Error", "Errorf",
            "Fatal", "Fatalf", "Log", "Logf", "Helper", "Name")
    },
    "lanes": {
        ("Lane", m) for m in (
            "Own", "ID", "Publish", "HaloLeft", "HaloRight", "Step", "AllReduceSum",
            "AllReduceMax")
    },
}

_PACKAGES = sorted(STD_PACKAGES.values(), key=lambda p: p.path)
_IDS = [p.path for p in _PACKAGES]
_CACHE: dict[str, ParsedFile] = {}


def _parse(pkg: StdPackage) -> ParsedFile:
    if pkg.path not in _CACHE:
        _CACHE[pkg.path] = parse_file((STD_DIR / pkg.file).read_text(encoding="utf-8"))
    return _CACHE[pkg.path]


def _decls(pf: ParsedFile) -> list[S.Decl]:
    return [c.decl for c in pf.chunks]


def _exported_names(pf: ParsedFile) -> set[str]:
    names: set[str] = set()
    for d in _decls(pf):
        if isinstance(d, S.FuncDecl) and d.recv is None:
            names.add(d.name.name)
        elif isinstance(d, S.GenDecl):
            for spec in d.specs:
                if isinstance(spec, S.TypeSpec):
                    names.add(spec.name.name)
                else:
                    names.update(n.name for n in spec.names)
    return {n for n in names if n[:1].isupper()}


def _recv_base(field: S.Field) -> str:
    t = field.type
    while isinstance(t, (S.PointerType, S.Paren)):
        t = t.elem if isinstance(t, S.PointerType) else t.x
    if isinstance(t, S.Unary) and t.op == "*":  # `*T` may stay a unary expression
        t = t.x
    assert isinstance(t, S.Ident), t
    return t.name


def _methods(pf: ParsedFile) -> set[tuple[str, str]]:
    return {(_recv_base(d.recv), d.name.name) for d in _decls(pf)
            if isinstance(d, S.FuncDecl) and d.recv is not None}


def test_index_matches_stub_directory():
    files = {p.name for p in STD_DIR.glob("*.goo")}
    assert files == {p.file for p in STD_PACKAGES.values()}
    for path, pkg in STD_PACKAGES.items():
        assert pkg.path == path
        assert pkg.name == path.rsplit("/", 1)[-1]
        assert pkg.status in ("core", "later", "internal")
    assert set(REQUIRED_NAMES) == set(STD_PACKAGES)


@pytest.mark.parametrize("pkg", _PACKAGES, ids=_IDS)
def test_stub_parses_cleanly(pkg: StdPackage):
    pf = _parse(pkg)
    clause = pf.chunks[0].decl
    assert isinstance(clause, S.PackageClause)
    assert clause.name.name == pkg.name
    diags = [(d.code, d.message, c.start + d.span.start) for c in pf.chunks for d in c.diagnostics]
    assert diags == []
    bad = [c.text[:60] for c in pf.chunks if isinstance(c.decl, S.BadDecl)]
    assert bad == []


@pytest.mark.parametrize("pkg", _PACKAGES, ids=_IDS)
def test_stub_declares_required_names(pkg: StdPackage):
    missing = REQUIRED_NAMES[pkg.path] - _exported_names(_parse(pkg))
    assert not missing, f"{pkg.path} lacks {sorted(missing)}"


@pytest.mark.parametrize("pkg", _PACKAGES, ids=_IDS)
def test_stub_declares_required_methods(pkg: StdPackage):
    missing = REQUIRED_METHODS.get(pkg.path, set()) - _methods(_parse(pkg))
    assert not missing, f"{pkg.path} lacks {sorted(missing)}"


@pytest.mark.parametrize("pkg", _PACKAGES, ids=_IDS)
def test_stub_shape(pkg: StdPackage):
    """Imports name std packages only; no duplicate declarations. (Functions may have bodies: the
    standard packages are implemented in Goo; body-less ones are back-end intrinsics.)"""
    pf = _parse(pkg)
    seen: set[tuple[str, str]] = set()
    for d in _decls(pf):
        if isinstance(d, S.ImportDecl):
            for spec in d.specs:
                assert spec.path.value.decode() in STD_PACKAGES
        elif isinstance(d, S.FuncDecl):
            key = (_recv_base(d.recv) if d.recv else "", d.name.name)
            assert key not in seen, f"duplicate {key}"
            seen.add(key)
        elif isinstance(d, S.GenDecl):
            for spec in d.specs:
                for n in ([spec.name] if isinstance(spec, S.TypeSpec) else spec.names):
                    assert ("", n.name) not in seen, f"duplicate {n.name}"
                    seen.add(("", n.name))


@pytest.mark.parametrize("pkg", _PACKAGES, ids=_IDS)
def test_exported_declarations_have_doc_comments(pkg: StdPackage):
    """Every exported declaration has `// Name ...` on the line directly above it."""
    pf = _parse(pkg)
    text = pf.text
    lines = text.split("\n")

    def doc_above(offset: int) -> str:
        line = text.count("\n", 0, offset)
        return lines[line - 1].strip() if line > 0 else ""

    missing = []
    for c in pf.chunks:
        d = c.decl
        if isinstance(d, S.FuncDecl):
            items = [(d.name.name, d.span.start)]
        elif isinstance(d, S.GenDecl):
            items = [(n.name, spec.span.start if d.grouped else d.span.start)
                     for spec in d.specs
                     for n in ([spec.name] if isinstance(spec, S.TypeSpec) else spec.names[:1])]
        else:
            continue
        for name, rel in items:
            if name[:1].isupper() and not doc_above(c.start + rel).startswith(f"// {name} "):
                missing.append(name)
    assert not missing, f"{pkg.path}: no doc comment for {missing}"
