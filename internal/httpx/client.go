package httpx

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ClientIP is the address of the client that sent r. Behind a reverse proxy
// (trustProxy) it is the last address in X-Forwarded-For, the one our proxy
// appended: addresses before it were written by the client and prove
// nothing. Without trustProxy the headers are ignored, since anyone can send
// them, and the connection's address is used. An address that does not
// parse is returned as sent, so that a limit keyed on it still applies.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if ip := canonicalIP(strings.TrimSpace(lastValue(r.Header.Values("X-Forwarded-For")))); ip != "" {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := canonicalIP(host); ip != "" {
		return ip
	}
	return host
}

// canonicalIP spells an address one way (IPv4 in IPv6 unwrapped, no zone),
// or "" when s is not an address.
func canonicalIP(s string) string {
	ip, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return ""
	}
	return ip.Unmap().WithZone("").String()
}

// IsHTTPS reports whether the client reached us over HTTPS: TLS on this
// connection, or X-Forwarded-Proto: https from a trusted proxy.
func IsHTTPS(r *http.Request, trustProxy bool) bool {
	if r.TLS != nil {
		return true
	}
	return trustProxy && strings.EqualFold(strings.TrimSpace(lastValue(r.Header.Values("X-Forwarded-Proto"))), "https")
}

// lastValue is the last comma-separated element of a repeated header: the
// one the nearest proxy wrote.
func lastValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	v := vs[len(vs)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return v
}

// ClientAddress is the address the login rate limit counts a request under:
// ClientIP (so behind a trusted proxy the client's, not the proxy's), with
// an IPv6 address cut to its /64 (one subscriber's line hands out a whole
// /64, so counting single IPv6 addresses would give an attacker 2^64 fresh
// counters).
func ClientAddress(r *http.Request, trustProxy bool) string {
	ip := ClientIP(r, trustProxy)
	addr, err := netip.ParseAddr(ip)
	if err != nil || !addr.Is6() {
		return ip
	}
	p, _ := addr.Prefix(64)
	return p.String()
}

// RetryAfter is the value of a Retry-After header asking to wait d: whole
// seconds, rounded up so that a client that obeys it is not refused again.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
