// Package apperr is kefu's one error type: a code that maps to an HTTP status
// in one place (httpapi), a message key translated into the caller's language,
// and optional field details for bad input.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	Forbidden       Code = "forbidden"
	TooLarge        Code = "too_large"
	RateLimited     Code = "rate_limited"
	Unavailable     Code = "unavailable"
	Internal        Code = "internal"
)

// FieldError names one bad field: Field is a path like "body.subject", Key an
// i18n message key, Args its parameters.
type FieldError struct {
	Field string
	Key   string
	Args  []any
	Value any
}

// Error is an application error.
type Error struct {
	Code    Code
	Key     string // i18n key of the summary message
	Args    []any
	Fields  []FieldError
	Current any   // for Conflict: the current state of the resource
	Err     error // cause, never shown to clients
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Key)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Field returns an Invalid error for one field.
func Field(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: "err.invalid", Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// Fields collects field errors; Err returns nil when none were added.
type Fields []FieldError

// Add records a bad field.
func (f *Fields) Add(field, key string, args ...any) {
	*f = append(*f, FieldError{Field: field, Key: key, Args: args})
}

// Err returns the collected errors as one Invalid error, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "err.invalid", Fields: f}
}

// NotFoundf returns a NotFound error for a kind of thing.
func NotFoundf(kind string) *Error { return New(NotFound, "err.not_found."+kind) }

// ConflictWith returns a Conflict error carrying the current state.
func ConflictWith(current any) *Error {
	return &Error{Code: Conflict, Key: "err.conflict.version", Current: current}
}

// Wrap marks an unexpected error as Internal, keeping the cause for logs.
func Wrap(err error, context string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	return &Error{Code: Internal, Key: "err.internal", Err: fmt.Errorf("%s: %w", context, err)}
}

// CodeOf returns the code of err (Internal for foreign errors).
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// As returns err as *Error when it is one.
func As(err error) (*Error, bool) {
	var ae *Error
	ok := errors.As(err, &ae)
	return ae, ok
}

// ConflictField returns a Conflict error naming the field whose value is
// taken (a unique name, email or code).
func ConflictField(field, key string) *Error {
	return &Error{Code: Conflict, Key: key, Fields: []FieldError{{Field: field, Key: key}}}
}
