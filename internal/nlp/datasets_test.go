package nlp

// Converters from the reference data in ../shared/data (never copied into
// the repository) to in-memory examples and to CSV files in a temporary
// directory, for the integration tests and for running the CLI by hand:
//
//	KEFU_NLP_DATA_OUT=/tmp/nlpdata go test ./internal/nlp -run TestWriteDatasets -v
//
// writes clinc_train.csv, clinc_val.csv, clinc_test.csv, crosswoz_train.csv,
// crosswoz_test.csv, ntusd_train.csv, ntusd_test.csv, reviews_train.csv and
// reviews_test.csv there.

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// sharedData returns ../shared/data relative to the module root, or skips.
func sharedData(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..") // module root
	dir := filepath.Join(root, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Skipf("reference data not found at %s", dir)
	}
	return dir
}

// clinc150 returns CLINC150 data_full: train+oos_train and test+oos_test,
// out-of-scope labelled "oos"; val+oos_val as a validation set.
func clinc150(t testing.TB) (train, val, test []Example) {
	dir := sharedData(t)
	b, err := os.ReadFile(filepath.Join(dir, "clinc150", "data_full.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string][][2]string
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	conv := func(parts ...string) []Example {
		var out []Example
		for _, p := range parts {
			for _, r := range d[p] {
				out = append(out, Example{Text: r[0], Label: r[1]})
			}
		}
		return out
	}
	return conv("train", "oos_train"), conv("val", "oos_val"), conv("test", "oos_test")
}

// crossWOZ turns the user turns of CrossWOZ val.json.zip into an intent
// task. Label: the user turn's main dialogue act as intent+domain — the
// first act that is not General (a greeting or thanks before the request is
// not the point of the turn), else the General act as "General+thank" etc.:
// "Request+酒店", "Inform+景点", "Select+餐馆", "General+bye"… Split by dialogue (a stable hash of the
// dialogue id): about 80% train, 20% test, so no dialogue is in both.
func crossWOZ(t testing.TB) (train, test []Example) {
	dir := sharedData(t)
	zr, err := zip.OpenReader(filepath.Join(dir, "crosswoz", "val.json.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var dialogues map[string]struct {
		Messages []struct {
			Content   string     `json:"content"`
			Role      string     `json:"role"`
			DialogAct [][]string `json:"dialog_act"`
		} `json:"messages"`
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(rc).Decode(&dialogues)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(dialogues) == 0 {
		t.Fatal("no dialogues in crosswoz/val.json.zip")
	}
	ids := make([]string, 0, len(dialogues))
	for id := range dialogues {
		ids = append(ids, id)
	}
	sortStrings(ids)
	for _, id := range ids {
		h := fnv.New32a()
		h.Write([]byte(id))
		isTest := h.Sum32()%5 == 0
		for _, m := range dialogues[id].Messages {
			if m.Role != "usr" || len(m.DialogAct) == 0 || strings.TrimSpace(m.Content) == "" {
				continue
			}
			a := m.DialogAct[0] // [intent, domain, slot, value]
			for _, b := range m.DialogAct {
				if b[0] != "General" {
					a = b
					break
				}
			}
			label := a[0] + "+" + a[1]
			e := Example{Text: m.Content, Label: label}
			if isTest {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
	}
	return train, test
}

// ntusd turns the NTU Sentiment Dictionary into a polarity task over words
// (label "positive" / "negative"): the words of each list, minus those in
// both, split by a stable hash of the word into ~80% train and ~20% test,
// so every test word is unseen in training and the model has to generalise
// from characters and sub-words. The words are kept in Traditional Chinese
// as published (train and test are in the same script, so no conversion is
// needed for this check).
func ntusd(t testing.TB) (train, test []Example) {
	dir := sharedData(t)
	read := func(name string) map[string]bool {
		b, err := os.ReadFile(filepath.Join(dir, "ntusd", name))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(strings.TrimPrefix(l, "\ufeff")); l != "" {
				out[l] = true
			}
		}
		return out
	}
	pos, neg := read("positive_traditional.txt"), read("negative_traditional.txt")
	add := func(words map[string]bool, other map[string]bool, label string) {
		ws := make([]string, 0, len(words))
		for w := range words {
			if !other[w] {
				ws = append(ws, w)
			}
		}
		sortStrings(ws)
		for _, w := range ws {
			h := fnv.New32a()
			h.Write([]byte(w))
			if h.Sum32()%5 == 0 {
				test = append(test, Example{Text: w, Label: label})
			} else {
				train = append(train, Example{Text: w, Label: label})
			}
		}
	}
	add(pos, neg, "positive")
	add(neg, pos, "negative")
	return train, test
}

// reviewSplit splits testdata/reviews.csv (see reviews) by a stable hash of
// the text: about 70% train, 30% test.
func reviewSplit(t testing.TB) (train, test []Example) {
	for _, e := range reviews(t) {
		h := fnv.New32a()
		h.Write([]byte(e.Text))
		if h.Sum32()%10 < 3 {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

func sortStrings(s []string) { sort.Strings(s) }

func writeCSV(t testing.TB, path string, ex []Example) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"text", "label"})
	for _, e := range ex {
		w.Write([]string{e.Text, e.Label})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteDatasets(t *testing.T) {
	out := os.Getenv("KEFU_NLP_DATA_OUT")
	if out == "" {
		t.Skip("set KEFU_NLP_DATA_OUT=dir to write the benchmark CSVs there")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	tr, val, te := clinc150(t)
	writeCSV(t, filepath.Join(out, "clinc_train.csv"), tr)
	writeCSV(t, filepath.Join(out, "clinc_val.csv"), val)
	writeCSV(t, filepath.Join(out, "clinc_test.csv"), te)
	ctr, cte := crossWOZ(t)
	writeCSV(t, filepath.Join(out, "crosswoz_train.csv"), ctr)
	writeCSV(t, filepath.Join(out, "crosswoz_test.csv"), cte)
	ntr, nte := ntusd(t)
	writeCSV(t, filepath.Join(out, "ntusd_train.csv"), ntr)
	writeCSV(t, filepath.Join(out, "ntusd_test.csv"), nte)
	rtr, rte := reviewSplit(t)
	writeCSV(t, filepath.Join(out, "reviews_train.csv"), rtr)
	writeCSV(t, filepath.Join(out, "reviews_test.csv"), rte)
	t.Logf("wrote %s", out)
}
