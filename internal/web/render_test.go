package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLostDatabaseIsA503ToTryAgain: an error that says the connection to the
// database was lost (a failover) shows as a 503 with a Retry-After and the
// words "try again", as the API answers, not as a 500.
func TestLostDatabaseIsA503ToTryAgain(t *testing.T) {
	srv := &server{Services: Services{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, tmpl: mustParseTemplates()}
	w := httptest.NewRecorder()
	srv.renderError(w, httptest.NewRequest("GET", "/produk/1", nil), fmt.Errorf("load product: %w", io.ErrUnexpectedEOF))
	if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "Coba lagi") {
		t.Errorf("a lost connection: %d, Retry-After %q, want 503 with a Retry-After saying to try again",
			w.Code, w.Header().Get("Retry-After"))
	}
}

// TestMessagesWrittenIntoTemplates: a message call becomes the message's
// text, escaped where it is HTML text or a plain attribute, and a string
// constant (escaped by html/template for its context) anywhere else.
func TestMessagesWrittenIntoTemplates(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`<a>{{.T "search"}}</a>`, `<a>Cari</a>`},
		{`<a>{{$.T "search"}}</a>`, `<a>Cari</a>`},
		{`<img alt="{{.Page.T "search"}}">`, `<img alt="Cari">`},
		{`<a href="/x?q={{.T "search"}}">`, `<a href="/x?q={{"Cari"}}">`},
		{`{{.Tf "footer_credits" (.T "search")}}`, `{{.Tf "footer_credits" ("Cari")}}`},
		{`<script>var s = {{.T "search"}}</script>`, `<script>var s = {{"Cari"}}</script>`},
		{`<meta content="{{.T "search"}}">`, `<meta content="{{"Cari"}}">`},
	} {
		if got := withMessages("id", tc.src); got != tc.want {
			t.Errorf("withMessages(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if got := withMessages("en", `<p>{{.T "search"}}</p>`); got != `<p>Search</p>` {
		t.Errorf("in English: %q", got)
	}
}
