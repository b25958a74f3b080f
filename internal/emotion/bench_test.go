package emotion

import (
	"syscall"
	"testing"
	"time"
)

// Benchmarks print figures; run with
//
//	go test ./internal/emotion -run XXX -bench . -cpu 1
//
// Besides ns/op (wall time, which other work on the machine inflates) they
// report cpu-ns/op, the process CPU time per text, and texts/cpu-s.

func benchRows(b *testing.B) (train, test []Row) {
	train, test, err := Dataset()
	if err != nil {
		b.Fatal(err)
	}
	return train, test
}

func cpuTime() time.Duration {
	var r syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

func benchScorer(b *testing.B, s Scorer, texts []string) {
	s.Score(texts[0])
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		s.Score(texts[i%len(texts)])
		n++
	}
	cpu := cpuTime() - c0
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
	b.ReportMetric(float64(n)/cpu.Seconds(), "texts/cpu-s")
}

func texts(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Text
	}
	return out
}

// BenchmarkScore is the product model: lexicon, markers, both classifiers.
func BenchmarkScore(b *testing.B) {
	train, test := benchRows(b)
	m, err := Train(train, Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchScorer(b, m, texts(test))
}

func BenchmarkScoreTextOnly(b *testing.B) {
	train, test := benchRows(b)
	m, err := Train(train, Options{NoLexicon: true})
	if err != nil {
		b.Fatal(err)
	}
	benchScorer(b, m, texts(test))
}

func BenchmarkAnalyze(b *testing.B) {
	_, test := benchRows(b)
	ts := texts(test)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Analyze(ts[i%len(ts)])
	}
}

// BenchmarkScoreContactSummary is the per-create cost: one summary of
// typical length (a contact with a transcript costs this per customer turn).
func BenchmarkScoreContactSummary(b *testing.B) {
	train, _ := benchRows(b)
	m, err := Train(train, Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchScorer(b, m, []string{"客户反映上周申请的退款到现在还没到账，已经打了三次电话，情绪比较激动，要求今天给答复，否则向12315投诉。"})
}
