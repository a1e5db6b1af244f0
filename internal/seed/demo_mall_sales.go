package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoMallTrade is the market day's trade at Pasar Kreatif Jawa Barat: each
// tenant checked in today sells a few times at its stall (its stall
// cashier's queue, synced as the tenant), then the operator invoices the
// day's daily fee and records most tenants' payments, in cash or by the
// invoice's QRIS; two invoices stay open.
//
// Only today trades: the demo's season starts this week and the mall
// service records a check-in only on the day it is made (its clock is the
// real one), so there are no earlier market days with tenants present to
// sell on or to invoice, and no invoice of the demo is past due yet.
//
// It is deterministic and safe to repeat: each tenant's sales come from a
// generator seeded by its UMKM's name, so a repeated load sends the same
// sale ids (stored once, counted as duplicates); the day's invoices are
// made once (a rerun returns them) and each payment has an idempotency key
// of its invoice, so it is recorded once.
func demoMallTrade(ctx context.Context, a *app.App, op context.Context, v mall.Venue, present []mall.Tenant, now time.Time) error {
	loc := v.Location()
	now = now.In(loc)
	today := now.Format(time.DateOnly)
	for _, tn := range present {
		if err := demoStallSales(ctx, a, v, tn, now); err != nil {
			return err
		}
	}
	invoices, err := a.Mall.Invoice(op, v.ID, today, today)
	if err != nil {
		return fmt.Errorf("demo invoices: %w", err)
	}
	// Two tenants have not paid yet: chosen by a seeded generator among the
	// day's invoices (in UMKM order), so the same two on every load.
	rng := rand.New(rand.NewPCG(2022, 11))
	unpaid := map[int]bool{}
	for len(invoices) > 2 && len(unpaid) < 2 {
		unpaid[rng.IntN(len(invoices))] = true
	}
	for i, inv := range invoices {
		if unpaid[i] || inv.Total <= 0 {
			continue
		}
		f := mall.PaymentFields{Amount: inv.Total, Method: mall.PayCash, Reference: fmt.Sprintf("Kuitansi %s", inv.Number)}
		if i%3 == 1 {
			f = mall.PaymentFields{Amount: inv.Total, Method: mall.PayQRIS, Reference: fmt.Sprintf("QRIS %012d", hashOf(inv.Number))}
		}
		if _, err := a.Mall.PayInvoice(op, v.ID, inv.ID, f, "demo-"+inv.Number); err != nil {
			return fmt.Errorf("demo payment of %s: %w", inv.Number, err)
		}
	}
	return nil
}

// demoStallSales syncs a tenant's sales of today at its stall: three to
// six sales of one to three of its products (each at its catalogue price,
// in whole rupiah; a dear piece is sold one at a time, on its own), paid in cash or by QRIS, made over the last ninety
// minutes of the day so far (never before midnight at the venue, never
// after now). A UMKM without products sells typed lines.
func demoStallSales(ctx context.Context, a *app.App, v mall.Venue, tn mall.Tenant, now time.Time) error {
	owner, err := ownerOf(ctx, a, tn.UMKMID)
	if err != nil {
		return err
	}
	rows, err := a.DB.Reader().Query(ctx, `SELECT id, name, price FROM products WHERE umkm_id = ? AND status = 'active' ORDER BY id`, tn.UMKMID)
	products, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (it expo.SaleItem, err error) {
		err = r.Scan(&it.ProductID, &it.Name, &it.Price)
		return it, err
	})
	if err != nil {
		return err
	}
	if len(products) == 0 {
		products = demoTypedLines
	}
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	from := now.Add(-90 * time.Minute)
	if from.Before(midnight) {
		from = midnight
	}
	window := now.Sub(from)
	rng := rand.New(rand.NewPCG(2022, uint64(hashOf(tn.UMKMName))))
	n := 3 + rng.IntN(4)
	var sales []expo.Sale
	for range n {
		at := from.Add(time.Duration(rng.Int64N(int64(window) + 1))).Truncate(time.Second)
		method := "cash"
		if rng.IntN(5) < 2 {
			method = "qris"
		}
		var items []expo.SaleItem
		for _, j := range rng.Perm(len(products))[:1+rng.IntN(min(3, len(products)))] {
			it := products[j]
			switch { // a few of a snack, one kain or one wayang
			case it.Price < 100_000:
				it.Quantity = int64(1 + rng.IntN(3))
			case it.Price < 300_000:
				it.Quantity = int64(1 + rng.IntN(2))
			default:
				it.Quantity = 1
			}
			items = append(items, it)
			if it.Price >= 500_000 {
				break // one dear piece is the sale
			}
		}
		sales = append(sales, expo.Sale{ID: demoUUID(rng), SoldAt: at, PaymentMethod: method, Items: items})
	}
	slices.SortFunc(sales, func(x, y expo.Sale) int { return x.SoldAt.Compare(y.SoldAt) })
	res, err := a.Mall.SyncSales(owner, v.ID, tn.Stall, sales)
	if err != nil {
		return fmt.Errorf("demo sales of %s at %s: %w", tn.UMKMName, tn.Stall, err)
	}
	if len(res.Rejected) > 0 {
		return fmt.Errorf("demo sales of %s at %s: sale %s rejected: %s", tn.UMKMName, tn.Stall, res.Rejected[0].ID, res.Rejected[0].Reason)
	}
	return nil
}

// demoTypedLines are what a stall without catalogue products sells, typed
// at the cashier.
var demoTypedLines = []expo.SaleItem{
	{Name: "Oleh-oleh khas Jawa Barat", Price: 25_000},
	{Name: "Bingkisan kecil", Price: 15_000},
	{Name: "Kantong anyaman", Price: 10_000},
}
