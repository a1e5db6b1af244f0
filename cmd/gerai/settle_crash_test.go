package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Issue 4: a gerai serve process killed (SIGKILL) in the middle of settling
// a beli-bareng campaign, and started again, finishes the settlement with
// every participant settled exactly once: one refund of the right amount
// where one is due, one settlement entry in each order's history, and the
// stock not sold returned to the product once.
func TestCrashDuringSettlementSettlesOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real gerai process")
	}
	bin := filepath.Join(t.TempDir(), "gerai")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) { crashSettlement(t, bin, testutil.NewDSN(t, sqldb.SQLite)) })
	t.Run("postgres", func(t *testing.T) {
		if !testutil.PostgresConfigured() {
			t.Skip(testutil.PostgresEnv + " is not set: PostgreSQL case not run")
		}
		crashSettlement(t, bin, testutil.NewDSN(t, sqldb.Postgres))
	})
}

const settleParticipants = 2000

// dueCampaignInProcess builds, through the services, a campaign whose
// participants joined at three prices and paid, and moves its deadline into
// the past. It returns the campaign and each order's expected refund.
func dueCampaignInProcess(t *testing.T, dsn string) (campaignID, productID int64, want map[int64]int64) {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: dsn, MediaDir: t.TempDir(), Simulator: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	agency, err := a.Accounts.Create(ctx, account.NewUser{Email: "dinas@x.id", Password: crashPassword, Name: "Dinas", Role: platform.RoleAgency, ProvinceCode: "16"})
	if err != nil {
		t.Fatal(err)
	}
	seller, err := a.Accounts.Create(ctx, account.NewUser{Email: "siti@x.id", Password: crashPassword, Name: "Siti", Role: platform.RoleSeller})
	if err != nil {
		t.Fatal(err)
	}
	h := testutil.NewServerWith(t, app.Config{DB: dsn, Simulator: true})
	var u, p, camp struct{ ID int64 }
	sellerTok := loginDirect(t, a, seller)
	h.Do("POST", "/api/v1/umkm", sellerTok, map[string]any{"name": "Pempek Bareng", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	h.Do("POST", "/api/v1/products", sellerTok, map[string]any{"umkm_id": u.ID, "name": "Pempek", "category": "kuliner",
		"price": 25000, "stock": 20000, "weight_grams": 250}, &p)
	h.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), sellerTok, nil, nil)
	h.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), loginDirect(t, a, agency), nil, nil)
	if res := h.Do("POST", "/api/v1/campaigns", sellerTok, map[string]any{"product_id": p.ID,
		"tiers":     []map[string]any{{"min_quantity": 1, "price": 25000}, {"min_quantity": 1000, "price": 23000}, {"min_quantity": 3000, "price": 21000}},
		"min_total": 100, "per_person_limit": 2, "stock": 10000, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &camp); res.StatusCode != 201 {
		t.Fatalf("campaign: %d %s", res.StatusCode, res.Body)
	}
	hash, _ := account.HashPassword(crashPassword)
	want = map[int64]int64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range settleParticipants {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var id int64
			if err := a.DB.Writer().QueryRow(ctx, `INSERT INTO users (email, password_hash, name, role, created_at) VALUES (?, ?, ?, 'buyer', ?) RETURNING id`,
				fmt.Sprintf("b%d@x.id", i), hash, fmt.Sprintf("Pembeli %d", i), time.Now().UTC()).Scan(&id); err != nil {
				t.Error(err)
				return
			}
			bctx := platform.WithActor(ctx, platform.Actor{UserID: id, Name: "Pembeli", Role: platform.RoleBuyer})
			part, err := a.Orders.JoinCampaign(bctx, camp.ID, order.JoinRequest{Quantity: 2, PaymentProvider: "simulator"})
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := a.Payments.SimulatePaid(bctx, part.Payments[0].ID); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			want[part.OrderID] = (part.UnitPrice - 21000) * 2
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if _, err := a.DB.Writer().Exec(ctx, `UPDATE campaigns SET deadline = ?`, time.Now().UTC().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	return camp.ID, p.ID, want
}

func loginDirect(t *testing.T, a *app.App, u account.User) string {
	t.Helper()
	tok, _, err := a.Accounts.CreateSession(context.Background(), u.ID, "api")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func crashSettlement(t *testing.T, bin, dsn string) {
	campaignID, productID, want := dueCampaignInProcess(t, dsn)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string, args ...any) int64 {
		var n int64
		if err := db.Reader().QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	dir := t.TempDir()
	logFile, _ := os.Create(filepath.Join(dir, "serve.log"))
	defer logFile.Close()
	addr := freeAddr(t)
	start := func() *geraiProc {
		cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", addr, "--media", filepath.Join(dir, "media"))
		cmd.Env = append(os.Environ(), "GERAI_SWEEP_INTERVAL=100ms")
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		p := &geraiProc{cmd: cmd, done: make(chan struct{})}
		go func() { cmd.Wait(); close(p.done) }()
		t.Cleanup(p.kill)
		return p
	}

	// The first process starts settling at once (its sweep runs on start);
	// it is killed as soon as some participants are settled.
	first := start()
	deadline := time.Now().Add(60 * time.Second)
	var settled int64
	for time.Now().Before(deadline) {
		if settled = count(`SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ? AND state = 'confirmed'`, campaignID); settled > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	first.kill()
	settled = count(`SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ? AND state = 'confirmed'`, campaignID)
	if settled == 0 || settled == settleParticipants {
		t.Fatalf("killed with %d of %d participants settled: not in the middle of the settlement", settled, settleParticipants)
	}
	t.Logf("killed after %d of %d participants were settled", settled, settleParticipants)

	// Restarted, it finishes.
	second := start()
	for time.Now().Before(deadline) && count(`SELECT COUNT(*) FROM campaigns WHERE id = ? AND settled_at IS NOT NULL`, campaignID) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	second.kill()
	if n := count(`SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ? AND state = 'confirmed'`, campaignID); n != settleParticipants {
		t.Fatalf("%d of %d participants confirmed after the restart", n, settleParticipants)
	}
	var due, paidBack int64
	for orderID, refund := range want {
		n := count(`SELECT COUNT(*) FROM refunds WHERE order_id = ?`, orderID)
		sum := count(`SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?`, orderID)
		notes := count(`SELECT COUNT(*) FROM order_history WHERE order_id = ? AND note LIKE 'beli bareng berhasil%'`, orderID)
		if (refund > 0 && n != 1) || (refund == 0 && n != 0) || sum != refund || notes != 1 {
			t.Errorf("order %d: %d refunds of %d and %d settlement notes; want one refund of %d and one note", orderID, n, sum, notes, refund)
		}
		due += refund
		paidBack += sum
	}
	// 4,000 of 10,000 set aside were sold; the other 6,000 went back once.
	if stock := count(`SELECT stock FROM products WHERE id = ?`, productID); stock != 20000-2*settleParticipants {
		t.Errorf("product stock %d, want %d", stock, 20000-2*settleParticipants)
	}
	t.Logf("refunds: %d rupiah due, %d recorded", due, paidBack)
}
