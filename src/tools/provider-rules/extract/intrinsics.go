package main

import (
	"go/ast"
	"sort"
	"strings"
)

func fptr(v Value) *float64 {
	switch x := v.(type) {
	case int64:
		f := float64(x)
		return &f
	case float64:
		return &x
	}
	return nil
}

func lastElem(p string) string { return p[strings.LastIndex(p, "/")+1:] }

// intrinsic handles calls whose meaning is known without evaluating their bodies.
func (ev *Eval) intrinsic(fr *frame, pkgPath, name string, e *ast.CallExpr) (Value, bool) {
	args := func() []Value {
		var out []Value
		for _, a := range e.Args {
			out = append(out, ev.expr(fr, a, nil))
		}
		return out
	}
	pe := lastElem(pkgPath)
	isValidation := pe == "validation" || pe == "verify" || pe == "validate"
	switch {
	case pe == "strings" || pe == "slices" || pe == "sort":
		a := args()
		str := func(i int) (string, bool) {
			if i < len(a) {
				v, ok := a[i].(string)
				return v, ok
			}
			return "", false
		}
		switch name {
		case "HasPrefix", "HasSuffix", "Contains", "EqualFold":
			x, ok1 := str(0)
			y, ok2 := str(1)
			if !ok1 || !ok2 {
				return nil, true
			}
			switch name {
			case "HasPrefix":
				return strings.HasPrefix(x, y), true
			case "HasSuffix":
				return strings.HasSuffix(x, y), true
			case "Contains":
				return strings.Contains(x, y), true
			}
			return strings.EqualFold(x, y), true
		case "ToLower", "ToUpper", "TrimSpace":
			x, ok := str(0)
			if !ok {
				return nil, true
			}
			switch name {
			case "ToLower":
				return strings.ToLower(x), true
			case "ToUpper":
				return strings.ToUpper(x), true
			}
			return strings.TrimSpace(x), true
		case "Sort", "Strings":
			if sl, ok := a[0].(*Slice); ok {
				var ss []string
				for _, v := range sl.E {
					s, ok := v.(string)
					if !ok {
						return nil, true
					}
					ss = append(ss, s)
				}
				sortStrings(ss)
				for i := range ss {
					sl.E[i] = ss[i]
				}
			}
			return nil, true
		}
		return nil, true
	case (pe == "schema" || pe == "pluginsdk") && name == "DefaultTimeout":
		return true, true
	case pe == "features" && strings.HasSuffix(name, "PointOh"):
		// azurerm major-version feature flags: off for the pinned release (env-controlled betas)
		return false, true
	case pe == "features" && strings.HasSuffix(name, "PointOhBeta"):
		return false, true
	case pe == "regexp" && (name == "MustCompile" || name == "MustCompilePOSIX"):
		a := args()
		if s, ok := a[0].(string); ok {
			return &Regex{Src: s}, true
		}
		return nil, true
	case pe == "tpgresource" && name == "DatasourceSchemaFromResourceSchema":
		a := args()
		if m, ok := a[0].(*Map); ok {
			return datasourceFromResource(m), true
		}
		return nil, true
	case pe == "customdiff" || (pe == "pluginsdk" && (strings.HasPrefix(name, "CustomDiff") || strings.HasPrefix(name, "ForceNew") || strings.HasPrefix(name, "CustomizeDiff"))):
		a := args()
		switch name {
		case "ForceNewIfChange", "ForceNewIf":
			if s, ok := a[0].(string); ok {
				return &Marker{Kind: "forcenew", Names: []string{s}}, true
			}
			return nil, true
		case "If", "IfValue", "IfValueChange":
			if len(a) == 3 {
				return &Marker{Kind: "funcs", Funcs: []Value{a[2]}}, true
			}
		}
		return &Marker{Kind: "funcs", Funcs: flatten(a)}, true
	case strings.HasSuffix(pe, "planmodifier") || pe == "planmodifiers":
		if strings.HasPrefix(name, "RequiresReplaceIf") || strings.HasPrefix(name, "RequiresReplaceWhen") {
			return &Marker{Kind: "replaceif"}, true
		}
		if name == "RequiresReplace" {
			return &Marker{Kind: "replace"}, true
		}
		return nil, true
	case pe == "timeouts" && strings.Contains(pkgPath, "framework-timeouts"):
		a := args()
		var names []string
		if len(a) >= 2 {
			if s, ok := a[1].(*Struct); ok {
				for _, k := range []string{"Create", "Read", "Update", "Delete"} {
					if b, _ := s.F[k].(bool); b {
						names = append(names, strings.ToLower(k))
					}
				}
			}
		}
		kind := "timeouts-attr"
		if strings.HasPrefix(name, "Block") {
			kind = "timeouts-block"
		}
		return &Marker{Kind: kind, Names: names}, true
	case pe == "listvalidator" || pe == "setvalidator" || pe == "mapvalidator":
		a := args()
		m := &Marker{Kind: "size"}
		switch name {
		case "SizeAtMost":
			m.Max = fptr(a[0])
		case "SizeAtLeast":
			m.Min = fptr(a[0])
		case "SizeBetween":
			m.Min, m.Max = fptr(a[0]), fptr(a[1])
		default:
			return &Validator{}, true
		}
		return m, true
	case strings.HasSuffix(pe, "validator") && strings.Contains(pkgPath, "framework-validators"):
		a := args()
		v := &Validator{Known: true}
		switch name {
		case "OneOf", "OneOfCaseInsensitive":
			v.Enum = flatten(a)
			v.IgnoreCase = name == "OneOfCaseInsensitive"
		case "LengthBetween":
			v.Length = &[2]*float64{fptr(a[0]), fptr(a[1])}
		case "LengthAtLeast":
			v.Length = &[2]*float64{fptr(a[0]), nil}
		case "LengthAtMost":
			v.Length = &[2]*float64{nil, fptr(a[0])}
		case "Between":
			v.Range = &[2]*float64{fptr(a[0]), fptr(a[1])}
		case "AtLeast":
			v.Range = &[2]*float64{fptr(a[0]), nil}
		case "AtMost":
			v.Range = &[2]*float64{nil, fptr(a[0])}
		case "RegexMatches":
			if r, ok := a[0].(*Regex); ok {
				v.Pattern = []string{r.Src}
			}
		case "All":
			return combineAll(flatten(a)), true
		case "Any":
			return combineAny(flatten(a)), true
		default:
			v.Known = false
		}
		return v, true
	case isValidation:
		switch name {
		case "ToDiagFunc":
			a := args()
			return a[0], true
		case "StringInSlice", "StringInSliceFold", "ValidateEnum", "IntInSlice":
			a := args()
			v := &Validator{Known: true}
			if s, ok := a[0].(*Slice); ok {
				for _, x := range s.E {
					_, isSym := x.(*Sym)
					if x == nil || isSym {
						// unresolvable element: leave the validator out
						ev.note("%s with unresolvable value at %s (left out)", name, ev.pos(e.Pos()))
						return &Validator{}, true
					}
				}
				v.Enum = append([]Value{}, s.E...)
			} else {
				ev.note("%s with unresolvable list at %s (left out)", name, ev.pos(e.Pos()))
				return &Validator{}, true
			}
			if len(a) > 1 {
				if b, ok := a[1].(bool); ok && b {
					v.IgnoreCase = true
				}
			}
			if name == "StringInSliceFold" {
				v.IgnoreCase = true
			}
			return v, true
		case "IntBetween", "FloatBetween":
			a := args()
			return &Validator{Known: true, Range: &[2]*float64{fptr(a[0]), fptr(a[1])}}, true
		case "IntAtLeast", "FloatAtLeast":
			a := args()
			return &Validator{Known: true, Range: &[2]*float64{fptr(a[0]), nil}}, true
		case "IntAtMost", "FloatAtMost":
			a := args()
			return &Validator{Known: true, Range: &[2]*float64{nil, fptr(a[0])}}, true
		case "StringLenBetween":
			a := args()
			return &Validator{Known: true, Length: &[2]*float64{fptr(a[0]), fptr(a[1])}}, true
		case "StringIsNotEmpty", "StringIsNotWhiteSpace":
			one := 1.0
			return &Validator{Known: true, Length: &[2]*float64{&one, nil}}, true
		case "StringMatch", "ValidateRegexp":
			a := args()
			switch r := a[0].(type) {
			case *Regex:
				return &Validator{Known: true, Pattern: []string{r.Src}}, true
			case string:
				return &Validator{Known: true, Pattern: []string{r}}, true
			}
			return &Validator{}, true
		case "All":
			return combineAll(flatten(args())), true
		case "Any":
			return combineAny(flatten(args())), true
		}
		if pe == "validation" || pe == "verify" {
			// other library validators: no facts recorded
			if fd := ev.lookupFunc(pkgPath, name); fd == nil || strings.Contains(pkgPath, "plugin-sdk") {
				return &Validator{}, true
			}
		}
	}
	return nil, false
}

// validatorRef: validator functions used as values (not called).
func validatorRef(pkgPath, name string) (Value, bool) {
	pe := lastElem(pkgPath)
	if pe != "validation" {
		return nil, false
	}
	switch name {
	case "StringIsNotEmpty", "StringIsNotWhiteSpace":
		one := 1.0
		return &Validator{Known: true, Length: &[2]*float64{&one, nil}}, true
	}
	return nil, false
}

func sortStrings(ss []string) { sort.Strings(ss) }

func (ev *Eval) lookupFunc(pkgPath, name string) *ast.FuncDecl {
	p := ev.L.Load0(pkgPath)
	if p == nil {
		return nil
	}
	return p.Funcs[name]
}

func flatten(a []Value) []Value {
	var out []Value
	for _, x := range a {
		if s, ok := x.(*Slice); ok {
			out = append(out, s.E...)
		} else {
			out = append(out, x)
		}
	}
	return out
}

func combineAll(vs []Value) *Validator {
	out := &Validator{Known: true}
	for _, x := range vs {
		v, ok := x.(*Validator)
		if !ok || !v.Known {
			continue
		}
		if v.Enum != nil {
			out.Enum = v.Enum
			out.IgnoreCase = v.IgnoreCase
		}
		if v.Range != nil {
			out.Range = v.Range
		}
		if v.Length != nil {
			out.Length = v.Length
		}
		out.Pattern = append(out.Pattern, v.Pattern...)
	}
	return out
}

// combineAny keeps only facts on which every branch agrees (identical enum/range/length), else nothing.
func combineAny(vs []Value) *Validator {
	if len(vs) == 0 {
		return &Validator{}
	}
	var first *Validator
	for _, x := range vs {
		v, ok := x.(*Validator)
		if !ok || !v.Known {
			return &Validator{}
		}
		if first == nil {
			first = v
			continue
		}
		if !sameFacts(first, v) {
			return &Validator{}
		}
	}
	return first
}

func sameFacts(a, b *Validator) bool {
	return factsKey(a) == factsKey(b)
}

func datasourceFromResource(rs *Map) *Map {
	out := &Map{M: map[string]Value{}}
	for k, v := range rs.M {
		s, ok := v.(*Struct)
		if !ok {
			continue
		}
		dv := &Struct{Pkg: s.Pkg, Type: s.Type, F: map[string]Value{"Computed": true, "Type": s.F["Type"]}}
		t, _ := s.F["Type"].(*Sym)
		if t != nil && (t.Name == "TypeSet" || t.Name == "TypeList") {
			if r, ok := s.F["Elem"].(*Struct); ok && r.Type == "Resource" {
				sub, _ := r.F["Schema"].(*Map)
				nr := &Struct{Pkg: r.Pkg, Type: r.Type, F: map[string]Value{}}
				if sub != nil {
					nr.F["Schema"] = datasourceFromResource(sub)
				}
				dv.F["Elem"] = nr
			} else {
				dv.F["Elem"] = s.F["Elem"]
			}
		} else {
			dv.F["Elem"] = s.F["Elem"]
		}
		out.M[k] = dv
	}
	return out
}
