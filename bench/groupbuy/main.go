// Command groupbuy is issue 4's benchmark: many buyers join one beli-bareng
// campaign at once over HTTP, each pays by the simulator, then the campaign
// is settled. It checks that the campaign's total equals the sum of the
// accepted joins and never passes the stock set aside, and prints joins/s,
// latency percentiles and how long the settlement took.
//
// Buyer accounts and their API tokens are written straight into the
// database (one password hash shared by all): hashing 10,000 passwords with
// argon2id would take minutes and measure nothing of interest. The
// settlement runs in this process with the same code gerai serve's sweep
// runs (order.Service.SettleCampaign), so that it can be timed.
//
//	go run ./bench/groupbuy -url http://127.0.0.1:8080 -db sqlite:/tmp/gerai.db
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gerai-id/gerai/bench/internal/harness"
	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/sqldb"
)

func main() {
	urls := flag.String("url", "http://127.0.0.1:8080", "Gerai base URL(s), comma-separated")
	dsn := flag.String("db", "", "the database gerai serve uses (for buyer accounts and the timed settlement)")
	admin := flag.String("admin", "admin@bench.id", "admin email")
	adminPass := flag.String("admin-password", "rahasia-admin", "admin password")
	buyers := flag.Int("buyers", 10000, "buyers joining at once")
	stock := flag.Int64("stock", 25000, "stock set aside for the campaign")
	conns := flag.Int("conns", 1000, "most connections open at once (the rest of the buyers queue in the client)")
	flag.Parse()
	ctx := context.Background()
	bases := strings.Split(*urls, ",")
	c := &harness.Client{HTTP: &http.Client{Timeout: 120 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}}}
	run := time.Now().UnixNano()

	adminTok := c.Login(bases[0], *admin, *adminPass)
	sellerTok, productID := c.Shop(bases[0], adminTok, run, "Pempek Bareng", "Pempek Kapal Selam (beli bareng)", 25000, *stock*2)
	var camp struct{ ID int64 }
	c.Must(bases[0], "POST", "/api/v1/campaigns", sellerTok, map[string]any{"product_id": productID,
		"tiers":     []map[string]any{{"min_quantity": 1, "price": 25000}, {"min_quantity": 1000, "price": 23000}, {"min_quantity": 10000, "price": 21000}},
		"min_total": 1000, "per_person_limit": 5, "stock": *stock, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &camp, 201)

	// Buyers and their tokens, straight into the database.
	a, err := app.Open(ctx, app.Config{DB: *dsn, MediaDir: os.TempDir()}, nil)
	if err != nil {
		harness.Fail("open database: %v", err)
	}
	defer a.Close()
	t0 := time.Now()
	tokens := makeBuyers(ctx, a, run, *buyers)
	fmt.Fprintf(os.Stderr, "%d buyers with tokens in %v\n", *buyers, time.Since(t0).Round(time.Millisecond))

	// Everyone joins at once.
	type result struct {
		code      int
		qty       int64
		paymentID int64
		lat       time.Duration
	}
	results := make([]result, *buyers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			qty := int64(1 + rand.IntN(5))
			body, _ := json.Marshal(map[string]any{"quantity": qty, "payment_provider": "simulator"})
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/campaigns/%d/join", bases[i%len(bases)], camp.ID), bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			<-start
			t := time.Now()
			res, err := c.HTTP.Do(req)
			r := result{qty: qty, lat: time.Since(t), code: -1}
			if err == nil {
				var out struct {
					Payment struct{ ID int64 } `json:"payment"`
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				json.Unmarshal(b, &out)
				r.code, r.paymentID = res.StatusCode, out.Payment.ID
			}
			results[i] = r
		}()
	}
	t0 = time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)

	codes := map[int]int{}
	var accepted int64
	lats := make([]time.Duration, 0, len(results))
	for _, r := range results {
		codes[r.code]++
		lats = append(lats, r.lat)
		if r.code == 201 {
			accepted += r.qty
		}
	}
	slices.Sort(lats)
	pct := func(q float64) float64 { return harness.Percentile(lats, q) }
	var got struct {
		TotalQuantity int64 `json:"total_quantity"`
		CurrentPrice  int64 `json:"current_price"`
	}
	c.Must(bases[0], "GET", fmt.Sprintf("/api/v1/campaigns/%d", camp.ID), "", nil, &got, 200)
	exact := got.TotalQuantity == accepted && got.TotalQuantity <= *stock && codes[-1] == 0
	for code := range codes {
		exact = exact && code < 500
	}
	fmt.Printf("joins: %d buyers over %d process(es), %d at most in flight: %v; %.0f joins/s (%v); latency p50 %.1f ms p99 %.1f ms max %.1f ms\n",
		*buyers, len(bases), *conns, codes, float64(*buyers)/elapsed.Seconds(), elapsed.Round(time.Millisecond), pct(0.5), pct(0.99), pct(1))
	fmt.Printf("  campaign total %d = sum of accepted joins %d, stock set aside %d, price now Rp%d: exact=%v\n",
		got.TotalQuantity, accepted, *stock, got.CurrentPrice, exact)

	// Everyone accepted pays (the simulator's webhook path), then the deadline passes.
	t0 = time.Now()
	sem := make(chan struct{}, *conns)
	for i, r := range results {
		if r.code != 201 {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c.Must(bases[i%len(bases)], "POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", r.paymentID), tokens[i], nil, nil, 200)
		}()
	}
	wg.Wait()
	fmt.Fprintf(os.Stderr, "payments made in %v\n", time.Since(t0).Round(time.Millisecond))
	if _, err := a.DB.Writer().Exec(ctx, `UPDATE campaigns SET deadline = ? WHERE id = ?`, time.Now().UTC().Add(-time.Second), camp.ID); err != nil {
		harness.Fail("move the deadline: %v", err)
	}
	t0 = time.Now()
	if _, err := a.Orders.SettleCampaign(ctx, camp.ID); err != nil {
		harness.Fail("settle: %v", err)
	}
	settle := time.Since(t0)
	var status string
	var final, confirmed, refunds int64
	a.DB.Reader().QueryRow(ctx, `SELECT status, final_price FROM campaigns WHERE id = ?`, camp.ID).Scan(&status, &final)
	a.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ? AND state = 'confirmed'`, camp.ID).Scan(&confirmed)
	a.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.campaign_id = ?`, camp.ID).Scan(&refunds)
	ok := exact && status == "berhasil" && confirmed == int64(codes[201])
	fmt.Printf("settlement: %s at Rp%d, %d participants confirmed, %d price-difference refunds, in %v; ok=%v\n",
		status, final, confirmed, refunds, settle.Round(time.Millisecond), ok)
	if !ok {
		os.Exit(1)
	}
}

// makeBuyers inserts n buyer accounts sharing one password hash and returns an API token for each.
func makeBuyers(ctx context.Context, a *app.App, run int64, n int) []string {
	hash, err := account.HashPassword("rahasia-bench")
	if err != nil {
		harness.Fail("hash: %v", err)
	}
	ids := make([]int64, n)
	const batch = 500
	for lo := 0; lo < n; lo += batch {
		err := a.DB.InTx(ctx, func(tx *sqldb.Tx) error {
			for i := lo; i < min(n, lo+batch); i++ {
				if err := tx.QueryRow(ctx, `INSERT INTO users (email, password_hash, name, role, created_at) VALUES (?, ?, ?, 'buyer', ?) RETURNING id`,
					fmt.Sprintf("pembeli-%d-%d@bench.id", run, i), hash, fmt.Sprintf("Pembeli %d", i), time.Now().UTC()).Scan(&ids[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			harness.Fail("insert buyers: %v", err)
		}
	}
	tokens := make([]string, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			tok, _, err := a.Accounts.CreateSession(ctx, id, "api")
			if err != nil {
				harness.Fail("token: %v", err)
			}
			tokens[i] = tok
		}()
	}
	wg.Wait()
	return tokens
}
