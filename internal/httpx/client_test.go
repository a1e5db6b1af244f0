package httpx

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestClientIP(t *testing.T) {
	cases := []struct {
		name       string
		remote     string
		xff        []string
		trustProxy bool
		want       string
	}{
		{"connection address", "203.0.113.7:51234", nil, false, "203.0.113.7"},
		{"forwarded header ignored without --trust-proxy", "203.0.113.7:51234", []string{"198.51.100.1"}, false, "203.0.113.7"},
		{"proxy's address for the client", "10.0.0.2:443", []string{"198.51.100.1"}, true, "198.51.100.1"},
		{"a client's own X-Forwarded-For is not believed, only what our proxy appended", "10.0.0.2:443", []string{"1.1.1.1, 198.51.100.1"}, true, "198.51.100.1"},
		{"repeated header: the last one is the proxy's", "10.0.0.2:443", []string{"1.1.1.1", "198.51.100.9"}, true, "198.51.100.9"},
		{"trusted proxy without the header", "10.0.0.2:443", nil, true, "10.0.0.2"},
		{"garbage in the header falls back to the connection", "10.0.0.2:443", []string{"bukan-alamat"}, true, "10.0.0.2"},
		{"IPv6 connection", "[2001:db8::1]:8080", nil, false, "2001:db8::1"},
		{"IPv4 inside IPv6 is one address", "[::ffff:203.0.113.7]:8080", nil, false, "203.0.113.7"},
		{"IPv6 from the proxy", "10.0.0.2:443", []string{"2001:db8::2"}, true, "2001:db8::2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.remote
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientIP(r, c.trustProxy); got != c.want {
				t.Errorf("ClientIP = %q, want %q", got, c.want)
			}
		})
	}
}

func TestIsHTTPS(t *testing.T) {
	plain := httptest.NewRequest("GET", "/", nil)
	proxied := httptest.NewRequest("GET", "/", nil)
	proxied.Header.Set("X-Forwarded-Proto", "https")
	direct := httptest.NewRequest("GET", "/", nil)
	direct.TLS = &tls.ConnectionState{}
	for _, c := range []struct {
		name       string
		r          *http.Request
		trustProxy bool
		want       bool
	}{
		{"plain HTTP", plain, true, false},
		{"X-Forwarded-Proto from anyone is ignored", proxied, false, false},
		{"X-Forwarded-Proto from the trusted proxy", proxied, true, true},
		{"TLS", direct, false, true},
	} {
		if got := IsHTTPS(c.r, c.trustProxy); got != c.want {
			t.Errorf("%s: IsHTTPS = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	rec := httptest.NewRecorder()
	Security(ok, false, false).ServeHTTP(rec, httptest.NewRequest("GET", "/media/x.jpg", nil))
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}
	if got := rec.Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS over plain HTTP: %q", got)
	}
	rec = httptest.NewRecorder()
	Security(ok, true, false).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("Strict-Transport-Security"); got == "" {
		t.Error("no HSTS with an https public URL")
	}
}

func TestInvalidUTF8(t *testing.T) {
	vs := url.Values{"name": {"Pempek \xff"}, "city": {"Palembang"}, "note": {"ok", "\xc3"}, "\xfekey": {"v"}}
	if got, want := InvalidUTF8(vs), []string{"name", "note", "\uFFFDkey"}; !slices.Equal(got, want) {
		t.Errorf("InvalidUTF8 = %q, want %q", got, want)
	}
	if got := InvalidUTF8(url.Values{"name": {"Kelom Geulis — Tasikmalaya"}}); got != nil {
		t.Errorf("valid UTF-8 reported: %v", got)
	}
}

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
		r.Header.Set("X-Forwarded-For", "198.51.100.1") // not believed without --trust-proxy: anyone can send it
		if got := ClientAddress(r, false); got != want {
			t.Errorf("ClientAddress(%q) = %q, want %q", remote, got, want)
		}
	}
	r := httptest.NewRequest("POST", "/masuk", nil)
	r.RemoteAddr = "10.0.0.2:443"
	r.Header.Set("X-Forwarded-For", "2001:db8:12:34::9")
	if got := ClientAddress(r, true); got != "2001:db8:12:34::/64" {
		t.Errorf("behind a trusted proxy: %q, want the client's /64", got)
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]string{time.Minute: "60", 59*time.Second + time.Millisecond: "60", time.Millisecond: "1", 0: "1"} {
		if got := RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%v) = %q, want %q", d, got, want)
		}
	}
}
