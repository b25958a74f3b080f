package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/kefuhq/kefu/internal/db"
)

// InsertBaseline measures single-row insert transactions per second on d —
// opened with kefu's own db.Open, so the same pragmas, the same single writer
// connection on SQLite and the same pool on PostgreSQL — with plan.Workers
// concurrent clients, into a scratch table created for the run and dropped
// afterwards. Each insert is its own transaction (no group commit): the
// baseline is what one durable transaction costs. (Before the PostgreSQL
// transactions were pipelined, it was BEGIN, INSERT, COMMIT: three round
// trips; now it is one.)
func InsertBaseline(ctx context.Context, d *db.DB, plan Plan) (Report, error) {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	table := "bench_scratch_" + hex.EncodeToString(b)
	ddl := "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at BIGINT NOT NULL)"
	if d.Dialect == db.Postgres {
		ddl = "CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at BIGINT NOT NULL)"
	}
	if _, err := d.Reader().Exec(ctx, ddl); err != nil {
		return Report{}, fmt.Errorf("bench: create scratch table: %w", err)
	}
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = d.Reader().Exec(c, "DROP TABLE "+table)
	}()
	rec := NewRecorder()
	payload := "工单回复：您好，已为您查询，包裹预计明天送达，请留意电话。"
	ins := "INSERT INTO " + table + " (payload, created_at) VALUES ($1, $2)"
	elapsed := plan.Run(ctx, func(ctx context.Context, _ int, due time.Time) {
		err := d.SoloWriteTx(ctx, func(tx *db.Tx) error {
			// Queued, so that on PostgreSQL the transaction is the insert
			// alone, one round trip: the cheapest durable write there is.
			tx.Defer(ins, payload, db.Now())
			return nil
		})
		if err != nil {
			rec.Fail("insert", err)
			return
		}
		rec.OK("insert", time.Since(due))
	})
	return rec.Summarise(fmt.Sprintf("single-row insert transactions (%s)", d.Dialect), plan.Mode(), elapsed), nil
}

// TrivialServer starts a JSON handler that does nothing on 127.0.0.1:0 and
// returns its URL and a stop function.
func TrivialServer() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	type answer struct {
		Status string    `json:"status"`
		Time   time.Time `json:"time"`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(answer{Status: "ok", Time: time.Now().UTC()})
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

// HandlerBaseline measures a trivial JSON handler's requests per second over
// loopback, with the same client and driver as the load generator. The
// handler runs in this process, so it shares the CPUs with the client, as a
// kefu server on the same machine does.
func HandlerBaseline(ctx context.Context, plan Plan) (Report, error) {
	base, stop, err := TrivialServer()
	if err != nil {
		return Report{}, err
	}
	defer stop()
	conns := plan.workers()
	if plan.Rate > 0 {
		conns = plan.maxInFlight()
	}
	c := &Client{Base: base, HC: NewHTTPClient(conns, 10*time.Second)}
	defer c.HC.CloseIdleConnections()
	rec := NewRecorder()
	elapsed := plan.Run(ctx, func(ctx context.Context, _ int, due time.Time) {
		var out map[string]any
		st, _, err := c.Do(ctx, "GET", "/", nil, &out)
		rec.Record("trivial", time.Since(due), st, err)
	})
	return rec.Summarise("trivial JSON handler "+base, plan.Mode(), elapsed), nil
}

// Baseline is the machine's ceilings.
type Baseline struct {
	Insert  *Report `json:"insert,omitempty"`
	Handler *Report `json:"handler,omitempty"`
}

// ErrNothing is returned when both parts are skipped.
var ErrNothing = errors.New("bench: nothing to measure")
