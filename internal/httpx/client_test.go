package httpx

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestClientAddressCountsAnIPv6LineAsOne(t *testing.T) {
	for remote, want := range map[string]string{
		"203.0.113.7:51234":                 "203.0.113.7",
		"[::ffff:203.0.113.7]:443":          "203.0.113.7",
		"[2001:db8:12:34:aaaa::1]:51234":    "2001:db8:12:34::/64",
		"[2001:db8:12:34:ffff:1:2:3]:51234": "2001:db8:12:34::/64",
		"pipe":                              "pipe",
	} {
		r := httptest.NewRequest("POST", "/masuk", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", "198.51.100.1") // not trusted (yet): anyone can send it
		if got := ClientAddress(r); got != want {
			t.Errorf("ClientAddress(%q) = %q, want %q", remote, got, want)
		}
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]string{time.Minute: "60", 59*time.Second + time.Millisecond: "60", time.Millisecond: "1", 0: "1"} {
		if got := RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%v) = %q, want %q", d, got, want)
		}
	}
}
