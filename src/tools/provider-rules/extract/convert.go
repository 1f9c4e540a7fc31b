package main

import (
	"encoding/json"
	"sort"
	"strings"
)

type J = map[string]interface{}

func factsKey(v *Validator) string {
	b, _ := json.Marshal(validatorFacts(v))
	return string(b)
}

func num(f float64) interface{} {
	if f == float64(int64(f)) {
		return int64(f)
	}
	return f
}

func bound(p *float64) interface{} {
	if p == nil {
		return nil
	}
	return num(*p)
}

func validatorFacts(v *Validator) J {
	out := J{}
	if v == nil || !v.Known {
		return out
	}
	if v.Enum != nil {
		var en []interface{}
		for _, x := range v.Enum {
			switch y := x.(type) {
			case float64:
				en = append(en, num(y))
			default:
				en = append(en, y)
			}
		}
		out["enum"] = en
		if v.IgnoreCase {
			out["enumIgnoreCase"] = true
		}
	}
	if v.Range != nil && (v.Range[0] != nil || v.Range[1] != nil) {
		out["range"] = []interface{}{bound(v.Range[0]), bound(v.Range[1])}
	}
	if v.Length != nil && (v.Length[0] != nil || v.Length[1] != nil) {
		out["length"] = []interface{}{bound(v.Length[0]), bound(v.Length[1])}
	}
	if len(v.Pattern) > 0 {
		out["pattern"] = v.Pattern
	}
	return out
}

func truthy(v Value) bool {
	b, ok := v.(bool)
	return ok && b
}

func strSlice(v Value) []string {
	s, ok := v.(*Slice)
	if !ok {
		return nil
	}
	var out []string
	for _, x := range s.E {
		str, ok := x.(string)
		if !ok {
			return nil
		}
		out = append(out, str)
	}
	return out
}

func symName(v Value) string {
	if s, ok := v.(*Sym); ok {
		return s.Name
	}
	return ""
}

func isResource(v Value) (*Struct, bool) {
	s, ok := v.(*Struct)
	if ok && s.Type == "Resource" {
		return s, true
	}
	return nil, false
}

func isSchema(v Value) (*Struct, bool) {
	s, ok := v.(*Struct)
	if ok && s.Type == "Schema" {
		return s, true
	}
	return nil, false
}

// ----- SDKv2 -----

type Conv struct {
	ev         *Eval
	unresolved []string
}

func (c *Conv) sdkValueType(s *Struct) interface{} {
	t := symName(s.F["Type"])
	switch t {
	case "TypeString":
		return "string"
	case "TypeBool":
		return "bool"
	case "TypeInt", "TypeFloat":
		return "number"
	case "TypeList", "TypeSet", "TypeMap":
		kind := strings.ToLower(strings.TrimPrefix(t, "Type"))
		switch el := s.F["Elem"].(type) {
		case *Struct:
			if el.Type == "Resource" {
				if kind == "map" {
					return []interface{}{"map", "string"}
				}
				return []interface{}{kind, c.sdkObjectType(el)}
			}
			if el.Type == "Schema" {
				return []interface{}{kind, c.sdkValueType(el)}
			}
		case *Sym:
			// e.g. Elem: schema.TypeString (legacy)
			if strings.HasPrefix(el.Name, "Type") {
				return []interface{}{kind, c.sdkValueType(&Struct{F: map[string]Value{"Type": el}})}
			}
		}
		return []interface{}{kind, "string"}
	}
	return "any"
}

func (c *Conv) sdkObjectType(r *Struct) interface{} {
	fields := J{}
	if m, ok := r.F["Schema"].(*Map); ok {
		for k, v := range m.M {
			if s, ok := v.(*Struct); ok {
				fields[k] = c.sdkValueType(s)
			}
		}
	}
	return []interface{}{"object", fields}
}

func addRelations(out J, s *Struct) {
	for _, p := range [][2]string{{"ConflictsWith", "conflictsWith"}, {"ExactlyOneOf", "exactlyOneOf"}, {"AtLeastOneOf", "atLeastOneOf"}, {"RequiredWith", "requiredWith"}} {
		if v := strSlice(s.F[p[0]]); len(v) > 0 {
			out[p[1]] = v
		}
	}
}

func validatorOf(s *Struct) *Validator {
	for _, k := range []string{"ValidateFunc", "ValidateDiagFunc"} {
		if v, ok := s.F[k].(*Validator); ok {
			return v
		}
	}
	return nil
}

func (c *Conv) sdkBlock(r *Struct, top bool) J {
	attrs, blocks := J{}, J{}
	m, _ := r.F["Schema"].(*Map)
	if m == nil {
		if f, ok := r.F["SchemaFunc"].(*FuncVal); ok {
			m, _ = c.ev.callFunc(f, nil).(*Map)
		}
	}
	if m != nil {
		for k, v := range m.M {
			s, ok := v.(*Struct)
			if !ok {
				c.unresolved = append(c.unresolved, k)
				continue
			}
			t := symName(s.F["Type"])
			el, elIsRes := isResource(s.F["Elem"])
			computedOnly := truthy(s.F["Computed"]) && !truthy(s.F["Optional"]) && !truthy(s.F["Required"])
			attrMode := symName(s.F["ConfigMode"]) == "SchemaConfigModeAttr"
			if (t == "TypeList" || t == "TypeSet") && elIsRes && !computedOnly && !attrMode {
				b := J{"nesting": strings.ToLower(strings.TrimPrefix(t, "Type")), "block": c.sdkBlock(el, false)}
				flags(b, s)
				if n, ok := s.F["MaxItems"].(int64); ok && n > 0 {
					b["max"] = n
				}
				if n, ok := s.F["MinItems"].(int64); ok && n > 0 {
					b["min"] = n
				}
				addRelations(b, s)
				blocks[k] = b
				continue
			}
			a := J{"type": c.sdkValueType(s)}
			flags(a, s)
			if truthy(s.F["WriteOnly"]) {
				a["writeOnly"] = true
			}
			addRelations(a, s)
			for fk, fv := range validatorFacts(validatorOf(s)) {
				a[fk] = fv
			}
			if es, ok := isSchema(s.F["Elem"]); ok {
				if f := validatorFacts(validatorOf(es)); len(f) > 0 {
					a["elem"] = f
				}
			}
			attrs[k] = a
		}
	}
	if top {
		if _, ok := attrs["id"]; !ok {
			attrs["id"] = J{"type": "string", "optional": true, "computed": true}
		}
		if t, ok := r.F["Timeouts"].(*Struct); ok {
			ta := J{}
			for _, k := range []string{"Create", "Read", "Update", "Delete", "Default"} {
				if _, present := t.F[k]; present {
					ta[strings.ToLower(k)] = J{"type": "string", "optional": true}
				}
			}
			blocks["timeouts"] = J{"nesting": "single", "optional": true, "block": J{"attrs": ta}}
		}
	}
	return blockJSON(attrs, blocks)
}

func flags(out J, s *Struct) {
	for _, p := range [][2]string{{"Required", "required"}, {"Optional", "optional"}, {"Computed", "computed"}, {"Sensitive", "sensitive"}} {
		if truthy(s.F[p[0]]) {
			out[p[1]] = true
		}
	}
	if d, ok := s.F["Deprecated"].(string); ok && d != "" {
		out["deprecated"] = true
	} else if s.F["Deprecated"] != nil {
		if _, isStr := s.F["Deprecated"].(string); !isStr {
			out["deprecated"] = true // built by code (e.g. fmt.Sprintf): non-empty
		}
	}
	if truthy(s.F["ForceNew"]) {
		out["forceNew"] = true
	}
}

// applyForceNewSometimes marks a path ("a", "a.0.b") as forceNew "sometimes" unless already forceNew.
func applySometimes(block J, path string) bool {
	parts := strings.Split(path, ".")
	cur := block
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if attrs, ok := cur["attrs"].(J); ok {
			if a, ok := attrs[p].(J); ok {
				if a["forceNew"] != true {
					a["forceNew"] = "sometimes"
				}
				return true
			}
		}
		if blocks, ok := cur["blocks"].(J); ok {
			if b, ok := blocks[p].(J); ok {
				if i == len(parts)-1 {
					if b["forceNew"] != true {
						b["forceNew"] = "sometimes"
					}
					return true
				}
				cur = b["block"].(J)
				if i+1 < len(parts) && isIndex(parts[i+1]) {
					i++
				}
				continue
			}
		}
		return false
	}
	return false
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ----- plugin framework -----

func (c *Conv) fwType(v Value) interface{} {
	switch t := v.(type) {
	case *Sym:
		switch t.Name {
		case "StringType":
			return "string"
		case "BoolType":
			return "bool"
		case "Int64Type", "Int32Type", "Float64Type", "Float32Type", "NumberType":
			return "number"
		case "DynamicType":
			return "any"
		}
	case *Struct:
		switch t.Type {
		case "ListType", "SetType", "MapType":
			return []interface{}{strings.ToLower(strings.TrimSuffix(t.Type, "Type")), c.fwType(t.F["ElemType"])}
		case "ObjectType":
			return c.fwObjectType(t.F["AttrTypes"])
		case "StringType":
			return "string"
		case "BoolType":
			return "bool"
		case "Int64Type", "Float64Type", "NumberType", "Int32Type", "Float32Type":
			return "number"
		}
	}
	return "any"
}

// fwObjectType converts a framework map of attribute name → attr.Type into an object type.
func (c *Conv) fwObjectType(types Value) interface{} {
	f := J{}
	if m, ok := types.(*Map); ok {
		for k, x := range m.M {
			f[k] = c.fwType(x)
		}
	}
	return []interface{}{"object", f}
}

func (c *Conv) fwAttrType(s *Struct) interface{} {
	switch s.Type {
	case "StringAttribute":
		return "string"
	case "BoolAttribute":
		return "bool"
	case "Int64Attribute", "Int32Attribute", "Float64Attribute", "Float32Attribute", "NumberAttribute":
		return "number"
	case "DynamicAttribute":
		return "any"
	case "ListAttribute", "SetAttribute", "MapAttribute":
		return []interface{}{strings.ToLower(strings.TrimSuffix(s.Type, "Attribute")), c.fwType(s.F["ElementType"])}
	case "ObjectAttribute":
		return c.fwObjectType(s.F["AttributeTypes"])
	case "SingleNestedAttribute":
		return c.fwObject(s.F["Attributes"])
	case "ListNestedAttribute", "SetNestedAttribute", "MapNestedAttribute":
		var attrs Value
		if no, ok := s.F["NestedObject"].(*Struct); ok {
			attrs = no.F["Attributes"]
		}
		return []interface{}{strings.ToLower(strings.TrimSuffix(s.Type, "NestedAttribute")), c.fwObject(attrs)}
	}
	return "any"
}

func (c *Conv) fwObject(v Value) interface{} {
	f := J{}
	if m, ok := v.(*Map); ok {
		for k, x := range m.M {
			if s, ok := x.(*Struct); ok {
				f[k] = c.fwAttrType(s)
			} else if mk, ok := x.(*Marker); ok && mk.Kind == "timeouts-attr" {
				f[k] = timeoutsObject(mk)
			}
		}
	}
	return []interface{}{"object", f}
}

func timeoutsObject(mk *Marker) interface{} {
	f := J{}
	for _, n := range mk.Names {
		f[n] = "string"
	}
	return []interface{}{"object", f}
}

func fwFlags(out J, s *Struct) {
	for _, p := range [][2]string{{"Required", "required"}, {"Optional", "optional"}, {"Computed", "computed"}, {"Sensitive", "sensitive"}, {"WriteOnly", "writeOnly"}} {
		if truthy(s.F[p[0]]) {
			out[p[1]] = true
		}
	}
	if d, ok := s.F["DeprecationMessage"].(string); ok && d != "" {
		out["deprecated"] = true
	}
	if pm, ok := s.F["PlanModifiers"].(*Slice); ok {
		for _, x := range pm.E {
			if m, ok := x.(*Marker); ok {
				if m.Kind == "replace" {
					out["forceNew"] = true
				} else if m.Kind == "replaceif" && out["forceNew"] != true {
					out["forceNew"] = "sometimes"
				}
			}
		}
	}
}

func (c *Conv) fwBlock(attrsV, blocksV Value) J {
	attrs, blocks := J{}, J{}
	if m, ok := attrsV.(*Map); ok {
		for k, x := range m.M {
			switch s := x.(type) {
			case *Struct:
				a := J{"type": c.fwAttrType(s)}
				fwFlags(a, s)
				var vals []Value
				if vs, ok := s.F["Validators"].(*Slice); ok {
					vals = vs.E
				}
				merged := combineAll(vals)
				facts := validatorFacts(merged)
				if _, isColl := a["type"].([]interface{}); isColl {
					if len(facts) > 0 {
						a["elem"] = facts
					}
				} else {
					for fk, fv := range facts {
						a[fk] = fv
					}
				}
				attrs[k] = a
			case *Marker:
				if s.Kind == "timeouts-attr" {
					attrs[k] = J{"type": timeoutsObject(s), "optional": true}
				}
			default:
				c.unresolved = append(c.unresolved, k)
			}
		}
	}
	if m, ok := blocksV.(*Map); ok {
		for k, x := range m.M {
			switch s := x.(type) {
			case *Struct:
				b := J{}
				fwFlags(b, s)
				switch s.Type {
				case "SingleNestedBlock":
					b["nesting"] = "single"
					b["block"] = c.fwBlock(s.F["Attributes"], s.F["Blocks"])
				case "ListNestedBlock", "SetNestedBlock":
					b["nesting"] = strings.ToLower(strings.TrimSuffix(s.Type, "NestedBlock"))
					if no, ok := s.F["NestedObject"].(*Struct); ok {
						b["block"] = c.fwBlock(no.F["Attributes"], no.F["Blocks"])
					} else {
						b["block"] = J{}
					}
					if vs, ok := s.F["Validators"].(*Slice); ok {
						for _, v := range vs.E {
							if mk, ok := v.(*Marker); ok && mk.Kind == "size" {
								if mk.Min != nil {
									b["min"] = num(*mk.Min)
								}
								if mk.Max != nil {
									b["max"] = num(*mk.Max)
								}
							}
						}
					}
				}
				blocks[k] = b
			case *Marker:
				if s.Kind == "timeouts-block" {
					ta := J{}
					for _, n := range s.Names {
						ta[n] = J{"type": "string", "optional": true}
					}
					blocks[k] = J{"nesting": "single", "block": J{"attrs": ta}}
				}
			}
		}
	}
	return blockJSON(attrs, blocks)
}

// blockJSON is a block body in the rules format: empty attribute or block sets are left out.
func blockJSON(attrs, blocks J) J {
	out := J{}
	if len(attrs) > 0 {
		out["attrs"] = attrs
	}
	if len(blocks) > 0 {
		out["blocks"] = blocks
	}
	return out
}

func sortedKeys(m map[string]Value) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
