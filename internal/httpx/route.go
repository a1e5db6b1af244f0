package httpx

import (
	"net/http"
	"sync"
)

// Recorder is a ResponseWriter that remembers the status written and the
// route pattern that served the request, for the request metrics. Take one
// with NewRecorder and give it back with Release: they are pooled, so
// measuring a request allocates nothing.
type Recorder struct {
	http.ResponseWriter
	Status int
	// Pattern is the ServeMux pattern of the innermost mux that routed the
	// request (see Routed), such as "GET /produk/{id}": never the raw path,
	// whose ids would make one series per product.
	Pattern string
}

var recorders = sync.Pool{New: func() any { return new(Recorder) }}

// NewRecorder returns a pooled Recorder writing to w.
func NewRecorder(w http.ResponseWriter) *Recorder {
	rec := recorders.Get().(*Recorder)
	rec.ResponseWriter, rec.Status, rec.Pattern = w, 0, ""
	return rec
}

// Release returns rec to the pool; rec must not be used afterwards.
func (rec *Recorder) Release() {
	rec.ResponseWriter = nil
	recorders.Put(rec)
}

func (rec *Recorder) WriteHeader(status int) {
	if rec.Status == 0 {
		rec.Status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *Recorder) Write(b []byte) (int, error) {
	if rec.Status == 0 {
		rec.Status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (rec *Recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// Routed serves through mux and then notes the pattern it matched on the
// Recorder beneath w, if any. The web UI and the API each copy the request
// (r.WithContext) before their own mux routes it, so the pattern is not
// visible from outside; wrapping each mux with Routed brings it out. The
// innermost mux returns first, so its pattern is the one kept.
func Routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if rec := recorderOf(w); rec != nil && rec.Pattern == "" {
			rec.Pattern = r.Pattern
		}
	})
}

// recorderOf finds the Recorder under w's wrappers (gzip and the like,
// which Unwrap as http.ResponseController expects).
func recorderOf(w http.ResponseWriter) *Recorder {
	for {
		switch v := w.(type) {
		case *Recorder:
			return v
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return nil
		}
	}
}
