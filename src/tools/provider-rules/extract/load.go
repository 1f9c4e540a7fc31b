package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Package is a parsed Go package (non-test files) with its package-level declarations indexed.
type Package struct {
	Path    string
	Dir     string
	Files   []*ast.File
	Funcs   map[string]*ast.FuncDecl
	Methods map[string]map[string]*ast.FuncDecl // receiver type -> method name -> decl
	Vals    map[string]*valDecl                 // package-level var/const
	Types   map[string]*ast.TypeSpec
	imports map[*ast.File]map[string]string // file -> alias -> import path
	fileOf  map[ast.Node]*ast.File
	cache   map[string]Value
	// ConstsOnly: only package-level constants are indexed (packages from an ExtModule).
	ConstsOnly bool
}

type valDecl struct {
	spec  *ast.ValueSpec
	idx   int
	file  *ast.File
	isVar bool
	iota  int
	// implicit repetition of the previous const spec (iota)
	implicit bool
}

type Loader struct {
	Root   string
	Module string
	GitDir string
	Tag    string
	// Ext: required-but-not-vendored modules read from their own bare repository (constants only).
	Ext  []ExtModule
	fset *token.FileSet
	cats map[string]*catFile // git dir -> running `git cat-file --batch`
	pkgs map[string]*Package
}

// ExtModule is a dependency module (e.g. k8s.io/api) whose packages are unpacked from a bare git mirror of its
// repository at the tag equal to the version the provider's go.mod requires. Only its constants are used.
type ExtModule struct {
	Path    string // module path, e.g. k8s.io/api
	Version string // from go.mod, e.g. v0.28.6 (also the tag)
	GitDir  string
}

type catFile struct {
	in  io.WriteCloser
	out *bufio.Reader
}

func NewLoader(root, module, gitDir, tag string) *Loader {
	return &Loader{Root: root, Module: module, GitDir: gitDir, Tag: tag, fset: token.NewFileSet(), cats: map[string]*catFile{}, pkgs: map[string]*Package{}}
}

// extFor returns the ExtModule that holds the import path, and the package's directory inside that module.
func (l *Loader) extFor(path string) (*ExtModule, string) {
	for i := range l.Ext {
		m := &l.Ext[i]
		if path == m.Path {
			return m, "."
		}
		if strings.HasPrefix(path, m.Path+"/") {
			return m, strings.TrimPrefix(path, m.Path+"/")
		}
	}
	return nil, ""
}

// extGenerated: large generated files of an ExtModule package that hold no constants worth reading.
func extGenerated(name string) bool {
	return name == "generated.pb.go" || strings.HasPrefix(name, "zz_generated") || strings.HasSuffix(name, "_swagger_doc_generated.go")
}

func (l *Loader) dirFor(path string) string {
	if path == l.Module {
		return l.Root
	}
	if strings.HasPrefix(path, l.Module+"/") {
		return filepath.Join(l.Root, strings.TrimPrefix(path, l.Module+"/"))
	}
	return filepath.Join(l.Root, "vendor", path)
}

// fetchDir unpacks one directory (its .go files, not recursive) of the tagged tree when absent.
func (l *Loader) fetchDir(rel string) {
	l.fetchDirFrom(l.GitDir, l.Tag, rel, l.Root, nil)
}

// fetchDirFrom unpacks directory rel of gitDir at tag below dest (as dest/rel), leaving out files skip accepts.
func (l *Loader) fetchDirFrom(gitDir, tag, rel, dest string, skip func(string) bool) {
	if gitDir == "" {
		return
	}
	out, err := exec.Command("git", "--git-dir="+gitDir, "ls-tree", tag, rel+"/").Output()
	if err != nil {
		return
	}
	var files, hashes []string
	for _, line := range strings.Split(string(out), "\n") {
		parts := strings.SplitN(line, "\t", 2)
		if len(parts) != 2 {
			continue
		}
		meta := strings.Fields(parts[0])
		if len(meta) < 3 || meta[1] != "blob" {
			continue
		}
		name := parts[1]
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && (skip == nil || !skip(filepath.Base(name))) {
			files = append(files, name)
			hashes = append(hashes, meta[2])
		}
	}
	if len(files) == 0 {
		return
	}
	// Same content as `git archive <tag> <files> | tar -x`, through one long-running `git cat-file --batch`.
	cat := l.cats[gitDir]
	if cat == nil {
		cmd := exec.Command("git", "--git-dir="+gitDir, "cat-file", "--batch")
		in, err1 := cmd.StdinPipe()
		out, err2 := cmd.StdoutPipe()
		if err1 != nil || err2 != nil || cmd.Start() != nil {
			return
		}
		cat = &catFile{in: in, out: bufio.NewReader(out)}
		l.cats[gitDir] = cat
	}
	for i, name := range files {
		fmt.Fprintf(cat.in, "%s\n", hashes[i])
		header, err := cat.out.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(header)
		if len(fields) != 3 {
			continue // missing object
		}
		size, _ := strconv.Atoi(fields[2])
		buf := make([]byte, size+1)
		if _, err := io.ReadFull(cat.out, buf); err != nil {
			return
		}
		target := filepath.Join(dest, name)
		_ = os.MkdirAll(filepath.Dir(target), 0o755)
		_ = os.WriteFile(target, buf[:size], 0o644)
	}
}

func (l *Loader) Load(path string) *Package {
	if p, ok := l.pkgs[path]; ok {
		return p
	}
	dir := l.dirFor(path)
	first := strings.SplitN(path, "/", 2)[0]
	if !strings.Contains(first, ".") {
		// standard library: never in the tree
		l.pkgs[path] = nil
		return nil
	}
	if _, err := os.Stat(dir); err != nil {
		rel, _ := filepath.Rel(l.Root, dir)
		l.fetchDir(rel)
	}
	constsOnly := false
	if _, err := os.Stat(dir); err != nil {
		// Not in the tree nor vendored: a module read from its own repository (constants only)?
		if m, rel := l.extFor(path); m != nil {
			dest := filepath.Join(l.Root, ".modsrc", m.Path+"@"+m.Version)
			dir = filepath.Join(dest, rel)
			if _, err := os.Stat(dir); err != nil {
				l.fetchDirFrom(m.GitDir, m.Version, rel, dest, extGenerated)
			}
			constsOnly = true
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.pkgs[path] = nil
		return nil
	}
	p := &Package{ConstsOnly: constsOnly, Path: path, Dir: dir, Funcs: map[string]*ast.FuncDecl{}, Methods: map[string]map[string]*ast.FuncDecl{},
		Vals: map[string]*valDecl{}, Types: map[string]*ast.TypeSpec{}, imports: map[*ast.File]map[string]string{}, fileOf: map[ast.Node]*ast.File{}, cache: map[string]Value{}}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := parser.ParseFile(l.fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		if hasIgnoreTag(f) {
			continue
		}
		p.Files = append(p.Files, f)
		imps := map[string]string{}
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			alias := ip[strings.LastIndex(ip, "/")+1:]
			if im.Name != nil {
				alias = im.Name.Name
			} else if isVersionSuffix(alias) {
				q := strings.TrimSuffix(ip, "/"+alias)
				alias = q[strings.LastIndex(q, "/")+1:]
			}
			alias = strings.ReplaceAll(alias, "-", "")
			imps[alias] = ip
		}
		p.imports[f] = imps
		for _, d := range f.Decls {
			if constsOnly {
				if g, ok := d.(*ast.GenDecl); !ok || g.Tok != token.CONST {
					continue
				}
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.fileOf[d] = f
				if d.Recv != nil && len(d.Recv.List) > 0 {
					rt := recvTypeName(d.Recv.List[0].Type)
					if p.Methods[rt] == nil {
						p.Methods[rt] = map[string]*ast.FuncDecl{}
					}
					p.Methods[rt][d.Name.Name] = d
				} else {
					p.Funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				var last *ast.ValueSpec
				for i, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						p.Types[s.Name.Name] = s
						p.fileOf[s] = f
					case *ast.ValueSpec:
						implicit := false
						spec := s
						if d.Tok == token.CONST && len(s.Values) == 0 && last != nil {
							implicit = true
							spec = &ast.ValueSpec{Names: s.Names, Type: last.Type, Values: last.Values}
						} else {
							last = s
						}
						for j, nm := range s.Names {
							p.Vals[nm.Name] = &valDecl{spec: spec, idx: j, file: f, isVar: d.Tok == token.VAR, iota: i, implicit: implicit}
						}
					}
				}
			}
		}
	}
	l.pkgs[path] = p
	return p
}

func isVersionSuffix(s string) bool {
	if len(s) >= 2 && s[0] == 'v' {
		_, err := strconv.Atoi(s[1:])
		return err == nil
	}
	return false
}

func hasIgnoreTag(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && (strings.Contains(c.Text, "ignore") || strings.Contains(c.Text, "tools")) {
				return true
			}
		}
	}
	return false
}

func recvTypeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvTypeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvTypeName(t.X)
	}
	return fmt.Sprintf("%T", e)
}
