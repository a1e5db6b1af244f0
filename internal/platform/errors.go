// Package platform is Gerai's small shared kernel: the error vocabulary,
// the acting user carried in a context, and cursor paging.
package platform

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for the edges (HTTP status, form rendering).
type Kind string

const (
	KindInvalid      Kind = "invalid"
	KindNotFound     Kind = "not_found"
	KindConflict     Kind = "conflict"
	KindUnauthorized Kind = "unauthorized"
	KindForbidden    Kind = "forbidden"
	KindTooLarge     Kind = "too_large"
	KindInternal     Kind = "internal"

	// KindTooManyRequests: the client must wait (Error.RetryAfter) before trying again.
	KindTooManyRequests Kind = "too_many_requests"
	// KindUnavailable: the database cannot take the request now (a failover);
	// the client tries again after Error.RetryAfter.
	KindUnavailable Kind = "unavailable"
)

// FieldError names one bad input field with a message for the person who typed it.
// Message is in Bahasa Indonesia; Key (its format, "" when Message is its own
// key) and Args let the edges translate it (package i18n).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// Field builds a field error from an Indonesian format and its arguments.
func Field(field, format string, args ...any) FieldError {
	return FieldError{Field: field, Message: sprintf(format, args), Key: format, Args: args}
}

// Error is an error that is safe to show: Message and Fields reach the client,
// the wrapped Err never does. Message is in Bahasa Indonesia, the source
// language; Key and Args translate it as for FieldError.
type Error struct {
	Kind    Kind
	Message string
	Key     string
	Args    []any
	Fields  []FieldError
	Err     error
	// RetryAfter is how long the client should wait before trying again
	// (KindTooManyRequests); the edges send it as a Retry-After header.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a safe error of the given kind from an Indonesian format
// (a literal: it is the key translations are found by) and its arguments.
// Arguments that read differently by language are Count, Rupiah and Text.
func Errorf(kind Kind, format string, args ...any) error {
	return Newf(kind, format, args...)
}

// Newf is Errorf as an *Error, for a caller that sets its Fields, Err or
// RetryAfter before returning it.
func Newf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: sprintf(format, args), Key: format, Args: args}
}

// OnField adds a field error with e's own message (key and arguments) for
// field, and returns e.
func (e *Error) OnField(field string) *Error {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: e.Message, Key: e.Key, Args: e.Args})
	return e
}

// Invalid is an invalid-input error about one field, with the same message
// for the form and for the field.
func Invalid(field, format string, args ...any) error {
	return Newf(KindInvalid, format, args...).OnField(field)
}

// NotFound reports a missing record; what is named in Indonesian, e.g.
// "Produk" (a literal, translated as a Text).
func NotFound(what string) error {
	return Newf(KindNotFound, "%s tidak ditemukan", Textf(what))
}

func sprintf(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Forbidden reports an actor acting outside its rights.
func Forbidden() error {
	return &Error{Kind: KindForbidden, Message: "Anda tidak berhak melakukan ini"}
}

// Unauthorized reports a missing or invalid login.
func Unauthorized() error {
	return &Error{Kind: KindUnauthorized, Message: "Silakan masuk terlebih dahulu"}
}

// ErrorKind returns the kind of err, KindInternal for errors not from this package.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrorMessage returns the message safe to show for err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return InternalMessage
}

// Msg marks a fixed Indonesian text that the system stores or shows (an
// order history note) as a catalogue message, as gettext's N_ does: it
// returns text unchanged, and the catalogue test finds it and requires its
// translations. The edges translate it with i18n.Error.
func Msg(text string) string { return text }

// InternalMessage is what the client is told of an error that is not its own.
const InternalMessage = "Terjadi kesalahan di server. Silakan coba lagi."

// RetryAfter returns how long the client should wait before trying again, 0 when err does not say.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ErrorFields returns the field errors carried by err.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field errors and turns them into one invalid error.
type Validation struct {
	fields []FieldError
}

// Add records that field is wrong, with an Indonesian format (a literal).
func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, Field(field, format, args...))
}

// Check records the message for field when ok is false.
func (v *Validation) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Merge records the field errors err carries (nil records nothing): those
// of a helper that checks one thing and returns an Invalid error.
func (v *Validation) Merge(err error) {
	v.fields = append(v.fields, ErrorFields(err)...)
}

// Err returns nil when nothing was recorded.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: "Data yang dikirim belum benar", Fields: v.fields}
}
