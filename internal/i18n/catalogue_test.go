package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

func TestEveryLanguageHasEveryUIKey(t *testing.T) {
	if len(Langs()) < 2 || Langs()[0] != "id" {
		t.Fatalf("languages %v: want id first and at least one more", Langs())
	}
	want := MessageKeys(Default)
	for _, lang := range Langs()[1:] {
		have := map[string]bool{}
		for _, k := range MessageKeys(lang) {
			have[k] = true
		}
		for _, k := range want {
			if !have[k] {
				t.Errorf("%s.json lacks message %q", lang, k)
			}
			delete(have, k)
		}
		for k := range have {
			t.Errorf("%s.json has message %q that id.json does not", lang, k)
		}
	}
}

func TestPluralsAndFallback(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, "1 order"},
		{"en", 2, "2 orders"},
		{"en", 1500, "1,500 orders"},
		{"id", 1, "1 pesanan"},
		{"id", 1500, "1.500 pesanan"},
	} {
		if got := N(tc.lang, "n_orders", tc.n); got != tc.want {
			t.Errorf("N(%s, n_orders, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := T("xx", "login"); got != "Masuk" {
		t.Errorf("an unknown language falls back to Indonesian: got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"":                            "id",
		"en":                          "en",
		"en-US,en;q=0.9":              "en",
		"id-ID,id;q=0.9,en;q=0.8":     "id",
		"fr-FR,en;q=0.5,id;q=0.4":     "en",
		"de, fr":                      "id",
		"en;q=0.1, in;q=0.9":          "id",
		"en;q=bogus, id;q=0.2, en-GB": "en",
	} {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", header, got, want)
		}
	}
}

// TestEveryDomainMessageIsTranslated reads Gerai's Go sources for the
// Indonesian messages that domain errors are built from and fails when a
// language lacks one, when a language translates one nobody uses any more,
// or when a message is not a literal (a translation can only be found for
// a fixed format; the variable parts go in its arguments).
func TestEveryDomainMessageIsTranslated(t *testing.T) {
	used, problems := domainMessages(t, "../..")
	for _, p := range problems {
		t.Error(p)
	}
	used[platform.InternalMessage] = "platform.InternalMessage"
	if len(used) < 100 {
		t.Fatalf("found only %d domain messages: the scanner no longer recognises how errors are built", len(used))
	}
	for _, lang := range Langs()[1:] {
		have := map[string]bool{}
		for _, k := range ErrorKeys(lang) {
			have[k] = true
		}
		var missing []string
		for k, where := range used {
			if !have[k] {
				missing = append(missing, where+": "+strconv.Quote(k))
			}
			delete(have, k)
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("%s.json \"errors\" lacks %s", lang, m)
		}
		for k := range have {
			t.Errorf("%s.json \"errors\" translates %q, which no code uses", lang, k)
		}
	}
}

// domainMessages collects message literals (→ first place used) from the
// ways errors are built: platform.Errorf/Invalid/Field/NotFound, a
// Validation's Add/Check, and platform.Error / FieldError literals.
func domainMessages(t *testing.T, root string) (map[string]string, []string) {
	used := map[string]string{}
	var problems []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "node_modules" || (strings.HasPrefix(name, ".") && path != root) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inPlatform := f.Name.Name == "platform"
		rel, _ := filepath.Rel(root, path)
		record := func(e ast.Expr, what string) {
			pos := rel + ":" + strconv.Itoa(fset.Position(e.Pos()).Line)
			s, ok := literal(e)
			if !ok {
				if _, isIdent := e.(*ast.Ident); isIdent && inPlatform {
					return // the constructors themselves pass their format on
				}
				problems = append(problems, pos+": "+what+" is not a string literal; put the variable parts in arguments")
				return
			}
			if _, seen := used[s]; !seen {
				used[s] = pos
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name, pkg := callee(n)
				fromPlatform := pkg == "platform" || (pkg == "" && inPlatform)
				switch {
				case fromPlatform && (name == "Errorf" || name == "Invalid" || name == "Field") && len(n.Args) >= 2:
					record(n.Args[1], name+"'s format")
				case fromPlatform && name == "Msg" && len(n.Args) == 1:
					record(n.Args[0], "Msg's text")
				case fromPlatform && name == "NotFound" && len(n.Args) == 1:
					record(n.Args[0], "NotFound's noun")
					used["%s tidak ditemukan"] = "platform.NotFound"
				case pkg != "" && name == "Add" && len(n.Args) >= 2 && isStringLit(n.Args[0]):
					record(n.Args[1], "Add's message")
				case pkg != "" && name == "Check" && len(n.Args) >= 3 && isStringLit(n.Args[1]):
					record(n.Args[2], "Check's message")
				}
			case *ast.CompositeLit:
				name := typeName(n.Type, inPlatform)
				if arr, ok := n.Type.(*ast.ArrayType); ok && typeName(arr.Elt, inPlatform) == "FieldError" {
					for _, el := range n.Elts { // []platform.FieldError{{Field: …, Message: …}}
						if inner, ok := el.(*ast.CompositeLit); ok && inner.Type == nil {
							messageOf(inner, record)
						}
					}
				}
				if name == "Error" || name == "FieldError" {
					messageOf(n, record)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return used, problems
}

// messageOf records the message of an Error or FieldError literal: its Key
// when it has one, else its Message.
func messageOf(c *ast.CompositeLit, record func(ast.Expr, string)) {
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, _ := kv.Key.(*ast.Ident)
		switch {
		case k == nil:
		case k.Name == "Key":
			record(kv.Value, "Key")
		case k.Name == "Message" && !hasKey(c):
			record(kv.Value, "Message")
		}
	}
}

func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr: // "a" + "b" across lines
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

func isStringLit(e ast.Expr) bool { _, ok := literal(e); return ok }

// callee names a call's function and the package or receiver it is
// selected from ("" for a plain call).
func callee(c *ast.CallExpr) (name, from string) {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name, ""
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return f.Sel.Name, x.Name
		}
		return f.Sel.Name, "?"
	}
	return "", ""
}

func typeName(e ast.Expr, inPlatform bool) string {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && x.Name == "platform" {
			return e.Sel.Name
		}
	case *ast.Ident:
		if inPlatform {
			return e.Name
		}
	case *ast.StarExpr:
		return typeName(e.X, inPlatform)
	}
	return ""
}

func hasKey(c *ast.CompositeLit) bool {
	for _, el := range c.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Key" {
				return true
			}
		}
	}
	return false
}
