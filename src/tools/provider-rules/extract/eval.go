package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Value is a symbolic value: nil (unknown), string, int64, float64, bool, *Struct, *Map, *Slice, *Sym, *FuncVal,
// *TypeVal, *Regex, *Validator, *Marker, []Value (multiple results).
type Value interface{}

type Sym struct{ Pkg, Name string }
type Struct struct {
	Pkg, Type string
	F         map[string]Value
}
type Map struct{ M map[string]Value }
type Slice struct{ E []Value }
type FuncVal struct {
	Decl *ast.FuncDecl
	Lit  *ast.FuncLit
	Pkg  *Package
	File *ast.File
	Env  *Env
	Recv Value
}
type TypeVal struct {
	Pkg  *Package
	Name string
}
type Regex struct{ Src string }
type PkgRef struct{ Path string }

// Validator carries the facts of a validation function.
type Validator struct {
	Enum       []Value
	IgnoreCase bool
	Range      *[2]*float64
	Length     *[2]*float64
	Pattern    []string
	Known      bool
}

// Marker: forceNew markers (customdiff), plan modifiers, timeouts, size validators.
type Marker struct {
	Kind  string // "forcenew", "replace", "replaceif", "funcs", "size", "timeouts"
	Names []string
	Funcs []Value
	Min   *float64
	Max   *float64
}

type Env struct {
	vars   map[string]Value
	parent *Env
}

func newEnv(p *Env) *Env { return &Env{vars: map[string]Value{}, parent: p} }
func (e *Env) lookup(n string) (Value, bool) {
	for x := e; x != nil; x = x.parent {
		if v, ok := x.vars[n]; ok {
			return v, true
		}
	}
	return nil, false
}
func (e *Env) set(n string, v Value) bool {
	for x := e; x != nil; x = x.parent {
		if _, ok := x.vars[n]; ok {
			x.vars[n] = v
			return true
		}
	}
	return false
}

type Ctx struct {
	L     *Loader
	Pkg   *Package
	File  *ast.File
	depth int
}

type Eval struct {
	L       *Loader
	Notes   map[string]bool
	inProg  map[string]bool
	depth   int
	verbose bool
	cur     string
	taint   int
}

func (ev *Eval) note(format string, args ...interface{}) {
	s := fmt.Sprintf(format, args...)
	if ev.cur != "" && !strings.HasPrefix(s, ev.cur) {
		s = ev.cur + ": " + s
	}
	if !ev.Notes[s] {
		ev.Notes[s] = true
		if ev.verbose {
			fmt.Fprintln(os.Stderr, "note:", s)
		}
	}
}

func (ev *Eval) pos(p token.Pos) string {
	ps := ev.L.fset.Position(p)
	rel := strings.TrimPrefix(ps.Filename, ev.L.Root+"/")
	return fmt.Sprintf("%s:%d", rel, ps.Line)
}

type frame struct {
	pkg  *Package
	file *ast.File
	env  *Env
}

// ---------- package-level resolution ----------

func (ev *Eval) pkgVal(p *Package, name string) (Value, bool) {
	if v, ok := p.cache[name]; ok {
		return v, true
	}
	if d, ok := p.Vals[name]; ok {
		key := p.Path + "." + name
		if ev.inProg[key] {
			return nil, true
		}
		ev.inProg[key] = true
		var v Value
		if d.implicit || (len(d.spec.Values) > d.idx && usesIota(d.spec.Values[d.idx])) {
			// iota constants: keep symbolic
			v = &Sym{Pkg: p.Path, Name: name}
		} else if len(d.spec.Values) > d.idx {
			fr := &frame{pkg: p, file: d.file, env: newEnv(nil)}
			v = ev.expr(fr, d.spec.Values[d.idx], d.spec.Type)
			if len(d.spec.Values) == 1 && len(d.spec.Names) > 1 {
				if mv, ok := v.([]Value); ok && d.idx < len(mv) {
					v = mv[d.idx]
				}
			}
		} else if d.spec.Type != nil {
			v = ev.zero(&frame{pkg: p, file: d.file, env: newEnv(nil)}, d.spec.Type)
		}
		if mv, ok := v.([]Value); ok && len(mv) > 0 {
			v = mv[0]
		}
		delete(ev.inProg, key)
		p.cache[name] = v
		return v, true
	}
	if fd, ok := p.Funcs[name]; ok {
		return &FuncVal{Decl: fd, Pkg: p, File: p.fileOf[fd]}, true
	}
	if _, ok := p.Types[name]; ok {
		return &TypeVal{Pkg: p, Name: name}, true
	}
	return nil, false
}

func usesIota(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			found = true
		}
		return true
	})
	return found
}

func (ev *Eval) ident(fr *frame, name string) Value {
	if v, ok := fr.env.lookup(name); ok {
		return v
	}
	if fr.pkg != nil {
		if v, ok := ev.pkgVal(fr.pkg, name); ok {
			return v
		}
		if ip, ok := fr.pkg.imports[fr.file][name]; ok {
			return &PkgRef{Path: ip}
		}
	}
	switch name {
	case "true":
		return true
	case "false":
		return false
	case "nil":
		return nil
	}
	return &Sym{Name: name}
}

func (ev *Eval) selectPkg(path, name string) Value {
	p := ev.L.Load(path)
	if p != nil {
		if v, ok := ev.pkgVal(p, name); ok {
			return v
		}
	}
	return &Sym{Pkg: path, Name: name}
}

// ---------- expressions ----------

func (ev *Eval) zero(fr *frame, t ast.Expr) Value {
	switch t := t.(type) {
	case *ast.MapType:
		return nil
	case *ast.Ident:
		switch t.Name {
		case "bool":
			return false
		case "string":
			return ""
		case "int", "int64", "int32":
			return int64(0)
		}
	}
	return nil
}

func (ev *Eval) expr(fr *frame, e ast.Expr, hint ast.Expr) Value {
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > 400 {
		ev.note("depth limit at %s", ev.pos(e.Pos()))
		return nil
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.STRING:
			s, err := strconv.Unquote(e.Value)
			if err != nil {
				return nil
			}
			return s
		case token.INT:
			i, err := strconv.ParseInt(e.Value, 0, 64)
			if err != nil {
				return nil
			}
			return i
		case token.FLOAT:
			f, _ := strconv.ParseFloat(e.Value, 64)
			return f
		case token.CHAR:
			s, _ := strconv.Unquote(e.Value)
			return s
		}
	case *ast.Ident:
		return ev.ident(fr, e.Name)
	case *ast.ParenExpr:
		return ev.expr(fr, e.X, hint)
	case *ast.SelectorExpr:
		x := ev.expr(fr, e.X, nil)
		switch x := x.(type) {
		case *PkgRef:
			if v, ok := validatorRef(x.Path, e.Sel.Name); ok {
				return v
			}
			return ev.selectPkg(x.Path, e.Sel.Name)
		case *Struct:
			if v, ok := x.F[e.Sel.Name]; ok {
				return v
			}
			if m := ev.method(x, e.Sel.Name); m != nil {
				return m
			}
			return nil
		case *TypeVal:
			return nil
		}
		return nil
	case *ast.UnaryExpr:
		x := ev.expr(fr, e.X, hint)
		switch e.Op {
		case token.AND:
			return x
		case token.NOT:
			if b, ok := x.(bool); ok {
				return !b
			}
			return nil
		case token.SUB:
			switch v := x.(type) {
			case int64:
				return -v
			case float64:
				return -v
			}
			return nil
		}
		return x
	case *ast.StarExpr:
		x := ev.expr(fr, e.X, nil)
		if s, ok := x.(*Struct); ok {
			return copyStruct(s)
		}
		return x
	case *ast.BinaryExpr:
		return ev.binary(fr, e)
	case *ast.CompositeLit:
		return ev.composite(fr, e, hint)
	case *ast.CallExpr:
		v := ev.call(fr, e)
		return v
	case *ast.IndexExpr:
		x := ev.expr(fr, e.X, nil)
		k := ev.expr(fr, e.Index, nil)
		switch x := x.(type) {
		case *Map:
			if ks, ok := keyString(k); ok {
				return x.M[ks]
			}
		case *Slice:
			if i, ok := k.(int64); ok && int(i) < len(x.E) && i >= 0 {
				return x.E[i]
			}
		case *FuncVal:
			return x // generic instantiation
		}
		return nil
	case *ast.FuncLit:
		return &FuncVal{Lit: e, Pkg: fr.pkg, File: fr.file, Env: fr.env}
	case *ast.TypeAssertExpr:
		return ev.expr(fr, e.X, nil)
	case *ast.KeyValueExpr:
		return nil
	case *ast.SliceExpr:
		return ev.expr(fr, e.X, nil)
	}
	return nil
}

func keyString(k Value) (string, bool) {
	switch k := k.(type) {
	case string:
		return k, true
	case int64:
		return strconv.FormatInt(k, 10), true
	case *Sym:
		return k.Name, true
	}
	return "", false
}

func copyStruct(s *Struct) *Struct {
	n := &Struct{Pkg: s.Pkg, Type: s.Type, F: map[string]Value{}}
	for k, v := range s.F {
		n.F[k] = v
	}
	return n
}

func (ev *Eval) binary(fr *frame, e *ast.BinaryExpr) Value {
	if e.Op == token.LAND || e.Op == token.LOR {
		l := ev.expr(fr, e.X, nil)
		lb, lok := l.(bool)
		if lok && e.Op == token.LAND && !lb {
			return false
		}
		if lok && e.Op == token.LOR && lb {
			return true
		}
		r := ev.expr(fr, e.Y, nil)
		rb, rok := r.(bool)
		if rok && e.Op == token.LAND && !rb {
			return false
		}
		if rok && e.Op == token.LOR && rb {
			return true
		}
		if lok && rok {
			if e.Op == token.LAND {
				return lb && rb
			}
			return lb || rb
		}
		return nil
	}
	l := ev.expr(fr, e.X, nil)
	r := ev.expr(fr, e.Y, nil)
	switch e.Op {
	case token.EQL, token.NEQ:
		if l == nil || r == nil {
			return nil
		}
		eq, ok := valEqual(l, r)
		if !ok {
			return nil
		}
		if e.Op == token.EQL {
			return eq
		}
		return !eq
	}
	switch a := l.(type) {
	case string:
		if b, ok := r.(string); ok && e.Op == token.ADD {
			return a + b
		}
	case int64:
		if b, ok := r.(int64); ok {
			switch e.Op {
			case token.ADD:
				return a + b
			case token.SUB:
				return a - b
			case token.MUL:
				return a * b
			case token.QUO:
				if b != 0 {
					return a / b
				}
			case token.SHL:
				return a << uint(b)
			case token.LSS:
				return a < b
			case token.GTR:
				return a > b
			case token.LEQ:
				return a <= b
			case token.GEQ:
				return a >= b
			}
		}
		if b, ok := r.(float64); ok {
			return binFloat(e.Op, float64(a), b)
		}
	case float64:
		if b, ok := r.(float64); ok {
			return binFloat(e.Op, a, b)
		}
		if b, ok := r.(int64); ok {
			return binFloat(e.Op, a, float64(b))
		}
	}
	return nil
}

func binFloat(op token.Token, a, b float64) Value {
	switch op {
	case token.ADD:
		return a + b
	case token.SUB:
		return a - b
	case token.MUL:
		return a * b
	case token.QUO:
		if b != 0 {
			return a / b
		}
	}
	return nil
}

func valEqual(a, b Value) (bool, bool) {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return x == y, ok
	case int64:
		y, ok := b.(int64)
		return x == y, ok
	case bool:
		y, ok := b.(bool)
		return x == y, ok
	case *Sym:
		if y, ok := b.(*Sym); ok {
			return x.Name == y.Name, true
		}
	}
	return false, false
}

// typeName resolves a composite literal type to (pkgpath, name, kind)
func (ev *Eval) typeOf(fr *frame, t ast.Expr) (string, string) {
	switch t := t.(type) {
	case *ast.StarExpr:
		return ev.typeOf(fr, t.X)
	case *ast.Ident:
		if fr.pkg != nil {
			return fr.pkg.Path, t.Name
		}
		return "", t.Name
	case *ast.SelectorExpr:
		if id, ok := t.X.(*ast.Ident); ok && fr.pkg != nil {
			if ip, ok := fr.pkg.imports[fr.file][id.Name]; ok {
				return ip, t.Sel.Name
			}
			return id.Name, t.Sel.Name
		}
	case *ast.IndexExpr:
		return ev.typeOf(fr, t.X)
	}
	return "", ""
}

func (ev *Eval) composite(fr *frame, e *ast.CompositeLit, hint ast.Expr) Value {
	t := e.Type
	if t == nil {
		t = hint
	}
	for {
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
			continue
		}
		break
	}
	switch tt := t.(type) {
	case *ast.MapType:
		m := &Map{M: map[string]Value{}}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k := ev.expr(fr, kv.Key, tt.Key)
			ks, ok := keyString(k)
			if !ok {
				ev.note("unresolved map key at %s", ev.pos(kv.Pos()))
				continue
			}
			m.M[ks] = ev.expr(fr, kv.Value, tt.Value)
		}
		return m
	case *ast.ArrayType:
		s := &Slice{}
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			s.E = append(s.E, ev.expr(fr, el, tt.Elt))
		}
		return s
	}
	pkg, name := ev.typeOf(fr, t)
	// resolve aliases / named map and slice types
	if p := ev.L.Load0(pkg); p != nil {
		if ts, ok := p.Types[name]; ok {
			switch under := ts.Type.(type) {
			case *ast.MapType, *ast.ArrayType:
				sub := &frame{pkg: p, file: p.fileOf[ts], env: newEnv(nil)}
				// evaluate elements in the current frame but with type hints from the declaring package
				_ = sub
				return ev.composite(fr, &ast.CompositeLit{Type: under, Elts: e.Elts}, nil)
			case *ast.SelectorExpr, *ast.Ident:
				if ts.Assign != 0 {
					sub := &frame{pkg: p, file: p.fileOf[ts], env: newEnv(nil)}
					pp, nn := ev.typeOf(sub, under)
					if nn != "" {
						pkg, name = pp, nn
					}
				}
			}
		}
	}
	s := &Struct{Pkg: pkg, Type: name, F: map[string]Value{}}
	for _, el := range e.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if skipFields[k.Name] {
			// behaviour, not schema facts: recorded as present only
			s.F[k.Name] = true
			continue
		}
		s.F[k.Name] = ev.expr(fr, kv.Value, nil)
	}
	return s
}

var skipFields = map[string]bool{"StateUpgraders": true, "Importer": true, "Description": true, "MarkdownDescription": true,
	"DiffSuppressFunc": true, "StateFunc": true, "Set": true, "Create": true, "Read": true, "Update": true, "Delete": true,
	"CreateContext": true, "ReadContext": true, "UpdateContext": true, "DeleteContext": true, "Identity": true}

// Load0 loads a package only if it is the module's or vendored (never for empty path).
func (l *Loader) Load0(path string) *Package {
	if path == "" {
		return nil
	}
	return l.Load(path)
}

func (ev *Eval) method(s *Struct, name string) *FuncVal {
	p := ev.L.Load0(s.Pkg)
	if p == nil {
		return nil
	}
	if ms, ok := p.Methods[s.Type]; ok {
		if d, ok := ms[name]; ok {
			return &FuncVal{Decl: d, Pkg: p, File: p.fileOf[d], Recv: s}
		}
	}
	return nil
}

// ---------- calls ----------

func (ev *Eval) call(fr *frame, e *ast.CallExpr) Value {
	// builtins
	if id, ok := e.Fun.(*ast.Ident); ok {
		if _, local := fr.env.lookup(id.Name); !local {
			switch id.Name {
			case "make":
				if len(e.Args) > 0 {
					if _, ok := e.Args[0].(*ast.MapType); ok {
						return &Map{M: map[string]Value{}}
					}
					return &Slice{}
				}
			case "append":
				if len(e.Args) == 0 {
					return nil
				}
				base := ev.expr(fr, e.Args[0], nil)
				ns := &Slice{}
				if b, ok := base.(*Slice); ok {
					ns.E = append(ns.E, b.E...)
				}
				for i, a := range e.Args[1:] {
					v := ev.expr(fr, a, nil)
					if e.Ellipsis.IsValid() && i == len(e.Args)-2 {
						if vs, ok := v.(*Slice); ok {
							ns.E = append(ns.E, vs.E...)
						}
						continue
					}
					ns.E = append(ns.E, v)
				}
				return ns
			case "delete":
				if len(e.Args) == 2 {
					m, _ := ev.expr(fr, e.Args[0], nil).(*Map)
					k, ok := keyString(ev.expr(fr, e.Args[1], nil))
					if m != nil && ok {
						delete(m.M, k)
					}
				}
				return nil
			case "len":
				switch v := ev.expr(fr, e.Args[0], nil).(type) {
				case *Slice:
					return int64(len(v.E))
				case *Map:
					return int64(len(v.M))
				case string:
					return int64(len(v))
				}
				return nil
			case "string", "int", "int64", "int32", "float64", "bool":
				if len(e.Args) == 1 {
					v := ev.expr(fr, e.Args[0], nil)
					if id.Name == "float64" {
						if i, ok := v.(int64); ok {
							return float64(i)
						}
					}
					if id.Name == "int" || id.Name == "int64" || id.Name == "int32" {
						if f, ok := v.(float64); ok {
							return int64(f)
						}
					}
					return v
				}
			case "new":
				pkg, name := ev.typeOf(fr, e.Args[0])
				return &Struct{Pkg: pkg, Type: name, F: map[string]Value{}}
			}
		}
	}
	if at, ok := e.Fun.(*ast.ArrayType); ok {
		_ = at
		return ev.expr(fr, e.Args[0], nil)
	}
	// intrinsics by package path + name
	if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, local := fr.env.lookup(id.Name); !local && fr.pkg != nil {
				if ip, ok := fr.pkg.imports[fr.file][id.Name]; ok {
					if v, handled := ev.intrinsic(fr, ip, sel.Sel.Name, e); handled {
						return v
					}
				}
			}
		}
	} else if id, ok := e.Fun.(*ast.Ident); ok && fr.pkg != nil {
		if _, local := fr.env.lookup(id.Name); !local {
			if v, handled := ev.intrinsic(fr, fr.pkg.Path, id.Name, e); handled {
				return v
			}
		}
	}
	fn := ev.expr(fr, e.Fun, nil)
	switch f := fn.(type) {
	case *TypeVal:
		if len(e.Args) == 1 {
			return ev.expr(fr, e.Args[0], nil)
		}
		return nil
	case *FuncVal:
		var args []Value
		for i, a := range e.Args {
			v := ev.expr(fr, a, nil)
			if e.Ellipsis.IsValid() && i == len(e.Args)-1 {
				if vs, ok := v.(*Slice); ok {
					args = append(args, &spread{vs})
					continue
				}
			}
			args = append(args, v)
		}
		r := ev.callFunc(f, args)
		return r
	case *Sym:
		// unknown external function: if it is a validator-like call, produce an unknown validator
		return nil
	}
	return nil
}

type spread struct{ s *Slice }

func (ev *Eval) callFunc(f *FuncVal, args []Value) Value {
	var ftype *ast.FuncType
	var body *ast.BlockStmt
	var env *Env
	if f.Decl != nil {
		ftype, body = f.Decl.Type, f.Decl.Body
		env = newEnv(nil)
		key := fmt.Sprintf("%p", f.Decl)
		_ = key
	} else {
		ftype, body = f.Lit.Type, f.Lit.Body
		env = newEnv(f.Env)
	}
	if body == nil {
		return nil
	}
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > 300 {
		ev.note("call depth limit")
		return nil
	}
	if f.Decl != nil && f.Decl.Recv != nil && len(f.Decl.Recv.List) > 0 && len(f.Decl.Recv.List[0].Names) > 0 {
		env.vars[f.Decl.Recv.List[0].Names[0].Name] = f.Recv
	}
	i := 0
	params := ftype.Params.List
	for pi, p := range params {
		_, variadic := p.Type.(*ast.Ellipsis)
		names := p.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, n := range names {
			if variadic && pi == len(params)-1 {
				s := &Slice{}
				for ; i < len(args); i++ {
					if sp, ok := args[i].(*spread); ok {
						s.E = append(s.E, sp.s.E...)
					} else {
						s.E = append(s.E, args[i])
					}
				}
				env.vars[n.Name] = s
				continue
			}
			if i < len(args) {
				if sp, ok := args[i].(*spread); ok {
					env.vars[n.Name] = sp.s
				} else {
					env.vars[n.Name] = args[i]
				}
			} else {
				env.vars[n.Name] = nil
			}
			i++
		}
	}
	// named results
	if ftype.Results != nil {
		for _, r := range ftype.Results.List {
			for _, n := range r.Names {
				env.vars[n.Name] = nil
			}
		}
	}
	fr := &frame{pkg: f.Pkg, file: f.File, env: env}
	saved := ev.taint
	ctl, vals := ev.block(fr, body.List)
	if ev.taint != saved {
		// control flow depended on something unknown: the result is unknown too
		ev.taint = saved
		return nil
	}
	if ctl == ctlReturn {
		if len(vals) == 1 {
			return vals[0]
		}
		if len(vals) == 0 && ftype.Results != nil {
			// named results
			var out []Value
			for _, r := range ftype.Results.List {
				for _, n := range r.Names {
					v, _ := env.lookup(n.Name)
					out = append(out, v)
				}
			}
			if len(out) == 1 {
				return out[0]
			}
			return out
		}
		return vals
	}
	return nil
}

// ---------- statements ----------

const (
	ctlNone = iota
	ctlReturn
	ctlBreak
	ctlContinue
)

func (ev *Eval) block(fr *frame, stmts []ast.Stmt) (int, []Value) {
	for _, s := range stmts {
		c, v := ev.stmt(fr, s)
		if c != ctlNone {
			return c, v
		}
	}
	return ctlNone, nil
}

func (ev *Eval) assign(fr *frame, lhs ast.Expr, v Value, define bool) {
	switch l := lhs.(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return
		}
		if define {
			fr.env.vars[l.Name] = v
			return
		}
		if !fr.env.set(l.Name, v) {
			// package var assignment
			if fr.pkg != nil {
				if _, ok := fr.pkg.Vals[l.Name]; ok {
					fr.pkg.cache[l.Name] = v
					return
				}
			}
			fr.env.vars[l.Name] = v
		}
	case *ast.IndexExpr:
		x := ev.expr(fr, l.X, nil)
		k := ev.expr(fr, l.Index, nil)
		switch x := x.(type) {
		case *Map:
			if ks, ok := keyString(k); ok {
				x.M[ks] = v
			} else {
				ev.note("unresolved index assignment at %s", ev.pos(l.Pos()))
			}
		case *Slice:
			if i, ok := k.(int64); ok && int(i) < len(x.E) {
				x.E[i] = v
			}
		default:
			ev.note("index assignment into unknown at %s", ev.pos(l.Pos()))
		}
	case *ast.SelectorExpr:
		x := ev.expr(fr, l.X, nil)
		if s, ok := x.(*Struct); ok {
			s.F[l.Sel.Name] = v
		} else {
			ev.note("field assignment into unknown at %s", ev.pos(l.Pos()))
		}
	case *ast.StarExpr:
		ev.assign(fr, l.X, v, define)
	case *ast.ParenExpr:
		ev.assign(fr, l.X, v, define)
	}
}

func (ev *Eval) stmt(fr *frame, s ast.Stmt) (int, []Value) {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		var out []Value
		for _, r := range s.Results {
			v := ev.expr(fr, r, nil)
			if mv, ok := v.([]Value); ok && len(s.Results) == 1 {
				return ctlReturn, mv
			}
			out = append(out, v)
		}
		return ctlReturn, out
	case *ast.AssignStmt:
		define := s.Tok == token.DEFINE
		if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
			// op-assign: x += y
			if len(s.Lhs) == 1 && len(s.Rhs) == 1 {
				op := map[token.Token]token.Token{token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB, token.MUL_ASSIGN: token.MUL}[s.Tok]
				v := ev.binary(fr, &ast.BinaryExpr{X: s.Lhs[0], Op: op, Y: s.Rhs[0]})
				ev.assign(fr, s.Lhs[0], v, false)
			}
			return ctlNone, nil
		}
		if len(s.Rhs) == 1 && len(s.Lhs) > 1 {
			v := ev.expr(fr, s.Rhs[0], nil)
			mv, _ := v.([]Value)
			if ie, ok := s.Rhs[0].(*ast.IndexExpr); ok && mv == nil {
				// v, ok := m[k]
				x := ev.expr(fr, ie.X, nil)
				found := false
				if m, ok := x.(*Map); ok {
					if ks, ok := keyString(ev.expr(fr, ie.Index, nil)); ok {
						_, found = m.M[ks]
					}
				}
				mv = []Value{v, found}
			} else if _, ok := s.Rhs[0].(*ast.TypeAssertExpr); ok && mv == nil {
				mv = []Value{v, v != nil}
			}
			for i, l := range s.Lhs {
				var x Value
				if i < len(mv) {
					x = mv[i]
				}
				ev.assign(fr, l, x, define)
			}
			return ctlNone, nil
		}
		vals := make([]Value, len(s.Rhs))
		for i, r := range s.Rhs {
			vals[i] = ev.expr(fr, r, nil)
			if mv, ok := vals[i].([]Value); ok && len(mv) > 0 {
				vals[i] = mv[0]
			}
		}
		for i, l := range s.Lhs {
			if i < len(vals) {
				ev.assign(fr, l, vals[i], define)
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				vs, ok := sp.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					var v Value
					if i < len(vs.Values) {
						v = ev.expr(fr, vs.Values[i], vs.Type)
					} else if vs.Type != nil {
						v = ev.zero(fr, vs.Type)
					}
					fr.env.vars[n.Name] = v
				}
			}
		}
	case *ast.ExprStmt:
		ev.expr(fr, s.X, nil)
	case *ast.BlockStmt:
		sub := &frame{pkg: fr.pkg, file: fr.file, env: newEnv(fr.env)}
		return ev.block(sub, s.List)
	case *ast.IfStmt:
		sub := &frame{pkg: fr.pkg, file: fr.file, env: newEnv(fr.env)}
		if s.Init != nil {
			ev.stmt(sub, s.Init)
		}
		c := ev.expr(sub, s.Cond, nil)
		b, ok := c.(bool)
		if !ok {
			ev.taint++
			ev.note("unknown if condition at %s: enclosing function result dropped", ev.pos(s.Pos()))
			return ctlNone, nil
		}
		if b {
			return ev.stmt(sub, s.Body)
		} else if s.Else != nil {
			return ev.stmt(sub, s.Else)
		}
	case *ast.RangeStmt:
		x := ev.expr(fr, s.X, nil)
		run := func(k, v Value) (int, []Value, bool) {
			sub := &frame{pkg: fr.pkg, file: fr.file, env: newEnv(fr.env)}
			define := s.Tok == token.DEFINE
			if s.Key != nil {
				ev.assign(sub, s.Key, k, define)
			}
			if s.Value != nil {
				ev.assign(sub, s.Value, v, define)
			}
			c, vals := ev.block(sub, s.Body.List)
			if c == ctlReturn {
				return c, vals, true
			}
			if c == ctlBreak {
				return ctlNone, nil, true
			}
			return ctlNone, nil, false
		}
		switch x := x.(type) {
		case *Map:
			keys := make([]string, 0, len(x.M))
			for k := range x.M {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if c, v, stop := run(k, x.M[k]); stop {
					return c, v
				}
			}
		case *Slice:
			for i, v := range x.E {
				if c, vv, stop := run(int64(i), v); stop {
					return c, vv
				}
			}
		default:
			ev.taint++
			ev.note("range over unknown at %s: enclosing function result dropped", ev.pos(s.Pos()))
		}
	case *ast.SwitchStmt:
		sub := &frame{pkg: fr.pkg, file: fr.file, env: newEnv(fr.env)}
		if s.Init != nil {
			ev.stmt(sub, s.Init)
		}
		var tag Value = true
		if s.Tag != nil {
			tag = ev.expr(sub, s.Tag, nil)
		}
		if tag == nil {
			ev.taint++
			ev.note("unknown switch tag at %s: enclosing function result dropped", ev.pos(s.Pos()))
			return ctlNone, nil
		}
		var def *ast.CaseClause
		clauses := s.Body.List
		for ci, c := range clauses {
			cc := c.(*ast.CaseClause)
			if cc.List == nil {
				def = cc
				continue
			}
			for _, ce := range cc.List {
				v := ev.expr(sub, ce, nil)
				if eq, ok := valEqual(tag, v); ok && eq {
					return ev.caseRun(sub, clauses, ci)
				}
			}
		}
		if def != nil {
			for ci, c := range clauses {
				if c == def {
					return ev.caseRun(sub, clauses, ci)
				}
			}
		}
	case *ast.BranchStmt:
		switch s.Tok {
		case token.BREAK:
			return ctlBreak, nil
		case token.CONTINUE:
			return ctlContinue, nil
		}
	case *ast.IncDecStmt, *ast.EmptyStmt, *ast.DeferStmt, *ast.GoStmt:
	case *ast.ForStmt:
		ev.taint++
		ev.note("for loop at %s: enclosing function result dropped", ev.pos(s.Pos()))
	default:
		ev.taint++
		ev.note("statement %T at %s: enclosing function result dropped", s, ev.pos(s.Pos()))
	}
	return ctlNone, nil
}

func (ev *Eval) caseRun(fr *frame, clauses []ast.Stmt, ci int) (int, []Value) {
	for ; ci < len(clauses); ci++ {
		cc := clauses[ci].(*ast.CaseClause)
		sub := &frame{pkg: fr.pkg, file: fr.file, env: newEnv(fr.env)}
		body := cc.Body
		fall := false
		if n := len(body); n > 0 {
			if b, ok := body[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				fall = true
				body = body[:n-1]
			}
		}
		c, v := ev.block(sub, body)
		if c == ctlBreak {
			return ctlNone, nil
		}
		if c != ctlNone || !fall {
			return c, v
		}
	}
	return ctlNone, nil
}
