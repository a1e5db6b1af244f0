// Command flashsale is issue 3's benchmark: many concurrent buyers try to
// buy one product with limited stock through the HTTP API. It checks that
// exactly the stock is sold, that stock ends at zero and that no request
// fails with a 5xx, and prints orders/s and latency percentiles.
//
// It needs an admin account (to verify the seller's UMKM):
//
//	echo rahasia-admin | gerai user create --email admin@bench.id --role admin --password-stdin
//	go run ./bench/flashsale -url http://127.0.0.1:8080 -admin admin@bench.id -admin-password rahasia-admin
//
// Several -url values (comma-separated) spread the buyers over several
// gerai serve processes sharing one PostgreSQL.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	urls := flag.String("url", "http://127.0.0.1:8080", "Gerai base URL(s), comma-separated")
	admin := flag.String("admin", "admin@bench.id", "admin email")
	adminPass := flag.String("admin-password", "rahasia-admin", "admin password")
	buyers := flag.Int("buyers", 200, "buyer accounts (each account sends requests/buyers checkouts)")
	requests := flag.Int("requests", 2000, "concurrent checkout attempts")
	stock := flag.Int64("stock", 500, "stock of the product on sale")
	flag.Parse()
	bases := strings.Split(*urls, ",")
	c := &client{http: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0}}}

	run := time.Now().UnixNano()
	adminTok := c.login(bases[0], *admin, *adminPass)
	sellerEmail := fmt.Sprintf("seller-%d@bench.id", run)
	c.must(bases[0], "POST", "/api/v1/accounts", "", map[string]any{"email": sellerEmail, "password": "rahasia-bench", "name": "Penjual", "role": "seller"}, nil, 201)
	sellerTok := c.login(bases[0], sellerEmail, "rahasia-bench")
	var u struct{ ID int64 }
	c.must(bases[0], "POST", "/api/v1/umkm", sellerTok, map[string]any{"name": "Kemplang Kilat", "owner_name": "Penjual",
		"nib": fmt.Sprintf("%013d", run%1e13), "regency_code": "16.71", "category": "kuliner"}, &u, 201)
	var p struct{ ID int64 }
	c.must(bases[0], "POST", "/api/v1/products", sellerTok, map[string]any{"umkm_id": u.ID, "name": "Kemplang Flash Sale",
		"category": "kuliner", "price": 10000, "stock": *stock, "weight_grams": 250}, &p, 201)
	c.must(bases[0], "POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), sellerTok, nil, nil, 200)
	c.must(bases[0], "POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), adminTok, nil, nil, 200)

	fmt.Fprintf(os.Stderr, "creating %d buyer accounts…\n", *buyers)
	tokens := make([]string, *buyers)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			email := fmt.Sprintf("buyer-%d-%d@bench.id", run, i)
			c.must(bases[i%len(bases)], "POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": "rahasia-bench", "name": "Pembeli", "role": "buyer"}, nil, 201)
			tokens[i] = c.login(bases[i%len(bases)], email, "rahasia-bench")
		}()
	}
	wg.Wait()

	body := map[string]any{"items": []map[string]any{{"product_id": p.ID, "quantity": 1}}, "delivery": map[string]any{"method": "pickup"},
		"address": map[string]any{"name": "Pembeli", "phone": "081234567890", "regency_code": "32.73"}, "payment_provider": "transfer"}
	payload, _ := json.Marshal(body)
	start := make(chan struct{})
	lat := make([]time.Duration, *requests)
	done := make([]time.Time, *requests)
	codes := make([]int, *requests)
	for i := 0; i < *requests; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("POST", bases[i%len(bases)]+"/api/v1/checkout", bytes.NewReader(payload))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tokens[i%len(tokens)])
			req.Header.Set("Idempotency-Key", fmt.Sprintf("flash-%d-%d", run, i))
			t0 := time.Now()
			res, err := c.http.Do(req)
			lat[i] = time.Since(t0)
			done[i] = time.Now()
			if err != nil {
				codes[i] = -1
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			codes[i] = res.StatusCode
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)

	count := map[int]int{}
	var soldOut time.Time // when the last order's 201 arrived
	for i, code := range codes {
		count[code]++
		if code == 201 && done[i].After(soldOut) {
			soldOut = done[i]
		}
	}
	sellWindow := soldOut.Sub(t0)
	var prod struct{ Stock int64 }
	c.must(bases[0], "GET", fmt.Sprintf("/api/v1/products/%d", p.ID), "", nil, &prod, 200)
	slices.Sort(lat)
	pct := func(q float64) float64 {
		return float64(lat[min(len(lat)-1, int(float64(len(lat))*q))].Microseconds()) / 1000
	}
	ok := count[201] == int(*stock) && prod.Stock == 0 && count[-1] == 0
	for code := range count {
		if code >= 500 {
			ok = false
		}
	}
	fmt.Printf("flash sale: %d requests over %d process(es), %d in stock: %v; stock after %d; exact=%v\n"+
		"  %.0f orders/s while selling (%d orders, last one %v after the start); all %d requests answered in %v (%.0f requests/s, %.0f orders/s over the whole burst)\n"+
		"  latency p50 %.1f ms p99 %.1f ms max %.1f ms\n",
		*requests, len(bases), *stock, count, prod.Stock, ok,
		float64(count[201])/sellWindow.Seconds(), count[201], sellWindow.Round(time.Millisecond), *requests, elapsed.Round(time.Millisecond),
		float64(*requests)/elapsed.Seconds(), float64(count[201])/elapsed.Seconds(),
		pct(0.5), pct(0.99), pct(1))
	if !ok {
		os.Exit(1)
	}
}

type client struct{ http *http.Client }

func (c *client) login(base, email, pass string) string {
	var out struct{ Token string }
	c.must(base, "POST", "/api/v1/sessions", "", map[string]any{"email": email, "password": pass}, &out, 201)
	return out.Token
}

func (c *client) must(base, method, path, token string, body, out any, want int) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, method, path, err)
		os.Exit(2)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		fmt.Fprintf(os.Stderr, "%s %s: %d %s\n", method, path, res.StatusCode, b)
		os.Exit(2)
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
}
