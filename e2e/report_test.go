package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestExpoReportPrintsOnOneA4Page prints the demo's Sumsel Expo 2022
// report as a browser would (A4) and counts the pages.
func TestExpoReportPrintsOnOneA4Page(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	if err := seed.Demo(context.Background(), s.App); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s.URL)
	b.open("/expo/1/laporan", 200)
	if got := b.text("main .summary"); !regexp.MustCompile(`transaksi Rp[0-9]+(,[0-9])? (juta|miliar)`).MatchString(got) {
		t.Errorf("closing summary %q lacks a Rp… miliar/juta figure", got)
	}
	pdf := run(b, "print to PDF", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes})
		return res.Data, err
	})
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
		t.Errorf("the report prints on %d A4 pages, want 1", n)
	}
}
