package contact_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/identity"
)

// BenchmarkCreate measures what reading the emotion adds to logging a
// contact (summary + five customer turns), on SQLite:
//
//	go test ./internal/contact -run XXX -bench Create -cpu 1
func BenchmarkCreate(b *testing.B) {
	if _, err := emotion.Default(); err != nil { // built before timing
		b.Fatal(err)
	}
	in := contact.Input{
		Channel: "phone", ServiceType: "complaint",
		Summary: "客户反映上周申请的退款到现在还没到账，已经打了三次电话，情绪比较激动，要求今天给答复，否则向12315投诉。",
	}
	for i, s := range []string{"您好，我的退款到底什么时候到？", "我已经等了一个星期了。", "你们每次都说在处理。", "今天必须给我个说法！", "不然我就去投诉。"} {
		in.Transcript = append(in.Transcript, contact.Turn{Speaker: "customer", OffsetMS: int64(i * 5000), Text: s}, contact.Turn{Speaker: "agent", OffsetMS: int64(i*5000 + 2000), Text: "好的，我帮您查一下。"})
	}
	for _, scored := range []bool{false, true} {
		b.Run(fmt.Sprintf("emotion=%v", scored), func(b *testing.B) {
			d, err := db.Open(context.Background(), dbtest.Options(b, db.SQLite))
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			u, err := identity.New(d, time.Hour).CreateUser(context.Background(), identity.NewUser{Email: "a@example.com", Name: "坐席", Password: "password-1", Role: "agent"}, identity.Actor{Name: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			svc := contact.New(d)
			if scored {
				svc.SetScorer(emotion.Lazy{})
			}
			ctx := context.Background()
			for b.Loop() {
				if _, err := svc.Create(ctx, in, u.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
