package suggest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

func newService(d *db.DB) *Service {
	tax := taxonomy.New(d)
	return New(d, nil, tax.Paths, Options{})
}

func seedDemo(t *testing.T, d *db.DB) {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if _, err := demo.Load(context.Background(), d, demo.Options{Customers: 30, Tickets: 400, Seed: 7, Now: now}, nil); err != nil {
		t.Fatal(err)
	}
}

func outcome(t *testing.T, r *RetrainResult, kind string) KindOutcome {
	t.Helper()
	for _, k := range r.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	t.Fatalf("no outcome for %s in %+v", kind, r)
	return KindOutcome{}
}

func TestNoModel(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		got, err := s.Suggest(ctx, "物流三天没有更新")
		if err != nil {
			t.Fatal(err)
		}
		if got.ServiceType != nil || got.Reason != nil || got.Model != nil || got.NoModel != "not_enough_data" || got.Detail == "" {
			t.Fatalf("no data: %+v", got)
		}
		r, err := s.Retrain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range Kinds {
			if o := outcome(t, r, k); o.Outcome != "not_enough_data" {
				t.Fatalf("%s: %+v", k, o)
			}
		}
		var n int
		d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM suggest_models`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d models stored without data", n)
		}
	})
}

func TestTrainPredictKeepReport(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedDemo(t, d)
		s := newService(d)
		need, err := s.needsTraining(ctx)
		if err != nil || !need {
			t.Fatalf("fresh data needs training: %v %v", need, err)
		}
		r, err := s.Retrain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range Kinds {
			o := outcome(t, r, k)
			if o.Outcome != "replaced" || o.Model == nil || o.Model.Version != 1 {
				t.Fatalf("%s: %+v", k, o)
			}
			t.Logf("%s: %d examples, %d held back, accuracy %.3f, %d labels, %d bytes, %d ms", k, o.Model.Examples, o.Model.Holdout, o.Model.HoldoutAccuracy, o.Model.Labels, o.Model.Bytes, o.Model.TrainMillis)
		}
		if a := outcome(t, r, KindReason).Model.HoldoutAccuracy; a < 0.6 {
			t.Fatalf("reason holdout accuracy %.3f", a)
		}
		if need, _ := s.needsTraining(ctx); need {
			t.Fatal("needs training again right after training")
		}

		// a clearly worded text gets the right reason
		paths, _ := taxonomy.New(d).Paths(ctx)
		for text, want := range map[string]string{
			"家长来电:给孩子报的《少儿编程》课程孩子不喜欢,上了两节课,申请退款": "课程退款",
			"客户反映订单物流五天没有更新,包裹一直没送到,要求催件":        "物流延迟",
		} {
			got, err := s.Suggest(ctx, text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reason == nil || !strings.HasSuffix(got.Reason.Path, want) || got.Model == nil {
				t.Fatalf("%s: %+v %+v", text, got.Reason, got.ServiceType)
			}
			if paths[got.Reason.ID] != got.Reason.Path || got.Reason.Confidence <= 0 || got.Reason.Confidence > 1 {
				t.Fatalf("%s: %+v", text, got.Reason)
			}
		}

		// another node loads the stored model
		other := newService(d)
		if err := other.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if m := other.Models()[KindReason]; m == nil || m.Version != 1 || m.Examples != outcome(t, r, KindReason).Model.Examples {
			t.Fatalf("other node: %+v", m)
		}

		// a retrain on scrambled labels scores worse on the held-back slice
		// and does not replace the model
		var ids []int64
		rows, err := d.Reader().Query(ctx, `SELECT id FROM reasons WHERE parent_id IS NOT NULL ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		type row struct{ id, reason int64 }
		var train []row
		rows, err = d.Reader().Query(ctx, `SELECT id, reason_id FROM contacts WHERE reason_id IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var x row
			rows.Scan(&x.id, &x.reason)
			if !heldOut("contact", x.id, 10) {
				train = append(train, x)
			}
		}
		rows.Close()
		err = d.WriteTx(ctx, func(tx *db.Tx) error {
			for i, x := range train {
				if _, err := tx.Exec(ctx, `UPDATE contacts SET reason_id = $1 WHERE id = $2`, ids[(i*7)%len(ids)], x.id); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `UPDATE tickets SET reason_id = NULL`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r2, err := s.Retrain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		o := outcome(t, r2, KindReason)
		if o.Outcome != "kept" || o.NewAccuracy == nil || o.CurrentAccuracy == nil || *o.NewAccuracy >= *o.CurrentAccuracy {
			t.Fatalf("worse retrain: %+v", o)
		}
		if m := s.Models()[KindReason]; m.Version != 1 {
			t.Fatalf("model replaced: %+v", m)
		}
		var v int64
		d.Reader().QueryRow(ctx, `SELECT MAX(version) FROM suggest_models WHERE kind = 'reason'`).Scan(&v)
		if v != 1 {
			t.Fatalf("stored version %d", v)
		}

		// feedback and report
		var cs []int64
		rows, err = d.Reader().Query(ctx, `SELECT id FROM contacts ORDER BY id LIMIT 4`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			cs = append(cs, id)
		}
		rows.Close()
		a, b := strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)
		for _, f := range []Feedback{
			{ObjectType: "contact", ObjectID: cs[0], Kind: KindReason, Suggested: a, Chosen: a, Confidence: 0.9},
			{ObjectType: "contact", ObjectID: cs[1], Kind: KindReason, Suggested: a, Chosen: b, Confidence: 0.5},
			{ObjectType: "contact", ObjectID: cs[2], Kind: KindReason, Suggested: b, Chosen: b, Confidence: 0.8},
			{ObjectType: "contact", ObjectID: cs[3], Kind: KindReason, Suggested: a, Chosen: "", Confidence: 0.4},
			{ObjectType: "contact", ObjectID: cs[3], Kind: KindReason, Suggested: a, Chosen: a, Confidence: 0.4}, // replaces the one before
			{ObjectType: "contact", ObjectID: cs[0], Kind: KindServiceType, Suggested: "query", Chosen: "complaint", Confidence: 0.6},
			{ObjectType: "contact", ObjectID: cs[1], Kind: KindServiceType, Suggested: "", Chosen: "complaint"}, // nothing suggested: not counted
		} {
			if err := s.RecordFeedback(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RecordFeedback(ctx, Feedback{ObjectType: "ticket", ObjectID: 1 << 40, Kind: KindReason, Suggested: a, Chosen: a}); err != ErrNotFound {
			t.Fatalf("missing ticket: %v", err)
		}
		rep, err := s.Report(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		// reason: 4 suggestions, 3 accepted; service type: 1 suggestion, 0 accepted
		if rep.Suggestions != 5 || rep.Accepted != 3 || rep.ConfirmedShare != 0.6 {
			t.Fatalf("report: %+v", rep)
		}
		if k := rep.ByKind[KindReason]; k.Suggested != 4 || k.Accepted != 3 || k.ConfirmedShare != 0.75 {
			t.Fatalf("by kind: %+v", rep.ByKind)
		}
		if len(rep.ByReason) != 2 || rep.ByReason[0].ReasonID != ids[0] || rep.ByReason[0].Suggested != 3 || rep.ByReason[0].Accepted != 2 || rep.ByReason[0].Accuracy != 0.667 ||
			rep.ByReason[0].Path != paths[ids[0]] || rep.ByReason[1].Accuracy != 1 {
			t.Fatalf("by reason: %+v", rep.ByReason)
		}
		if rep.Model == nil || rep.Model.Version != 1 {
			t.Fatalf("report model: %+v", rep.Model)
		}
	})
}
