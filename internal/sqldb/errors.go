package sqldb

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gerai-id/gerai/internal/platform"
)

// The database errors callers ask about, translated alike on both dialects.

// UniqueViolation reports whether err is a unique-constraint violation.
func UniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// ForeignKeyViolation reports whether err is a foreign-key violation.
func ForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// ExclusionViolation reports whether err is an exclusion-constraint
// violation: two rows that may not coexist, such as two turns of one stall
// at overlapping dates. PostgreSQL reports 23P01; on SQLite a trigger
// raises it, its message starting with "exclusion_violation" (see the
// mall's migration).
func ExclusionViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT && strings.Contains(se.Error(), "exclusion_violation")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23P01"
	}
	return false
}

// translate is where a database error that no caller turned into a message
// of its own becomes a platform error: every write runs through InTx,
// InGroupTx or a pool's Exec, which call it. Unique violations are each the
// caller's to name (which email, which booth), so they pass; a foreign-key
// violation means a record referred to is gone (deleted or changed since
// the caller checked) or never was (an id a pre-check missed): a conflict
// with the data as it now is, never a server error. SQLite does not say
// which side of the reference failed, so one message covers both.
func translate(err error) error {
	var pe *platform.Error
	if err == nil || !ForeignKeyViolation(err) || errors.As(err, &pe) {
		return err
	}
	return &platform.Error{Kind: platform.KindConflict, Message: "Data yang dirujuk tidak ada atau masih dipakai data lain; muat ulang lalu coba lagi", Err: err}
}

// IsRetryable reports whether the transaction may succeed if run again.
func IsRetryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_BUSY
	}
	return false
}
