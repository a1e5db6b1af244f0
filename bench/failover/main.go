// Command failover is issue 14's failover test's client: while a flash sale
// (one product, limited stock, many buyers) and a stream of ordinary
// checkouts run through the load balancer, it runs -kill (the primary's
// postmaster is killed -9), measures how long writes fail, and afterwards
// checks on the new primary that every order it was answered 201 for
// exists, none twice, and the flash sale's stock adds up.
//
// Every checkout carries its own Idempotency-Key and is sent again with the
// same key after a network error, a timeout or a 5xx, until it gets a
// definite answer: that is what makes a retry after a lost commit safe.
//
//	go run ./bench/failover -url http://127.0.0.1:18080 -db "$(deploy/ha/cluster.sh dsn)" -kill "deploy/ha/cluster.sh kill-primary"
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/gerai-id/gerai/bench/internal/harness"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:18080", "Gerai behind the load balancer")
	dsn := flag.String("db", "", "the cluster's read-write DSN, for the checks after the run")
	kill := flag.String("kill", "", "shell command that kills the primary")
	admin := flag.String("admin", "admin@bench.id", "admin email")
	adminPass := flag.String("admin-password", "rahasia-admin", "admin password")
	flashStock := flag.Int64("flash-stock", 1500, "stock of the flash sale's product")
	flashBuyers := flag.Int("flash-buyers", 24, "concurrent flash-sale buyers")
	steadyBuyers := flag.Int("steady-buyers", 6, "concurrent buyers of ordinary products")
	killAfter := flag.Duration("kill-after", 8*time.Second, "when to kill the primary")
	flashAt := flag.Duration("flash-at", 6*time.Second, "when the flash sale opens")
	duration := flag.Duration("duration", 40*time.Second, "how long the ordinary checkouts run")
	flag.Parse()

	c := &harness.Client{HTTP: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	run := time.Now().UnixNano()
	adminTok := c.Login(*base, *admin, *adminPass)
	_, flashID := c.Shop(*base, adminTok, run, "Kemplang Kilat", "Kemplang Flash Sale", 10000, *flashStock)
	_, steadyID := c.Shop(*base, adminTok, run+1, "Pempek Harian", "Pempek Kapal Selam", 15000, 1_000_000)
	buyers := make([]string, *flashBuyers+*steadyBuyers)
	for i := range buyers {
		email := fmt.Sprintf("buyer-%d-%d@bench.id", run, i)
		c.Must(*base, "POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": "rahasia-bench", "name": "Pembeli", "role": "buyer"}, nil, 201)
		buyers[i] = c.Login(*base, email, "rahasia-bench")
	}

	l := &ledger{acked: map[string][]int64{}, statuses: map[int]int{}}
	t0 := time.Now()
	var killedAt atomic.Int64 // unix nanos
	var wg sync.WaitGroup
	end := t0.Add(*duration)
	for i := 0; i < *steadyBuyers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(end); n++ {
				l.checkout(c, *base, buyers[*flashBuyers+i], steadyID, fmt.Sprintf("steady-%d-%d-%d", run, i, n), end.Add(30*time.Second))
			}
		}()
	}
	var soldOut atomic.Bool
	for i := 0; i < *flashBuyers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(t0.Add(*flashAt)))
			for n := 0; !soldOut.Load() && time.Now().Before(end); n++ {
				if l.checkout(c, *base, buyers[i], flashID, fmt.Sprintf("flash-%d-%d-%d", run, i, n), end.Add(30*time.Second)) == http.StatusConflict {
					soldOut.Store(true)
				}
			}
		}()
	}
	if *kill != "" {
		time.Sleep(time.Until(t0.Add(*killAfter)))
		killedAt.Store(time.Now().UnixNano())
		out, err := exec.Command("bash", "-c", *kill).CombinedOutput()
		fmt.Fprintf(os.Stderr, "%.1fs: %s", time.Since(t0).Seconds(), out)
		if err != nil {
			harness.Fail("kill: %v", err)
		}
	}
	wg.Wait()

	kill0 := time.Unix(0, killedAt.Load())
	recovered := l.lastFailure.Sub(kill0)
	if l.lastFailure.IsZero() || l.lastFailure.Before(kill0) {
		recovered = 0
	}
	db, err := sql.Open("pgx", *dsn)
	if err != nil {
		harness.Fail("db: %v", err)
	}
	defer db.Close()
	lost, duplicated, stored := check(db, l, flashID, steadyID)
	var stock, sold int64
	must(db.QueryRow(`SELECT stock FROM products WHERE id = $1`, flashID).Scan(&stock))
	must(db.QueryRow(`SELECT COALESCE(SUM(quantity), 0) FROM order_items WHERE product_id = $1`, flashID).Scan(&sold))
	oversold := max(0, sold-*flashStock, -stock) // more sold than there was
	mismatch := stock+sold != *flashStock
	acked := 0
	for _, ids := range l.acked {
		acked += len(ids)
	}
	fmt.Printf("failover: primary killed %.1fs into the run; writes failed for %.1fs after it (first failure %+.1fs, last %+.1fs), then succeeded again\n",
		kill0.Sub(t0).Seconds(), recovered.Seconds(), l.firstFailure.Sub(kill0).Seconds(), l.lastFailure.Sub(kill0).Seconds())
	fmt.Printf("  checkouts: %d acknowledged (201, %d orders; %d answered after a retry with the same key), %d failed attempts retried (%d network/timeout, %d 503, %d other 5xx; by status %v)\n",
		len(l.acked), acked, l.retriedAcks.Load(), l.failures.Load(), l.netErrors.Load(), l.unavailable.Load(), l.otherErrors.Load(), l.statuses)
	fmt.Printf("  flash sale: start %d, sold %d, stock %d (stock + sold = %d); orders in the database for this run: %d\n",
		*flashStock, sold, stock, stock+sold, stored)
	fmt.Printf("  seconds to recover: %.1f; acknowledged orders: %d; lost: %d; duplicated: %d; oversold: %d\n",
		recovered.Seconds(), acked, lost, duplicated, oversold)
	if mismatch {
		fmt.Println("  stock + sold differs from the start")
	}
	if lost != 0 || duplicated != 0 || oversold != 0 || mismatch {
		os.Exit(1)
	}
}

// ledger records what the clients were told.
type ledger struct {
	mu                        sync.Mutex
	acked                     map[string][]int64 // idempotency key → order ids of its 201
	firstFailure, lastFailure time.Time
	failures, netErrors       atomic.Int64
	unavailable, otherErrors  atomic.Int64
	retriedAcks               atomic.Int64
	statuses                  map[int]int // of the 5xx answers
}

func (l *ledger) failed(kind *atomic.Int64, status int) {
	kind.Add(1)
	l.failures.Add(1)
	l.mu.Lock()
	if status != 0 {
		l.statuses[status]++
	}
	now := time.Now()
	if l.firstFailure.IsZero() {
		l.firstFailure = now
	}
	l.lastFailure = now
	l.mu.Unlock()
}

// checkout buys one unit of product under key, retrying with the same key
// until a definite answer or until giveUp; it returns the final status.
func (l *ledger) checkout(c *harness.Client, base, token string, product int64, key string, giveUp time.Time) int {
	body, _ := json.Marshal(map[string]any{"items": []map[string]any{{"product_id": product, "quantity": 1}},
		"delivery": map[string]any{"method": "pickup"}, "payment_provider": "transfer",
		"address": map[string]any{"name": "Pembeli", "phone": "081234567890", "regency_code": "32.73"}})
	for attempt := 0; ; attempt++ {
		req, _ := http.NewRequestWithContext(context.Background(), "POST", base+"/api/v1/checkout", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", key)
		res, err := c.HTTP.Do(req)
		wait := 200 * time.Millisecond
		switch {
		case err != nil:
			l.failed(&l.netErrors, 0)
		case res.StatusCode == http.StatusCreated:
			var out struct{ Orders []struct{ ID int64 } }
			err := json.NewDecoder(res.Body).Decode(&out)
			res.Body.Close()
			if err != nil || len(out.Orders) == 0 {
				harness.Fail("checkout %s: 201 without orders (%v)", key, err)
			}
			ids := make([]int64, len(out.Orders))
			for i, o := range out.Orders {
				ids[i] = o.ID
			}
			l.mu.Lock()
			l.acked[key] = ids
			l.mu.Unlock()
			if attempt > 0 {
				l.retriedAcks.Add(1)
			}
			return res.StatusCode
		case res.StatusCode >= 500:
			if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
				wait = min(time.Duration(s)*time.Second, time.Second)
			}
			if res.StatusCode == http.StatusServiceUnavailable {
				l.failed(&l.unavailable, res.StatusCode)
			} else {
				l.failed(&l.otherErrors, res.StatusCode)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		default: // a definite refusal: out of stock (409) and the like
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode
		}
		if time.Now().After(giveUp) {
			harness.Fail("checkout %s: no definite answer after %d attempts", key, attempt+1)
		}
		time.Sleep(wait)
	}
}

// check compares the acknowledged orders with the database: lost are
// acknowledged orders missing there, duplicated are orders of this run's
// products that no acknowledgement names (a checkout done twice), or keys
// whose checkout made more orders than it was answered.
func check(db *sql.DB, l *ledger, products ...int64) (lost, duplicated, stored int) {
	inDB := map[int64]bool{}
	rows, err := db.Query(`SELECT DISTINCT order_id FROM order_items WHERE product_id = ANY($1)`, products)
	must(err)
	for rows.Next() {
		var id int64
		must(rows.Scan(&id))
		inDB[id] = true
	}
	must(rows.Err())
	acked := map[int64]bool{}
	for _, ids := range l.acked {
		for _, id := range ids {
			acked[id] = true
			if !inDB[id] {
				lost++
			}
		}
	}
	for id := range inDB {
		if !acked[id] {
			duplicated++
		}
	}
	return lost, duplicated, len(inDB)
}

func must(err error) {
	if err != nil {
		harness.Fail("check: %v", err)
	}
}
