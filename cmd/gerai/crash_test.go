package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Issue 3, "nothing lost": a gerai serve process killed with SIGKILL in the
// middle of a checkout load and started again has every order whose
// checkout returned 201, has not sold more or less than its stock, and
// answers a retried checkout (same Idempotency-Key, same body) with the
// checkout the first attempt made, if it made one, never with a second.
func TestCrashDuringCheckoutLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real gerai process")
	}
	bin := filepath.Join(t.TempDir(), "gerai")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) { crashCheckout(t, bin, testutil.NewDSN(t, sqldb.SQLite)) })
	t.Run("postgres", func(t *testing.T) {
		if !testutil.PostgresConfigured() {
			t.Skip(testutil.PostgresEnv + " is not set: PostgreSQL case not run")
		}
		crashCheckout(t, bin, testutil.NewDSN(t, sqldb.Postgres))
	})
}

const (
	crashStock    = 300
	crashBuyers   = 20
	crashWorkers  = 40
	crashPassword = "rahasia-crash"
)

// outcome of one checkout attempt.
const (
	gotCreated     = "201"
	gotNoStock     = "409"
	gotInterrupted = "interrupted" // transport error: the process died under it
	gotOther       = "other"       // any other status: a bug
)

// attempt is one checkout sent during the load: its key, who sent it, what
// it asked for and what came back.
type attempt struct {
	key      string
	buyer    int
	quantity int64
	outcome  string
	status   int
	body     string
	started  time.Time
	ended    time.Time
	checkout crashCheckoutResp
}

type crashCheckoutResp struct {
	CheckoutID string `json:"checkout_id"`
	Orders     []struct {
		ID    int64 `json:"id"`
		Items []struct {
			ProductID int64 `json:"product_id"`
			Quantity  int64 `json:"quantity"`
		} `json:"items"`
	} `json:"orders"`
}

func (r crashCheckoutResp) orderIDs() []int64 {
	var ids []int64
	for _, o := range r.Orders {
		ids = append(ids, o.ID)
	}
	return ids
}

// geraiProc is a running gerai serve.
type geraiProc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func crashCheckout(t *testing.T, bin, dsn string) {
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	logFile, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logFile.Name()); err == nil {
				t.Logf("gerai serve log:\n%s", tail(string(b), 4000))
			}
		}
	})

	// The admin who verifies the seller's UMKM, made with the operator's command.
	mk := exec.Command(bin, "user", "create", "--db", dsn, "--email", "admin@crash.id", "--role", "admin", "--password-stdin")
	mk.Stdin = strings.NewReader(crashPassword + "\n")
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	base := "http://" + addr
	start := func() *geraiProc {
		t.Helper()
		cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", addr, "--media", media)
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

	// The shop: a seller's verified UMKM with one product, and the buyers.
	c := &crashClient{t: t, base: base, http: &http.Client{Timeout: 20 * time.Second}}
	adminTok := c.login("admin@crash.id")
	c.must("POST", "/api/v1/accounts", "", map[string]any{"email": "siti@crash.id", "password": crashPassword, "name": "Siti", "role": "seller"}, nil, 201)
	sellerTok := c.login("siti@crash.id")
	var u struct{ ID int64 }
	c.must("POST", "/api/v1/umkm", sellerTok, map[string]any{"name": "Kemplang Bu Siti", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner", "whatsapp": "081234567890"}, &u, 201)
	var p struct{ ID int64 }
	c.must("POST", "/api/v1/products", sellerTok, map[string]any{"umkm_id": u.ID, "name": "Kemplang Panggang 250 g", "category": "kuliner",
		"price": 25_000, "stock": crashStock, "weight_grams": 250}, &p, 201)
	c.must("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), sellerTok, nil, nil, 200)
	c.must("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), adminTok, nil, nil, 200)
	tokens := make([]string, crashBuyers)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range tokens {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			email := fmt.Sprintf("pembeli%d@crash.id", i)
			c.must("POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": crashPassword, "name": "Pembeli", "role": "buyer"}, nil, 201)
			tokens[i] = c.login(email)
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// The load: workers checking out 1 to 3 pieces, each with a key of its own.
	load := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashWorkers}}
	var (
		mu       sync.Mutex
		attempts []*attempt
		stop     atomic.Bool
	)
	// The kill comes 150 to 300 ms into the load, or as soon as the 201
	// answers account for a random part of the stock if that is sooner: on
	// SQLite the whole stock sells in well under 150 ms, and a kill after
	// the sale would only interrupt refusals.
	var soldPieces atomic.Int64
	target := 60 + rand.Int64N(crashStock-120)
	midSale := make(chan struct{})
	var midSaleOnce sync.Once
	loadStart := time.Now()
	for w := range crashWorkers {
		wg.Go(func() {
			for n := 0; !stop.Load(); n++ {
				a := &attempt{key: fmt.Sprintf("crash-%d-%d", w, n), buyer: w % crashBuyers, quantity: 1 + rand.Int64N(3), started: time.Now()}
				mu.Lock()
				attempts = append(attempts, a)
				mu.Unlock()
				status, body, err := sendCheckout(load, base, tokens[a.buyer], a.key, checkoutPayload(p.ID, a.quantity))
				switch {
				case err != nil:
					a.outcome = gotInterrupted
				case status == 201:
					a.outcome = gotCreated
					if soldPieces.Add(a.quantity) >= target {
						midSaleOnce.Do(func() { close(midSale) })
					}
					if err := json.Unmarshal(body, &a.checkout); err != nil {
						t.Errorf("checkout %s: 201 with a body that does not parse: %v", a.key, err)
					}
				case status == 409:
					a.outcome = gotNoStock
				default:
					a.outcome = gotOther
				}
				a.status, a.body, a.ended = status, string(body), time.Now()
				if err != nil {
					return // the process is gone: this worker's last request
				}
			}
		})
	}
	trigger := "timer"
	select {
	case <-time.After(150*time.Millisecond + rand.N(150*time.Millisecond)):
	case <-midSale:
		trigger = fmt.Sprintf("%d of %d pieces answered 201", target, crashStock)
	}
	killing := time.Now()
	srv.kill()
	killedAt := time.Since(loadStart)
	stop.Store(true)
	wg.Wait()
	load.CloseIdleConnections()

	count := map[string]int{}
	var sold201, inFlight int
	var first201, last201 time.Duration
	for _, a := range attempts {
		count[a.outcome]++
		if a.outcome == gotCreated {
			sold201 += int(a.quantity)
			d := a.ended.Sub(loadStart)
			if first201 == 0 || d < first201 {
				first201 = d
			}
			last201 = max(last201, d)
		}
		if a.outcome == gotInterrupted && a.started.Before(killing) {
			inFlight++
		}
		if a.outcome == gotOther {
			t.Errorf("checkout %s during the load: %d %s", a.key, a.status, tail(a.body, 300))
		}
	}
	t.Logf("killed after %v (%s): %d checkouts sent: %d × 201 (%d pieces, from %v to %v), %d × 409, %d interrupted (%d in flight at the kill, %d sent after it), %d other",
		killedAt.Round(time.Millisecond), trigger, len(attempts), count[gotCreated], sold201, first201.Round(time.Millisecond), last201.Round(time.Millisecond),
		count[gotNoStock], count[gotInterrupted], inFlight, count[gotInterrupted]-inFlight, count[gotOther])
	if inFlight == 0 {
		t.Logf("no request was in flight at the kill: the retry part checks nothing this run")
	}

	// Started again on the same database.
	start()
	c.http = &http.Client{Timeout: 30 * time.Second}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", sqldb.RedactDSN(dsn), err)
	}
	defer db.Close()
	buyerID := make([]int64, crashBuyers)
	for i := range buyerID {
		if err := db.Reader().QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, fmt.Sprintf("pembeli%d@crash.id", i)).Scan(&buyerID[i]); err != nil {
			t.Fatal(err)
		}
	}
	stored := func(a *attempt) (checkoutID string, ok bool) {
		err := db.Reader().QueryRow(ctx, `SELECT response FROM idempotency_keys WHERE user_id = ? AND key = ?`, buyerID[a.buyer], a.key).Scan(&checkoutID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("read key %s: %v", a.key, err)
		}
		return checkoutID, err == nil
	}
	ordersOf := func(checkoutID string) []int64 {
		ids, err := sqldb.Int64s(ctx, db.Reader(), `SELECT id FROM orders WHERE checkout_id = ? ORDER BY id`, checkoutID)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	countOrders := func() int {
		var n int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Every checkout that answered 201 is still there, as the buyer asked it.
	for _, a := range attempts {
		switch a.outcome {
		case gotCreated:
			if len(a.checkout.Orders) != 1 {
				t.Errorf("checkout %s: %d orders in its 201, want 1", a.key, len(a.checkout.Orders))
			}
			for _, id := range a.checkout.orderIDs() {
				var got struct {
					Status string
					Items  []struct {
						ProductID int64 `json:"product_id"`
						Quantity  int64
					}
				}
				r := c.do("GET", fmt.Sprintf("/api/v1/orders/%d", id), tokens[a.buyer], nil, &got)
				if r != 200 {
					t.Errorf("checkout %s answered 201 with order %d; after the restart GET says %d", a.key, id, r)
					continue
				}
				if len(got.Items) != 1 || got.Items[0].ProductID != p.ID || got.Items[0].Quantity != a.quantity {
					t.Errorf("order %d (key %s) after the restart: items %+v, want %d × product %d", id, a.key, got.Items, a.quantity, p.ID)
				}
			}
			if id, ok := stored(a); !ok || id != a.checkout.CheckoutID {
				t.Errorf("checkout %s answered 201 (%s); its idempotency key now names %q (stored %v)", a.key, a.checkout.CheckoutID, id, ok)
			}
		case gotNoStock:
			if id, ok := stored(a); ok {
				t.Errorf("checkout %s was refused with 409 but its key is stored, naming %s (orders %v)", a.key, id, ordersOf(id))
			}
		}
	}

	// Every interrupted checkout, retried with its key and its body: the
	// checkout its first attempt committed, or a new one if it committed
	// nothing, or 409 when the stock is gone. Never a second checkout.
	var replayed, createdOnRetry, refusedOnRetry int
	for _, a := range attempts {
		if a.outcome != gotInterrupted && a.outcome != gotOther {
			continue
		}
		before, committed := stored(a)
		var want []int64
		if committed {
			want = ordersOf(before)
		}
		n0 := countOrders()
		status, body, err := sendCheckout(c.http, base, tokens[a.buyer], a.key, checkoutPayload(p.ID, a.quantity))
		if err != nil {
			t.Errorf("retry of %s: %v", a.key, err)
			continue
		}
		var res crashCheckoutResp
		json.Unmarshal(body, &res)
		n1 := countOrders()
		switch {
		case committed:
			replayed++
			if status != 201 || res.CheckoutID != before || fmt.Sprint(res.orderIDs()) != fmt.Sprint(want) {
				t.Errorf("retry of %s, whose first attempt committed checkout %s (orders %v): %d, checkout %q, orders %v; want 201 with the same",
					a.key, before, want, status, res.CheckoutID, res.orderIDs())
			}
			if n1 != n0 {
				t.Errorf("retry of %s replayed a committed checkout but the orders went from %d to %d", a.key, n0, n1)
			}
		case status == 201:
			createdOnRetry++
			if len(res.Orders) != 1 || n1 != n0+1 {
				t.Errorf("retry of %s made a new checkout with %d orders; orders went from %d to %d", a.key, len(res.Orders), n0, n1)
			}
			if id, ok := stored(a); !ok || id != res.CheckoutID {
				t.Errorf("retry of %s answered checkout %s; its key names %q (stored %v)", a.key, res.CheckoutID, id, ok)
			}
			a.checkout = res
		case status == 409:
			refusedOnRetry++
			if n1 != n0 {
				t.Errorf("retry of %s refused with 409 but the orders went from %d to %d", a.key, n0, n1)
			}
		default:
			t.Errorf("retry of %s: %d %s, want 201 or 409", a.key, status, tail(string(body), 300))
		}
		if status == 201 {
			a.outcome = gotCreated
		} else if status == 409 {
			a.outcome = gotNoStock
		}
		// The same retry again changes nothing.
		if status == 201 {
			again, body, err := sendCheckout(c.http, base, tokens[a.buyer], a.key, checkoutPayload(p.ID, a.quantity))
			var res2 crashCheckoutResp
			json.Unmarshal(body, &res2)
			if err != nil || again != 201 || res2.CheckoutID != res.CheckoutID || countOrders() != n1 {
				t.Errorf("second retry of %s: %d %v, checkout %q vs %q", a.key, again, err, res2.CheckoutID, res.CheckoutID)
			}
		}
	}
	t.Logf("retries of %d interrupted checkouts: %d had committed and replayed, %d committed on retry, %d refused for stock",
		count[gotInterrupted]+count[gotOther], replayed, createdOnRetry, refusedOnRetry)

	// One checkout per key, one order per checkout, and the keys stored are
	// exactly the checkouts that answered 201.
	q := func(query string) int {
		var n int
		if err := db.Reader().QueryRow(ctx, query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	orders, checkouts, keys := q(`SELECT COUNT(*) FROM orders`), q(`SELECT COUNT(DISTINCT checkout_id) FROM orders`), q(`SELECT COUNT(*) FROM idempotency_keys`)
	if orphans := q(`SELECT COUNT(*) FROM orders WHERE checkout_id NOT IN (SELECT response FROM idempotency_keys)`); orphans != 0 {
		t.Errorf("%d orders belong to no idempotency key (a checkout made twice?)", orphans)
	}
	if empty := q(`SELECT COUNT(*) FROM idempotency_keys WHERE response NOT IN (SELECT checkout_id FROM orders)`); empty != 0 {
		t.Errorf("%d idempotency keys name a checkout without orders", empty)
	}
	if dup := q(`SELECT COUNT(*) FROM (SELECT response FROM idempotency_keys GROUP BY response HAVING COUNT(*) > 1) d`); dup != 0 {
		t.Errorf("%d checkouts are named by more than one key", dup)
	}
	created, sold := 0, int64(0)
	for _, a := range attempts {
		if a.outcome == gotCreated {
			created++
			sold += a.quantity
		}
	}
	if orders != checkouts || checkouts != keys || keys != created {
		t.Errorf("%d orders in %d checkouts under %d keys; %d checkouts answered 201 (during the load or on retry)", orders, checkouts, keys, created)
	}

	// Stock plus what is sold is what there was.
	stock := int64(q(fmt.Sprintf(`SELECT stock FROM products WHERE id = %d`, p.ID)))
	soldDB := int64(q(fmt.Sprintf(`SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
		WHERE i.product_id = %d AND o.status <> 'dibatalkan'`, p.ID)))
	if stock+soldDB != crashStock || soldDB != sold || stock < 0 {
		t.Errorf("stock %d + sold %d = %d, want %d; the 201 answers account for %d pieces", stock, soldDB, stock+soldDB, crashStock, sold)
	}
	t.Logf("after the restart: %d orders, stock %d, sold %d", orders, stock, soldDB)
}

func checkoutPayload(productID, quantity int64) []byte {
	b, _ := json.Marshal(map[string]any{
		"items":            []map[string]any{{"product_id": productID, "quantity": quantity}},
		"delivery":         map[string]any{"method": "pickup"},
		"address":          map[string]any{"name": "Pembeli", "phone": "081234567890", "regency_code": "32.73"},
		"payment_provider": "transfer"})
	return b
}

func sendCheckout(c *http.Client, base, token, key string, payload []byte) (int, []byte, error) {
	req, err := http.NewRequest("POST", base+"/api/v1/checkout", bytes.NewReader(payload))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		// The status line came, the body did not: still interrupted.
		return 0, nil, err
	}
	return res.StatusCode, body, nil
}

// kill ends the process with SIGKILL and reaps it.
func (p *geraiProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Kill()
	<-p.done
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func waitHealthy(t *testing.T, base string, p *geraiProc) {
	t.Helper()
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("gerai serve exited before it was healthy: %v", p.cmd.ProcessState)
		default:
		}
		if res, err := c.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("gerai serve did not answer /healthz within 20 s")
}

type crashClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func (c *crashClient) do(method, path, token string, body, out any) int {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return 0
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Errorf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

func (c *crashClient) must(method, path, token string, body, out any, want int) {
	if got := c.do(method, path, token, body, out); got != want {
		c.t.Errorf("%s %s: %d, want %d", method, path, got, want)
	}
}

func (c *crashClient) login(email string) string {
	var s struct{ Token string }
	c.must("POST", "/api/v1/sessions", "", map[string]any{"email": email, "password": crashPassword}, &s, 201)
	return s.Token
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
