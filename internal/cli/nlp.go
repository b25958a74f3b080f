package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/nlp"
)

const nlpUsage = `kefu nlp — text classification (intents, service type, sentiment…)

  kefu nlp eval    --train train.csv --test test.csv [--oos-label oos] [--json]
  kefu nlp train   --train train.csv --model model.bin [--oos-label oos]
  kefu nlp predict --model model.bin (--text "…" | --input texts.csv) [--json]

CSV files have a header row and are UTF-8; columns are chosen with
--text-col (default text) and --label-col (default label). A label seen only
once is kept, with a warning naming it. Training is deterministic for --seed.`

func nlpCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(args, stdout, stderr, nlpUsage, subcommand{"eval", nlpEval}, subcommand{"train", nlpTrain}, subcommand{"predict", nlpPredict})
}

type trainFlags struct {
	train, textCol, labelCol, oos, algo string
	seed                                uint64
	cost                                float64
}

func (t *trainFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&t.train, "train", "", "training CSV (required)")
	fs.StringVar(&t.textCol, "text-col", "text", "name of the text column")
	fs.StringVar(&t.labelCol, "label-col", "label", "name of the label column")
	fs.StringVar(&t.oos, "oos-label", "", "out-of-scope label: trained as a class if present, and low-confidence predictions become it")
	fs.Uint64Var(&t.seed, "seed", 1, "random seed (same seed and data, same model)")
	fs.StringVar(&t.algo, "algo", "ensemble", "ensemble (the linear model and a one-hidden-layer network, probabilities averaged), linear (multiclass SVM and softmax regression scores added), svm (multiclass SVM alone) or logreg (softmax regression alone)")
	fs.Float64Var(&t.cost, "c", 1, "SVM regularisation constant C")
}

func (t *trainFlags) fit(stderr io.Writer) (*nlp.Model, float64, error) {
	if t.train == "" {
		return nil, 0, errors.New("--train is required")
	}
	if t.algo != "ensemble" && t.algo != "linear" && t.algo != "svm" && t.algo != "logreg" {
		return nil, 0, fmt.Errorf("--algo %q: want ensemble, linear, svm or logreg", t.algo)
	}
	ex, err := nlp.ReadCSVFile(t.train, nlp.CSVOptions{TextCol: t.textCol, LabelCol: t.labelCol})
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	m, err := nlp.Train(ex, nlp.Options{
		Seed: t.seed, OOSLabel: t.oos, Algorithm: t.algo, SVMCost: t.cost,
		Warn: func(s string) { fmt.Fprintf(stderr, "warning: %s: %s\n", t.train, s) },
	})
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", t.train, err)
	}
	return m, time.Since(start).Seconds(), nil
}

func nlpEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("nlp eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var tf trainFlags
	tf.define(fs)
	test := fs.String("test", "", "test CSV (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *test == "" {
		return errors.New("--test is required")
	}
	// read the test file first so a bad file fails before training
	te, err := nlp.ReadCSVFile(*test, nlp.CSVOptions{TextCol: tf.textCol, LabelCol: tf.labelCol})
	if err != nil {
		return err
	}
	m, secs, err := tf.fit(stderr)
	if err != nil {
		return err
	}
	r := nlp.Evaluate(m, te, tf.oos)
	r.TrainSeconds = secs
	if size, err := modelSize(m); err == nil {
		r.ModelBytes = size
	}
	if r.UnseenLabels > 0 {
		fmt.Fprintf(stderr, "warning: %s: %d test rows have labels not in the training data (counted as errors)\n", *test, r.UnseenLabels)
	}
	if *asJSON {
		return printJSON(stdout, r)
	}
	fmt.Fprintf(stdout, "n %d  accuracy %.4f  macro-F1 %.4f\n", r.N, r.Accuracy, r.MacroF1)
	if r.InScopeAccuracy != nil {
		fmt.Fprintf(stdout, "in-scope accuracy %.4f  out-of-scope recall %.4f (precision %.4f)\n", *r.InScopeAccuracy, *r.OOSRecall, *r.OOSPrecision)
	}
	fmt.Fprintf(stdout, "trained in %.1fs, %.0f predictions/s (one core), model %.1f MB\n", r.TrainSeconds, r.PredictPerSecond, float64(r.ModelBytes)/1e6)
	return nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func modelSize(m *nlp.Model) (int64, error) {
	var c countWriter
	err := m.Save(&c)
	return c.n, err
}

func nlpTrain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("nlp train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var tf trainFlags
	tf.define(fs)
	model := fs.String("model", "", "model file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *model == "" {
		return errors.New("--model is required")
	}
	m, secs, err := tf.fit(stderr)
	if err != nil {
		return err
	}
	if err := m.SaveFile(*model); err != nil {
		return err
	}
	st, _ := os.Stat(*model)
	fmt.Fprintf(stdout, "wrote %s: %d labels, %d features, %.1f MB, trained in %.1fs\n", *model, len(m.Labels), len(m.Buckets), float64(st.Size())/1e6, secs)
	return nil
}

func nlpPredict(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("nlp predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	model := fs.String("model", "", "model file (required)")
	text := fs.String("text", "", "text to classify")
	input := fs.String("input", "", "CSV of texts to classify (header row; column --text-col)")
	textCol := fs.String("text-col", "text", "name of the text column in --input")
	top := fs.Int("top", 3, "number of labels to show")
	asJSON := fs.Bool("json", false, "print JSON (one object per line for --input)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *model == "" {
		return errors.New("--model is required")
	}
	if (*text == "") == (*input == "") {
		return errors.New("give exactly one of --text or --input")
	}
	var texts []string
	if *text != "" {
		if err := nlp.ValidText(*text); err != nil {
			return fmt.Errorf("--text: %w", err)
		}
		texts = []string{*text}
	} else {
		ex, err := nlp.ReadCSVFile(*input, nlp.CSVOptions{TextCol: *textCol, NoLabel: true})
		if err != nil {
			return err
		}
		for _, e := range ex {
			texts = append(texts, e.Text)
		}
	}
	m, err := nlp.LoadFile(*model)
	if err != nil {
		return err
	}
	if w := m.Warning(); w != "" {
		fmt.Fprintln(stderr, "warning:", w)
	}
	preds := nlp.PredictAll(m, texts, *top)
	for i, p := range preds {
		if *asJSON {
			if err := printJSON(stdout, struct {
				Text string `json:"text"`
				nlp.Prediction
			}{texts[i], p}); err != nil {
				return err
			}
			continue
		}
		alts := make([]string, 0, len(p.Top))
		for _, s := range p.Top {
			alts = append(alts, fmt.Sprintf("%s %.3f", s.Label, s.Prob))
		}
		mark := ""
		if p.OOS {
			mark = " (below threshold)"
		}
		if len(texts) > 1 {
			fmt.Fprintf(stdout, "%s\t%s%s\t[%s]\n", texts[i], p.Label, mark, strings.Join(alts, ", "))
		} else {
			fmt.Fprintf(stdout, "%s%s\t[%s]\n", p.Label, mark, strings.Join(alts, ", "))
		}
	}
	return nil
}
