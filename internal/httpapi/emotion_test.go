package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/identity"
)

// readyEmotion builds the emotion model before a test relies on its answers
// (until it is ready, saves read text with the lexicon alone).
func readyEmotion(t *testing.T) {
	t.Helper()
	if _, err := emotion.Default(); err != nil {
		t.Fatal(err)
	}
}

func TestEmotionOnContactsAndTickets(t *testing.T) {
	readyEmotion(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		lead, err := e.app.Identity.CreateUser(context.Background(), identity.NewUser{Email: "lead@example.com", Name: "王班长", Password: "password-lead", Role: "supervisor", Level: "lead", TeamID: ptr(e.teams["一线客服"])}, identity.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "李强", "phones": []string{"13900001111"}}))

		// A phone contact: the summary and each customer turn are read; the
		// contact keeps the strongest recent emotion and the abuse flag.
		c := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{
			"customer_id": cust["id"], "channel": "phone", "service_type": "complaint",
			"summary": "客户反映退款一个月未到账，情绪激动，要求今天解决。",
			"transcript": []map[string]any{
				{"speaker": "agent", "offset_ms": 0, "text": "您好，请问有什么可以帮您？"},
				{"speaker": "customer", "offset_ms": 3000, "text": "我的退款到底什么时候到？"},
				{"speaker": "customer", "offset_ms": 9000, "text": "你是不是傻逼？我说了八遍了你还听不懂！"},
				{"speaker": "agent", "offset_ms": 15000, "text": "先生，请您文明用语。"},
			},
		}))
		if c["emotion"] != "angry" || c["abusive"] != true || !strings.Contains(fmt.Sprint(c["summary_masked"]), "客户") {
			t.Fatalf("contact emotion: %v abusive %v masked %q", c["emotion"], c["abusive"], c["summary_masked"])
		}
		turns := c["transcript"].([]any)
		if _, ok := turns[0].(map[string]any)["emotion"]; ok {
			t.Errorf("agent turns are not scored: %v", turns[0])
		}
		abusive := turns[2].(map[string]any)
		if abusive["abusive"] != true || abusive["masked"] != "你＊＊＊＊＊？我说了八遍了你还听不懂！" {
			t.Errorf("abusive turn: %v", abusive)
		}
		if e.count("contacts") != 1 {
			t.Fatal("one contact")
		}
		// readings are the server's: a client cannot mark a turn calm
		c2 := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"channel": "chat", "service_type": "complaint",
			"transcript": []map[string]any{{"speaker": "customer", "offset_ms": 0, "text": "滚，废物客服", "emotion": "calm", "abusive": false, "masked": "ok"}}}))
		if tr := c2["transcript"].([]any)[0].(map[string]any); tr["abusive"] != true || tr["masked"] == "ok" || c2["abusive"] != true {
			t.Fatalf("client-sent reading kept: %v", c2)
		}

		// A ticket from that contact takes its emotion as the suggestion.
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "退款未到账", "description": "退款申请了一个月了。", "contact_id": c["id"], "service_type": "complaint"}))
		if tk["emotion_suggested"] != "angry" || tk["abusive"] != true || tk["emotion"] != "" {
			t.Fatalf("ticket suggestion: %v %v %v", tk["emotion_suggested"], tk["abusive"], tk["emotion"])
		}
		id := num(tk["id"])
		path := fmt.Sprintf("/api/v1/tickets/%d", id)

		// The care view: an L1 agent is offered a lead and the care actions.
		em := e.must(200, e.do("agent", "GET", path+"/emotion", nil))
		adv := em["advice"].(map[string]any)
		if em["effective"] != "angry" || adv["care"] != true || adv["hand_to_lead"] != true || len(adv["actions"].([]any)) != 3 {
			t.Fatalf("ticket emotion: %v", em)
		}
		leads := em["leads"].([]any)
		if len(leads) != 1 || num(leads[0].(map[string]any)["id"]) != lead.ID {
			t.Fatalf("leads: %v", leads)
		}
		if num(em["queue_weight"]) != int64(emotion.QueueWeight("angry")) {
			t.Errorf("queue weight %v", em["queue_weight"])
		}

		// The agent confirms another emotion: versioned, in the timeline.
		bad := e.do("agent", "PATCH", path, map[string]any{"version": 1, "emotion": "furious"}, "Accept-Language", "en")
		if bad.Status != 422 || !strings.Contains(string(bad.Raw), "body.emotion") {
			t.Fatalf("bad emotion: %d %s", bad.Status, bad.Raw)
		}
		up := e.must(200, e.do("agent", "PATCH", path, map[string]any{"version": 1, "emotion": "upset"}))
		if up["emotion"] != "upset" || num(up["version"]) != 2 {
			t.Fatalf("confirmed: %v", up)
		}
		stale := e.do("supervisor", "PATCH", path, map[string]any{"version": 1, "emotion": "calm"})
		if stale.Status != 409 || stale.Body["current"].(map[string]any)["emotion"] != "upset" {
			t.Fatalf("stale confirmation: %d %s", stale.Status, stale.Raw)
		}
		evs := e.must(200, e.do("agent", "GET", path+"/events", nil))["items"].([]any)
		found := false
		for _, ev := range evs {
			data := ev.(map[string]any)["data"].(map[string]any)
			if data["field"] == "emotion" && data["to"] == "upset" {
				found = true
			}
		}
		if !found {
			t.Fatalf("no emotion field event in %v", evs)
		}
	})
}

func TestEmotionQueueOrder(t *testing.T) {
	readyEmotion(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		team := e.teams["一线客服"]
		mk := func(subject, desc, priority string) int64 {
			return num(e.must(201, e.do("supervisor", "POST", "/api/v1/tickets", map[string]any{
				"subject": subject, "description": desc, "service_type": "complaint", "priority": priority, "team_id": team}))["id"])
		}
		calm := mk("咨询", "您好，想问一下营业时间，谢谢。", "normal")
		angry := mk("投诉", "你们就是骗子！再不退钱我就去12315投诉，找媒体曝光！", "normal")
		urgent := mk("紧急", "您好，请帮我查一下订单。", "urgent")
		anxious := mk("着急", "我的卡被盗刷了，我好着急，怎么办？", "normal")
		// newest first would be anxious, urgent, angry, calm; the queue order
		// puts priority first, then emotion
		want := []int64{urgent, angry, anxious, calm}
		var got []int64
		cursor := ""
		for {
			q := fmt.Sprintf("/api/v1/tickets?view=team&sort=-priority&limit=2&cursor=%s", cursor)
			page := e.must(200, e.do("supervisor", "GET", q, nil))
			for _, it := range page["items"].([]any) {
				got = append(got, num(it.(map[string]any)["id"]))
			}
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("queue order %v, want %v (urgent, angry, anxious, calm)", got, want)
		}
		// An agent's confirmation moves the ticket: the angry one confirmed calm
		tk := e.must(200, e.do("supervisor", "GET", fmt.Sprintf("/api/v1/tickets/%d", angry), nil))
		e.must(200, e.do("supervisor", "PATCH", fmt.Sprintf("/api/v1/tickets/%d", angry), map[string]any{"version": tk["version"], "emotion": "calm"}))
		page := e.must(200, e.do("supervisor", "GET", "/api/v1/tickets?view=team&sort=-priority", nil))
		var after []int64
		for _, it := range page["items"].([]any) {
			after = append(after, num(it.(map[string]any)["id"]))
		}
		if after[1] != anxious {
			t.Fatalf("after confirming calm: %v", after)
		}
	})
}

func TestEmotionLinkContactRaisesSuggestion(t *testing.T) {
	readyEmotion(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "查询订单", "description": "您好，请帮我查一下订单状态，谢谢。", "service_type": "query"}))
		if tk["emotion_suggested"] != "calm" || tk["abusive"] != false {
			t.Fatalf("calm ticket: %v", tk)
		}
		c := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"channel": "phone", "service_type": "complaint",
			"summary": "客户第三次来电，非常愤怒，扬言要去消协投诉并找记者曝光。"}))
		if c["emotion"] != "angry" {
			t.Fatalf("contact: %v", c["emotion"])
		}
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		linked := e.must(200, e.do("agent", "POST", path+"/contacts", map[string]any{"contact_id": c["id"]}))
		if linked["emotion_suggested"] != "angry" || num(linked["version"]) != 1 {
			t.Fatalf("after linking an angry contact: %v (version %v)", linked["emotion_suggested"], linked["version"])
		}
	})
}

func TestEmotionScoreAndSuggest(t *testing.T) {
	readyEmotion(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.must(200, e.do("agent", "POST", "/api/v1/emotion/score", map[string]any{"text": "What the hell, you idiots lost my parcel AGAIN!!"}))
		if r["emotion"] != "angry" || r["abusive"] != true || r["advice"].(map[string]any)["care"] != true {
			t.Fatalf("score: %v", r)
		}
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"empty", map[string]any{"text": "   "}, 422, "body.text"},
			{"too long", map[string]any{"text": strings.Repeat("退", 20001)}, 422, "body.text"},
			{"not UTF-8", "{\"text\":\"\xff\xfe\"}", 422, "body"},
			{"not JSON", "text=hello", 400, ""},
		}
		for _, c := range cases {
			res := e.do("agent", "POST", "/api/v1/emotion/score", c.body)
			if res.Status != c.status || !strings.Contains(string(res.Raw), c.field) {
				t.Errorf("%s: %d %s", c.name, res.Status, res.Raw)
			}
		}
		if res := e.do("qa", "POST", "/api/v1/emotion/score", map[string]any{"text": "你好"}); res.Status != 403 {
			t.Errorf("qa may not score: %d", res.Status)
		}
		// The live suggestion carries the emotion of the same text.
		s := e.must(200, e.do("agent", "POST", "/api/v1/suggest", map[string]any{"text": "我的卡被盗刷了，急死了，怎么办？"}))
		em, ok := s["emotion"].(map[string]any)
		if !ok || em["emotion"] != "anxious" {
			t.Fatalf("suggest emotion: %v", s["emotion"])
		}
		if s := e.must(200, e.do("agent", "POST", "/api/v1/suggest", map[string]any{"text": ""})); s["emotion"] != nil {
			t.Fatalf("no emotion for an empty text: %v", s["emotion"])
		}
	})
}

func TestEmotionCareReport(t *testing.T) {
	readyEmotion(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, s := range []string{"你是不是傻逼？", "你们就是骗子！我要去12315投诉！", "您好，请问几点开门？"} {
			e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"channel": "phone", "service_type": "complaint", "summary": s}))
		}
		e.must(201, e.do("supervisor", "POST", "/api/v1/contacts", map[string]any{"channel": "phone", "service_type": "query", "summary": "您好，谢谢"}))
		// a contact from before schema 6 (no reading) does not count
		err := d.WriteTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.Exec(context.Background(), `INSERT INTO contacts (channel, direction, started_at, agent_id, service_type, created_at) VALUES ('phone', 'inbound', $1, $2, 'query', $1)`, time.Now().UnixMilli(), e.users["agent"].ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		to := time.Now().Add(time.Minute).UTC().Format(time.RFC3339) // "now" may be the very millisecond of the last save
		rows := e.must(200, e.do("supervisor", "GET", "/api/v1/reports/emotion?to="+to, nil))["items"].([]any)
		if len(rows) != 2 {
			t.Fatalf("report rows: %v", rows)
		}
		top := rows[0].(map[string]any)
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
		if num(top["agent_id"]) != e.users["agent"].ID || num(top["contacts"]) != 3 || num(top["angry"]) != 2 || num(top["abusive"]) != 1 || top["day"] != today {
			t.Fatalf("agent's day: %v (today %s)", top, today)
		}
		if res := e.do("supervisor", "GET", "/api/v1/reports/emotion?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", nil); res.Status != 422 || !strings.Contains(string(res.Raw), "query.to") {
			t.Errorf("inverted range: %d %s", res.Status, res.Raw)
		}
		if res := e.do("agent", "GET", "/api/v1/reports/emotion", nil); res.Status != 403 {
			t.Errorf("agents may not read the care report: %d", res.Status)
		}
	})
}

func ptr[T any](v T) *T { return &v }
