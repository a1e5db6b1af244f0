// Command expo is issue 5's benchmark: 200 expo cashiers each sync a queue
// of 500 sales made offline, all at once over HTTP (100,000 sales), half of
// them send their queue a second time (a retry after a lost answer), and
// the event's report is then rendered as JSON and as the HTML page. It
// checks that every sale is stored exactly once and counted in the report,
// and prints syncs/s, sales/s, latency percentiles and the report's time.
//
// Cashier accounts and their tokens are written straight into the
// database (one shared password hash), as in bench/groupbuy.
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
	"sync"
	"time"

	"github.com/gerai-id/gerai/bench/internal/harness"
	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "Gerai base URL")
	dsn := flag.String("db", "", "the database gerai serve uses (for cashier accounts)")
	cashiers := flag.Int("cashiers", 200, "cashiers syncing at once")
	perQueue := flag.Int("sales", 500, "sales in each cashier's queue")
	flag.Parse()
	ctx := context.Background()
	c := &harness.Client{HTTP: &http.Client{Timeout: 300 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *cashiers}}}
	run := time.Now().UnixNano()

	a, err := app.Open(ctx, app.Config{DB: *dsn, MediaDir: os.TempDir()}, nil)
	if err != nil {
		harness.Fail("open database: %v", err)
	}
	defer a.Close()
	hash, _ := account.HashPassword("rahasia-bench")
	var agencyID int64
	if err := a.DB.Writer().QueryRow(ctx, `INSERT INTO users (email, password_hash, name, role, province_code, created_at) VALUES (?, ?, 'Dinas', 'agency', '16', ?) RETURNING id`,
		fmt.Sprintf("dinas-%d@bench.id", run), hash, time.Now().UTC()).Scan(&agencyID); err != nil {
		harness.Fail("agency: %v", err)
	}
	agency := token(ctx, a, agencyID)
	var ev struct{ ID int64 }
	today := time.Now().Format(time.DateOnly)
	c.Must(*base, "POST", "/api/v1/events", agency, map[string]any{"name": "Bench Expo", "host_province_code": "32", "city": "Bandung",
		"venue": "Cihampelas Walk", "starts_on": today, "ends_on": time.Now().AddDate(0, 0, 2).Format(time.DateOnly)}, &ev, 201)
	c.Must(*base, "POST", fmt.Sprintf("/api/v1/events/%d/status", ev.ID), agency, map[string]any{"status": "running"}, nil, 200)

	// One booth per cashier (an institution), and its cashier.
	exhibitors := make([]int64, *cashiers)
	tokens := make([]string, *cashiers)
	categories := []string{"kuliner", "fesyen", "kriya", "pertanian", "jasa"}
	regencies := []string{"16.71", "16.02", "16.01", "16.10", "16.06", "16.74", "16.03", "16.08", "16.05"}
	for i := range exhibitors {
		var x struct{ ID int64 }
		c.Must(*base, "POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", ev.ID), agency, map[string]any{"kind": "institution",
			"name": fmt.Sprintf("Peserta %03d", i), "regency_code": regencies[i%len(regencies)], "category": categories[i%len(categories)],
			"booth": fmt.Sprintf("B-%03d", i)}, &x, 201)
		exhibitors[i] = x.ID
		email := fmt.Sprintf("kasir-%d-%d@bench.id", run, i)
		var id int64
		if err := a.DB.Writer().QueryRow(ctx, `INSERT INTO users (email, password_hash, name, role, created_at) VALUES (?, ?, 'Kasir', 'buyer', ?) RETURNING id`,
			email, hash, time.Now().UTC()).Scan(&id); err != nil {
			harness.Fail("cashier: %v", err)
		}
		c.Must(*base, "POST", fmt.Sprintf("/api/v1/events/%d/exhibitors/%d/cashiers", ev.ID, x.ID), agency, map[string]any{"email": email}, nil, 204)
		tokens[i] = token(ctx, a, id)
	}

	// Every queue is made first (as the devices did, offline).
	methods := []string{"cash", "cash", "cash", "qris", "qris", "transfer", "card"}
	queues := make([][]byte, *cashiers)
	var want int64
	for i := range queues {
		rng := rand.New(rand.NewPCG(uint64(run), uint64(i)))
		sales := make([]map[string]any, *perQueue)
		for j := range sales {
			items := []map[string]any{{"name": "Pempek kapal selam", "quantity": 1 + rng.IntN(4), "price": 15000 + 1000*rng.IntN(20)}}
			if rng.IntN(3) == 0 {
				items = append(items, map[string]any{"name": "Kemplang panggang", "quantity": 1 + rng.IntN(3), "price": 25000})
			}
			for _, it := range items {
				want += int64(it["quantity"].(int)) * int64(it["price"].(int))
			}
			sales[j] = map[string]any{"id": uuid(rng), "sold_at": time.Now().Add(-time.Duration(rng.IntN(8*3600)) * time.Second).Format(time.RFC3339),
				"payment_method": methods[rng.IntN(len(methods))], "items": items}
		}
		queues[i], _ = json.Marshal(map[string]any{"exhibitor_id": exhibitors[i], "sales": sales})
	}

	type result struct {
		lat                  time.Duration
		status               int
		accepted, duplicates int
	}
	send := func(i int) result {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/events/%d/sales/sync", *base, ev.ID), bytes.NewReader(queues[i]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[i])
		t := time.Now()
		res, err := c.HTTP.Do(req)
		r := result{lat: time.Since(t), status: -1}
		if err != nil {
			return r
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var out struct{ Accepted, Duplicates int }
		json.Unmarshal(b, &out)
		r.status, r.accepted, r.duplicates, r.lat = res.StatusCode, out.Accepted, out.Duplicates, time.Since(t)
		return r
	}
	burst := func(n int) ([]result, time.Duration) {
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() { <-start; results[i] = send(i) })
		}
		t0 := time.Now()
		close(start)
		wg.Wait()
		return results, time.Since(t0)
	}
	report := func(name string, results []result, elapsed time.Duration) (accepted, duplicates int, ok bool) {
		lats := make([]time.Duration, len(results))
		codes := map[int]int{}
		for i, r := range results {
			lats[i] = r.lat
			codes[r.status]++
			accepted += r.accepted
			duplicates += r.duplicates
		}
		slices.Sort(lats)
		fmt.Printf("%s: %d syncs of %d sales at once: %v; %.0f syncs/s, %.0f sales/s (%v); latency p50 %.0f ms p99 %.0f ms; accepted %d, duplicates %d\n",
			name, len(results), *perQueue, codes, float64(len(results))/elapsed.Seconds(), float64(len(results)**perQueue)/elapsed.Seconds(),
			elapsed.Round(time.Millisecond), harness.Percentile(lats, 0.5), harness.Percentile(lats, 0.99), accepted, duplicates)
		return accepted, duplicates, codes[200] == len(results)
	}
	res1, took1 := burst(*cashiers)
	acc1, _, ok1 := report("first sync", res1, took1)
	res2, took2 := burst(*cashiers / 2)
	_, dup2, ok2 := report("half resend", res2, took2)

	var stored, sum int64
	a.DB.Reader().QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(total), 0) FROM expo_sales WHERE event_id = ?`, ev.ID).Scan(&stored, &sum)
	total := int64(*cashiers * *perQueue)
	exact := ok1 && ok2 && int64(acc1) == total && int64(dup2) == total/2 && stored == total && sum == want

	// The report, as the API's JSON and as the HTML page, several times.
	c.Must(*base, "PUT", fmt.Sprintf("/api/v1/events/%d/report-public", ev.ID), agency, map[string]any{"public": true}, nil, 200)
	var r struct {
		Totals struct{ Onsite int64 }
		Sales  int64
	}
	timeIt := func(path string, out any) []time.Duration {
		var ds []time.Duration
		for range 5 {
			t := time.Now()
			c.Must(*base, "GET", path, "", nil, out, 200)
			ds = append(ds, time.Since(t))
		}
		slices.Sort(ds)
		return ds
	}
	jsonTimes := timeIt(fmt.Sprintf("/api/v1/events/%d/report", ev.ID), &r)
	htmlTimes := timeIt(fmt.Sprintf("/expo/%d/laporan", ev.ID), nil)
	counted := r.Sales == total && r.Totals.Onsite == want
	fmt.Printf("stored %d of %d sales once each, Rp%d = Rp%d sent: exact=%v\n", stored, total, sum, want, exact)
	fmt.Printf("report of %d sales: JSON median %v (max %v), HTML page median %v (max %v); counted=%v\n",
		r.Sales, jsonTimes[2].Round(time.Millisecond), jsonTimes[4].Round(time.Millisecond),
		htmlTimes[2].Round(time.Millisecond), htmlTimes[4].Round(time.Millisecond), counted)
	if !exact || !counted {
		os.Exit(1)
	}
}

func token(ctx context.Context, a *app.App, userID int64) string {
	tok, _, err := a.Accounts.CreateSession(ctx, userID, "api")
	if err != nil {
		harness.Fail("token: %v", err)
	}
	return tok
}

func uuid(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return platform.UUID(b)
}
