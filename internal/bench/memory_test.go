package bench

import (
	"os"
	"runtime"
	"testing"
	"time"
)

func TestMemorySamplerReadsThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmRSS comes from /proc")
	}
	m, err := sampleMemory(os.Getpid(), time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	r := m.finish()
	if len(r.Samples) < 2 || r.First <= 0 || r.Max < r.First || r.Max < r.Last {
		t.Fatalf("samples %+v", r)
	}
	if _, err := sampleMemory(0x7ffffff0, time.Second); err == nil {
		t.Fatal("no error for a process that does not exist")
	}
}
