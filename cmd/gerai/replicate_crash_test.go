package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/replica"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Issue 14 §4: gerai serve --replicate killed with SIGKILL in the middle of a
// checkout load, its whole data folder deleted (a lost disk), then gerai
// restore from the replica: every order whose 201 came more than
// replica.MaxLag before the kill is back, and the restored database replicates
// on, so a second loss after a clean stop loses nothing.
func TestReplicaSurvivesLostDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real gerai process")
	}
	bin := filepath.Join(t.TempDir(), "gerai")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := t.TempDir()
	dataDir, replicaDir := filepath.Join(root, "disk"), filepath.Join(root, "replika")
	dsn := "sqlite:" + filepath.Join(dataDir, "gerai.db")
	target := "file://" + replicaDir
	logFile, err := os.Create(filepath.Join(root, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logFile.Name()); err == nil {
				t.Logf("gerai serve log:\n%s", tail(string(b), 6000))
			}
		}
	})
	geraiCmd := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("gerai %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		t.Fatal(err)
	}
	geraiCmd(crashPassword+"\n", "user", "create", "--db", dsn, "--email", "admin@replika.id", "--role", "admin", "--password-stdin")

	addr := freeAddr(t)
	base := "http://" + addr
	start := func() *geraiProc {
		t.Helper()
		cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", addr, "--media", filepath.Join(dataDir, "media"), "--replicate", target)
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatalf("start gerai serve: %v", err)
		}
		p := &geraiProc{cmd: cmd, done: make(chan struct{})}
		go func() { cmd.Wait(); close(p.done) }()
		t.Cleanup(func() { p.kill() })
		waitHealthy(t, base, p)
		return p
	}
	srv := start()

	// A verified shop with stock enough never to refuse, and its buyers.
	const stock, buyers, workers = 1_000_000, 4, 4
	c := &crashClient{t: t, base: base, http: &http.Client{Timeout: 20 * time.Second}}
	adminTok := c.login("admin@replika.id")
	c.must("POST", "/api/v1/accounts", "", map[string]any{"email": "siti@replika.id", "password": crashPassword, "name": "Siti", "role": "seller"}, nil, 201)
	sellerTok := c.login("siti@replika.id")
	var u, p struct{ ID int64 }
	c.must("POST", "/api/v1/umkm", sellerTok, map[string]any{"name": "Kemplang Bu Siti", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner", "whatsapp": "081234567890"}, &u, 201)
	c.must("POST", "/api/v1/products", sellerTok, map[string]any{"umkm_id": u.ID, "name": "Kemplang Panggang 250 g", "category": "kuliner",
		"price": 25_000, "stock": stock, "weight_grams": 250}, &p, 201)
	c.must("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), sellerTok, nil, nil, 200)
	c.must("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), adminTok, nil, nil, 200)
	tokens := make([]string, buyers)
	for i := range tokens {
		email := fmt.Sprintf("pembeli%d@replika.id", i)
		c.must("POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": crashPassword, "name": "Pembeli", "role": "buyer"}, nil, 201)
		tokens[i] = c.login(email)
	}
	if t.Failed() {
		t.FailNow()
	}

	// The load: each worker checks out one to three pieces at a time and
	// notes when each 201 arrived, until the process is killed 3 to 5 s in.
	type acked struct {
		orderID, quantity int64
		buyer             int
		at                time.Time
	}
	var (
		mu   sync.Mutex
		acks []acked
		stop atomic.Bool
		wg   sync.WaitGroup
	)
	load := &http.Client{Timeout: 20 * time.Second}
	for w := range workers {
		wg.Go(func() {
			for n := 0; !stop.Load(); n++ {
				q := 1 + rand.Int64N(3)
				status, body, err := sendCheckout(load, base, tokens[w%buyers], fmt.Sprintf("replika-%d-%d", w, n), checkoutPayload(p.ID, q))
				if err != nil {
					return // the process is gone
				}
				if status != 201 {
					t.Errorf("checkout during the load: %d %s", status, tail(string(body), 300))
					return
				}
				var res crashCheckoutResp
				if err := json.Unmarshal(body, &res); err != nil || len(res.Orders) != 1 {
					t.Errorf("checkout 201 body %s: %v", tail(string(body), 300), err)
					return
				}
				mu.Lock()
				acks = append(acks, acked{orderID: res.Orders[0].ID, quantity: q, buyer: w % buyers, at: time.Now()})
				mu.Unlock()
			}
		})
	}
	time.Sleep(3*time.Second + rand.N(2*time.Second))
	killedAt := time.Now()
	srv.kill()
	stop.Store(true)
	wg.Wait()

	// The disk is lost: the database, its log and litestream's staging.
	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}
	out := geraiCmd("", "restore", "--from", target, "--db", dsn)
	t.Logf("%s", strings.TrimSpace(out))
	// A second restore would overwrite: refused.
	if out, err := exec.Command(bin, "restore", "--from", target, "--db", dsn).CombinedOutput(); err == nil || !strings.Contains(string(out), "--force") {
		t.Errorf("restore over the restored database: %v %s, want a refusal naming --force", err, out)
	}

	srv = start()
	c.http = &http.Client{Timeout: 30 * time.Second}
	var due, lateFound, late int
	behind := time.Duration(0) // the oldest acknowledged order not back: how far the replica was behind
	for _, a := range acks {
		var got struct {
			Items []struct {
				ProductID int64 `json:"product_id"`
				Quantity  int64
			}
		}
		status := c.do("GET", fmt.Sprintf("/api/v1/orders/%d", a.orderID), tokens[a.buyer], nil, &got)
		if status != 200 {
			behind = max(behind, killedAt.Sub(a.at))
		}
		if killedAt.Sub(a.at) <= replica.MaxLag {
			late++
			if status == 200 {
				lateFound++
			}
			continue
		}
		due++
		if status != 200 {
			t.Errorf("order %d answered 201 %v before the kill; after the restore GET says %d", a.orderID, killedAt.Sub(a.at).Round(time.Millisecond), status)
		} else if len(got.Items) != 1 || got.Items[0].Quantity != a.quantity {
			t.Errorf("order %d after the restore: items %+v, want %d pieces", a.orderID, got.Items, a.quantity)
		}
	}
	t.Logf("%d orders acknowledged; %d more than %v before the kill (all must be back); %d of the last %v's %d are back too; the replica was %v behind",
		len(acks), due, replica.MaxLag, lateFound, replica.MaxLag, late, behind.Round(time.Millisecond))
	if due == 0 {
		t.Fatalf("no order was acknowledged more than %v before the kill: the test checked nothing", replica.MaxLag)
	}

	// The restored database replicates on: an order after the restart, a
	// clean stop (which ships the rest), the disk lost again, and the order is
	// in what comes back.
	status, body, err := sendCheckout(c.http, base, tokens[0], "replika-setelah", checkoutPayload(p.ID, 1))
	if err != nil || status != 201 {
		t.Fatalf("checkout after the restore: %d %v %s", status, err, tail(string(body), 300))
	}
	var last crashCheckoutResp
	json.Unmarshal(body, &last)
	srv.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-srv.done:
	case <-time.After(60 * time.Second):
		t.Fatal("gerai serve did not stop within 60 s of SIGTERM")
	}
	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}
	geraiCmd("", "restore", "--from", target, "--db", dsn)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM orders WHERE id = ?`, last.Orders[0].ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("order %d made after the first restore and before a clean stop: %d rows after the second restore (%v)", last.Orders[0].ID, n, err)
	}
	var orders int
	db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&orders)
	if orders < due+1 {
		t.Errorf("%d orders after the second restore, want at least %d", orders, due+1)
	}
}
