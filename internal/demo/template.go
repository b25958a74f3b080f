package demo

import (
	"strings"
)

// A template is compiled once into literal and variable segments so that
// rendering in the hot loop is a few appends.

type varID int8

const (
	vOrder varID = iota
	vCourse
	vAmount
	vDate
	vDays
	vTracking
	vExpress
	vProduct
	vPlace
	vTeacher
	vCity
	vGarment
	vDevice
	nVars
)

var varNames = [nVars]string{"order", "course", "amount", "date", "days", "tracking", "express", "product", "place", "teacher", "city", "garment", "device"}

type segment struct {
	lit string
	v   varID // -1 for a literal
}

type tmpl struct {
	segs []segment
	size int // literal bytes, for preallocation
}

func compile(s string) tmpl {
	var t tmpl
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t.segs = append(t.segs, segment{lit: s, v: -1})
			t.size += len(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			panic("demo: unterminated template variable in " + s)
		}
		name := s[i+1 : i+j]
		v := varID(-1)
		for k, n := range varNames {
			if n == name {
				v = varID(k)
			}
		}
		if v < 0 {
			panic("demo: unknown template variable {" + name + "}")
		}
		if i > 0 {
			t.segs = append(t.segs, segment{lit: s[:i], v: -1})
			t.size += i
		}
		t.segs = append(t.segs, segment{v: v})
		s = s[i+j+1:]
	}
	return t
}

// vars holds the values for one ticket or contact.
type vars [nVars]string

func (t *tmpl) render(v *vars) string {
	if len(t.segs) == 1 && t.segs[0].v < 0 {
		return t.segs[0].lit
	}
	n := t.size
	for _, s := range t.segs {
		if s.v >= 0 {
			n += len(v[s.v])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range t.segs {
		if s.v >= 0 {
			b.WriteString(v[s.v])
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

// uses reports whether the template refers to v.
func (t *tmpl) uses(v varID) bool {
	for _, s := range t.segs {
		if s.v == v {
			return true
		}
	}
	return false
}
