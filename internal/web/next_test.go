package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNextAcceptsOnlyPathsOfThisSite(t *testing.T) {
	for _, c := range []struct{ next, want string }{
		{"/keranjang", "/keranjang"},
		{"/beli-bareng/12", "/beli-bareng/12"},
		{"/cari?q=kopi+bubuk&kota=16.71#hasil", "/cari?q=kopi+bubuk&kota=16.71#hasil"},
		{"/cari?q=a%2Fb", "/cari?q=a%2Fb"}, // an encoded slash in the query is only a value
		{"/umkm/kue%20maksuba", "/umkm/kue%20maksuba"},
		{"/", "/"},
		{"", "FALLBACK"},
		{"keranjang", "FALLBACK"},
		{"//evil.example", "FALLBACK"},
		{"///evil.example", "FALLBACK"},
		{"/\\evil.example", "FALLBACK"},
		{"\\\\evil.example", "FALLBACK"},
		{"/\t/evil.example", "FALLBACK"},
		{"/\n/evil.example", "FALLBACK"},
		{"/\r\n/evil.example", "FALLBACK"},
		{"/%2F%2Fevil.example", "FALLBACK"},
		{"/%2f/evil.example", "FALLBACK"},
		{"%2F%2Fevil.example", "FALLBACK"},
		{"/%5Cevil.example", "FALLBACK"},
		{"/%252F%252Fevil.example", "FALLBACK"},
		{"/%25252F%25252Fevil.example", "FALLBACK"},
		{"/%09/evil.example", "FALLBACK"},
		{"/%0d%0aSet-Cookie:x=1", "FALLBACK"},
		{"/a\x00b", "FALLBACK"},
		{"/a\x7fb", "FALLBACK"},
		{"/a\u0085b", "FALLBACK"},
		{"/a\xffb", "FALLBACK"},
		{"/a%zzb", "FALLBACK"},
		{"https://evil.example/", "FALLBACK"},
		{"javascript:alert(1)", "FALLBACK"},
		{" /keranjang", "FALLBACK"},
		{"/" + strings.Repeat("a", maxNextLen), "FALLBACK"},
	} {
		if got := safeNext(c.next, "FALLBACK"); got != c.want {
			t.Errorf("safeNext(%.80q) = %.80q, want %q", c.next, got, c.want)
		}
	}
}

// browserReads is what a browser makes of a Location header before it
// resolves it (WHATWG URL parsing): tabs and newlines are dropped anywhere
// and a backslash is a slash.
func browserReads(location string) string {
	location = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(location)
	return strings.ReplaceAll(location, `\`, "/")
}

func FuzzSafeNext(f *testing.F) {
	for _, seed := range []string{"/keranjang", "/cari?q=kopi", "//evil.example", "/\t/evil.example", "/\\evil.example",
		"/%2F%2Fevil.example", "%2F%2F", "https://evil.example", "/\r\n/x", "/%5C%5Cevil", "\\/evil", "/.//evil", "/@evil", "/a?b#//c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next, "/")
		if got != next && got != "/" {
			t.Fatalf("safeNext(%q) = %q: neither the input nor the fallback", next, got)
		}
		seen := browserReads(got)
		u, err := url.Parse(seen)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q: %+v, %v", next, got, seen, u, err)
		}
		// A proxy that decodes the path once more sees no other host either.
		path, _, _ := strings.Cut(seen, "?")
		if decoded, err := url.PathUnescape(path); err == nil && strings.HasPrefix(browserReads(decoded), "//") {
			t.Fatalf("safeNext(%q) = %q, whose path decodes to %q", next, got, decoded)
		}
	})
}
