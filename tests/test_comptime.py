"""The compile-time interpreter for `comptime const` (spec §10.5): run-time semantics, the std
functions it may call, failures (panics, step and depth limits) and forbidden operations."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest

from goo_lsp.analysis import Analysis, analyze
from goo_lsp.compiler.source import SourceFile


def run(src: str) -> Analysis:
    return analyze(SourceFile("comptime_test.goo", src))


def program(body: str, imports: tuple[str, ...] = ()) -> str:
    imp = "".join(f'import "{p}"\n' for p in imports)
    return f"package main\n\n{imp}\n{body}\n\nfunc main() {{}}\n"


def problems(r: Analysis) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in r.diagnostics if d.severity.value in ("error", "warning")]


def value(src: str, name: str = "X", imports: tuple[str, ...] = ()) -> object:
    r = run(program(src, imports))
    assert problems(r) == []
    obj = r.check.env.scope.lookup(name)
    assert obj is not None
    return obj.value


def failure(src: str, imports: tuple[str, ...] = ()) -> tuple[str, str]:
    r = run(program(src, imports))
    found = [p for p in problems(r) if p[0] in ("comptime-eval-failed", "comptime-not-constant")]
    assert len(found) == 1, problems(r)
    return found[0]


# ------------------------------------------------------------------------------- basics
def test_cube_sizes_an_array() -> None:
    src = """package main

import "fmt"

func cube(n int) int { return n * n * n }

comptime const SIZE int = cube(4)

var table [SIZE]byte

func main() {
	fmt.Println(len(table))
}
"""
    r = run(src)
    assert problems(r) == []
    size = r.check.env.scope.lookup("SIZE")
    assert size.value == 64 and size.comptime
    table = r.check.env.scope.lookup("table")
    assert str(table.type) == "[64]byte"


def test_fibonacci_recursive_and_iterative() -> None:
    src = """
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func fibIter(n int) int {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

comptime const X int = fib(20) * 1000000 + fibIter(30)
"""
    assert value(src) == 6765 * 1000000 + 832040


def test_string_building() -> None:
    src = """
func build() string {
	var sb strings.Builder
	for i := 0; i < 5; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(i * i))
	}
	sb.WriteByte('!')
	sb.WriteRune('é')
	s := ""
	for _, w := range strings.Fields("  go  goo gooo ") {
		s += strings.ToUpper(w[:1]) + w[1:]
	}
	return sb.String() + " " + s
}

comptime const X string = build()
"""
    assert value(src, imports=("strconv", "strings")) == "0, 1, 4, 9, 16!é GoGooGooo".encode()


def test_map_and_slice_work() -> None:
    src = """
func wordCount() int {
	counts := map[string]int{}
	for _, w := range strings.Split("a b a c b a", " ") {
		counts[w]++
	}
	delete(counts, "c")
	v, ok := counts["c"]
	keys := []string{}
	for k := range counts {
		keys = append(keys, k)
	}
	if ok || v != 0 {
		return -1
	}
	return counts["a"]*100 + counts["b"]*10 + len(keys)
}

comptime const X int = wordCount()
"""
    assert value(src, imports=("strings",)) == 322


def test_append_growth_and_aliasing() -> None:
    src = """
func caps() int {
	var s []int
	out := 0
	for i := 0; i < 9; i++ {
		s = append(s, i)
		out = out*10 + cap(s)%10
	}
	t := s[2:4]
	t = append(t, 100)
	u := make([]int, 3, 3)
	v := append(u, 1)
	v[0] = 7
	return out*1000 + s[4]*1 + u[0]*10
}

comptime const X int = caps()
"""
    # capacities 1 2 4 4 8 8 8 8 16; t shares s's array; v got a new array
    assert value(src) == 124488886 * 1000 + 100


def test_struct_methods_and_value_semantics() -> None:
    src = """
type Point struct{ X, Y int }

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }
func (p *Point) Scale(k int)      { p.X *= k; p.Y *= k }

type Counter int

func (c *Counter) Inc() { *c++ }

func run() int {
	p := Point{1, 2}
	q := p
	q.X = 100
	p.Scale(3)
	r := p.Add(Point{10, 10})
	ptr := &p
	ptr.Y = 7
	arr := [2]Point{p, q}
	brr := arr
	brr[0].X = -1
	var c Counter
	c.Inc()
	inc := c.Inc
	inc()
	return p.X*1000000 + p.Y*100000 + q.X*100 + r.Y + arr[0].X*10000 + int(c)*10000000
}

comptime const X int = run()
"""
    assert value(src) == 3 * 1000000 + 7 * 100000 + 100 * 100 + 16 + 3 * 10000 + 2 * 10000000


def test_enum_match_with_guards() -> None:
    src = """
type Shape enum {
	Circle{radius: int}
	Rect{w: int, h: int}
	Empty{}
}

func (s Shape) Area() int {
	match s {
	case Circle{r} if r == 0:
		return -1
	case Circle{r}:
		return 3 * r * r
	case Rect{w, h}:
		return w * h
	default:
		return 0
	}
}

func total() int {
	var zero Shape
	shapes := []Shape{Circle{2}, Rect{w: 3, h: 4}, Empty, Circle{0}, zero}
	t := 0
	for _, s := range shapes {
		t = t*100 + s.Area() + 1
	}
	return t
}

comptime const X int = total()
"""
    assert value(src) == ((((13 * 100 + 13) * 100 + 1) * 100 + 0) * 100 + 1)


def test_integer_wrapping() -> None:
    src = """
func wrap() int64 {
	var a int8 = 127
	a++
	var b uint8 = 250
	b += 10
	var c int32 = -2147483648
	c--
	var d uint64 = 0
	d--
	var e int = -9223372036854775808
	e = e / -1
	return int64(a)*1000000 + int64(b)*1000 + int64(c%1000) + int64(d>>60) + int64(e%10)
}

comptime const X int64 = wrap()
comptime const Y int8 = int8(X % 100)
"""
    x = (-128) * 1000000 + 4 * 1000 + (2147483647 % 1000) + 15 + (-8)
    assert value(src) == x
    assert value(src, "Y") == ((x % 100 if x >= 0 else -((-x) % 100)) + 128) % 256 - 128


def test_division_and_shifts() -> None:
    src = """
func ops() string {
	a, b := -7, 2
	var sh uint = 70
	big := 1 << 62
	big <<= 2
	return strconv.Itoa(a/b) + " " + strconv.Itoa(a%b) + " " + strconv.Itoa(5>>sh) + " " +
		strconv.Itoa(-5>>sh) + " " + strconv.Itoa(big) + " " + strconv.Itoa(^5) + " " + strconv.Itoa(int(^uint8(5)))
}

comptime const X string = ops()
"""
    assert value(src, imports=("strconv",)) == b"-3 -1 0 -1 0 -6 250"


def test_floats_and_float32_rounding() -> None:
    src = """
func f() float64 {
	var x float32 = 0.1
	y := x * 3
	return float64(y)
}

func g() float64 {
	z := 0.0
	return math.Sqrt(2) + math.Floor(-2.5) + math.Max(1, 3) + math.Abs(-0.5) + 1/z*0 + math.Pow(2, 10)
}

comptime const X float64 = f()
comptime const G float32 = float32(1) / 3
comptime const H float64 = math.Mod(7.5, 2) + math.Round(2.5) + math.Trunc(-1.7)
"""
    assert value(src, imports=("math",)) == Fraction(0.30000001192092896)
    assert value(src, "G", imports=("math",)) == Fraction(0.3333333432674408)
    assert value(src, "H", imports=("math",)) == Fraction(1.5 + 3 - 1)
    # NaN is not a constant
    code, msg = failure(src.replace("comptime const G", "comptime const W float64 = g()\ncomptime const G"),
                        imports=("math",))
    assert code == "comptime-eval-failed" and "not a finite number" in msg


def test_closures_capture_variables_per_iteration() -> None:
    src = """
func run() int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i * i })
	}
	for _, v := range []int{10, 20} {
		fs = append(fs, func() int { return v })
	}
	counter := 0
	inc := func() { counter++ }
	inc()
	inc()
	sum := 0
	for _, f := range fs {
		sum += f()
	}
	var fact func(int) int
	fact = func(n int) int {
		if n <= 1 {
			return 1
		}
		return n * fact(n-1)
	}
	return sum*10000 + counter*1000 + fact(5)
}

comptime const X int = run()
"""
    assert value(src) == 35 * 10000 + 2 * 1000 + 120


def test_generic_functions() -> None:
    src = """
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Sum[T int | int8 | float64](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Max[T int | string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func run() string {
	ys := Map([]int{1, 2, 3}, func(x int) string { return strconv.Itoa(x * 2) })
	w := Sum([]int8{100, 100})
	return strings.Join(ys, "-") + " " + strconv.Itoa(int(w)) + " " + Max[string]("a", "b") + strconv.Itoa(Max(3, 9))
}

comptime const X string = run()
"""
    assert value(src, imports=("strconv", "strings")) == b"2-4-6 -56 b9"


def test_comptime_parameters() -> None:
    src = """
func tile(comptime n int, xs []int) int {
	var buf [n]int
	for i := range buf {
		buf[i] = xs[i%len(xs)]
	}
	s := 0
	for _, v := range buf {
		s += v
	}
	return s*1000 + len(buf)
}

comptime const X int = tile(4, []int{1, 2}) + tile(3, []int{5})
"""
    assert value(src) == (6 * 1000 + 4) + (15 * 1000 + 3)


def test_error_unions_try_catch_and_destructuring() -> None:
    src = """
func parse(s string) !int {
	if s == "" {
		return error("empty")
	}
	n := try strconv.Atoi(s)
	return n * 2
}

func pair(s string) (int, error) {
	return parse(s)
}

func run() int {
	a := parse("21") catch => -1
	b := parse("x") catch e {
		len(e.Error())
	}
	c, err := parse("")
	if err != nil && err.Error() == "empty" {
		c = 7
	}
	d, err2 := pair("5")
	_, err3 := pair("?")
	if err2 != nil || err3 == nil {
		return -1
	}
	return a*1000000 + b*1000 + c*100 + d
}

comptime const X int = run()
"""
    msg = 'strconv.Atoi: parsing "x": invalid syntax'
    assert value(src, imports=("strconv",)) == 42 * 1000000 + len(msg) * 1000 + 700 + 10


def test_interfaces_type_switch_and_assertions() -> None:
    src = """
type Animal interface{ Sound() string }

type Dog struct{ name string }
type Cat struct{ lives int }

func (d Dog) Sound() string  { return d.name + " woof" }
func (c *Cat) Sound() string { return "meow" + strconv.Itoa(c.lives) }

func run() string {
	as := []Animal{Dog{"rex"}, &Cat{9}}
	out := ""
	for _, a := range as {
		out += a.Sound() + ";"
		switch v := a.(type) {
		case Dog:
			out += "dog:" + v.name + ";"
		case *Cat:
			v.lives--
			out += "cat" + strconv.Itoa(v.lives) + ";"
		}
	}
	var x any = 42
	if n, ok := x.(int); ok {
		out += strconv.Itoa(n)
	}
	if _, ok := x.(string); !ok {
		out += "!"
	}
	if x == 42 && as[1] != nil {
		out += "eq"
	}
	return out
}

comptime const X string = run()
"""
    assert value(src, imports=("strconv",)) == b"rex woof;dog:rex;meow9;cat8;42!eq"


def test_labels_goto_switch_fallthrough() -> None:
    src = """
func run() int {
	n := 0
outer:
	for i := 0; i < 10; i++ {
		for j := 0; j < 10; j++ {
			if j == 5 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			n++
		}
	}
	k := 0
again:
	if k < 5 {
		k++
		goto again
	}
	s := 0
	for _, x := range []int{1, 2, 3, 9} {
		switch x {
		case 1:
			s += 1
			fallthrough
		case 2:
			s += 10
		case 3, 4:
			s += 100
		default:
			s += 1000
			break
		}
	}
	return n*100000 + k*10000 + s
}

comptime const X int = run()
"""
    assert value(src) == 15 * 100000 + 5 * 10000 + 1121


def test_strings_package() -> None:
    src = """
func run() string {
	parts := strings.Split("a,b,,c", ",")
	return strconv.Itoa(len(parts)) + strings.ToUpper("héllo") + strings.Repeat("ab", 3) +
		strings.ReplaceAll("aaa", "a", "bb") + strings.Replace("aaa", "a", "c", 2) +
		strconv.Itoa(strings.Index("chicken", "ken")) + strconv.Itoa(strings.LastIndex("go gopher", "go")) +
		strings.TrimSpace("  x  ") + strings.Trim("xxhixx", "x") + strings.TrimLeft("aab", "a") +
		strings.TrimPrefix("prefix", "pre") + strconv.Itoa(strings.Count("cheese", "e")) +
		strconv.Itoa(strings.Count("five", "")) + strings.ToLower("ABC") +
		strconv.FormatBool(strings.Contains("seafood", "foo") && strings.HasPrefix("go", "g") && strings.HasSuffix("go", "o"))
}

comptime const X string = run()
"""
    assert value(src, imports=("strconv", "strings")) == "4HÉLLOabababbbbbbbcca43xhibfix35abctrue".encode()


def test_strconv_utf8_and_runes() -> None:
    src = """
func run() string {
	s := "héllo, 世界"
	out := ""
	for i, r := range s {
		if r > 127 {
			out += strconv.Itoa(i) + string(r)
		}
	}
	n, _ := strconv.ParseInt("-ff", 16, 64)
	_, err := strconv.Atoi("99999999999999999999")
	return out + " " + strconv.Itoa(utf8.RuneCountInString(s)) + " " + strconv.Itoa(len(s)) + " " +
		strconv.Itoa(utf8.RuneLen('世')) + strconv.FormatBool(utf8.ValidString("\\xff")) + " " +
		strconv.FormatInt(n, 10) + " " + strconv.Quote("hi\\n\\"x\\"") + " " + err.Error() + " " +
		string([]rune(s)[8]) + string([]byte{104, 105}) + strconv.FormatFloat(1e6, 'g', -1, 64)
}

comptime const X string = run()
"""
    expected = ('1é8世11界 9 14 3false -255 "hi\\n\\"x\\"" '
                'strconv.Atoi: parsing "99999999999999999999": value out of range 界hi1e+06')
    assert value(src, imports=("strconv", "unicode/utf8")) == expected.encode()


def test_nullables_and_if_let() -> None:
    src = """
func find(xs []string, want string) ?int {
	for i, x := range xs {
		if x == want {
			return i
		}
	}
	return nil
}

func run() int {
	names := []string{"amy", "bob"}
	r := 0
	if let i = find(names, "bob") {
		r += i * 10
	}
	if let j = find(names, "zed") {
		r += j
	} else {
		r += 5
	}
	var age ?int = nil
	if age == nil {
		age = 42
	}
	if age == 42 {
		r += 100
	}
	return r
}

comptime const X int = run()
"""
    assert value(src) == 115


def test_struct_keys_arrays_and_pointers() -> None:
    src = """
type Key struct{ a, b int }

type Grid struct{ cells [3][3]int }

func run() int {
	m := map[Key]int{}
	m[Key{1, 2}] += 3
	m[Key{1, 2}] += 4
	m[Key{2, 1}] = 1
	var g Grid
	g.cells[1][1] = 5
	h := g
	h.cells[1][1] = 9
	row := &g.cells[1]
	row[2] = 4
	x := 1
	p := &x
	*p += 10
	return m[Key{1, 2}]*100000 + len(m)*10000 + g.cells[1][1]*1000 + h.cells[1][1]*100 + g.cells[1][2]*10 + x
}

comptime const X int = run()
"""
    assert value(src) == 7 * 100000 + 2 * 10000 + 5 * 1000 + 9 * 100 + 4 * 10 + 11


def test_comptime_values_in_case_labels_and_local_consts() -> None:
    src = """
func double(n int) int { return 2 * n }

comptime const LIMIT int = double(21)
comptime const NAME string = "go" + strings.Repeat("o", 2)
comptime const ON bool = LIMIT > 40

func classify(x int) string {
	comptime const SMALL int = double(2)
	var buf [SMALL]byte
	switch x {
	case LIMIT:
		return NAME
	case SMALL:
		return string(buf[:0]) + "small"
	}
	return "other"
}

comptime const X string = classify(42) + classify(4)
"""
    assert value(src, imports=("strings",)) == b"gooosmall"
    assert value(src, "ON", imports=("strings",)) is True


def test_comptime_const_in_function_body_refuses_run_time_variables() -> None:
    src = """
func f(n int) int {
	comptime const K int = n + 1
	return K
}
"""
    code, msg = failure(src)
    assert code == "comptime-not-constant"


def test_pointers_into_values_survive_whole_value_assignment() -> None:
    src = """
type Inner struct {
	x   int
	arr [2]int
}

type Outer struct {
	in   Inner
	grid [2]Inner
}

func alias() int {
	var s Outer
	p := &s.in
	q := &s.grid[1].arr
	r := &s.in.arr[1]
	s = Outer{in: Inner{x: 7, arr: [2]int{1, 2}}, grid: [2]Inner{{}, {arr: [2]int{8, 9}}}}
	t := s
	t.in.x = 100
	return p.x*1000 + q[1]*100 + *r*10 + s.in.x/7
}

func sliceAlias() int {
	xs := make([]Inner, 1, 4)
	ys := xs[:2]
	p := &ys[1]
	xs = append(xs, Inner{x: 42})
	before := p.x
	copy(ys, []Inner{{x: 1}, {x: 2}})
	mid := p.x
	clear(xs)
	return before*10000 + mid*100 + p.x
}

comptime const X int = alias()
comptime const Y int = sliceAlias()
"""
    assert value(src) == 7921
    assert value(src, "Y") == 420200


def test_invalid_code_gets_no_extra_comptime_diagnostic() -> None:
    src = """
comptime const CYCLE int = again()

func again() int { return CYCLE + 1 }

func broken() int {
	return "x" + 1
}

comptime const B int = broken()
"""
    r = run(program(src))
    assert [p[0] for p in problems(r)] == ["invalid-operation", "invalid-operation"]


def test_huge_allocations_hit_the_step_limit() -> None:
    src = """
func huge() int {
	s := strings.Repeat("abcdefgh", 1 << 27)
	return len(s)
}

comptime const X int = huge()
"""
    code, msg = failure(src, ("strings",))
    assert (code, msg) == ("comptime-eval-failed", "compile-time evaluation of X exceeded 10000000 steps")


# ------------------------------------------------------------------------------- failures
@pytest.mark.parametrize("body, message", [
    ("xs := []int{1, 2, 3}\n\ti := 5\n\treturn xs[i]", "panicked: index out of range [5] with length 3"),
    ("a, b := 1, 0\n\treturn a / b", "panicked: integer divide by zero"),
    ("a, b := 1, 0\n\treturn a % b", "panicked: integer divide by zero"),
    ("var m map[string]int\n\tm[\"a\"] = 1\n\treturn 0", "panicked: assignment to entry in nil map"),
    ("panic(\"boom\")", "panicked: boom"),
    ("panic(errors.New(\"bad thing\"))", "panicked: bad thing"),
    ("s := []int{1, 2, 3}\n\tn := 5\n\treturn len(s[1:n])", "panicked: slice bounds out of range [:5] with capacity 3"),
    ("s := \"abc\"\n\tn := 5\n\treturn len(s[n:])", "panicked: slice bounds out of range [5:3]"),
    ("s := \"abc\"\n\tn := 5\n\treturn len(s[:n])", "panicked: slice bounds out of range [:5] with length 3"),
    ("var p *struct{ x int }\n\treturn p.x", "panicked: invalid memory address or nil pointer dereference"),
    ("var x any = \"s\"\n\treturn x.(int)", "panicked: interface conversion: interface {} is string, not int"),
    ("n := -1\n\treturn 1 << n", "panicked: negative shift amount"),
    ("n := -1\n\treturn len(make([]int, n))", "panicked: makeslice: len out of range"),
    ("return strconv.Atoi(\"x\") catch e {\n\t\tpanic(e)\n\t}",
     "panicked: strconv.Atoi: parsing \"x\": invalid syntax"),
])
def test_panics(body: str, message: str) -> None:
    src = f"func f() int {{\n\t{body}\n}}\n\ncomptime const X int = f()\n"
    imports = tuple(p for p in ("errors", "strconv") if p + "." in body)
    code, msg = failure(src, imports)
    assert code == "comptime-eval-failed"
    assert msg == f"compile-time evaluation of X {message}"


def test_step_limit() -> None:
    src = """
func forever() int {
	n := 0
	for {
		n++
	}
	return n
}

comptime const X int = forever()
"""
    code, msg = failure(src)
    assert (code, msg) == ("comptime-eval-failed", "compile-time evaluation of X exceeded 10000000 steps")


def test_recursion_limit_and_deep_recursion_below_it() -> None:
    src = """
func deep(n int) int {
	if n == 0 {
		return 0
	}
	return deep(n-1) + 1
}

comptime const X int = deep(9990)
comptime const Y int = deep(20000)
"""
    r = run(program(src))
    assert problems(r) == [("comptime-eval-failed", "compile-time evaluation of Y exceeded recursion depth 10000")]
    assert r.check.env.scope.lookup("X").value == 9990


def test_results_take_the_declared_type() -> None:
    src = """
func big() int { return 300 }

func small() int8 { return 100 }

comptime const X int8 = int8(big())
comptime const W int8 = small() + small()
comptime const Y uint8 = big()
"""
    r = run(program(src))
    assert problems(r) == [("type-mismatch", "cannot use big() (constant 300 of type int) as uint8 value "
                                             "in comptime constant declaration")]
    assert r.check.env.scope.lookup("X").value == 44
    assert r.check.env.scope.lookup("W").value == -56


# ------------------------------------------------------------------------------- forbidden operations
@pytest.mark.parametrize("body, imports, message", [
    ("fmt.Println(\"hi\")", ("fmt",), "fmt.Println cannot be called at compile time"),
    ("s := fmt.Sprintf(\"%d\", 1)\n\t_ = s", ("fmt",), "fmt.Sprintf cannot be called at compile time"),
    ("go func() {}()", (), "go statements cannot run at compile time"),
    ("defer func() {}()", (), "defer statements cannot run at compile time"),
    ("ch := make(chan int, 1)\n\t_ = ch", (), "channel operations cannot run at compile time"),
    ("select {\n\tdefault:\n\t}", (), "select statements cannot run at compile time"),
    ("_ = time.Now()", ("time",), "time.Now cannot be called at compile time"),
    ("_ = len(os.Args)", ("os",), "os.Args cannot be used at compile time"),
    ("var mu sync.Mutex\n\tmu.Lock()", ("sync",), "sync.Mutex.Lock cannot be called at compile time"),
    ("counter++", (), "package-level variable counter cannot be used at compile time"),
    ("_ = counter", (), "package-level variable counter cannot be used at compile time"),
    ("println(1)", (), "println cannot be called at compile time"),
])
def test_forbidden_operations(body: str, imports: tuple[str, ...], message: str) -> None:
    src = f"var counter int\n\nfunc helper() int {{\n\t{body}\n\treturn 1\n}}\n\ncomptime const X int = helper()\n"
    code, msg = failure(src, imports)
    assert code == "comptime-not-constant"
    assert msg == f"{message} (in helper)"


def test_forbidden_call_directly_in_the_initializer_is_reported_there() -> None:
    src = program('comptime const X int = func() int {\n\tfmt.Println("x")\n\treturn 1\n}()', ("fmt",))
    r = run(src)
    diags = [d for d in r.diagnostics if d.code == "comptime-not-constant"]
    assert len(diags) == 1
    assert diags[0].message == "fmt.Println cannot be called at compile time"
    pos = r.source.position(diags[0].span.start)
    assert (pos.line, pos.column) == (src.splitlines().index('\tfmt.Println("x")'), 1)


def test_forbidden_operation_on_an_untaken_path_is_fine() -> None:
    src = """
func checked(n int) int {
	if n < 0 {
		fmt.Println("negative")
		return 0
	}
	return n * 2
}

comptime const X int = checked(21)
"""
    assert value(src, imports=("fmt",)) == 42


# ------------------------------------------------------------------------------- tooling
def test_million_iterations_are_fast() -> None:
    src = """
func loop() int {
	sum := 0
	for i := 0; i < 1000000; i++ {
		sum += i
	}
	return sum
}

comptime const X int = loop()
"""
    start = time.perf_counter()
    assert value(src) == 499999500000
    assert time.perf_counter() - start < 10


def test_edit_of_a_function_body_recomputes_the_constant() -> None:
    text = program("func cube(n int) int { return n * n * n }\n\ncomptime const X int = cube(4)")
    first = run(text)
    edited = text.replace("n * n * n", "n * n")
    second = analyze(SourceFile("comptime_test.goo", edited), first)
    assert first.check.env.scope.lookup("X").value == 64
    assert second.check.env.scope.lookup("X").value == 16


def test_unhandled_error_union_is_reported_once() -> None:
    src = """
func f() !int {
	return error("no")
}

comptime const X int = f()
"""
    r = run(program(src))
    assert [p[0] for p in problems(r)] == ["unhandled-error-union"]


def test_go_float_formatting() -> None:
    from goo_lsp.compiler.interp import f32, format_float
    cases = {72.0: "72", 2.5: "2.5", 999999.0: "999999", 1e6: "1e+06", 12345678.0: "1.2345678e+07",
             0.00012: "0.00012", 1.2e-05: "1.2e-05", 1 / 3: "0.3333333333333333", -0.0: "-0",
             float("inf"): "+Inf", float("nan"): "NaN"}
    for f, text in cases.items():
        assert format_float(f) == text
    assert format_float(f32(0.1), "g", -1, 32) == "0.1"
    assert format_float(3.14159, "f", 2) == "3.14"
    assert format_float(1234.5, "e", 3) == "1.234e+03"


def test_go_utf8_decoding() -> None:
    from goo_lsp.compiler.interp import decode_rune, runes_with_pos
    assert decode_rune(b"\xe4\xb8\x96", 0) == (0x4E16, 3)
    assert decode_rune(b"\xe4\xb8", 0) == (0xFFFD, 1)
    assert decode_rune(b"\xed\xa0\x80", 0) == (0xFFFD, 1)   # surrogate half
    assert [(i, w) for i, _, w in runes_with_pos(b"a\xffb\xc3\xa9")] == [(0, 1), (1, 1), (2, 1), (3, 2)]
