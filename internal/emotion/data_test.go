package emotion

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The committed CSVs are exactly what the sources build: edit the sources,
// then run `go generate ./internal/emotion`.
func TestCSVsMatchSources(t *testing.T) {
	train, test, err := BuildDataset(os.DirFS("data"), "source")
	if err != nil {
		t.Fatal(err)
	}
	robust, err := BuildRobust(os.DirFS("data"), "robust.txt")
	if err != nil {
		t.Fatal(err)
	}
	for name, rows := range map[string][]Row{"data/train.csv": train, "data/test.csv": test, "data/robust.csv": robust} {
		var want bytes.Buffer
		if err := WriteCSV(&want, rows); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s is out of date with data/source: run go generate ./internal/emotion", name)
		}
	}
}

func TestSplitIsByGroup(t *testing.T) {
	train, test, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	inTrain := map[string]bool{}
	for _, r := range train {
		inTrain[r.Group] = true
	}
	langs := map[string]int{}
	for _, r := range test {
		if inTrain[r.Group] {
			t.Fatalf("group %s is in both train and test", r.Group)
		}
		langs[r.Lang]++
	}
	if len(train) < 4*len(test)/2 || langs["zh"] == 0 || langs["en"] == 0 {
		t.Fatalf("unbalanced split: %d train, test per language %v", len(train), langs)
	}
	trainText := map[string]bool{}
	for _, r := range append(train, test...) {
		trainText[r.Text] = true
	}
	robust, err := BuildRobust(os.DirFS("data"), "robust.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range robust {
		if trainText[r.Text] {
			t.Errorf("robustness utterance %q is also in the data set", r.Text)
		}
	}
	for _, r := range append(train, test...) {
		if !IsLabel(r.Emotion) || (r.Lang != "zh" && r.Lang != "en") || r.Group == "" || r.Domain == "" {
			t.Fatalf("bad row %+v", r)
		}
	}
}

func TestParseSourceErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"text before a block", "c 你好\n", "before the first"},
		{"bad code", "@group g d zh\nz 你好\n", "CODE"},
		{"missing text", "@group g d zh\nc\n", "CODE"},
		{"frame without a slot", "@frames f zh\nc 你好\n", "exactly one {}"},
		{"bad header", "@group g\n", "want @group"},
		{"invalid UTF-8", "@group g d zh\nc \xff\n", "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var src source
			err := parseSource("x.txt", strings.NewReader(c.src), &src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("parseSource(%q) = %v, want an error containing %q", c.src, err, c.want)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ name, csv, want string }{
		{"missing column", "text,emotion\n你好,calm\n", `no column "abusive"`},
		{"unknown emotion", "text,emotion,abusive\n你好,happy,0\n", "line 2"},
		{"bad abusive flag", "text,emotion,abusive\n你好,calm,yes\n", "line 2"},
		{"empty text", "text,emotion,abusive\n,calm,0\n", "line 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.csv))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ReadCSV = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func FuzzParseSource(f *testing.F) {
	f.Add("@group g d zh\nc 你好\na! 滚\n@facts f d zh\n事实\n@frames fr zh\nx {}，急\n")
	f.Add("@frames x en\nc {} {}\n")
	f.Fuzz(func(t *testing.T, s string) {
		var src source
		if err := parseSource("fuzz.txt", strings.NewReader(s), &src); err != nil {
			return
		}
		for _, r := range append(src.groups, compose(&src)...) {
			if !IsLabel(r.Emotion) || r.Text == "" {
				t.Fatalf("parsed a bad row %+v from %q", r, s)
			}
		}
	})
}
