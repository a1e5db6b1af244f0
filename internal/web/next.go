package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNextLen bounds a redirect target: no page of ours has a longer address.
const maxNextLen = 4000

// safeNext returns next when it is a path on this site, and fallback
// otherwise. It is the one check of every redirect target that comes from
// input (the "next" of the login form and of the language switch).
//
// A browser reads a Location header the WHATWG way: it drops tabs and
// newlines anywhere, reads a backslash as a slash, and takes "//host" as
// another site; a proxy or framework in between may percent-decode the path
// once more. So next must start with one "/" and not a second one, and it
// may hold no backslash and no control character; its path, decoded once or
// twice, must still not start with "//" or hold either.
func safeNext(next, fallback string) string {
	if next == "" || next[0] != '/' || len(next) > maxNextLen || !utf8.ValidString(next) {
		return fallback
	}
	path, _, _ := strings.Cut(next, "?")
	path, _, _ = strings.Cut(path, "#")
	for decodings := 0; ; decodings++ {
		if strings.HasPrefix(path, "//") || strings.ContainsFunc(path, unsafeInNext) {
			return fallback
		}
		decoded, err := url.PathUnescape(path)
		if err != nil {
			return fallback
		}
		if decoded == path {
			break
		}
		if decodings == 2 {
			return fallback // encoded three times over: no address of ours looks like that
		}
		path = decoded
	}
	if strings.ContainsFunc(next, unsafeInNext) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return next
}

// unsafeInNext reports the characters a browser drops or reads as a slash,
// and other control characters, which no address of ours holds.
func unsafeInNext(r rune) bool {
	return r == '\\' || unicode.IsControl(r) || r == utf8.RuneError
}
