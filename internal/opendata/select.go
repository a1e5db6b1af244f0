package opendata

import (
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// Query selects published rows, as CKAN's datastore_search does: Filters
// match a field exactly (any of several values), Q matches every word in
// some field. Both look at the published rows only, so a query picking a
// withheld cell gets it withheld, and no query sees what Suppress hid.
type Query struct {
	Filters map[string][]string
	Q       string
	// Province keeps a province and its regencies (the web page's filter).
	Province string
}

// MaxQueryLength bounds Q.
const MaxQueryLength = 200

// Validate checks q against d's fields.
func (q Query) Validate(d *Dataset) error {
	var v platform.Validation
	for f := range q.Filters {
		v.Check(d.hasField(f), "filters", "Kolom %q tidak ada di dataset ini", f)
	}
	v.Check(len(q.Q) <= MaxQueryLength, "q", "Kata kunci maksimal 200 karakter")
	return v.Err()
}

func (d *Dataset) hasField(name string) bool {
	for _, f := range d.Fields() {
		if f.ID == name {
			return true
		}
	}
	return false
}

// Select is the rows of d matching q (validated first).
func Select(d *Dataset, rows []Row, q Query) ([]Row, error) {
	at, err := Match(d, rows, q)
	if err != nil {
		return nil, err
	}
	out := make([]Row, len(at))
	for i, k := range at {
		out[i] = rows[k]
	}
	return out, nil
}

// Match is the positions in rows of those matching q (validated first).
func Match(d *Dataset, rows []Row, q Query) ([]int, error) {
	if err := q.Validate(d); err != nil {
		return nil, err
	}
	fields := d.Fields()
	index := map[string]int{}
	for i, f := range fields {
		index[f.ID] = i
	}
	words := strings.Fields(strings.ToLower(q.Q))
	out := []int{}
	for k, r := range rows {
		if q.Province != "" && r.KodeWilayah != q.Province && !strings.HasPrefix(r.KodeWilayah, q.Province+".") {
			continue
		}
		vals := r.Values(d)
		ok := true
		for f, want := range q.Filters {
			got := text(vals[index[f]])
			match := false
			for _, w := range want {
				match = match || got == w
			}
			ok = ok && match
		}
		for _, w := range words {
			found := false
			for _, v := range vals {
				found = found || strings.Contains(strings.ToLower(text(v)), w)
			}
			ok = ok && found
		}
		if ok {
			out = append(out, k)
		}
	}
	return out, nil
}
