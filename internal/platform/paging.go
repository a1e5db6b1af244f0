package platform

import (
	"encoding/base64"
	"encoding/json"
)

// EncodeCursor turns a position into an opaque cursor string.
func EncodeCursor(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor into v; a malformed cursor is an invalid error.
func DecodeCursor(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return &Error{Kind: KindInvalid, Message: "Kursor halaman tidak valid",
			Fields: []FieldError{{Field: "cursor", Message: "kursor tidak dikenali"}}}
	}
	return nil
}
