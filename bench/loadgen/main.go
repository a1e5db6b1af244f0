// Command loadgen drives Gerai over HTTP with N concurrent clients for a
// while and prints throughput and latency percentiles. It is the end-to-end
// half of the benchmarks; bench/run.sh seeds a database, starts the server
// and calls it.
//
//	go run ./bench/loadgen -url http://127.0.0.1:8080 -scenario search -clients 16 -duration 20s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

// Words that synthetic and demo products use, in inflected forms so that stemming is exercised.
var words = []string{"kopi", "songket", "tenunan", "kerajinan", "batik", "kemplang", "pempek", "keripik", "madu",
	"anyaman", "olahan", "rajutan", "sambal", "dodol", "gula", "kain", "tas", "sepatu", "minuman", "makanan"}

var provinces = []string{"11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
	"51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "94"}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "Gerai base URL")
	scenario := flag.String("scenario", "search", "search (one word + province filter, API) | product (product page, HTML)")
	clients := flag.Int("clients", 16, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "how long to run")
	asJSON := flag.Bool("json", false, "print the result as JSON")
	compress := flag.Bool("gzip", true, "ask for gzip, as browsers do")
	flag.Parse()

	tr := &http.Transport{MaxIdleConnsPerHost: *clients * 2, MaxConnsPerHost: *clients * 2, DisableCompression: !*compress}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	var productIDs []int64
	if *scenario == "product" {
		productIDs = sampleProducts(client, *base)
		if len(productIDs) == 0 {
			fmt.Fprintln(os.Stderr, "no products found to request")
			os.Exit(1)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	errors, non200 := 0, 0
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var lat []time.Duration
			e, n := 0, 0
			for ctx.Err() == nil {
				var u string
				switch *scenario {
				case "search":
					q := url.Values{"q": {words[rng.IntN(len(words))]}, "province": {provinces[rng.IntN(len(provinces))]}, "limit": {"20"}}
					u = *base + "/api/v1/products?" + q.Encode()
				default:
					u = fmt.Sprintf("%s/produk/%d", *base, productIDs[rng.IntN(len(productIDs))])
				}
				t0 := time.Now()
				res, err := client.Get(u)
				if err != nil {
					if ctx.Err() == nil {
						e++
					}
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if ctx.Err() != nil {
					break
				}
				lat = append(lat, time.Since(t0))
				if res.StatusCode != 200 {
					n++
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errors += e
			non200 += n
			mu.Unlock()
		}(uint64(c + 1))
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(float64(len(all))*p))]
	}
	res := map[string]any{"scenario": *scenario, "clients": *clients, "requests": len(all),
		"rps": float64(len(all)) / elapsed.Seconds(), "p50_ms": ms(pct(0.50)), "p95_ms": ms(pct(0.95)),
		"p99_ms": ms(pct(0.99)), "max_ms": ms(pct(1)), "errors": errors, "non_200": non200}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	fmt.Printf("%-8s clients=%d requests=%d  %.0f req/s  p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms errors=%d non200=%d\n",
		*scenario, *clients, len(all), res["rps"], res["p50_ms"], res["p95_ms"], res["p99_ms"], res["max_ms"], errors, non200)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// sampleProducts collects listed product ids through the API, across provinces.
func sampleProducts(c *http.Client, base string) []int64 {
	var ids []int64
	for _, p := range provinces {
		res, err := c.Get(base + "/api/v1/products?limit=100&province=" + p)
		if err != nil {
			continue
		}
		var body struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		for _, it := range body.Items {
			ids = append(ids, it.ID)
		}
	}
	return ids
}
