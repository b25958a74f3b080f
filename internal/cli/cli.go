// Package cli implements kefu's subcommands. Each parses its own flags (std
// flag), prints human text by default and JSON with --json where it answers
// with data.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
)

type command struct {
	help string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"serve":    {"run the server (UI + API)", serve},
	"migrate":  {"apply database migrations and exit", migrate},
	"demo":     {"load realistic demo data", demoCmd},
	"user":     {"manage users: user create", userCmd},
	"token":    {"manage API tokens: token create", tokenCmd},
	"version":  {"print the version", version},
	"calendar": {"work-calendar maths: calendar days|add|between", calendarCmd},
	"nlp":      {"text classification: nlp eval|train|predict", nlpCmd},
	"emotion":  {"customer emotion and abuse: emotion eval|score", emotionCmd},
	"bench":    {"measure: bench load (drive a running server) | bench baseline (machine ceilings)", benchCmd},
}

// Main runs a subcommand and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "kefu: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "kefu %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "kefu — customer-service operations platform\n\nUsage: kefu <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].help)
	}
	fmt.Fprintln(w, "\nEnvironment:")
	for _, v := range config.Variables {
		fmt.Fprintf(w, "  %-22s %s (default %q)\n", v.Name, v.Help, v.Default)
	}
}

// loadConfig defines the shared database flags on fs, parses args and
// returns the configuration.
func loadConfig(fs *flag.FlagSet, args []string) (config.Config, error) {
	return config.Load(fs, args)
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(c.LogLevel)))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// subcommand is one verb of a command (kefu nlp eval, kefu emotion score).
type subcommand struct {
	name string
	run  func(args []string, stdout, stderr io.Writer) error
}

// runSubcommand runs the subcommand args[0] names, printing usage for help
// or when none is given.
func runSubcommand(args []string, stdout, stderr io.Writer, usage string, subs ...subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, usage)
		if len(args) == 0 {
			return errors.New("missing subcommand: " + want)
		}
		return flag.ErrHelp
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(args[1:], stdout, stderr)
		}
	}
	return fmt.Errorf("unknown subcommand %q (want %s)", args[0], want)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func version(_ context.Context, _ []string, stdout, _ io.Writer) error {
	fmt.Fprintln(stdout, "kefu", app.Version)
	return nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	c, err := loadConfig(fs, args)
	if err != nil {
		return err
	}
	d, err := app.OpenDB(ctx, c)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.AppliedVersions(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s migrated: %d migrations applied\n", d.Dialect, len(applied))
	return nil
}

func openDB(ctx context.Context, fs *flag.FlagSet, args []string) (*db.DB, config.Config, error) {
	c, err := loadConfig(fs, args)
	if err != nil {
		return nil, c, err
	}
	d, err := app.OpenDB(ctx, c)
	return d, c, err
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "on an empty database, load demo data and print the admin login")
	start := time.Now()
	d, c, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer d.Close()
	log := newLogger(c, stderr)
	if *withDemo {
		if err := seedDemo(ctx, d, c.DataDir, stdout); err != nil {
			return err
		}
	}
	a := app.New(c, d, log)
	return a.Serve(ctx, func(addr string) {
		log.Info("kefu ready", "addr", "http://"+addr, "database", string(d.Dialect), "startup", time.Since(start).Round(time.Millisecond).String())
	})
}
