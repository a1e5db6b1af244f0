package httpx

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

// TestEveryKindHasAStatus reads the platform package's source for its Kind
// constants, so a kind added there without a status here fails.
func TestEveryKindHasAStatus(t *testing.T) {
	dir := filepath.Join("..", "platform")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []platform.Kind
	fset := token.NewFileSet()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Kind" {
					continue
				}
				for _, val := range v.Values {
					lit := val.(*ast.BasicLit)
					kinds = append(kinds, platform.Kind(strings.Trim(lit.Value, `"`)))
				}
			}
		}
	}
	if len(kinds) < 7 {
		t.Fatalf("found %d kinds in %s (%v): the parse missed some", len(kinds), dir, kinds)
	}
	for _, k := range kinds {
		s, ok := statuses[k]
		switch {
		case !ok:
			t.Errorf("kind %q has no HTTP status", k)
		case k == platform.KindInternal && s != http.StatusInternalServerError:
			t.Errorf("internal errors answer %d, want 500", s)
		case k == platform.KindUnavailable && s != http.StatusServiceUnavailable:
			// A failover: the client retries after Retry-After (sqldb).
			t.Errorf("unavailable answers %d, want 503", s)
		case k != platform.KindInternal && k != platform.KindUnavailable && (s < 400 || s >= 500):
			t.Errorf("kind %q answers %d: a client error must be 4xx", k, s)
		}
	}
	if got := Status("no_such_kind"); got != http.StatusInternalServerError {
		t.Errorf("an unknown kind answers %d, want 500", got)
	}
}
