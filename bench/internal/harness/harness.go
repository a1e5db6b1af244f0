// Package harness is what the HTTP benchmark commands share: a JSON client
// that stops the run on any unexpected answer, the shop every run starts
// from, and latency percentiles.
package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Client calls Gerai's JSON API.
type Client struct{ HTTP *http.Client }

// Fail stops the run with a message.
func Fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

// Login returns a bearer token.
func (c *Client) Login(base, email, pass string) string {
	var out struct{ Token string }
	c.Must(base, "POST", "/api/v1/sessions", "", map[string]any{"email": email, "password": pass}, &out, 201)
	return out.Token
}

// Must sends a JSON request and stops the run unless the status is want;
// the answer is decoded into out when out is not nil.
func (c *Client) Must(base, method, path, token string, body, out any, want int) {
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
	res, err := c.HTTP.Do(req)
	if err != nil {
		Fail("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		Fail("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
}

// Shop makes a seller (signed up through the API) with a UMKM in Kota
// Palembang that the admin verifies, and one product. It returns the
// seller's token and the product's id.
func (c *Client) Shop(base, adminToken string, run int64, umkmName, product string, price, stock int64) (sellerToken string, productID int64) {
	email := fmt.Sprintf("seller-%d@bench.id", run)
	c.Must(base, "POST", "/api/v1/accounts", "", map[string]any{"email": email, "password": "rahasia-bench", "name": "Penjual", "role": "seller"}, nil, 201)
	sellerToken = c.Login(base, email, "rahasia-bench")
	var u, p struct{ ID int64 }
	c.Must(base, "POST", "/api/v1/umkm", sellerToken, map[string]any{"name": umkmName, "owner_name": "Penjual",
		"nib": fmt.Sprintf("%013d", run%1e13), "regency_code": "16.71", "category": "kuliner"}, &u, 201)
	c.Must(base, "POST", "/api/v1/products", sellerToken, map[string]any{"umkm_id": u.ID, "name": product,
		"category": "kuliner", "price": price, "stock": stock, "weight_grams": 250}, &p, 201)
	c.Must(base, "POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), sellerToken, nil, nil, 200)
	c.Must(base, "POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), adminToken, nil, nil, 200)
	return sellerToken, p.ID
}

// Percentile is the q-th quantile of sorted latencies, in milliseconds.
func Percentile(sorted []time.Duration, q float64) float64 {
	return float64(sorted[min(len(sorted)-1, int(float64(len(sorted))*q))].Microseconds()) / 1000
}
