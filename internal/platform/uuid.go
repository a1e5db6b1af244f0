package platform

import "fmt"

// UUID formats 16 random bytes as a version-4 UUID (RFC 9562). Callers
// choose the randomness: crypto/rand for real ids, a seeded generator for
// reproducible demo and benchmark data.
func UUID(b [16]byte) string {
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
