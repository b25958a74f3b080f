package search

import (
	"context"
	"slices"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestTokens(t *testing.T) {
	got := Tokens("客户退款未到账, Order ＡＢＣ-2026 refund")
	want := []string{"客户", "户退", "退款", "款未", "未到", "到账", "order", "abc", "2026", "refund"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v", got)
	}
	if _, ok := QueryTerms("退"); ok {
		t.Fatal("a lone Chinese character cannot be answered by bigrams")
	}
}

func TestSearchOnBothEngines(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		docs := map[int64][2]string{
			1: {"课程退款未到账", "客户申请退款已经七天"},
			2: {"包裹延误", "物流显示已签收但客户未收到"},
			3: {"Refund for course", "customer asked for a refund of order 20261123"},
		}
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			for id, x := range docs {
				if _, err := tx.Exec(ctx, `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, created_at, updated_at) VALUES ($1, $2, $3, 'query', 'normal', 1, 'new', 1, 1)`, id, x[0], x[1]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := IndexMissing(ctx, d, nil); err != nil || n != 3 {
			t.Fatalf("indexed %d %v", n, err)
		}
		// Reindexing a changed ticket replaces its terms.
		if err := d.WriteTx(ctx, func(tx *db.Tx) error { return IndexTicket(ctx, tx, 2, Body("包裹丢失", "快递丢件")) }); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]int64{"退款": {1}, "未到账": {1}, "refund": {3}, "REFUND course": {3}, "20261123": {3}, "丢失": {2}, "延误": nil, "退款 物流": nil} {
			cond, arg, ok := Condition(d.Dialect, q, 1)
			if !ok {
				t.Fatalf("%q not answerable", q)
			}
			rows, err := d.Reader().Query(ctx, `SELECT t.id FROM tickets t WHERE `+cond+` ORDER BY t.id`, arg)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			var got []int64
			for rows.Next() {
				var id int64
				_ = rows.Scan(&id)
				got = append(got, id)
			}
			rows.Close()
			if !slices.Equal(got, want) {
				t.Errorf("%q → %v, want %v", q, got, want)
			}
		}
	})
}

// A rare word among many common ones: the newest MaxMatches of a common
// word, every match of a rare one however old, none of an absent one — the
// same on both engines, and the same as the one-query form of Condition.
// The ids are spread out so that PostgreSQL's search takes each of its
// three kinds of query (see Newest): the first window, a further window
// (退款), and the rest of the table by the GIN index (发票, 物流, refund).
func TestNewestFindsRareTermsAmongCommonOnes(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const n = 5000
		var all, every10 []int64 // newest first
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			ins := func(id int64, subject, desc string) error {
				_, err := tx.Exec(ctx, `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, created_at, updated_at) VALUES ($1, $2, $3, 'query', 'normal', 1, 'new', 1, 1)`, id, subject, desc)
				return err
			}
			if err := ins(7, "发票抬头开错", "申请退款"); err != nil {
				return err
			}
			for i := n - 1; i >= 0; i-- {
				id := int64(1000 + i*4)
				desc := "客户申请退款"
				if i%10 == 0 {
					desc += "，物流显示已签收"
					every10 = append(every10, id)
				}
				all = append(all, id)
				if err := ins(id, "课程退款", desc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := IndexMissing(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]int64{
			"退款":     all[:MaxMatches],
			"发票":     {7},
			"开错 退款":  {7},
			"物流":     every10,
			"退款 物流":  every10,
			"refund": {},
		} {
			got, ok, err := Newest(ctx, d.Reader(), q, Filter{})
			if err != nil || !ok {
				t.Fatalf("%q: %v %v", q, ok, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: %d ids %v…, want %d %v…", q, len(got), got[:min(len(got), 3)], len(want), want[:min(len(want), 3)])
			}
			cond, arg, _ := Condition(d.Dialect, q, 1)
			old, err := ticketIDs(ctx, d.Reader(), `SELECT t.id FROM tickets t WHERE `+cond+` ORDER BY t.id DESC`, arg)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, old) && !(len(got) == 0 && len(old) == 0) {
				t.Errorf("%q: Newest and Condition differ: %d vs %d ids", q, len(got), len(old))
			}
		}
		// With a filter the cap applies to the matches that pass it, on
		// each way Newest goes on from its first look: the old tickets of
		// a common word, none of them among its newest matches (by the
		// filter's tickets, with and without a Set), one match in ten (by
		// the matches) and every other one (enough among the newest).
		for _, c := range []struct {
			f    Filter
			keep func(int64) bool
		}{
			{Filter{Cond: "t.id <= $1", Args: []any{3000}}, func(id int64) bool { return id <= 3000 }},
			{Filter{Cond: "t.id <= $1", Set: "t.id IN (SELECT id FROM tickets WHERE id <= $1)", Args: []any{3000}}, func(id int64) bool { return id <= 3000 }},
			{Filter{Cond: "t.id % $1 = 0", Args: []any{40}}, func(id int64) bool { return id%40 == 0 }},
			{Filter{Cond: "t.id % $1 = 0", Set: "t.id IN (SELECT id FROM tickets WHERE id % $1 = 0)", Args: []any{40}}, func(id int64) bool { return id%40 == 0 }},
			{Filter{Cond: "t.id % $1 = 0", Args: []any{8}}, func(id int64) bool { return id%8 == 0 }},
		} {
			want := []int64{}
			for _, id := range append(slices.Clone(all), 7) {
				if c.keep(id) && len(want) < MaxMatches {
					want = append(want, id)
				}
			}
			got, _, err := Newest(ctx, d.Reader(), "退款", c.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("with %s: %d ids %v…, want %d %v…", c.f.Cond, len(got), got[:min(len(got), 3)], len(want), want[:min(len(want), 3)])
			}
		}
		if _, ok, _ := Newest(ctx, d.Reader(), "退", Filter{}); ok {
			t.Error("a lone Chinese character cannot be answered by bigrams")
		}
	})
}
