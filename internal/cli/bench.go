package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/bench"
)

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: kefu bench load|baseline [flags]   (-h for each)")
		return errors.New("a subcommand is required")
	}
	switch args[0] {
	case "load":
		return benchLoad(ctx, args[1:], stdout, stderr)
	case "baseline":
		return benchBaseline(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown subcommand %q (load, baseline)", args[0])
}

// planFlags defines the driver's flags shared by both subcommands.
func planFlags(fs *flag.FlagSet, defDuration time.Duration) *bench.Plan {
	p := &bench.Plan{}
	fs.IntVar(&p.Workers, "workers", 16, "closed loop: concurrent workers, each sending its next request when the last one answered")
	fs.Float64Var(&p.Rate, "rate", 0, "open loop: operations started per second, whatever the latency (overrides --workers)")
	fs.IntVar(&p.MaxInFlight, "max-inflight", 1024, "open loop: most operations in flight at once")
	fs.DurationVar(&p.Duration, "duration", defDuration, "how long to run (0 with --requests: until that many)")
	fs.Int64Var(&p.Requests, "requests", 0, "stop after this many operations (0: no limit)")
	return p
}

func benchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	plan := planFlags(fs, 30*time.Second)
	target := fs.String("url", "http://127.0.0.1:8080", "kefu server to load")
	token := fs.String("token", os.Getenv("KEFU_BENCH_TOKEN"), "API token (KEFU_BENCH_TOKEN)")
	allowRemote := fs.Bool("allow-remote", false, "allow a target that is not a loopback address")
	mix := fs.String("mix", bench.DefaultMix, "weighted scenarios: create (one request), create2 (customer, then ticket), inbox, view, reply, status, search")
	scenario := fs.String("scenario", "", "run one scenario alone (overrides --mix)")
	pages := fs.Int("seed-pages", 10, "pages of 200 tickets fetched at start to work on")
	timeout := fs.Duration("timeout", 30*time.Second, "per-request timeout")
	asJSON := fs.Bool("json", false, "print JSON")
	samplePID := fs.Int("sample-memory", 0, "server process id: sample its resident memory (VmRSS) during the run")
	sampleEvery := fs.Duration("sample-every", 10*time.Second, "with --sample-memory: how often")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m := *mix
	if *scenario != "" {
		m = *scenario
	}
	weights, err := bench.ParseMix(m)
	if err != nil {
		return err
	}
	rep, err := bench.Load(ctx, bench.LoadOptions{URL: *target, Token: *token, AllowRemote: *allowRemote, Plan: *plan,
		Mix: weights, SeedPages: *pages, Timeout: *timeout, SamplePID: *samplePID, SampleEvery: *sampleEvery})
	if err != nil {
		return err
	}
	if *asJSON {
		return bench.WriteJSON(stdout, rep)
	}
	rep.WriteText(stdout)
	return nil
}

func benchBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	plan := planFlags(fs, 10*time.Second)
	skipDB := fs.Bool("skip-db", false, "skip the database insert baseline")
	skipHTTP := fs.Bool("skip-http", false, "skip the trivial handler baseline")
	asJSON := fs.Bool("json", false, "print JSON")
	c, err := loadConfig(fs, args)
	if err != nil {
		return err
	}
	if *skipDB && *skipHTTP {
		return bench.ErrNothing
	}
	var out bench.Baseline
	if !*skipDB {
		d, err := app.OpenDB(ctx, c)
		if err != nil {
			return err
		}
		rep, err := bench.InsertBaseline(ctx, d, *plan)
		d.Close()
		if err != nil {
			return err
		}
		out.Insert = &rep
	}
	if !*skipHTTP {
		rep, err := bench.HandlerBaseline(ctx, *plan)
		if err != nil {
			return err
		}
		out.Handler = &rep
	}
	if *asJSON {
		return bench.WriteJSON(stdout, out)
	}
	for _, r := range []*bench.Report{out.Insert, out.Handler} {
		if r != nil {
			r.WriteText(stdout)
			fmt.Fprintln(stdout)
		}
	}
	return nil
}
