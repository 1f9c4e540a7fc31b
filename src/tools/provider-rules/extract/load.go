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
	fset   *token.FileSet
	catIn  io.WriteCloser
	catOut *bufio.Reader
	pkgs   map[string]*Package
}

func NewLoader(root, module, gitDir, tag string) *Loader {
	return &Loader{Root: root, Module: module, GitDir: gitDir, Tag: tag, fset: token.NewFileSet(), pkgs: map[string]*Package{}}
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
	if l.GitDir == "" {
		return
	}
	out, err := exec.Command("git", "--git-dir="+l.GitDir, "ls-tree", l.Tag, rel+"/").Output()
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
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, name)
			hashes = append(hashes, meta[2])
		}
	}
	if len(files) == 0 {
		return
	}
	// Same content as `git archive <tag> <files> | tar -x`, through one long-running `git cat-file --batch`.
	if l.catIn == nil {
		cmd := exec.Command("git", "--git-dir="+l.GitDir, "cat-file", "--batch")
		in, err1 := cmd.StdinPipe()
		out, err2 := cmd.StdoutPipe()
		if err1 != nil || err2 != nil || cmd.Start() != nil {
			return
		}
		l.catIn, l.catOut = in, bufio.NewReader(out)
	}
	for i, name := range files {
		fmt.Fprintf(l.catIn, "%s\n", hashes[i])
		header, err := l.catOut.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(header)
		if len(fields) != 3 {
			continue // missing object
		}
		size, _ := strconv.Atoi(fields[2])
		buf := make([]byte, size+1)
		if _, err := io.ReadFull(l.catOut, buf); err != nil {
			return
		}
		target := filepath.Join(l.Root, name)
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
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.pkgs[path] = nil
		return nil
	}
	p := &Package{Path: path, Dir: dir, Funcs: map[string]*ast.FuncDecl{}, Methods: map[string]map[string]*ast.FuncDecl{},
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
