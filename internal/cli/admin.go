package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/demo"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/search"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

var cliActor = identity.Actor{Name: "kefu cli", IP: "local"}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: kefu user create --email E --name N --password P --role admin [--level L1] [--team NAME]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email (login)")
	name := fs.String("name", "", "display name")
	password := fs.String("password", "", "password (at least 8 characters)")
	role := fs.String("role", "agent", "role: admin, supervisor, agent, qa, department, readonly")
	level := fs.String("level", "L1", "agent level: L1, L2, L3, lead, manager")
	team := fs.String("team", "", "team or department name")
	asJSON := fs.Bool("json", false, "print JSON")
	d, c, err := openDB(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer d.Close()
	ids := identity.New(d, c.SessionTTL)
	in := identity.NewUser{Email: *email, Name: *name, Password: *password, Role: *role, Level: *level}
	if *team != "" {
		id, err := ids.TeamByName(ctx, *team)
		if err != nil {
			return fmt.Errorf("team %q not found", *team)
		}
		in.TeamID = &id
	}
	u, err := ids.CreateUser(ctx, in, cliActor)
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		return printJSON(stdout, u)
	}
	fmt.Fprintf(stdout, "created user %d %s (%s, %s)\n", u.ID, u.Email, u.Role, u.Level)
	return nil
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: kefu token create --email E --name NAME [--json]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "the user the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. cti")
	asJSON := fs.Bool("json", false, "print JSON")
	d, c, err := openDB(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer d.Close()
	ids := identity.New(d, c.SessionTTL)
	u, err := ids.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("user %q not found", *email)
	}
	t, err := ids.CreateToken(ctx, u.ID, *name, cliActor)
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		return printJSON(stdout, map[string]any{"token": t.Token, "id": t.ID, "name": t.Name})
	}
	fmt.Fprintf(stdout, "token for %s (%s): %s\nkeep it secret; it is shown only once\n", u.Email, t.Name, t.Token)
	return nil
}

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	customers := fs.Int("customers", 200, "customers to add")
	tickets := fs.Int("tickets", 1000, "tickets to add")
	contacts := fs.Int("contacts", 0, "contacts to add (default: twice the tickets)")
	seed := fs.Int64("seed", 1, "random seed")
	botConversations := fs.Int("bot-conversations", 300, "self-service bot conversations to play on the demo knowledge base (0: none)")
	password := fs.String("password", "", "password of the demo users (default: random, printed)")
	asJSON := fs.Bool("json", false, "print JSON")
	d, _, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer d.Close()
	pw := *password
	if pw == "" {
		pw = randomPassword()
	}
	start := time.Now()
	res, err := demo.Load(ctx, d, demo.Options{Customers: *customers, Tickets: *tickets, Contacts: *contacts, Seed: *seed, Now: time.Now(), Password: pw, BotConversations: *botConversations,
		Progress: func(stage string, done, total int) {
			if !*asJSON && total >= 100000 && done%100000 == 0 {
				fmt.Fprintf(stderr, "  %s %d/%d\n", stage, done, total)
			}
		}}, identity.HashPassword)
	if err != nil {
		return err
	}
	indexed, err := search.IndexMissing(ctx, d, func(done int) {
		if !*asJSON && done%100000 == 0 {
			fmt.Fprintf(stderr, "  search index %d\n", done)
		}
	})
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	if *asJSON {
		return printJSON(stdout, map[string]any{"result": res, "seconds": secs, "password": pw, "indexed": indexed})
	}
	fmt.Fprintf(stdout, "demo data loaded and indexed in %.1fs: %d customers, %d contacts, %d tickets, %d events\n", secs, res.Customers, res.Contacts, res.Tickets, res.Events)
	if res.Users > 0 {
		fmt.Fprintf(stdout, "demo users (password %s): admin %s and the agents listed in the console\n", pw, res.AdminEmail)
	}
	return nil
}

// seedDemo loads demo data on an empty database and prints the admin login.
// The login is kept in the data directory (readable by its owner only) so
// that the next `make run` prints it again.
func seedDemo(ctx context.Context, d *db.DB, dataDir string, stdout io.Writer) error {
	loginFile := filepath.Join(dataDir, "demo-login.txt")
	var users int
	if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		return err
	}
	if users > 0 {
		if b, err := os.ReadFile(loginFile); err == nil {
			fmt.Fprint(stdout, string(b))
		} else {
			fmt.Fprintln(stdout, "database already has users; demo data not loaded (sign in with your account)")
		}
		return nil
	}
	pw := randomPassword()
	res, err := demo.Load(ctx, d, demo.Options{Customers: 300, Tickets: 1500, Seed: 1, Now: time.Now(), Password: pw, BotConversations: 300}, identity.HashPassword)
	if err != nil {
		return err
	}
	if _, err := search.IndexMissing(ctx, d, nil); err != nil {
		return err
	}
	// Start SLA clocks on the demo's open tickets, so the console shows them.
	tax := taxonomy.New(d)
	tickets := ticket.New(d, tax, nil)
	slas := sla.New(d, nil, nil)
	tickets.AddHook(slas)
	if _, err := slas.Backfill(ctx, tickets); err != nil {
		return err
	}
	msg := fmt.Sprintf("\n  kefu demo is ready.\n  Admin login:  %s\n  Password:     %s\n  (every demo user has this password, e.g. the agent wangfang@kefu.local)\n\n", res.AdminEmail, pw)
	fmt.Fprint(stdout, msg)
	if err := os.MkdirAll(dataDir, 0o750); err == nil {
		_ = os.WriteFile(loginFile, []byte(msg), 0o600)
	}
	return nil
}

func randomPassword() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return "kefu-" + base64.RawURLEncoding.EncodeToString(b)
}
