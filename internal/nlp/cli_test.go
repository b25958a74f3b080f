package nlp_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/cli"
)

func write(t *testing.T, dir, name, body string) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

const trainCSV = `text,label
小区楼下晚上施工噪音太大,noise
隔壁装修噪音扰民,noise
广场舞声音太吵了,noise
loud noise after midnight,noise
my neighbours are too loud,noise
我的账户被风控限制了无法提现,account
银行卡被冻结了怎么解冻,account
信用卡被盗刷了,account
my account is locked,account
i forgot my password,account
家里停水了什么时候恢复,water
自来水发黄有异味,water
水管爆裂漏水严重,water
there is no water in my flat,water
the tap water is brown,water
讲个笑话吧,oos
tell me a joke,oos
今天天气怎么样,oos
`

func TestCLITrainPredictEval(t *testing.T) {
	dir := t.TempDir()
	train := write(t, dir, "train.csv", trainCSV)
	test := write(t, dir, "test.csv", "text,label\n楼下施工太吵,noise\n停水了,water\nmy card is frozen,account\n")
	model := filepath.Join(dir, "m.bin")
	if code, out, errs := run("nlp", "train", "--train", train, "--model", model, "--oos-label", "oos"); code != 0 {
		t.Fatalf("train: %d %s %s", code, out, errs)
	}
	code, out, errs := run("nlp", "predict", "--model", model, "--text", "楼下施工太吵了", "--json")
	if code != 0 {
		t.Fatalf("predict: %s", errs)
	}
	var p struct {
		Label string  `json:"label"`
		Prob  float64 `json:"prob"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.Label != "noise" {
		t.Errorf("predict: %s %v", out, err)
	}
	if code, out, errs := run("nlp", "predict", "--model", model, "--input", test); code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("predict --input: %d %q %s", code, out, errs)
	}
	code, out, errs = run("nlp", "eval", "--train", train, "--test", test, "--oos-label", "oos", "--json")
	if code != 0 {
		t.Fatalf("eval: %s", errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"accuracy", "macro_f1", "n", "in_scope_accuracy", "oos_recall", "train_seconds", "predict_per_second"} {
		if _, ok := r[k]; !ok {
			t.Errorf("eval JSON lacks %q: %s", k, out)
		}
	}
	// without --oos-label, no oos fields
	_, out, _ = run("nlp", "eval", "--train", train, "--test", test, "--json")
	if strings.Contains(out, "oos_recall") {
		t.Errorf("oos fields without --oos-label: %s", out)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	train := write(t, dir, "train.csv", trainCSV)
	bad := write(t, dir, "bad.csv", "utterance,label\nhi,x\n")
	notUTF8 := write(t, dir, "gbk.csv", "text,label\n\xc4\xe3\xba\xc3,greet\n")
	other := write(t, dir, "other.bin", "KEFU-NLP\x63\x00\x00\x00rest")
	headerOnly := write(t, dir, "header.csv", "text,label\n")
	shortRow := write(t, dir, "short.csv", "text,label\n停水了,water\n楼下太吵\n")
	emptyRow := write(t, dir, "empty.csv", "text\n\"  \"\n")
	good := filepath.Join(dir, "good.bin")
	if code, _, errs := run("nlp", "train", "--train", train, "--model", good); code != 0 {
		t.Fatal(errs)
	}
	blob, _ := os.ReadFile(good)
	truncated := write(t, dir, "truncated.bin", string(blob[:len(blob)/2]))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"nlp", "eval", "--train", bad, "--test", train}, `no column "text"`},
		{[]string{"nlp", "eval", "--train", train, "--test", train, "--label-col", "intent"}, `no column "intent"`},
		{[]string{"nlp", "train", "--train", notUTF8, "--model", filepath.Join(dir, "x.bin")}, "not valid UTF-8"},
		{[]string{"nlp", "predict", "--model", other, "--text", "hi"}, "format version 99"},
		{[]string{"nlp", "predict", "--model", train, "--text", "hi"}, "not a kefu nlp model"},
		{[]string{"nlp", "predict", "--model", other, "--text", "  "}, "--text: text is empty"},
		{[]string{"nlp", "predict", "--model", other, "--text", "\xff\xfe"}, "--text: text is not valid UTF-8"},
		{[]string{"nlp", "train", "--train", headerOnly, "--model", filepath.Join(dir, "x.bin")}, "no rows after the header (text, label)"},
		{[]string{"nlp", "eval", "--train", train, "--test", shortRow}, `line 3: 1 fields, column "label" is missing`},
		{[]string{"nlp", "predict", "--model", truncated, "--text", "hi"}, "truncated kefu nlp model file"},
		{[]string{"nlp", "predict", "--model", filepath.Join(dir, "none.bin"), "--text", "hi"}, "no such file"},
		{[]string{"nlp", "predict", "--model", good, "--input", emptyRow}, `line 2: column "text" is empty`},
		{[]string{"nlp", "frobnicate"}, "unknown subcommand"},
	}
	for _, c := range cases {
		code, _, errs := run(c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
		}
	}
	// a label seen once: kept, with a warning naming it
	once := write(t, dir, "once.csv", trainCSV+"退款什么时候到账,refund\n")
	code, _, errs := run("nlp", "train", "--train", once, "--model", filepath.Join(dir, "o.bin"))
	if code != 0 || !strings.Contains(errs, `"refund"`) {
		t.Errorf("label seen once: exit %d, stderr %q", code, errs)
	}
}
