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

	"github.com/gerai-id/gerai/bench/internal/harness"
)

func main() {
	urls := flag.String("url", "http://127.0.0.1:8080", "Gerai base URL(s), comma-separated")
	admin := flag.String("admin", "admin@bench.id", "admin email")
	adminPass := flag.String("admin-password", "rahasia-admin", "admin password")
	buyers := flag.Int("buyers", 200, "buyer accounts (each account sends requests/buyers checkouts)")
	requests := flag.Int("requests", 2000, "concurrent checkout attempts")
	stock := flag.Int64("stock", 500, "stock of the product on sale")
	pay := flag.Bool("pay", false, "pay each order right after its checkout (the payment simulator: GERAI_SIMULATOR=1 on the server); "+
		"a sale is then the checkout and its payment, and its time runs until the payment's answer")
	pprofAddr := flag.String("pprof", "", "the first server's profiler address (GERAI_PPROF_ADDR): profile its CPU during the burst")
	profileOut := flag.String("cpuprofile", "flashsale.cpu", "where -pprof writes the burst's CPU profile")
	flag.Parse()
	bases := strings.Split(*urls, ",")
	c := &harness.Client{HTTP: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0}}}

	run := time.Now().UnixNano()
	adminTok := c.Login(bases[0], *admin, *adminPass)
	_, productID := c.Shop(bases[0], adminTok, run, "Kemplang Kilat", "Kemplang Flash Sale", 10000, *stock)
	p := struct{ ID int64 }{productID}

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
			c.Must(bases[i%len(bases)], "POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": "rahasia-bench", "name": "Pembeli", "role": "buyer"}, nil, 201)
			tokens[i] = c.Login(bases[i%len(bases)], email, "rahasia-bench")
		}()
	}
	wg.Wait()

	body := map[string]any{"items": []map[string]any{{"product_id": p.ID, "quantity": 1}}, "delivery": map[string]any{"method": "pickup"},
		"address": map[string]any{"name": "Pembeli", "phone": "081234567890", "regency_code": "32.73"}, "payment_provider": "transfer"}
	if *pay {
		body["payment_provider"] = "simulator"
	}
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
			res, err := c.HTTP.Do(req)
			lat[i] = time.Since(t0)
			done[i] = time.Now()
			if err != nil {
				codes[i] = -1
				return
			}
			codes[i] = res.StatusCode
			if *pay && res.StatusCode == 201 {
				var out struct{ Payments []struct{ ID int64 } }
				err := json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if err != nil || len(out.Payments) != 1 {
					codes[i] = -2
					return
				}
				preq, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/payments/%d/simulate-paid", bases[i%len(bases)], out.Payments[0].ID), nil)
				preq.Header.Set("Authorization", "Bearer "+tokens[i%len(tokens)])
				pres, err := c.HTTP.Do(preq)
				lat[i] = time.Since(t0)
				done[i] = time.Now()
				if err != nil {
					codes[i] = -1
					return
				}
				io.Copy(io.Discard, pres.Body)
				pres.Body.Close()
				if pres.StatusCode != 200 {
					codes[i] = 1000 + pres.StatusCode // the payment's status, apart from the checkout's
				}
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}()
	}
	profiled := profileBurst(*pprofAddr, *profileOut)
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	profiled()

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
	c.Must(bases[0], "GET", fmt.Sprintf("/api/v1/products/%d", p.ID), "", nil, &prod, 200)
	slices.Sort(lat)
	pct := func(q float64) float64 { return harness.Percentile(lat, q) }
	ok := count[201] == int(*stock) && prod.Stock == 0 && count[-1] == 0 && count[-2] == 0
	for code := range count {
		if code >= 500 { // a 5xx, or a payment refused (1000 + its status)
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

// profileBurst starts a 3-second CPU profile of the server at addr (none
// when addr is empty); the function it returns waits for it and writes it
// to out. The burst lasts about a second, so the profile is mostly the burst.
func profileBurst(addr, out string) func() {
	if addr == "" {
		return func() {}
	}
	done := make(chan error, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/debug/pprof/profile?seconds=3")
		if err != nil {
			done <- err
			return
		}
		defer res.Body.Close()
		f, err := os.Create(out)
		if err == nil {
			_, err = io.Copy(f, res.Body)
			f.Close()
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond) // the profile has started
	return func() {
		if err := <-done; err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
		} else {
			fmt.Fprintln(os.Stderr, "CPU profile of the burst written to", out)
		}
	}
}
