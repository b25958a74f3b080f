// Command segmem prints what loading the Chinese segmenter costs: resident
// memory (VmRSS from /proc/self/status, after a GC) and heap in use, before
// and after loading, and the load time. With -gse it loads gse's embedded
// zh_s dictionary instead (the segmenter textseg replaced), for comparison.
//
//	go run ./internal/textseg/internal/segmem [-gse]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-ego/gse"

	"github.com/kefuhq/kefu/internal/textseg"
)

func vmRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func settle() (rss string, heapMB float64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return vmRSS(), float64(ms.HeapInuse) / (1 << 20)
}

func main() {
	useGse := flag.Bool("gse", false, "load gse's zh_s dictionary instead of textseg's")
	flag.Parse()
	rss0, heap0 := settle()
	start := time.Now()
	var cut func(string) []string
	if *useGse {
		var g gse.Segmenter
		g.SkipLog = true
		if err := g.LoadDictEmbed("zh_s"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cut = func(s string) []string { return g.Cut(s, true) }
	} else {
		if err := textseg.Preload(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cut = textseg.Words
	}
	load := time.Since(start)
	rss1, heap1 := settle()
	name := "textseg"
	if *useGse {
		name = "gse zh_s"
	}
	fmt.Printf("%s: load %.2fs; VmRSS %s → %s; heap in use %.1f → %.1f MB; %q\n",
		name, load.Seconds(), rss0, rss1, heap0, heap1, cut("我的账户被风控限制了无法提现"))
	runtime.KeepAlive(cut)
}
