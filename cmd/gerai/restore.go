package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/replica"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// replicate starts streaming a's SQLite database to the configured replica
// (none: nothing to do) and returns what closes the app, then the stream:
// litestream must outlive the application's connections.
func replicate(ctx context.Context, a *app.App, log *slog.Logger) (closeApp func() error, err error) {
	if a.Config.Replicate == "" {
		return a.Close, nil
	}
	if a.DB.Dialect != sqldb.SQLite {
		return nil, errors.New("--replicate berlaku untuk SQLite; PostgreSQL diarsipkan dengan pgBackRest (docs/operations.md)")
	}
	stream, err := replica.Start(ctx, a.DB.Path, a.Config.Replicate, log)
	if err != nil {
		return nil, err
	}
	log.Info("replicating", "to", a.Config.Replicate, "max_lag", replica.MaxLag)
	return func() error {
		err := a.Close()
		// The last transactions are shipped before the process ends.
		shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return errors.Join(err, stream.Close(shutdown))
	}, nil
}

func restoreCmd(ctx context.Context, cfg app.Config, args []string, stdout io.Writer, log *slog.Logger) error {
	const use = "usage: gerai restore --from file:///FOLDER|BACKUP-FILE [--db sqlite:FILE] [--force]"
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	from := fs.String("from", "", "a replica (file:///folder, as given to --replicate) or a file written by gerai backup")
	force := fs.Bool("force", false, "replace an existing database (stop gerai serve first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() != 0 {
		return errors.New(use)
	}
	if strings.HasPrefix(cfg.DB, "postgres://") || strings.HasPrefix(cfg.DB, "postgresql://") {
		return errors.New("gerai restore memulihkan SQLite; PostgreSQL dipulihkan dengan pgbackrest restore (docs/operations.md)")
	}
	path := strings.TrimPrefix(cfg.DB, "sqlite:")
	start := time.Now()
	if err := replica.Restore(ctx, *from, path, *force, log); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "basis data dipulihkan dari %s ke %s dalam %s\n", *from, path, time.Since(start).Round(time.Millisecond))
	return nil
}
