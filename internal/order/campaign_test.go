package order_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// dueCampaign makes a campaign with eight paid participants who joined at
// different prices, past its deadline, on a server on a fresh database of
// dialect d. It returns the database's DSN and each participant's order and
// expected refund.
func dueCampaign(t *testing.T, d sqldb.Dialect) (dsn string, campaignID int64, refunds map[int64]int64) {
	t.Helper()
	dsn = testutil.NewDSN(t, d)
	s := testutil.NewServerWith(t, app.Config{DB: dsn, Simulator: true})
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	seller := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Bu Siti", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner",
		"price": 25000, "stock": 100, "weight_grams": 250}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	var c struct{ ID int64 }
	if res := s.Do("POST", "/api/v1/campaigns", seller, map[string]any{"product_id": p.ID,
		"tiers":     []map[string]any{{"min_quantity": 1, "price": 24000}, {"min_quantity": 6, "price": 22000}, {"min_quantity": 12, "price": 20000}},
		"min_total": 4, "per_person_limit": 3, "stock": 40, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c); res.StatusCode != 201 {
		t.Fatalf("campaign: %d %s", res.StatusCode, res.Body)
	}
	refunds = map[int64]int64{}
	for i := range 8 { // 2 units each: totals 2, 4 (24,000), 6…10 (22,000), 12…16 (20,000)
		email := fmt.Sprintf("b%d@x.id", i)
		s.MustUser(email, platform.RoleBuyer, "")
		tok := s.MustToken(email)
		var j struct {
			OrderID   int64 `json:"order_id"`
			UnitPrice int64 `json:"unit_price"`
			Payment   struct{ ID int64 }
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", c.ID), tok, map[string]any{"quantity": 2, "payment_provider": "simulator"}, &j); res.StatusCode != 201 {
			t.Fatalf("join: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", j.Payment.ID), tok, nil, nil)
		refunds[j.OrderID] = (j.UnitPrice - 20000) * 2
	}
	if _, err := s.App.DB.Writer().Exec(context.Background(), `UPDATE campaigns SET deadline = ?`, time.Now().UTC().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	return dsn, c.ID, refunds
}

// checkSettledOnce checks that every participant got exactly its refund
// (one record, or none when it paid the final price) and the campaign is settled.
func checkSettledOnce(t *testing.T, db *sqldb.DB, campaignID int64, want map[int64]int64) {
	t.Helper()
	ctx := context.Background()
	for orderID, refund := range want {
		var n int
		var sum int64
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?`, orderID).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		wantN := 0
		if refund > 0 {
			wantN = 1
		}
		if n != wantN || sum != refund {
			t.Errorf("order %d: %d refunds of %d in all, want %d of %d", orderID, n, sum, wantN, refund)
		}
		var history int
		db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM order_history WHERE order_id = ? AND note LIKE 'beli bareng berhasil%'`, orderID).Scan(&history)
		if history != 1 {
			t.Errorf("order %d: %d settlement entries in its history, want 1", orderID, history)
		}
	}
	var status string
	var settled, stock int64
	db.Reader().QueryRow(ctx, `SELECT status, CASE WHEN settled_at IS NULL THEN 0 ELSE 1 END FROM campaigns WHERE id = ?`, campaignID).Scan(&status, &settled)
	db.Reader().QueryRow(ctx, `SELECT p.stock FROM products p JOIN campaigns c ON c.product_id = p.id WHERE c.id = ?`, campaignID).Scan(&stock)
	if status != "berhasil" || settled != 1 {
		t.Errorf("campaign %s, settled %d; want berhasil and settled", status, settled)
	}
	if stock != 100-16 { // 16 sold, the other 24 set aside returned once
		t.Errorf("product stock %d, want 84", stock)
	}
}

func TestSettlementResumesAfterACrashAndSettlesOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, probe *sqldb.DB) {
		dsn, id, want := dueCampaign(t, probe.Dialect)
		ctx := context.Background()

		// The first process settles one batch of three, then dies.
		first := testutil.NewServerWith(t, app.Config{DB: dsn, Simulator: true})
		crash := errors.New("killed")
		order.SetSettlementHooks(first.App.Orders, 3, func() error { return crash })
		if _, err := first.App.Orders.SettleDueCampaigns(ctx); !errors.Is(err, crash) {
			t.Fatalf("first settlement: %v, want it to stop after a batch", err)
		}
		var confirmed, pending int
		first.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM campaign_participants WHERE state = 'confirmed'`).Scan(&confirmed)
		first.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM campaign_participants WHERE state = 'to_confirm'`).Scan(&pending)
		if confirmed != 3 || pending != 5 {
			t.Fatalf("after the crash: %d confirmed, %d waiting; want 3 and 5", confirmed, pending)
		}

		// A restarted process finishes the rest, and sweeping again does nothing.
		second := testutil.NewServerWith(t, app.Config{DB: dsn, Simulator: true})
		for range 2 {
			if _, err := second.App.Orders.SettleDueCampaigns(ctx); err != nil {
				t.Fatal(err)
			}
		}
		checkSettledOnce(t, second.App.DB, id, want)
	})
}

func TestTwoProcessesRacingToSettleSettleOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, probe *sqldb.DB) {
		dsn, id, want := dueCampaign(t, probe.Dialect)
		var procs []*testutil.Server
		for range 3 {
			p := testutil.NewServerWith(t, app.Config{DB: dsn, Simulator: true})
			order.SetSettlementHooks(p.App.Orders, 2, nil) // small batches, so that the processes interleave
			procs = append(procs, p)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(procs)*3)
		for _, p := range procs {
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := p.App.Orders.SettleDueCampaigns(context.Background())
					errs <- err
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		checkSettledOnce(t, procs[0].App.DB, id, want)
	})
}
