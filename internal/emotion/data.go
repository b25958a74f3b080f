package emotion

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

// Row is one labelled utterance of our data set (internal/emotion/data).
type Row struct {
	Text    string
	Emotion string // calm, anxious, upset, angry
	Abusive bool
	Lang    string // zh, en
	Domain  string // gov, ecommerce, banking, telecom, education, …
	Group   string // situation or template; the train/test split is by group
	Source  string // hand (written as is) or composed (fact + frame)
}

var codes = map[string]string{"c": Calm, "x": Anxious, "u": Upset, "a": Angry}

// The hand-written sources (data/source/*.txt) hold three kinds of block:
//
//	@group NAME DOMAIN LANG     utterances, one per line: CODE TEXT
//	@facts NAME DOMAIN LANG     neutral facts of one situation, one per line
//	@frames NAME LANG           emotional frames with {} for a fact: CODE FRAME
//
// CODE is c (calm), x (anxious), u (upset) or a (angry), with "!" appended
// for abusive. Facts are composed with frames (see compose); every block is
// a group for the split.
type source struct {
	groups []Row
	facts  []factBlock
	frames []frame
}

type factBlock struct {
	name, domain, lang string
	facts              []string
}

type frame struct {
	pool, lang, emotion, text string
	abusive                   bool
}

func parseCode(s string) (emotion string, abusive bool, ok bool) {
	abusive = strings.HasSuffix(s, "!")
	emotion, ok = codes[strings.TrimSuffix(s, "!")]
	return emotion, abusive, ok
}

func parseSource(name string, r io.Reader, src *source) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	kind := ""
	var cur []string
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		bad := func(msg string) error { return fmt.Errorf("%s:%d: %s", name, line, msg) }
		if !utf8.ValidString(l) {
			return bad("not valid UTF-8")
		}
		if strings.HasPrefix(l, "@") {
			f := strings.Fields(l)
			switch {
			case f[0] == "@group" && len(f) == 4, f[0] == "@facts" && len(f) == 4:
			case f[0] == "@frames" && len(f) == 3:
			default:
				return bad("want @group NAME DOMAIN LANG, @facts NAME DOMAIN LANG or @frames NAME LANG")
			}
			kind, cur = f[0], f
			if kind == "@facts" {
				src.facts = append(src.facts, factBlock{name: f[1], domain: f[2], lang: f[3]})
			}
			continue
		}
		switch kind {
		case "@facts":
			b := &src.facts[len(src.facts)-1]
			b.facts = append(b.facts, l)
		case "@group", "@frames":
			code, text, ok := strings.Cut(l, " ")
			emo, ab, okc := parseCode(code)
			text = strings.TrimSpace(text)
			if !ok || !okc || text == "" {
				return bad("want CODE TEXT with CODE one of c x u a (and ! for abusive)")
			}
			if kind == "@group" {
				src.groups = append(src.groups, Row{Text: text, Emotion: emo, Abusive: ab, Group: cur[1], Domain: cur[2], Lang: cur[3], Source: "hand"})
			} else {
				if strings.Count(text, "{}") != 1 {
					return bad("a frame needs exactly one {}")
				}
				src.frames = append(src.frames, frame{pool: cur[1], lang: cur[2], emotion: emo, abusive: ab, text: text})
			}
		default:
			return bad("text before the first @group, @facts or @frames")
		}
	}
	return sc.Err()
}

func hash32(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

// IsTestGroup says which groups (and frames) are held out: one in five, by
// a hash of the name, so that no test utterance shares its situation or its
// frame with a training one.
func IsTestGroup(name string) bool { return hash32(name)%5 == 0 }

// compose turns each fact into three utterances of different emotions, each
// with a frame from the same side of the split as the fact's group.
func compose(src *source) []Row {
	byKey := map[string][]frame{} // lang/test/emotion → frames
	for _, f := range src.frames {
		k := fmt.Sprintf("%s/%v/%s", f.lang, IsTestGroup(f.text), f.emotion)
		byKey[k] = append(byKey[k], f)
	}
	var out []Row
	for _, b := range src.facts {
		test := IsTestGroup(b.name)
		for i, fact := range b.facts {
			h := hash32(b.name, fact)
			skip := int(h % 4) // the one emotion this fact is not composed with
			for j, e := range []int{(skip + 1) % 4, (skip + 2) % 4, (skip + 3) % 4} {
				emo := Labels[e]
				pool := byKey[fmt.Sprintf("%s/%v/%s", b.lang, test, emo)]
				if len(pool) == 0 {
					continue
				}
				fr := pool[hash32(b.name, fact, emo, fmt.Sprint(i, j))%uint32(len(pool))]
				text := strings.Replace(fr.text, "{}", fact, 1)
				if b.lang == "en" {
					text = sentenceCase(text)
				}
				out = append(out, Row{
					Text: text, Emotion: emo, Abusive: fr.abusive,
					Lang: b.lang, Domain: b.domain, Group: b.name, Source: "composed",
				})
			}
		}
	}
	return out
}

// sentenceCase capitalises the first letter of each sentence (a fact
// composed at the start of a frame begins in lower case).
func sentenceCase(s string) string {
	b := []byte(s)
	start := true
	for i, c := range b {
		switch {
		case start && 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
			start = false
		case c == '.' || c == '?' || c == '!':
			start = true
		case c != ' ':
			start = false
		}
	}
	return string(b)
}

// BuildDataset reads every data/source/*.txt in fsys and returns the train
// and test rows (test: the groups IsTestGroup picks).
func BuildDataset(fsys fs.FS, dir string) (train, test []Row, err error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, nil, errors.New("emotion: no source files")
	}
	var src source
	for _, n := range names {
		f, err := fsys.Open(n)
		if err != nil {
			return nil, nil, err
		}
		err = parseSource(path.Base(n), f, &src)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("emotion: %w", err)
		}
	}
	all := append(src.groups, compose(&src)...)
	seen := map[string]string{}
	for _, r := range all {
		if g, dup := seen[r.Text]; dup {
			return nil, nil, fmt.Errorf("emotion: %q is in group %s and %s", r.Text, g, r.Group)
		}
		seen[r.Text] = r.Group
		if IsTestGroup(r.Group) {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test, nil
}

// BuildRobust reads the robustness set (data/robust.txt, same format as the
// sources, groups only); each row's Source is its style (the group's domain).
func BuildRobust(fsys fs.FS, name string) ([]Row, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var src source
	if err := parseSource(path.Base(name), f, &src); err != nil {
		return nil, fmt.Errorf("emotion: %w", err)
	}
	if len(src.facts) > 0 || len(src.frames) > 0 {
		return nil, errors.New("emotion: the robustness set has utterances only (@group)")
	}
	for i := range src.groups {
		src.groups[i].Source = src.groups[i].Domain
	}
	return src.groups, nil
}

// CSVHeader is the column order of the data set's CSV files.
var CSVHeader = []string{"text", "emotion", "abusive", "lang", "domain", "group", "source"}

// WriteCSV writes rows with CSVHeader.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, r := range rows {
		ab := "0"
		if r.Abusive {
			ab = "1"
		}
		cw.Write([]string{r.Text, r.Emotion, ab, r.Lang, r.Domain, r.Group, r.Source})
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads rows written by WriteCSV (columns found by name; lang,
// domain, group and source may be missing).
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("emotion: read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"text", "emotion", "abusive"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("emotion: no column %q", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("emotion: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row := Row{Text: get(rec, "text"), Emotion: get(rec, "emotion"), Lang: get(rec, "lang"), Domain: get(rec, "domain"), Group: get(rec, "group"), Source: get(rec, "source")}
		ab := get(rec, "abusive")
		if row.Text == "" || !utf8.ValidString(row.Text) || !IsLabel(row.Emotion) || (ab != "0" && ab != "1") {
			return nil, fmt.Errorf("emotion: line %d: want a UTF-8 text, an emotion (calm, anxious, upset, angry) and abusive 0 or 1", line)
		}
		row.Abusive = ab == "1"
		out = append(out, row)
	}
	return out, nil
}
