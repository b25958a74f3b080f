package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// A write transaction holds one connection and must never wait for a
// second: with as many transactions as the pool has connections each
// waiting for one more, none would ever finish. Many concurrent creates,
// replies and changes on a pool of two connections, starting with the
// caches cold (the taxonomy, the id blocks), all have to finish.
func TestWritesOnATinyPoolNeverWaitForASecondConnection(t *testing.T) {
	for _, engine := range dbtest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			o := dbtest.Options(t, engine)
			o.MaxConns = 2
			d, err := db.Open(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			e := newEnv(t, d)
			client := &http.Client{Timeout: 30 * time.Second} // a deadlock fails here, not at the test's timeout
			call := func(method, path string, body any) (int, map[string]any, error) {
				j, _ := json.Marshal(body)
				req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(j))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+e.tokens["agent"])
				res, err := client.Do(req)
				if err != nil {
					return 0, nil, err
				}
				defer res.Body.Close()
				var out map[string]any
				_ = json.NewDecoder(res.Body).Decode(&out)
				return res.StatusCode, out, nil
			}
			var wg sync.WaitGroup
			for w := range 12 {
				wg.Go(func() {
					for i := range 4 {
						st, tk, err := call("POST", "/api/v1/tickets", map[string]any{
							"subject": fmt.Sprintf("退款未到账 %d-%d", w, i), "service_type": "complaint",
							"customer": map[string]any{"name": fmt.Sprintf("客户%d-%d", w, i), "phones": []string{fmt.Sprintf("1390000%02d%02d", w, i)}}})
						if err != nil || st != 201 {
							t.Errorf("create: %d %v %v", st, err, tk)
							return
						}
						path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
						if st, body, err := call("POST", path+"/events", map[string]any{"kind": "reply", "body": "您好，已为您加急处理"}); err != nil || st != 201 {
							t.Errorf("reply: %d %v %v", st, err, body)
							return
						}
						if st, body, err := call("PATCH", path, map[string]any{"version": num(tk["version"]) + 1, "status": "pending_customer", "service_type": "query"}); err != nil || st != 200 {
							t.Errorf("change: %d %v %v", st, err, body)
							return
						}
					}
				})
			}
			wg.Wait()
			if n := e.count("tickets"); n != 48 {
				t.Fatalf("%d tickets, want 48", n)
			}
		})
	}
}
