package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/emotion"
)

const emotionUsage = `kefu emotion — customer emotion (calm/anxious/upset/angry) and abuse

  kefu emotion eval  [--train train.csv --test test.csv] [--robust robust.csv] [--json]
  kefu emotion score --text "…" [--json]

eval trains the product model (lexicon markers + classifier) on --train and
reports on --test, per task (emotion, abusive), language (zh, en) and source
(hand-written, composed), next to the classifier on the text alone and the
lexicon alone. Without --train/--test it uses the data built into kefu
(internal/emotion/data). CSV columns: text, emotion, abusive (lang, source
optional). The same files work with kefu nlp eval --label-col emotion|abusive.`

func emotionCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(args, stdout, stderr, emotionUsage, subcommand{"eval", emotionEval}, subcommand{"score", emotionScore})
}

func readEmotionCSV(path string) ([]emotion.Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := emotion.ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header", path)
	}
	return rows, nil
}

// emotionEvalResult is what eval prints with --json.
type emotionEvalResult struct {
	Train        int                       `json:"train"`
	Test         int                       `json:"test"`
	TrainSeconds float64                   `json:"train_seconds"`
	Models       map[string]emotion.Report `json:"models" doc:"product (lexicon + classifier), text_only (classifier on the text alone), lexicon (rules alone)"`
	Robust       *emotion.Report           `json:"robust,omitempty" doc:"the product model on --robust"`
}

func emotionEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("emotion eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	trainPath := fs.String("train", "", "training CSV (default: the built-in data)")
	testPath := fs.String("test", "", "test CSV (default: the built-in data)")
	robustPath := fs.String("robust", "", "a further CSV to report the product model on")
	seed := fs.Uint64("seed", 1, "random seed")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*trainPath == "") != (*testPath == "") {
		return errors.New("give both --train and --test, or neither (the built-in data)")
	}
	var train, test, robust []emotion.Row
	var err error
	if *trainPath == "" {
		train, test, err = emotion.Dataset()
	} else {
		if test, err = readEmotionCSV(*testPath); err == nil {
			train, err = readEmotionCSV(*trainPath)
		}
	}
	if err == nil && *robustPath != "" {
		robust, err = readEmotionCSV(*robustPath)
	}
	if err != nil {
		return err
	}
	res := emotionEvalResult{Train: len(train), Test: len(test), Models: map[string]emotion.Report{}}
	start := time.Now()
	m, err := emotion.Train(train, emotion.Options{Seed: *seed})
	if err != nil {
		return err
	}
	res.TrainSeconds = time.Since(start).Seconds()
	res.Models["product"] = emotion.Evaluate(m, test)
	textOnly, err := emotion.Train(train, emotion.Options{Seed: *seed, NoLexicon: true})
	if err != nil {
		return err
	}
	res.Models["text_only"] = emotion.Evaluate(textOnly, test)
	res.Models["lexicon"] = emotion.Evaluate(emotion.LexiconScorer{}, test)
	if robust != nil {
		r := emotion.Evaluate(m, robust)
		res.Robust = &r
	}
	if *asJSON {
		return printJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "trained on %d, tested on %d, training %.1fs (both tasks)\n", res.Train, res.Test, res.TrainSeconds)
	names := []string{"product", "text_only", "lexicon"}
	for _, n := range names {
		printEmotionReport(stdout, n, res.Models[n])
	}
	if res.Robust != nil {
		printEmotionReport(stdout, "product on "+*robustPath, *res.Robust)
	}
	return nil
}

func printEmotionReport(w io.Writer, name string, r emotion.Report) {
	fmt.Fprintf(w, "\n%s  (%.0f texts/s on one core; abusive precision %.3f recall %.3f)\n", name, r.ScoresPerSecond, r.AbusivePrecision, r.AbusiveRecall)
	keys := make([]string, 0, len(r.Emotion))
	for k := range r.Emotion {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "  %-10s %6s  %-17s  %-17s\n", "slice", "n", "emotion acc / F1", "abusive acc / F1")
	for _, k := range keys {
		e, a := r.Emotion[k], r.Abusive[k]
		fmt.Fprintf(w, "  %-10s %6d  %.3f / %.3f      %.3f / %.3f\n", k, e.N, e.Accuracy, e.MacroF1, a.Accuracy, a.MacroF1)
	}
	fmt.Fprintf(w, "  confusion (rows true, columns predicted: %s)\n", strings.Join(emotion.Labels, " "))
	for i, row := range r.Confusion {
		fmt.Fprintf(w, "    %-8s %v\n", emotion.Labels[i], row)
	}
}

func emotionScore(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("emotion score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	text := fs.String("text", "", "the text to read (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !utf8.ValidString(*text) {
		return errors.New("--text is not valid UTF-8")
	}
	if strings.TrimSpace(*text) == "" {
		return errors.New("--text is required")
	}
	m, err := emotion.Default()
	if err != nil {
		return err
	}
	s := m.Score(*text)
	if *asJSON {
		return printJSON(stdout, s)
	}
	fmt.Fprintf(stdout, "%s %.3f  abusive %v (%.3f)  escalation %v  cues %s\n", s.Emotion, s.Confidence, s.Abusive, s.AbuseProb, s.Escalation, strings.Join(s.Cues, " "))
	return nil
}
