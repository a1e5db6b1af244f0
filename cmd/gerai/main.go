// Command gerai runs the Gerai platform: the web UI and JSON API (serve), and
// the operator's tools (migrate, user, seed, import, backup, mall).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/importer"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
)

const usage = `gerai — platform UMKM lintas provinsi

Usage:
  gerai serve   [--addr 127.0.0.1:8080] [--db DSN] [--demo] [--smtp URL] [--public-url https://HOST] [--trust-proxy]
                [--replicate file:///FOLDER]
  gerai migrate [--db DSN]
  gerai user create --email E --role admin|agency|seller|buyer [--province CODE] [--name N] --password-stdin [--db DSN]
  gerai seed    --umkm N --products M [--order-lines L] [--seed S] [--db DSN]
  gerai import umkm [--as EMAIL] [--db DSN] FILE.csv|FILE.xlsx
  gerai import template > umkm.csv
  gerai mall allocate --venue V --from YYYY-MM-DD --to YYYY-MM-DD [--seed N] [--as EMAIL] [--json] [--db DSN]
  gerai backup  [--db DSN] FILE
  gerai restore --from file:///FOLDER|FILE [--db sqlite:FILE] [--force]

DSN: sqlite:FILE (default sqlite:gerai.db) or postgres://…; GERAI_DB, GERAI_ADDR, GERAI_PUBLIC_URL,
GERAI_TRUST_PROXY (and the other GERAI_* settings in README.md) set the same; a flag wins.
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, log); err != nil {
		fmt.Fprintln(os.Stderr, "gerai:", err)
		os.Exit(1)
	}
}

// errUsage asks for the usage text to be printed.
var errUsage = errors.New("perintah tidak dikenal; lihat 'gerai help'")

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := app.LoadConfig(os.Getenv)
	if err != nil {
		return fmt.Errorf("konfigurasi tidak sah: %w", err)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		cfg.Flags(fs, "addr", "db", "media", "demo", "smtp", "public-url", "trust-proxy", "replicate")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		return serve(ctx, cfg, log)
	case "migrate":
		fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
		cfg.Flags(fs, "db")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		a, err := app.Open(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer a.Close()
		fmt.Fprintln(stdout, "migrasi selesai:", a.DB.Dialect)
		return nil
	case "user":
		return userCmd(ctx, cfg, rest, stdin, stdout, log)
	case "seed":
		return seedCmd(ctx, cfg, rest, stdout, log)
	case "import":
		return importCmd(ctx, cfg, rest, stdout, log)
	case "backup":
		return backupCmd(ctx, cfg, rest, stdout)
	case "restore":
		return restoreCmd(ctx, cfg, rest, stdout, log)
	case "mall":
		return mallCmd(ctx, cfg, rest, stdout, log)
	}
	fmt.Fprint(stdout, usage)
	return errUsage
}

func serve(ctx context.Context, cfg app.Config, log *slog.Logger) error {
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	closeApp, err := replicate(ctx, a, log)
	if err != nil {
		a.Close()
		return err
	}
	defer closeApp()
	if cfg.Demo {
		start := time.Now()
		if err := seed.PrepareDemo(ctx, a); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		log.Info("demo data ready", "took", time.Since(start).Round(time.Millisecond))
	}
	return a.Serve(ctx)
}

func userCmd(ctx context.Context, cfg app.Config, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: gerai user create --email E --role ROLE [--province CODE] --password-stdin")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	email := fs.String("email", "", "email address")
	role := fs.String("role", "", "admin, agency, seller or buyer")
	province := fs.String("province", "", "province code (agency accounts)")
	name := fs.String("name", "", "display name (default: the part of the email before @)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !*fromStdin {
		return errors.New("--password-stdin is required, so that the password never appears in the process list or shell history")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	password := strings.TrimRight(line, "\r\n")
	if *name == "" {
		*name, _, _ = strings.Cut(*email, "@")
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Accounts.Create(ctx, account.NewUser{Email: *email, Password: password, Name: *name,
		Role: platform.Role(*role), ProvinceCode: *province})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "akun %d dibuat: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

// describe spells out a domain error with its field errors for a terminal.
func describe(err error) error {
	fields := platform.ErrorFields(err)
	if len(fields) == 0 {
		if platform.ErrorKind(err) == platform.KindInternal {
			return err
		}
		return errors.New(platform.ErrorMessage(err))
	}
	var b strings.Builder
	b.WriteString(platform.ErrorMessage(err))
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  --%s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}

func seedCmd(ctx context.Context, cfg app.Config, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	var opt seed.Options
	fs.IntVar(&opt.UMKM, "umkm", 1000, "number of UMKM")
	fs.IntVar(&opt.Products, "products", 10000, "number of products")
	fs.IntVar(&opt.OrderLines, "order-lines", 0, "number of order lines (orders of the listed products, over two years)")
	fs.Int64Var(&opt.Seed, "seed", 1, "random seed (same seed, same data)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	if err := seed.Synthetic(ctx, a.DB, opt, seed.TerminalProgress(os.Stderr)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed selesai: %d UMKM, %d produk, %d baris pesanan dalam %s\n", opt.UMKM, opt.Products, opt.OrderLines,
		time.Since(start).Round(time.Millisecond))
	return nil
}

func importCmd(ctx context.Context, cfg app.Config, args []string, stdout io.Writer, log *slog.Logger) error {
	if len(args) > 0 && args[0] == "template" {
		return importer.WriteTemplateCSV(stdout)
	}
	if len(args) == 0 || args[0] != "umkm" {
		return errors.New("usage: gerai import umkm [--as EMAIL] [--db DSN] FILE")
	}
	fs := flag.NewFlagSet("import umkm", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	as := fs.String("as", "", "email of the agency or admin account the import acts as (default: the first admin)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: gerai import umkm [--as EMAIL] [--db DSN] FILE")
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	actor, err := actingAccount(ctx, a, *as, "admin", "agency")
	if err != nil {
		return err
	}
	ctx = platform.WithActor(ctx, actor)
	progress := seed.TerminalProgress(os.Stderr)
	rep, err := importer.ImportUMKMFile(ctx, a.UMKM, fs.Arg(0), func(done, total int) { progress("impor", done, total) })
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "%d baris: %d UMKM baru, %d diperbarui, %d gagal\n", rep.Rows, rep.Created, rep.Updated, len(rep.Errors))
	for _, e := range rep.Errors {
		col := e.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(stdout, "baris %d, kolom %s: %s\n", e.Row, col, e.Message)
	}
	if rep.Failed() {
		return fmt.Errorf("%d baris gagal diimpor", len(rep.Errors))
	}
	return nil
}

// actingAccount finds the account a command acts as: the one with email,
// which must have one of roles (any role when none is given), or else the
// first admin. The services then decide what it may do.
func actingAccount(ctx context.Context, a *app.App, email string, roles ...string) (platform.Actor, error) {
	q := `SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`
	args := []any{}
	if email != "" {
		q = `SELECT id FROM users WHERE email = ?`
		args = append(args, strings.ToLower(email))
		if len(roles) > 0 {
			q += ` AND role IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(roles)), ", ") + `)`
			for _, r := range roles {
				args = append(args, r)
			}
		}
	}
	var id int64
	if err := a.DB.Reader().QueryRow(ctx, q, args...).Scan(&id); err != nil {
		if email != "" {
			if len(roles) > 0 {
				return platform.Actor{}, fmt.Errorf("akun %q tidak ditemukan atau perannya bukan %s", email, strings.Join(roles, "/"))
			}
			return platform.Actor{}, fmt.Errorf("akun %q tidak ditemukan", email)
		}
		return platform.Actor{}, errors.New("belum ada akun admin: buat dengan 'gerai user create --role admin …' atau pakai --as EMAIL")
	}
	u, err := a.Accounts.User(ctx, id)
	if err != nil {
		return platform.Actor{}, err
	}
	return u.Actor(), nil
}

func backupCmd(ctx context.Context, cfg app.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: gerai backup [--db DSN] FILE")
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "cadangan ditulis ke", fs.Arg(0))
	return nil
}
