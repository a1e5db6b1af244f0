package httpx

import (
	"net/http"

	"github.com/gerai-id/gerai/internal/platform"
)

// statuses is the one table from error kinds to HTTP statuses: the API's
// problems, the web UI's error pages and the cashier's sync all answer
// with it, so the same error is the same status everywhere.
var statuses = map[platform.Kind]int{
	platform.KindInvalid:      http.StatusUnprocessableEntity,
	platform.KindNotFound:     http.StatusNotFound,
	platform.KindConflict:     http.StatusConflict,
	platform.KindUnauthorized: http.StatusUnauthorized,
	platform.KindForbidden:    http.StatusForbidden,
	platform.KindTooLarge:     http.StatusRequestEntityTooLarge,
	// The login rate limit; the API and the login form add Retry-After.
	platform.KindTooManyRequests: http.StatusTooManyRequests,
	// A failover: the API adds Retry-After (sqldb's unavailable errors).
	platform.KindUnavailable: http.StatusServiceUnavailable,
	platform.KindInternal:    http.StatusInternalServerError,
}

// Status is the HTTP status of an error of kind; 500 for KindInternal and
// for a kind the table does not know (a test checks it knows every kind).
func Status(kind platform.Kind) int {
	if s, ok := statuses[kind]; ok {
		return s
	}
	return http.StatusInternalServerError
}
