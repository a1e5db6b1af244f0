package httpx

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// ClientAddress is the address a request came from, as the login rate limit
// counts it: the remote address without its port, and an IPv6 address cut
// to its /64 (one subscriber's line hands out a whole /64, so counting single
// IPv6 addresses would give an attacker 2^64 fresh counters).
//
// It is the one place that decides who the client is: behind a reverse proxy
// every request comes from the proxy, so when the --trust-proxy setting
// arrives this is where X-Forwarded-For is to be honoured (only then, since a
// client can write that header itself).
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// RetryAfter is the value of a Retry-After header asking to wait d: whole
// seconds, rounded up so that a client that obeys it is not refused again.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
