package umkm

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Filter selects UMKM for lists. Empty fields do not filter.
type Filter struct {
	// Text is a full-text query over name, category, description and owner (stemmed).
	Text         string
	ProvinceCode string
	RegencyCode  string
	Status       Status
	Scale        Scale
	Category     string
	OwnerID      int64 // the seller's own list
	Limit        int
	Cursor       string
}

// Page is one page of a list.
type Page struct {
	Items      []UMKM
	NextCursor string
}

// listCursor is the last id seen when browsing, or an offset into ranked results.
type listCursor struct {
	AfterID int64 `json:"a,omitempty"`
	Offset  int   `json:"o,omitempty"`
}

// Validate checks the filter values a client typed.
func (f *Filter) Validate() error {
	var v platform.Validation
	if f.ProvinceCode != "" {
		_, ok := region.ProvinceByCode(f.ProvinceCode)
		v.Check(ok, "province", "Provinsi tidak dikenal")
	}
	if f.RegencyCode != "" {
		_, ok := region.RegencyByCode(f.RegencyCode)
		v.Check(ok, "regency", "Kabupaten/kota tidak dikenal")
	}
	v.Check(f.Status == "" || f.Status.Valid(), "status", "Status harus draft, submitted, verified atau rejected")
	v.Check(f.Scale == "" || ValidScale(f.Scale), "scale", "Skala harus mikro, kecil atau menengah")
	v.Check(f.Category == "" || ValidCategory(f.Category), "category", "Kategori tidak dikenal")
	v.Check(f.Limit >= 0 && f.Limit <= 100, "limit", "Batas per halaman 1–100")
	v.Check(len(f.Text) <= 200, "q", "Kata kunci maksimal 200 karakter")
	return v.Err()
}

// Visible relates the registry to a scope: verified UMKM are public; the
// rest belong to their owner and their province's agency.
var Visible = account.Columns{Public: "status = 'verified'", Own: "owner_id = ?", Province: "province_code = ?"}

// staffOnly is the registry's private part: what an agency counts and
// verifies (its province's UMKM, whatever their status).
var staffOnly = account.Columns{Province: "province_code = ?"}

// List returns the UMKM matching f that the actor may see (Visible under
// its scope), newest first.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	if err := f.Validate(); err != nil {
		return Page{}, err
	}
	if f.Limit == 0 {
		f.Limit = 20
	}
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }

	scope, scopeArgs := account.ScopeOf(platform.ActorFrom(ctx)).Where(Visible)
	add(scope, scopeArgs...)
	if f.ProvinceCode != "" {
		add("province_code = ?", f.ProvinceCode)
	}
	if f.RegencyCode != "" {
		add("regency_code = ?", f.RegencyCode)
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Scale != "" {
		add("scale = ?", string(f.Scale))
	}
	if f.Category != "" {
		add("category = ?", f.Category)
	}
	if f.OwnerID != 0 {
		add("owner_id = ?", f.OwnerID)
	}
	var c listCursor
	if f.Cursor != "" {
		if err := platform.DecodeCursor(f.Cursor, &c); err != nil {
			return Page{}, err
		}
		if c.Offset < 0 || c.Offset > 10_000 {
			return Page{}, platform.Errorf(platform.KindInvalid, "Kursor halaman tidak valid")
		}
	}
	from, order := "umkm", "id DESC"
	var fromArgs []any
	ranked := false
	if f.Text != "" {
		sq := search.ParseQuery(f.Text)
		if sq.Empty() {
			return Page{Items: []UMKM{}}, nil
		}
		m := search.UMKMMatch(s.db.Dialect, "umkm", sq)
		from, fromArgs, order, ranked = "umkm "+m.From, m.FromArgs, m.Newest.By+", id", true
		where = append([]string{m.Where}, where...)
		args = append(append([]any{}, m.WhereArgs...), args...)
	} else if c.AfterID > 0 {
		add("id < ?", c.AfterID)
	}
	q := `SELECT ` + columns + ` FROM ` + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ? OFFSET ?"
	args = append(append(fromArgs, args...), f.Limit+1, c.Offset)
	rows, err := s.db.Reader().Query(ctx, q, args...)
	var p Page
	if p.Items, err = sqldb.Collect(rows, err, scan); err != nil {
		return Page{}, err
	}
	if len(p.Items) > f.Limit {
		p.Items = p.Items[:f.Limit]
		if ranked {
			p.NextCursor = platform.EncodeCursor(listCursor{Offset: c.Offset + f.Limit})
		} else {
			p.NextCursor = platform.EncodeCursor(listCursor{AfterID: p.Items[f.Limit-1].ID})
		}
	}
	return p, nil
}

// QueueCount is the number of UMKM waiting for verification in one regency.
type QueueCount struct {
	RegencyCode string
	Count       int
}

// VerificationQueue counts submitted UMKM per regency, over the UMKM the
// actor verifies (its province's for an agency, all for an admin).
func (s *Service) VerificationQueue(ctx context.Context) ([]QueueCount, error) {
	actor := platform.ActorFrom(ctx)
	if err := account.Authorize(actor, account.Verify, account.Resource{ProvinceCode: actor.ProvinceCode}); err != nil {
		return nil, err
	}
	scope, args := account.ScopeOf(actor).Where(staffOnly)
	rows, err := s.db.Reader().Query(ctx, `SELECT regency_code, COUNT(*) FROM umkm WHERE status = 'submitted' AND `+scope+`
		GROUP BY regency_code ORDER BY regency_code`, args...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (c QueueCount, err error) {
		err = r.Scan(&c.RegencyCode, &c.Count)
		return c, err
	})
}

// Stats sums up the registry an agency answers for.
type Stats struct {
	ByStatus      map[string]int // by Status
	ByScale       map[string]int // by Scale, verified UMKM only
	Turnover      int64          // declared annual turnover of verified UMKM, rupiah
	VerifiedCount int
}

// RegistryStats returns the registry figures of the UMKM the actor answers
// for: its province's for an agency, the whole country's for an admin.
func (s *Service) RegistryStats(ctx context.Context) (Stats, error) {
	actor := platform.ActorFrom(ctx)
	if err := account.Authorize(actor, account.Verify, account.Resource{ProvinceCode: actor.ProvinceCode}); err != nil {
		return Stats{}, err
	}
	scope, args := account.ScopeOf(actor).Where(staffOnly)
	st := Stats{ByStatus: map[string]int{}, ByScale: map[string]int{}}
	// Each UMKM's turnover is at most Rp50 miliar (validated), so even 65
	// million UMKM sum to less than int64 holds.
	rows, err := s.db.Reader().Query(ctx, `SELECT status, scale, COUNT(*), COALESCE(SUM(turnover), 0)
		FROM umkm WHERE `+scope+` GROUP BY status, scale`, args...)
	type group struct {
		status   Status
		scale    Scale
		n        int
		turnover int64
	}
	groups, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (g group, err error) {
		err = r.Scan(&g.status, &g.scale, &g.n, &g.turnover)
		return g, err
	})
	if err != nil {
		return Stats{}, err
	}
	for _, g := range groups {
		st.ByStatus[string(g.status)] += g.n
		if g.status == StatusVerified {
			st.ByScale[string(g.scale)] += g.n
			st.Turnover += g.turnover
			st.VerifiedCount += g.n
		}
	}
	return st, nil
}
