package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
)

const mallUsage = "usage: gerai mall allocate --venue V --from YYYY-MM-DD --to YYYY-MM-DD [--seed N] [--as EMAIL] [--json] [--db DSN]"

// mallCmd runs the mall's operator tools: allocate, the same allocation
// as POST /api/v1/venues/{id}/allocations, acting as an account (the
// first admin by default) that the service then authorises.
func mallCmd(ctx context.Context, cfg app.Config, args []string, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "allocate" {
		return errors.New(mallUsage)
	}
	fs := flag.NewFlagSet("mall allocate", flag.ContinueOnError)
	cfg.Flags(fs, "db")
	venue := fs.Int64("venue", 0, "the venue's id")
	from := fs.String("from", "", "first day of the season (YYYY-MM-DD)")
	to := fs.String("to", "", "last day of the season (YYYY-MM-DD)")
	seed := fs.Int64("seed", 0, "breaks ties between applicants the rules cannot tell apart")
	as := fs.String("as", "", "email of the account the allocation acts as: the venue's staff, its agency or an admin (default: the first admin)")
	asJSON := fs.Bool("json", false, "print the whole result as JSON (the API's answer)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *venue <= 0 || *from == "" || *to == "" {
		return errors.New(mallUsage)
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	actor, err := actingAccount(ctx, a, *as)
	if err != nil {
		return err
	}
	res, err := a.Mall.Allocate(platform.WithActor(ctx, actor), *venue, *from, *to, *seed)
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	started := 0
	for _, t := range res.Turns {
		if t.Started {
			started++
		}
	}
	fmt.Fprintf(stdout, "alokasi %d: %s s.d. %s, buku aturan versi %d, seed %d\n", res.RunID, res.From, res.To, res.RulebookVersion, res.Seed)
	fmt.Fprintf(stdout, "giliran: %d (%d sudah berjalan atau diberikan manual); %d dari %d lapak-giliran belum terisi\n",
		len(res.Turns), started, res.UnfilledStallTurns, res.StallTurns)
	fmt.Fprintf(stdout, "keadilan: selisih giliran terbesar %d dalam %d kelompok\n", res.Fairness.MaxGap, res.Fairness.Groups)
	for _, u := range res.Unassigned {
		fmt.Fprintf(stdout, "tanpa giliran: pendaftaran %d (UMKM %d): %s\n", u.ApplicationID, u.UMKMID, u.Reason)
	}
	for _, r := range res.Relaxed {
		fmt.Fprintf(stdout, "aturan dilonggarkan: %s untuk %s: %d dari %d (%v)\n", r.Rule, r.Subject, r.Got, r.Want, r.Because)
	}
	return nil
}
