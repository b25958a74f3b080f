package nlp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"slices"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/textseg"
)

// toyData is a small bilingual service-request set.
func toyData() []Example {
	var ex []Example
	add := func(label string, texts ...string) {
		for _, t := range texts {
			ex = append(ex, Example{Text: t, Label: label})
		}
	}
	add("noise", "小区楼下晚上施工噪音太大", "隔壁装修噪音扰民", "广场舞声音太吵了", "半夜工地还在施工很吵",
		"noise from the construction site at night", "my neighbours are too loud", "the bar plays loud music every night", "loud noise after midnight")
	add("account", "我的账户被风控限制了无法提现", "银行卡被冻结了怎么解冻", "账户登录不了密码错误", "信用卡被盗刷了",
		"my account is locked and i cannot withdraw", "i forgot my password and cannot log in", "my card was frozen", "someone used my credit card")
	add("water", "家里停水了什么时候恢复", "自来水发黄有异味", "水管爆裂漏水严重", "水压太低洗不了澡",
		"there is no water in my flat", "the tap water is brown", "a water pipe burst in the street", "water pressure is very low")
	add("oos", "今天天气怎么样", "讲个笑话吧", "what is the meaning of life", "tell me a joke")
	return ex
}

func TestHashingDeterministic(t *testing.T) {
	c := DefaultFeatures
	var a, b rawFeatures
	c.hashText("我的账户被风控限制了 can't withdraw", &a, nil)
	c.hashText("我的账户被风控限制了 can't withdraw", &b, nil)
	if !slices.Equal(a.word, b.word) || !slices.Equal(a.char, b.char) || len(a.word) == 0 || len(a.char) == 0 {
		t.Fatalf("hashing not deterministic: %v %v", a, b)
	}
	// word uni+bigrams: tokens 我 的 账户 被 风控 限制 了 cant withdraw = 9 → 9 + 8
	if len(a.word) != 17 {
		t.Errorf("word features = %d, want 17 (%q)", len(a.word), textseg.Words("我的账户被风控限制了 can't withdraw"))
	}
	for _, h := range append(a.word, a.char...) {
		if h >= 1<<c.HashBits {
			t.Fatalf("bucket %d outside 2^%d", h, c.HashBits)
		}
	}
	// fixed values: a change to the hashing breaks saved models
	var one rawFeatures
	c.hashText("hi", &one, nil)
	// " hi ": 3 bigrams, 2 trigrams, 1 four-gram
	if fmt.Sprint(one.word) != "[735342]" || len(one.char) != 6 || one.char[0] != 3941414 {
		t.Errorf("hi: %v %v", one.word, one.char)
	}
}

func trainToy(t *testing.T, seed uint64) *Model {
	t.Helper()
	m, err := Train(toyData(), Options{Seed: seed, OOSLabel: "oos"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func saved(t *testing.T, m *Model) []byte {
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTrainPredict(t *testing.T) {
	m := trainToy(t, 1)
	for text, want := range map[string]string{
		"楼下施工太吵了":                   "noise",
		"我的信用卡被冻结了":                 "account",
		"停水了":                       "water",
		"my password does not work": "account",
	} {
		if p := m.Predict(text, 3); p.Label != want {
			t.Errorf("Predict(%q) = %+v, want %s", text, p, want)
		}
	}
	p := m.Predict("楼下施工太吵了", 3)
	var sum float64
	for _, s := range p.Top {
		sum += s.Prob
	}
	if len(p.Top) != 3 || sum > 1.0001 || p.Prob <= 0 || p.Prob > 1 {
		t.Errorf("bad probabilities: %+v", p)
	}
}

func TestTrainingDeterministic(t *testing.T) {
	for _, algo := range []string{"ensemble", "linear", "svm", "logreg", "one-vs-rest"} {
		o := Options{Seed: 7, Algorithm: algo, Workers: 1}
		if algo == "one-vs-rest" {
			o.Algorithm, o.SVMMulticlass = "linear", algo
		}
		a, err := Train(toyData(), o)
		if err != nil {
			t.Fatal(err)
		}
		o.Workers = 2
		b, err := Train(toyData(), o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(saved(t, a), saved(t, b)) {
			t.Errorf("%s: same seed, different models", algo)
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := trainToy(t, 1)
	path := filepath.Join(t.TempDir(), "m.bin")
	if err := m.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	l, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Warning() != "" {
		t.Errorf("warning: %s", l.Warning())
	}
	for _, e := range toyData() {
		a, b := m.Predict(e.Text, 3), l.Predict(e.Text, 3)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%q: before save %+v, after load %+v", e.Text, a, b)
		}
	}
	if !bytes.Equal(saved(t, m), saved(t, l)) {
		t.Error("save → load → save changed the file")
	}
}

func TestLoadErrors(t *testing.T) {
	data := saved(t, trainToy(t, 1))
	other := bytes.Clone(data)
	binary.LittleEndian.PutUint32(other[len(magic):], FormatVersion+1)
	_, err := Load(bytes.NewReader(other))
	if !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), fmt.Sprint(FormatVersion+1)) {
		t.Errorf("other version: %v", err)
	}
	if _, err := Load(strings.NewReader("text,label\n")); err == nil || !strings.Contains(err.Error(), "not a kefu nlp model") {
		t.Errorf("not a model: %v", err)
	}
	if _, err := Load(bytes.NewReader(data[:len(data)/2])); err == nil {
		t.Error("truncated model loaded")
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"text,label\nhello,greet\n", ""},
		{"\ufefftext,label\n\"a, b\",x\n", ""},
		{"utterance,label\nhello,greet\n", `no column "text"`},
		{"text,intent\nhello,greet\n", `no column "label"`},
		{"text,label\n,greet\n", `line 2: column "text" is empty`},
		{"text,label\nhello,\n", `line 2: column "label" is empty`},
		{"text,label\nhello,greet\nbad \xff\xfe,greet\n", `line 3: column "text" is not valid UTF-8`},
		{"text,label\nhello\n", `column "label" is missing`},
		{"", "empty file"},
		{"text,label\n", "no rows after the header (text, label)"},
		{"text,label\n\n\n", "no rows"},
		{"text,label,note\nhello\n", `line 2: 1 fields, column "label" is missing`},
		{"label,text\ngreet\n", `line 2: 1 fields, column "text" is missing`},
		{"text,label\n   ,greet\n", `line 2: column "text" is empty`},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in), CSVOptions{})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

func TestTrainErrorsAndWarnings(t *testing.T) {
	if _, err := Train(nil, Options{}); err == nil {
		t.Error("trained on nothing")
	}
	if _, err := Train([]Example{{"a", "x"}, {"b", "x"}}, Options{}); err == nil || !strings.Contains(err.Error(), "at least 2 labels") {
		t.Errorf("one label: %v", err)
	}
	var warns []string
	ex := append(toyData(), Example{"退款什么时候到账", "refund"})
	if _, err := Train(ex, Options{Warn: func(s string) { warns = append(warns, s) }}); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], `"refund"`) {
		t.Errorf("warnings %q, want one naming \"refund\"", warns)
	}
}

func TestScore(t *testing.T) {
	test := []Example{{"", "a"}, {"", "a"}, {"", "b"}, {"", "oos"}, {"", "oos"}}
	r := Score(test, []string{"a", "oos", "b", "oos", "a"}, "oos", []string{"a", "b", "oos"})
	if r.Accuracy != 0.6 || *r.InScopeAccuracy != 2.0/3 || *r.OOSRecall != 0.5 {
		t.Errorf("%+v", r)
	}
}

func TestLoadCorrupt(t *testing.T) {
	data := saved(t, trainToy(t, 1))
	cases := map[string][]byte{
		"truncated header": data[:6],
		"truncated body":   data[:len(data)-40],
		"version 0":        func() []byte { b := bytes.Clone(data); binary.LittleEndian.PutUint32(b[len(magic):], 0); return b }(),
	}
	for i := 12; i < len(data); i += len(data) / 50 {
		b := bytes.Clone(data)
		b[i] ^= 0xff
		cases[fmt.Sprintf("byte %d flipped", i)] = b
	}
	for name, b := range cases {
		m, err := Load(bytes.NewReader(b))
		if err == nil {
			// a flipped weight byte is still a valid model; it must work
			m.Predict("楼下施工太吵了", 3)
			continue
		}
		if !strings.Contains(err.Error(), "model") {
			t.Errorf("%s: error %q does not say what is wrong", name, err)
		}
	}
	if _, err := Load(bytes.NewReader(data[:len(data)-40])); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated: %v", err)
	}
}

func TestPredictWithoutFeatures(t *testing.T) {
	m := trainToy(t, 1)
	for _, text := range []string{"", "   ", "！？。…", "\xff\xfe", "zzzqqq"} {
		p := m.Predict(text, 3)
		if len(p.Top) != 3 || p.Prob <= 0 || p.Prob >= 0.9 {
			t.Errorf("Predict(%q) = %+v, want the prior with low confidence", text, p)
		}
	}
}

func TestTrainRejectsBadText(t *testing.T) {
	for _, bad := range []Example{{"   ", "noise"}, {"abc\xff", "noise"}, {"ok", " "}} {
		ex := append(toyData(), bad)
		if _, err := Train(ex, Options{}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("example %d", len(ex))) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	// a small model keeps the inputs short enough for the fuzzer to move
	m, err := Train([]Example{{"停水了", "water"}, {"no water", "water"}, {"太吵了", "noise"}, {"too loud", "noise"}, {"讲个笑话", "oos"}},
		Options{Seed: 1, OOSLabel: "oos", Features: FeatureConfig{HashBits: 12, WordNgrams: 1, HanCharMin: 1, HanCharMax: 1, CharWeight: 1}})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		f.Fatal(err)
	}
	data := buf.Bytes()
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(data[:13])
	f.Add([]byte("KEFU-NLP\x02\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Load(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, text := range []string{"楼下施工太吵了", "my card is frozen", ""} {
			p := m.Predict(text, 3)
			if p.Label == "" && m.OOSLabel == "" && len(p.Top) > 0 {
				t.Fatalf("empty label with scores: %+v", p)
			}
		}
		var out bytes.Buffer
		if err := m.Save(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(&out); err != nil {
			t.Fatalf("a loaded model does not load after saving: %v", err)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"text,label\nhello,greet\n", "\ufefftext,label\n\"a, b\",x\n", "text,label\n", "label,text\nx\n", "text\n\xff\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ex, err := ReadCSV(strings.NewReader(s), CSVOptions{})
		if err != nil {
			return
		}
		if len(ex) == 0 {
			t.Fatal("no error and no rows")
		}
		for _, e := range ex {
			if ValidText(e.Text) != nil || e.Label == "" {
				t.Fatalf("invalid example accepted: %q", e)
			}
		}
	})
}

// TestLoadVersion1 reads a model saved by format version 1 (a linear model,
// before the network; testdata/model_v1.bin, written by `kefu nlp train` at
// main e646039 from the CLI test's training set): it still loads and
// predicts what it predicted then.
func TestLoadVersion1(t *testing.T) {
	m, err := LoadFile("testdata/model_v1.bin")
	if err != nil {
		t.Fatal(err)
	}
	if m.Net != nil {
		t.Fatal("a version 1 model has no network")
	}
	for _, c := range []struct {
		text, label string
		prob        float64
	}{
		{"楼下施工太吵了", "noise", 0.4821},
		{"停水了", "water", 0.4231},
		{"my card is frozen", "account", 0.3733},
	} {
		p := m.Predict(c.text, 3)
		if p.Label != c.label || math.Abs(p.Prob-c.prob) > 1e-4 {
			t.Errorf("%q: %s %.4f, version 1 predicted %s %.4f", c.text, p.Label, p.Prob, c.label, c.prob)
		}
	}
}
