package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmotionCommands(t *testing.T) {
	out, errs, code := run(t, "emotion", "score", "--text", "你们就是骗子！再不退钱我就去12315投诉！", "--json")
	if code != 0 {
		t.Fatalf("score: %d %s", code, errs)
	}
	var s struct {
		Emotion    string `json:"emotion"`
		Escalation bool   `json:"escalation"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Emotion != "angry" || !s.Escalation {
		t.Fatalf("score: %v %s", err, out)
	}

	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	train := write("train.csv", "text,emotion,abusive,lang\n"+
		"您好，请问几点开门,calm,0,zh\n谢谢你们,calm,0,zh\n我很着急，怎么办,anxious,0,zh\n明天就要用了，急死了,anxious,0,zh\n"+
		"唉，又是这样，很失望,upset,0,zh\n算了，心累,upset,0,zh\n你们就是骗子！,angry,0,zh\n傻逼客服,angry,1,zh\n")
	test := write("test.csv", "text,emotion,abusive,lang\n请问营业时间,calm,0,zh\n你这个傻逼,angry,1,zh\n")
	out, errs, code = run(t, "emotion", "eval", "--train", train, "--test", test, "--json")
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errs)
	}
	var r struct {
		Train, Test int
		Models      map[string]struct {
			Emotion map[string]struct{ N int } `json:"emotion"`
		} `json:"models"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Train != 8 || r.Test != 2 || r.Models["product"].Emotion["zh"].N != 2 || len(r.Models) != 3 {
		t.Fatalf("eval: %v %s", err, out)
	}

	bad := write("bad.csv", "text,emotion\n你好,calm\n")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"emotion"}, "missing subcommand: eval or score"},
		{"unknown subcommand", []string{"emotion", "guess"}, "unknown subcommand"},
		{"empty text", []string{"emotion", "score", "--text", "  "}, "--text is required"},
		{"invalid UTF-8", []string{"emotion", "score", "--text", "\xff"}, "UTF-8"},
		{"train without test", []string{"emotion", "eval", "--train", train}, "both --train and --test"},
		{"missing column", []string{"emotion", "eval", "--train", bad, "--test", test}, `no column "abusive"`},
		{"missing file", []string{"emotion", "eval", "--train", train, "--test", filepath.Join(dir, "nope.csv")}, "no such file"},
		{"one emotion only", []string{"emotion", "eval", "--train", test, "--test", test}, "all four emotions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := run(t, c.args...)
			if code == 0 || !strings.Contains(errs, c.want) {
				t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
			}
		})
	}
}
