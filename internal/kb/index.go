package kb

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// index is an in-memory inverted index over articles (or scripts) with
// BM25F ranking. It holds no I/O: the Service feeds it documents from the
// database and keeps it current (see refresh.go). It is not safe for
// concurrent use; the Service guards it.
//
// Why in process: the ranking must be the same on SQLite and PostgreSQL,
// which two engines' full-text features cannot give, and a knowledge base is
// small (thousands to tens of thousands of articles) next to the ticket base.
type index struct {
	docs     []*indexed // by slot; nil when removed
	slotOf   map[int64]int32
	termID   map[string]int32
	postings [][]posting // by term id
	df       []int32     // live documents per term id
	live     int
	lenSum   [nFields]float64
	dead     int
}

// Fields of a document, each with its own weight and length normalisation:
// a word in the title or a similar question says much more about what the
// article answers than the same word somewhere in the body.
const (
	fTitle = iota
	fQuestions
	fTags
	fBody
	nFields
)

var (
	fieldWeight = [nFields]float64{3, 3, 2, 1}
	// Short fields are barely length-normalised (b small); a long body is.
	fieldB = [nFields]float64{0.3, 0.3, 0.3, 0.75}
)

const (
	k1 = 1.2
	// satRef is the saturated weight of one occurrence in the title: a
	// query term matched that well counts as fully covered.
	satRef = 3 / (k1 + 3)
)

// doc is a document as the index sees it.
type doc struct {
	ID         int64
	Title      string
	Questions  []string // similar questions (相似问法)
	Tags       []string
	Body       string // plain text
	Lang       string
	Visibility string
	Status     string
	CategoryID int64
	ReasonID   int64
}

type posting struct {
	slot int32
	tf   [nFields]uint8
}

// phrase is the title or one similar question with its term weights, for
// the similarity of the query's wording to it.
type phrase struct {
	text     string
	question bool
	terms    []term // distinct, with their weights
}

type indexed struct {
	doc
	terms   []int32 // distinct term ids (to undo df on removal)
	flen    [nFields]float64
	phrases []phrase
}

// newIndex returns an empty index.
func newIndex() *index {
	return &index{slotOf: map[int64]int32{}, termID: map[string]int32{}}
}

// size returns the number of documents.
func (ix *index) size() int { return ix.live }

// analyzeDoc does the expensive part of adding a document (segmenting its
// text) without touching the index, so that it can run outside a lock.
func analyzeDoc(d doc) *indexed {
	x := &indexed{doc: d}
	x.phrases = append(x.phrases, newPhrase(d.Title, false))
	for _, q := range d.Questions {
		x.phrases = append(x.phrases, newPhrase(q, true))
	}
	return x
}

func newPhrase(text string, question bool) phrase {
	return phrase{text: text, question: question, terms: queryTerms(text)}
}

// fieldTerms returns the terms of each field with their counts.
func fieldTerms(d doc) [nFields]map[string]int {
	var out [nFields]map[string]int
	add := func(f int, text string) {
		if out[f] == nil {
			out[f] = map[string]int{}
		}
		for _, t := range analyze(text) {
			out[f][t.text]++
		}
	}
	add(fTitle, d.Title)
	add(fQuestions, strings.Join(d.Questions, "\n"))
	add(fTags, strings.Join(d.Tags, "\n"))
	add(fBody, d.Body)
	return out
}

// prepared is a document ready to be put into an index.
type prepared struct {
	x  *indexed
	ft [nFields]map[string]int
}

// prepare analyses a document for put. It may run concurrently with
// anything: it does not touch the index.
func prepare(d doc) prepared {
	return prepared{x: analyzeDoc(d), ft: fieldTerms(d)}
}

// put adds or replaces a document.
func (ix *index) put(p prepared) {
	ix.remove(p.x.ID)
	x := p.x
	slot := int32(len(ix.docs))
	terms := map[int32][nFields]uint8{}
	for f, m := range p.ft {
		n := 0
		for t, c := range m {
			id := ix.intern(t)
			tf := terms[id]
			tf[f] = uint8(min(c, 255))
			terms[id] = tf
			n += c
		}
		x.flen[f] = float64(n)
		ix.lenSum[f] += float64(n)
	}
	x.terms = make([]int32, 0, len(terms))
	for id := range terms {
		x.terms = append(x.terms, id)
	}
	// Posting order does not change scores, but sorted ids keep the
	// index's memory layout independent of map order.
	sort.Slice(x.terms, func(i, j int) bool { return x.terms[i] < x.terms[j] })
	for _, id := range x.terms {
		ix.postings[id] = append(ix.postings[id], posting{slot: slot, tf: terms[id]})
		ix.df[id]++
	}
	ix.docs = append(ix.docs, x)
	ix.slotOf[x.ID] = slot
	ix.live++
}

func (ix *index) intern(t string) int32 {
	if id, ok := ix.termID[t]; ok {
		return id
	}
	id := int32(len(ix.postings))
	ix.termID[t] = id
	ix.postings = append(ix.postings, nil)
	ix.df = append(ix.df, 0)
	return id
}

// remove drops a document (no-op when absent). Its postings stay as dead
// entries until enough accumulate to compact.
func (ix *index) remove(id int64) {
	slot, ok := ix.slotOf[id]
	if !ok {
		return
	}
	x := ix.docs[slot]
	for _, t := range x.terms {
		ix.df[t]--
	}
	for f := range x.flen {
		ix.lenSum[f] -= x.flen[f]
	}
	ix.docs[slot] = nil
	delete(ix.slotOf, id)
	ix.live--
	ix.dead++
	if ix.dead > 64 && ix.dead > ix.live/4 {
		ix.compact()
	}
}

// compact drops dead postings and renumbers slots.
func (ix *index) compact() {
	newSlot := make([]int32, len(ix.docs))
	var docs []*indexed
	for i, x := range ix.docs {
		newSlot[i] = -1
		if x != nil {
			newSlot[i] = int32(len(docs))
			ix.slotOf[x.ID] = int32(len(docs))
			docs = append(docs, x)
		}
	}
	for t, ps := range ix.postings {
		out := ps[:0]
		for _, p := range ps {
			if s := newSlot[p.slot]; s >= 0 {
				p.slot = s
				out = append(out, p)
			}
		}
		ix.postings[t] = out
	}
	ix.docs = docs
	ix.dead = 0
}

// minCorpus is the smallest number of documents idf assumes. In a young
// knowledge base of three articles every word is in a third of them, and
// raw idf would call all of them common; counting as if there were at
// least this many keeps scores meaning the same from the first article on.
const minCorpus = 50

// idf is BM25's inverse document frequency: rare words weigh more. A word
// no document has gets the highest weight, so that a query about something
// the knowledge base does not cover scores low.
func (ix *index) idf(df int) float64 {
	n := float64(max(ix.live, minCorpus))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// filter selects documents. Empty fields do not filter.
type filter struct {
	Lang       string
	Visibility string
	Statuses   []string
	Categories map[int64]bool // nil: any; else the category and its descendants
	ReasonID   int64          // boosts (does not filter) documents with this contact reason
}

func (f *filter) match(d *indexed) bool {
	if f.Lang != "" && d.Lang != f.Lang {
		return false
	}
	if f.Visibility != "" && d.Visibility != f.Visibility {
		return false
	}
	if len(f.Statuses) > 0 && !contains(f.Statuses, d.Status) {
		return false
	}
	if f.Categories != nil && !f.Categories[d.CategoryID] {
		return false
	}
	return true
}

// result is one ranked document.
type result struct {
	ID              int64
	Score           float64 // see Hit.Score
	Coverage        float64
	Similarity      float64
	MatchedQuestion string
	Snippet         string
	Highlights      []Span
}

// Span is a piece of a snippet; Hit marks the query's words.
type Span struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Score weights: how much of the query the document covers (and in which
// fields), and how close the query's wording is to the title or one of the
// similar questions.
const (
	coverageWeight   = 0.4
	similarityWeight = 0.6
	reasonBoost      = 0.1
	// questionMatch is the similarity above which the best-matching similar
	// question is reported as matched.
	questionMatch = 0.35
	// minScore drops hits that share only a common word or two with the
	// query: below it nothing is worth an agent's glance.
	minScore = 0.15
)

// scratch holds a query's per-slot accumulators: raw scores, and whether
// the slot passed the filter (0 not yet asked, 1 yes, 2 no).
type scratch struct {
	acc  []float64
	pass []uint8
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// search ranks the documents matching the filter for a query and returns
// the best limit. Pure: the same index, query and filter give the same
// results.
func (ix *index) search(text string, f filter, limit int) []result {
	if limit <= 0 {
		limit = 10
	}
	qts := queryTerms(text)
	if len(qts) == 0 {
		if han := hanOnly(text); han != "" {
			return ix.substring(han, f, limit)
		}
		return nil
	}
	avg := ix.avgLen()
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if cap(sc.acc) < len(ix.docs) {
		sc.acc, sc.pass = make([]float64, len(ix.docs)), make([]uint8, len(ix.docs))
	}
	acc, pass := sc.acc[:len(ix.docs)], sc.pass[:len(ix.docs)]
	clear(acc)
	clear(pass)
	var touched []int32
	var norm float64 // the raw score of a document covering every term well
	qvec := map[string]float64{}
	for _, qt := range qts {
		df := 0
		id, ok := ix.termID[qt.text]
		if ok {
			df = int(ix.df[id])
		}
		idf := ix.idf(df)
		norm += qt.weight * idf * satRef
		qvec[qt.text] = qt.weight * idf
		if !ok {
			continue
		}
		for _, p := range ix.postings[id] {
			d := ix.docs[p.slot]
			if pass[p.slot] == 0 {
				pass[p.slot] = 2
				if d != nil && f.match(d) {
					pass[p.slot] = 1
				}
			}
			if pass[p.slot] != 1 {
				continue
			}
			var tfw float64
			for fi := 0; fi < nFields; fi++ {
				if p.tf[fi] == 0 {
					continue
				}
				ln := 1.0
				if avg[fi] > 0 {
					ln = 1 - fieldB[fi] + fieldB[fi]*d.flen[fi]/avg[fi]
				}
				tfw += fieldWeight[fi] * float64(p.tf[fi]) / ln
			}
			if acc[p.slot] == 0 {
				touched = append(touched, p.slot)
			}
			acc[p.slot] += qt.weight * idf * tfw / (k1 + tfw)
		}
	}
	if len(touched) == 0 || norm == 0 {
		return nil
	}
	// The best candidates by raw score get the wording similarity, which
	// needs a look at each phrase.
	cand := topK(touched, max(limit*4, 40), func(a, b int32) bool {
		if acc[a] != acc[b] {
			return acc[a] > acc[b]
		}
		return ix.docs[a].ID < ix.docs[b].ID
	})
	qnorm := vecNorm(qvec)
	out := make([]result, 0, len(cand))
	for _, slot := range cand {
		d := ix.docs[slot]
		r := result{ID: d.ID, Coverage: min(1, acc[slot]/norm)}
		for _, ph := range d.phrases {
			s := ix.similarity(qvec, qnorm, ph)
			if s > r.Similarity {
				r.Similarity = s
				if ph.question && s >= questionMatch {
					r.MatchedQuestion = ph.text
				} else {
					r.MatchedQuestion = ""
				}
			}
		}
		r.Score = coverageWeight*r.Coverage + similarityWeight*r.Similarity
		if f.ReasonID != 0 && d.ReasonID == f.ReasonID {
			r.Score = min(1, r.Score+reasonBoost)
		}
		r.Score = math.Round(r.Score*1e4) / 1e4
		if r.Score >= minScore {
			out = append(out, r)
		}
	}
	out = best(out, limit)
	for i := range out {
		d := ix.docs[ix.slotOf[out[i].ID]]
		out[i].Highlights = snippet(foldRunes(d.Body), []rune(d.Body), qts, snippetRunes)
		out[i].Snippet = spansText(out[i].Highlights)
	}
	return out
}

// topK returns the k best slots, best first, without sorting them all.
func topK(xs []int32, k int, better func(a, b int32) bool) []int32 {
	if len(xs) <= k {
		sort.Slice(xs, func(i, j int) bool { return better(xs[i], xs[j]) })
		return xs
	}
	// A heap of the k best so far, worst on top.
	h := append([]int32(nil), xs[:k]...)
	down := func(i int) {
		for {
			l, w := 2*i+1, i
			if l < k && better(h[w], h[l]) {
				w = l
			}
			if r := l + 1; r < k && better(h[w], h[r]) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, x := range xs[k:] {
		if better(x, h[0]) {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return better(h[i], h[j]) })
	return h
}

// similarity is the cosine of the query's and a phrase's term vectors, both
// weighted by idf.
func (ix *index) similarity(q map[string]float64, qnorm float64, ph phrase) float64 {
	if qnorm == 0 || len(ph.terms) == 0 {
		return 0
	}
	var dot, pn float64
	for _, t := range ph.terms {
		df := 0
		if id, ok := ix.termID[t.text]; ok {
			df = int(ix.df[id])
		}
		pw := t.weight * ix.idf(df)
		pn += pw * pw
		dot += q[t.text] * pw
	}
	if pn == 0 {
		return 0
	}
	return dot / (qnorm * math.Sqrt(pn))
}

func vecNorm(v map[string]float64) float64 {
	var s float64
	for _, w := range v {
		s += w * w
	}
	return math.Sqrt(s)
}

func (ix *index) avgLen() [nFields]float64 {
	var out [nFields]float64
	if ix.live == 0 {
		return out
	}
	for f := range out {
		out[f] = ix.lenSum[f] / float64(ix.live)
	}
	return out
}

// substring answers a query of lone Chinese characters (退, 票), which has no
// words or bigrams, by the titles and similar questions containing them.
func (ix *index) substring(han string, f filter, limit int) []result {
	var out []result
	for _, d := range ix.docs {
		if d == nil || !f.match(d) {
			continue
		}
		score := 0.0
		matched := ""
		if strings.Contains(strings.Map(foldVariant, d.Title), han) {
			score = 0.3
		}
		for _, q := range d.Questions {
			if score < 0.25 && strings.Contains(strings.Map(foldVariant, q), han) {
				score, matched = 0.25, q
			}
		}
		if score == 0 {
			continue
		}
		r := result{ID: d.ID, Score: score, MatchedQuestion: matched}
		r.Highlights = snippet(foldRunes(d.Body), []rune(d.Body), []term{{text: wordPrefix + han, weight: 1}}, snippetRunes)
		r.Snippet = spansText(r.Highlights)
		out = append(out, r)
	}
	return best(out, limit)
}

// best orders results by score, then id (so ties rank the same on every
// node), and keeps the first limit.
func best(out []result, limit int) []result {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
