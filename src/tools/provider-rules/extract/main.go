// Command extract reads a Terraform provider's Go source (SDKv2 / pluginsdk / plugin-framework) and prints
// provider rules (facts: attribute/block tree, flags, validators) as JSON for the covered types.
// Standard library only.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	root := flag.String("root", "", "unpacked source tree")
	provider := flag.String("provider", "", "google|azurerm|kubernetes|helm")
	gitDir := flag.String("git-dir", "", "bare repository to unpack missing package directories from")
	tag := flag.String("tag", "", "tag for -git-dir")
	typesFile := flag.String("types", "", "covered-types.json")
	verbose := flag.Bool("v", false, "print notes to stderr")
	var modSrc multiFlag
	flag.Var(&modSrc, "module-src", "module=bare-git-dir: read that dependency module's constants from its repository at the tag go.mod requires (repeatable)")
	flag.Parse()

	module := readModule(filepath.Join(*root, "go.mod"))
	l := NewLoader(*root, module, *gitDir, *tag)
	requires := readRequires(filepath.Join(*root, "go.mod"))
	for _, ms := range modSrc {
		i := strings.Index(ms, "=")
		if i <= 0 {
			must(fmt.Errorf("-module-src %q: want module=git-dir", ms))
		}
		if v, ok := requires[ms[:i]]; ok {
			l.Ext = append(l.Ext, ExtModule{Path: ms[:i], Version: v, GitDir: ms[i+1:]})
		}
	}
	ev := &Eval{L: l, Notes: map[string]bool{}, inProg: map[string]bool{}, verbose: *verbose}

	var covered map[string]struct {
		Resources []string `json:"resources"`
		Data      []string `json:"data"`
	}
	b, err := os.ReadFile(*typesFile)
	must(err)
	must(json.Unmarshal(b, &covered))
	cv := covered[*provider]

	x := &Extractor{ev: ev, l: l, provider: *provider, module: module}
	out := J{"resources": J{}, "data": J{}}
	var missing []string
	for _, kind := range []string{"resources", "data"} {
		list := cv.Resources
		if kind == "data" {
			list = cv.Data
		}
		for _, t := range list {
			ev.cur = t
			blk, cd := x.extract(t, kind == "data")
			ev.cur = ""
			if blk == nil {
				missing = append(missing, kind+":"+t)
				continue
			}
			out[kind].(J)[t] = blk
			_ = cd
		}
	}
	var notes []string
	for n := range ev.Notes {
		notes = append(notes, n)
	}
	sort.Strings(notes)
	out["notes"] = notes
	out["missing"] = missing
	out["forceNewSometimes"] = x.sometimes
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	must(enc.Encode(out))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func readModule(p string) string {
	b, err := os.ReadFile(p)
	must(err)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "module ") {
			return strings.TrimSpace(strings.TrimPrefix(line, "module "))
		}
	}
	return ""
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// readRequires returns go.mod's required module versions (module path -> version), replacements with a version
// applied.
func readRequires(p string) map[string]string {
	b, err := os.ReadFile(p)
	must(err)
	req := map[string]string{}
	var repl [][2]string
	block := ""
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if block != "" {
			if f[0] == ")" {
				block = ""
				continue
			}
			f = append([]string{block}, f...)
		} else if len(f) == 2 && f[1] == "(" {
			block = f[0]
			continue
		}
		switch {
		case f[0] == "require" && len(f) >= 3:
			req[f[1]] = f[2]
		case f[0] == "replace" && len(f) >= 5 && f[len(f)-3] == "=>" && f[len(f)-2] == f[1]:
			repl = append(repl, [2]string{f[1], f[len(f)-1]})
		}
	}
	for _, r := range repl {
		if _, ok := req[r[0]]; ok {
			req[r[0]] = r[1]
		}
	}
	return req
}

type Extractor struct {
	ev        *Eval
	l         *Loader
	provider  string
	module    string
	sometimes []string
	regIndex  map[string][]regEntry
}

type regEntry struct {
	pkg  *Package
	file *ast.File
	expr ast.Expr
	data bool
}

// extract returns the BlockRules JSON for one type.
func (x *Extractor) extract(t string, data bool) (J, bool) {
	switch x.provider {
	case "helm":
		return x.helm(t, data), false
	case "google":
		return x.sdkFromRegistry([]string{x.module + "/google/provider"}, t, data)
	case "kubernetes":
		return x.sdkFromRegistry([]string{x.module + "/kubernetes"}, t, data)
	case "azurerm":
		return x.azurerm(t, data)
	}
	return nil, false
}

func (x *Extractor) indexRegistrations(pkgPaths []string) {
	if x.regIndex != nil {
		return
	}
	x.regIndex = map[string][]regEntry{}
	for _, pp := range pkgPaths {
		p := x.l.Load(pp)
		if p == nil {
			continue
		}
		for _, f := range p.Files {
			x.indexFile(p, f)
		}
	}
}

func (x *Extractor) indexFile(p *Package, f *ast.File) {
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		isData := func() bool {
			for _, s := range stack {
				var name string
				switch s := s.(type) {
				case *ast.FuncDecl:
					name = s.Name.Name
				case *ast.ValueSpec:
					if len(s.Names) > 0 {
						name = s.Names[0].Name
					}
				case *ast.KeyValueExpr:
					if id, ok := s.Key.(*ast.Ident); ok {
						name = id.Name
					}
				}
				if strings.Contains(strings.ToLower(name), "data") {
					return true
				}
			}
			return false
		}
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if bl, ok := n.Key.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				k, _ := strconv.Unquote(bl.Value)
				x.regIndex[k] = append(x.regIndex[k], regEntry{p, f, n.Value, isData()})
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if ie, ok := n.Lhs[0].(*ast.IndexExpr); ok {
					if bl, ok := ie.Index.(*ast.BasicLit); ok && bl.Kind == token.STRING {
						k, _ := strconv.Unquote(bl.Value)
						x.regIndex[k] = append(x.regIndex[k], regEntry{p, f, n.Rhs[0], isData()})
					}
				}
			}
		}
		return true
	})
}

func (x *Extractor) sdkFromRegistry(pkgs []string, t string, data bool) (J, bool) {
	x.indexRegistrations(pkgs)
	if j, ok := x.fromRegistrations(t, data); ok {
		return j, true
	}
	return nil, false
}

func (x *Extractor) sdkResource(t string, r *Struct, extraCD []Value) J {
	c := &Conv{ev: x.ev}
	blk := c.sdkBlock(r, true)
	for _, u := range c.unresolved {
		x.ev.note("%s: unresolved schema for %q", t, u)
	}
	var cds []Value
	if r.F["CustomizeDiff"] != nil {
		cds = append(cds, r.F["CustomizeDiff"])
	}
	cds = append(cds, extraCD...)
	names := map[string]bool{}
	seen := map[ast.Node]bool{}
	for _, cd := range cds {
		x.scanCD(cd, names, seen, 0)
	}
	var ns []string
	for n := range names {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	for _, n := range ns {
		if applySometimes(blk, n) {
			x.sometimes = append(x.sometimes, t+"."+n)
		} else {
			x.ev.note("%s: CustomizeDiff ForceNew(%q) does not name a schema path", t, n)
		}
	}
	return blk
}

// scanCD collects attribute names forced new by a CustomizeDiff value.
func (x *Extractor) scanCD(v Value, names map[string]bool, seen map[ast.Node]bool, depth int) {
	if depth > 4 {
		return
	}
	switch v := v.(type) {
	case *Marker:
		if v.Kind == "forcenew" {
			for _, n := range v.Names {
				names[n] = true
			}
		}
		for _, f := range v.Funcs {
			x.scanCD(f, names, seen, depth)
		}
	case *Slice:
		for _, f := range v.E {
			x.scanCD(f, names, seen, depth)
		}
	case *FuncVal:
		var body ast.Node
		if v.Decl != nil {
			body = v.Decl.Body
		} else if v.Lit != nil {
			body = v.Lit.Body
		}
		if body == nil || seen[body] || v.Pkg == nil {
			return
		}
		seen[body] = true
		fr := &frame{pkg: v.Pkg, file: v.File, env: newEnv(v.Env)}
		var stack []ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			ce, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := ce.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ForceNew" && len(ce.Args) == 1 {
				if s, ok := x.ev.expr(fr, ce.Args[0], nil).(string); ok {
					names[s] = true
				} else if lits := x.forceNewIdentValues(fr, body, stack, ce.Args[0]); len(lits) > 0 {
					for _, s := range lits {
						names[s] = true
					}
				} else {
					x.ev.note("CustomizeDiff ForceNew with non-constant argument at %s (not recorded)", x.ev.pos(ce.Pos()))
				}
				return true
			}
			// customdiff helpers used inside function bodies
			if sel, ok := ce.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "ForceNewIfChange" || sel.Sel.Name == "ForceNewIf") && len(ce.Args) >= 1 {
				if s, ok := x.ev.expr(fr, ce.Args[0], nil).(string); ok {
					names[s] = true
				}
				return true
			}
			// follow calls to functions of this module
			var fv Value
			switch f := ce.Fun.(type) {
			case *ast.Ident:
				if _, local := fr.env.lookup(f.Name); !local {
					fv, _ = x.ev.pkgVal(v.Pkg, f.Name)
				}
			case *ast.SelectorExpr:
				if id, ok := f.X.(*ast.Ident); ok {
					if ip, ok := v.Pkg.imports[v.File][id.Name]; ok && strings.HasPrefix(ip, x.module) {
						if p := x.l.Load(ip); p != nil {
							fv, _ = x.ev.pkgVal(p, f.Sel.Name)
						}
					}
				}
			}
			if f, ok := fv.(*FuncVal); ok {
				x.scanCD(f, names, seen, depth+1)
			}
			// function references passed as arguments (customdiff.All(fn1, fn2) inside bodies)
			for _, a := range ce.Args {
				if id, ok := a.(*ast.Ident); ok {
					if _, local := fr.env.lookup(id.Name); !local {
						if f, ok := v.Pkg.Funcs[id.Name]; ok {
							x.scanCD(&FuncVal{Decl: f, Pkg: v.Pkg, File: v.Pkg.fileOf[f]}, names, seen, depth+1)
						}
					}
				}
			}
			return true
		})
	}
}

// forceNewIdentValues resolves d.ForceNew(k) where k is a loop variable ranging over a literal string slice (directly
// or through a local variable), or is guarded by an enclosing `k == "literal"` condition.
func (x *Extractor) forceNewIdentValues(fr *frame, body ast.Node, stack []ast.Node, arg ast.Expr) []string {
	id, ok := arg.(*ast.Ident)
	if !ok {
		return nil
	}
	// guarded by k == "lit"
	for i := len(stack) - 1; i >= 0; i-- {
		ifs, ok := stack[i].(*ast.IfStmt)
		if !ok {
			continue
		}
		var found []string
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if be, ok := n.(*ast.BinaryExpr); ok && be.Op == token.EQL {
				if l, ok := be.X.(*ast.Ident); ok && l.Name == id.Name {
					if s, ok := x.ev.expr(fr, be.Y, nil).(string); ok {
						found = append(found, s)
					}
				}
			}
			return true
		})
		if len(found) == 1 {
			return found
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		rs, ok := stack[i].(*ast.RangeStmt)
		if !ok {
			continue
		}
		if vi, ok := rs.Value.(*ast.Ident); !ok || vi.Name != id.Name {
			continue
		}
		var src ast.Expr = rs.X
		if xi, ok := rs.X.(*ast.Ident); ok {
			src = nil
			ast.Inspect(body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
					if l, ok := as.Lhs[0].(*ast.Ident); ok && l.Name == xi.Name {
						src = as.Rhs[0]
					}
				}
				return true
			})
		}
		if src == nil {
			return nil
		}
		if cl, ok := src.(*ast.CompositeLit); ok {
			return strSlice(x.ev.expr(fr, cl, nil))
		}
		return nil
	}
	return nil
}

// fromRegistrations evaluates the registration entries indexed for a type name (a map literal of
// type name → resource function) and converts the first that yields an SDK resource.
func (x *Extractor) fromRegistrations(t string, data bool) (J, bool) {
	for _, e := range x.regIndex[t] {
		if e.data != data {
			continue
		}
		fr := &frame{pkg: e.pkg, file: e.file, env: newEnv(nil)}
		if r, ok := isResource(x.ev.expr(fr, e.expr, nil)); ok {
			return x.sdkResource(t, r, nil), true
		}
		x.ev.note("%s: registration did not evaluate to a resource", t)
	}
	return nil, false
}

// ----- azurerm -----

func (x *Extractor) azurerm(t string, data bool) (J, bool) {
	if x.regIndex == nil {
		x.regIndex = map[string][]regEntry{}
		svcRoot := filepath.Join(x.l.Root, "internal", "services")
		dirs, _ := os.ReadDir(svcRoot)
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			pp := x.module + "/internal/services/" + d.Name()
			p := x.l.Load(pp)
			if p == nil {
				continue
			}
			for _, f := range p.Files {
				fn := filepath.Base(x.l.fset.Position(f.Package).Filename)
				if fn == "registration.go" {
					x.indexFile(p, f)
				}
			}
		}
	}
	if j, ok := x.fromRegistrations(t, data); ok {
		return j, true
	}
	// typed resources: a ResourceType() method returning the name
	for _, p := range x.l.pkgs {
		if p == nil || !strings.HasPrefix(p.Path, x.module+"/internal/services/") {
			continue
		}
		for recv, ms := range p.Methods {
			m, ok := ms["ResourceType"]
			if !ok || m.Body == nil || len(m.Body.List) != 1 {
				continue
			}
			rs, ok := m.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(rs.Results) != 1 {
				continue
			}
			bl, ok := rs.Results[0].(*ast.BasicLit)
			if !ok {
				continue
			}
			if s, _ := strconv.Unquote(bl.Value); s != t {
				continue
			}
			_, hasCreate := ms["Create"]
			if hasCreate == data {
				continue
			}
			return x.azurermTyped(t, p, recv, ms, data), true
		}
	}
	return nil, false
}

func (x *Extractor) azurermTyped(t string, p *Package, recv string, ms map[string]*ast.FuncDecl, data bool) J {
	self := &Struct{Pkg: p.Path, Type: recv, F: map[string]Value{}}
	call := func(name string) Value {
		d, ok := ms[name]
		if !ok {
			return nil
		}
		return x.ev.callFunc(&FuncVal{Decl: d, Pkg: p, File: p.fileOf[d], Recv: self}, nil)
	}
	schema := &Map{M: map[string]Value{}}
	if a, ok := call("Arguments").(*Map); ok {
		for k, v := range a.M {
			schema.M[k] = v
		}
	} else {
		x.ev.note("%s: Arguments() did not evaluate", t)
	}
	if a, ok := call("Attributes").(*Map); ok {
		for k, v := range a.M {
			if s, ok := v.(*Struct); ok {
				s.F["Computed"] = true
			}
			schema.M[k] = v
		}
	}
	to := &Struct{Type: "ResourceTimeout", F: map[string]Value{}}
	for _, m := range []string{"Create", "Read", "Update", "Delete"} {
		if _, ok := ms[m]; ok {
			to.F[m] = true
		}
	}
	r := &Struct{Type: "Resource", F: map[string]Value{"Schema": schema, "Timeouts": to}}
	var extra []Value
	if d, ok := ms["CustomizeDiff"]; ok {
		extra = append(extra, &FuncVal{Decl: d, Pkg: p, File: p.fileOf[d], Recv: self})
	}
	return x.sdkResource(t, r, extra)
}

// ----- helm (plugin framework) -----

func (x *Extractor) helm(t string, data bool) J {
	p := x.l.Load(x.module + "/helm")
	suffix := strings.TrimPrefix(t, "helm")
	for recv, ms := range p.Methods {
		md, ok := ms["Metadata"]
		if !ok {
			continue
		}
		match := false
		ast.Inspect(md, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Value == strconv.Quote(suffix) {
				match = true
			}
			return true
		})
		sd, ok := ms["Schema"]
		if !match || !ok {
			continue
		}
		isData := strings.Contains(fmt.Sprint(x.l.fset.Position(sd.Pos()).Filename), "data_")
		if isData != data {
			continue
		}
		self := &Struct{Pkg: p.Path, Type: recv, F: map[string]Value{}}
		resp := &Struct{Type: "SchemaResponse", F: map[string]Value{}}
		x.ev.callFunc(&FuncVal{Decl: sd, Pkg: p, File: p.fileOf[sd], Recv: self}, []Value{nil, nil, resp})
		s, ok := resp.F["Schema"].(*Struct)
		if !ok {
			x.ev.note("%s: schema did not evaluate", t)
			return nil
		}
		c := &Conv{ev: x.ev}
		out := c.fwBlock(s.F["Attributes"], s.F["Blocks"])
		for _, u := range c.unresolved {
			x.ev.note("%s: unresolved schema for %q", t, u)
		}
		return out
	}
	return nil
}
