package idn

import (
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidPhone is returned by NormalizePhone. Its message is shown to
// users as is.
var ErrInvalidPhone = errors.New("nomor telepon tidak valid")

// Limits on the national significant number (the digits after +62).
const (
	minNational = 8
	maxNational = 13
)

// NormalizePhone converts an Indonesian phone or WhatsApp number to E.164
// ("+6281234567890"). It accepts the usual ways of writing one:
// "0812-3456-7890", "62812…", "+62 812 …", "0062 812 …" and "812…";
// spaces, dashes, dots and parentheses are ignored. The national number
// (after +62, without the trunk 0) must be 8–13 ASCII digits and start with a
// non-zero digit; otherwise ErrInvalidPhone is returned. Numbers with another
// country code are rejected.
func NormalizePhone(raw string) (string, error) {
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range raw {
		switch {
		case r == '-' || r == '.' || r == '(' || r == ')' || unicode.IsSpace(r):
			continue
		case r == '+' && b.Len() == 0:
			b.WriteByte('+')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", ErrInvalidPhone
		}
	}
	s := b.String()
	var national string
	switch {
	case strings.HasPrefix(s, "+"):
		rest, ok := strings.CutPrefix(s, "+62")
		if !ok {
			return "", ErrInvalidPhone
		}
		national = rest
	case strings.HasPrefix(s, "0062"):
		national = s[4:]
	case strings.HasPrefix(s, "62"):
		national = s[2:]
	case strings.HasPrefix(s, "0"):
		national = s[1:]
	default:
		national = s
	}
	// People often write "+62 0812…": the trunk 0 after the country code is dropped.
	if strings.HasPrefix(s, "+620") || strings.HasPrefix(s, "620") {
		national = strings.TrimPrefix(national, "0")
	}
	if len(national) < minNational || len(national) > maxNational || national[0] == '0' {
		return "", ErrInvalidPhone
	}
	return "+62" + national, nil
}

// MaskPhone hides the middle of a phone number for lists (personal data
// protection): "+6281234567890" → "+62812****7890", keeping the country code,
// the first three national digits and the last four. The input is normalised
// first; anything that is not a valid Indonesian number is masked entirely.
func MaskPhone(e164 string) string {
	n, err := NormalizePhone(e164)
	if err != nil {
		return strings.Repeat("*", utf8.RuneCountInString(strings.TrimSpace(e164)))
	}
	national := n[3:]
	return "+62" + national[:3] + strings.Repeat("*", len(national)-7) + national[len(national)-4:]
}

// LocalPhone writes a number the way Indonesians type it, with the trunk
// 0: "+6281234567890" → "081234567890" (for pre-filling a form). Anything
// else is returned as given.
func LocalPhone(e164 string) string {
	if national, ok := strings.CutPrefix(e164, "+62"); ok {
		return "0" + national
	}
	return e164
}

// WhatsAppLink returns a click-to-chat link:
// "https://wa.me/6281234567890?text=Halo%20Kak" (no query when text is
// empty). The number is normalised when possible; otherwise its digits are
// used as given.
func WhatsAppLink(e164, text string) string {
	number := e164
	if n, err := NormalizePhone(e164); err == nil {
		number = n
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	link := "https://wa.me/" + digits
	if text != "" {
		// QueryEscape encodes spaces as '+'; WhatsApp expects %20. A literal
		// '+' is already escaped as %2B, so the replacement is safe.
		link += "?text=" + strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
	}
	return link
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidNIB reports whether s is an OSS Nomor Induk Berusaha: exactly 13 ASCII
// digits.
func ValidNIB(s string) bool { return allDigits(s, 13) }
