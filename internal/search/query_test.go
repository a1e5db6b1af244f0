package search

import (
	"slices"
	"strings"
	"testing"
)

// TestSynonymFile: the embedded list reads, every group has a variant, and
// each word belongs to one group (the parser refuses a second).
func TestSynonymFile(t *testing.T) {
	syn := synonyms()
	if len(syn.groups) < 10 {
		t.Fatalf("only %d synonym groups read", len(syn.groups))
	}
	for _, g := range syn.groups {
		if len(g) < 2 {
			t.Errorf("group %v has no variant", g)
		}
	}
	for _, w := range []string{"pempek", "empek", "mpek", "kripik", "sumsel", "jogja"} {
		if _, ok := syn.group[w]; !ok {
			t.Errorf("%q is in no group", w)
		}
	}
	for _, bad := range []string{"pempek: mpek\nmpek: empek\n", "pempek\n", "pempek:\n", "pempek: dan\n"} {
		if _, err := parseSynonyms([]byte(bad), DefaultStemmer()); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestParseQueryExpandsSynonyms(t *testing.T) {
	for _, c := range []struct {
		text, fts, tsq string
	}{
		{"Kopi Bubuk", `"kopi" AND "bubuk"`, `kopi & bubuk`},
		{"empek-empek palembang", `(("empek") OR ("pempek") OR ("mpek")) AND "palembang"`, `(empek | pempek | mpek) & palembang`},
		{"pempek sumsel", `(("pempek") OR ("empek") OR ("mpek")) AND (("sumsel") OR ("sumatera" AND "selatan"))`,
			`(pempek | empek | mpek) & (sumsel | (sumatera & selatan))`},
		{"pempek mpek", `(("pempek") OR ("empek") OR ("mpek"))`, `(pempek | empek | mpek)`}, // one group, one term
		{"dan yang", ``, ``},
	} {
		q := ParseQuery(c.text)
		if got := q.fts(); got != c.fts {
			t.Errorf("%q: FTS5 %s, want %s", c.text, got, c.fts)
		}
		if got := q.tsquery(""); got != c.tsq {
			t.Errorf("%q: tsquery %s, want %s", c.text, got, c.tsq)
		}
	}
	q := ParseQuery("kopi sumsel")
	if got, want := q.tsqueryAny(":A"), `kopi:A | (sumsel:A | (sumatera:A & selatan:A))`; got != want {
		t.Errorf("any of kopi sumsel: %s, want %s", got, want)
	}
	if got := q.Roots(); !slices.Equal(got, []string{"kopi", "sumsel"}) {
		t.Errorf("roots %v", got)
	}
}

func TestPlaceText(t *testing.T) {
	for code, want := range map[string]string{
		"16.71": "Palembang Sumatera Selatan",
		"16.10": "Ogan Ilir Sumatera Selatan",
		"31.71": "Jakarta Pusat DKI Jakarta",
		"34.71": "Yogyakarta DI Yogyakarta",
		"99.99": "",
	} {
		if got := PlaceText(code); got != want {
			t.Errorf("PlaceText(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestEditsAndDistance(t *testing.T) {
	e := edits1("pmpek")
	for _, want := range []string{"pempek", "mpek", "pmepk", "mppek", "pmpak"} {
		if !slices.Contains(e, want) {
			t.Errorf("edits1(pmpek) lacks %q", want)
		}
	}
	if slices.Contains(e, "pmpek") {
		t.Error("edits1 holds the word itself")
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{
		{"pempek", "pempek", 0}, {"pmpek", "pempek", 1}, {"pmepek", "pempek", 1}, {"plembng", "palembang", 2},
		{"kopi", "sepatu", 3}, // beyond the limit of 2
	} {
		if got := editDistance(c.a, c.b, 2); got != c.d {
			t.Errorf("editDistance(%s, %s) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestRewriteQuery(t *testing.T) {
	got := RewriteQuery("Pmpek, Palembang!", map[string]string{"pmpek": "pempek"})
	if got != "pempek palembang" {
		t.Errorf("rewrite: %q", got)
	}
	if got := RewriteQuery("menjual kopi", map[string]string{"jual": "juak"}); !strings.HasPrefix(got, "juak") {
		t.Errorf("a word is replaced by its root's correction: %q", got)
	}
}
