package mall

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Tenancy classes (the rulebook serves them in its class order), as the engine names them.
const (
	ClassTetap     = string(allocation.ClassTetap)     // a fixed tenant: one stall for the season
	ClassBergilir  = string(allocation.ClassBergilir)  // a rotating tenant: turns shared out
	ClassPercobaan = string(allocation.ClassPercobaan) // a trial tenant
	ClassTamu      = string(allocation.ClassTamu)      // a guest, typically of a partner province
)

// Application statuses. Submitted and accepted applications take part in
// allocations; the operator's decision (accepted or rejected) carries a
// reason the applicant reads.
const (
	Submitted = "submitted"
	Accepted  = "accepted"
	Rejected  = "rejected"
	Withdrawn = "withdrawn"
)

// Needs are the stall properties an applicant needs.
type Needs struct {
	Power   bool `json:"power" doc:"Listrik"`
	Water   bool `json:"water" doc:"Air"`
	Cooking bool `json:"cooking" doc:"Boleh memasak"`
}

// Application is a UMKM's application for a season at a venue.
type Application struct {
	ID           int64  `json:"id"`
	VenueID      int64  `json:"venue_id"`
	UMKMID       int64  `json:"umkm_id"`
	UMKMName     string `json:"umkm_name"`
	RegencyCode  string `json:"regency_code"`
	ProvinceCode string `json:"province_code"`
	Scale        string `json:"scale"`
	From         string `json:"from" example:"2027-01-04"`
	To           string `json:"to" example:"2027-03-28"`
	Class        string `json:"class" enum:"tetap,bergilir,percobaan,tamu"`
	Category     string `json:"category"`
	Needs        Needs  `json:"needs"`
	Weekdays     []int  `json:"weekdays" doc:"ISO weekdays it can come (1 Monday … 7 Sunday); empty is any day"`
	Products     string `json:"products"`
	Status       string `json:"status" enum:"submitted,accepted,rejected,withdrawn"`
	// DecisionReason is the operator's reason, shown to the applicant.
	DecisionReason string `json:"decision_reason"`
	// AllocationReason is why the last allocation gave it no turn (a reason code), empty when it got one.
	AllocationReason string    `json:"allocation_reason,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
}

// ApplyFields is what a UMKM's seller sends.
type ApplyFields struct {
	UMKMID   int64
	From, To string
	Needs    Needs
	Weekdays []int
	Category string // default: the UMKM's category
	Products string
}

// Apply files a verified UMKM's application for a season at a venue: its
// owner only, once per season, for a category the venue takes, on days the
// venue opens. A UMKM of another province applies as a guest (tamu).
func (s *Service) Apply(ctx context.Context, venueID int64, f ApplyFields) (Application, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Application{}, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return Application{}, err
	}
	u, err := s.registry.Get(ctx, f.UMKMID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return Application{}, platform.Invalid("umkm_id", "UMKM tidak ditemukan")
	}
	if err != nil {
		return Application{}, err
	}
	if err := account.Authorize(a, account.ApplyForStall, account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}); err != nil {
		return Application{}, platform.Errorf(platform.KindForbidden, "Hanya pemilik UMKM yang dapat mendaftarkannya")
	}
	if u.Status != umkm.StatusVerified {
		return Application{}, platform.Invalid("umkm_id", "Hanya UMKM terverifikasi yang dapat mendaftar lapak")
	}
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return Application{}, conflict("Lokasi ini belum menerbitkan buku aturan; pendaftaran belum dibuka")
	}
	if err != nil {
		return Application{}, err
	}
	f.Category, f.Products = strings.TrimSpace(f.Category), strings.TrimSpace(f.Products)
	if f.Category == "" {
		f.Category = u.Category
	}
	var val platform.Validation
	from, _, ok := period(&val, "from", "to", f.From, f.To)
	if ok {
		val.Check(from.Format(time.DateOnly) >= s.today(v), "from", "Musim tidak boleh dimulai sebelum hari ini")
	}
	days, err := checkWeekdays("weekdays", f.Weekdays)
	val.Merge(err)
	if err == nil && len(days) > 0 && !overlaps(days, v.OpeningWeekdays) {
		val.Add("weekdays", "Lokasi tidak buka pada hari-hari itu")
	}
	if !umkm.ValidCategory(f.Category) {
		val.Add("category", "Kategori harus salah satu dari: %s", strings.Join(umkm.Categories, ", "))
	} else if !rb.takes(f.Category) {
		val.Add("category", "Lokasi ini tidak menerima kategori %s", f.Category)
	}
	val.Check(len(f.Products) <= 1000, "products", "Keterangan produk maksimal 1000 karakter")
	if err := val.Err(); err != nil {
		return Application{}, err
	}
	class := ClassBergilir
	if u.ProvinceCode != v.ProvinceCode {
		class = ClassTamu
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		// The venue's row is locked, so two applications of one UMKM cannot both pass.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM mall_applications WHERE venue_id = ? AND umkm_id = ?
			AND status IN ('submitted','accepted') AND season_from <= ? AND ? <= season_to`, v.ID, u.ID, f.To, f.From).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return platform.Newf(platform.KindConflict, "UMKM ini sudah mendaftar di lokasi ini untuk musim yang bertumpang tindih").OnField("from")
		}
		err := tx.QueryRow(ctx, `INSERT INTO mall_applications (venue_id, umkm_id, umkm_name, regency_code, province_code, scale,
			season_from, season_to, class, category, needs_power, needs_water, needs_cooking, weekdays, products, status,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?) RETURNING id`,
			v.ID, u.ID, u.Name, u.RegencyCode, u.ProvinceCode, string(u.Scale), f.From, f.To, class, f.Category,
			f.Needs.Power, f.Needs.Water, f.Needs.Cooking, joinInts(days), f.Products, a.UserID, now, now).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "apply", "mall_application", id, nil, f)
	})
	if err != nil {
		return Application{}, err
	}
	return s.application(ctx, s.db.Reader(), v.ID, id)
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

const applicationColumns = `ap.id, ap.venue_id, ap.umkm_id, ap.umkm_name, ap.regency_code, ap.province_code, ap.scale,
	CAST(ap.season_from AS TEXT), CAST(ap.season_to AS TEXT), ap.class, ap.category, ap.needs_power, ap.needs_water, ap.needs_cooking,
	ap.weekdays, ap.products, ap.status, ap.decision_reason, COALESCE(ap.allocation_reason, ''), ap.created_at`

func scanApplication(r sqldb.Scanner) (Application, error) {
	var ap Application
	var days string
	err := r.Scan(&ap.ID, &ap.VenueID, &ap.UMKMID, &ap.UMKMName, &ap.RegencyCode, &ap.ProvinceCode, &ap.Scale,
		&ap.From, &ap.To, &ap.Class, &ap.Category, &ap.Needs.Power, &ap.Needs.Water, &ap.Needs.Cooking,
		&days, &ap.Products, &ap.Status, &ap.DecisionReason, &ap.AllocationReason, &ap.CreatedAt)
	ap.Weekdays = splitInts(days)
	return ap, err
}

func (s *Service) application(ctx context.Context, q sqldb.Querier, venueID, id int64) (Application, error) {
	ap, err := scanApplication(q.QueryRow(ctx, `SELECT `+applicationColumns+` FROM mall_applications ap WHERE ap.venue_id = ? AND ap.id = ?`, venueID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ap, platform.NotFound("Pendaftaran")
	}
	return ap, err
}

// visibleApplications relates applications to a scope: an application is
// its UMKM owner's and its venue's staff's (Own), and the venue's province's.
var visibleApplications = account.Columns{
	Own:      "(ap.umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?) OR ap.venue_id IN (SELECT venue_id FROM venue_staff WHERE user_id = ?))",
	Province: "ap.venue_id IN (SELECT id FROM venues WHERE province_code = ?)",
}

// Applications lists a venue's applications the actor may see, oldest
// first: the venue's operator sees them all, a seller its own UMKM's.
func (s *Service) Applications(ctx context.Context, venueID int64) ([]Application, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	if _, err := s.Venue(ctx, venueID); err != nil {
		return nil, err
	}
	scope, args := account.ScopeOf(a).Where(visibleApplications)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+applicationColumns+` FROM mall_applications ap
		WHERE ap.venue_id = ? AND `+scope+` ORDER BY ap.id LIMIT 10000`, append([]any{venueID}, args...)...)
	return sqldb.Collect(rows, err, scanApplication)
}

// Application returns one application to those whose scope holds it (its
// UMKM's owner, the venue's operator); others are told it does not exist.
func (s *Service) Application(ctx context.Context, venueID, id int64) (Application, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Application{}, platform.Unauthorized()
	}
	scope, args := account.ScopeOf(a).Where(visibleApplications)
	ap, err := scanApplication(s.db.Reader().QueryRow(ctx, `SELECT `+applicationColumns+` FROM mall_applications ap
		WHERE ap.venue_id = ? AND ap.id = ? AND `+scope, append([]any{venueID, id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return ap, platform.NotFound("Pendaftaran")
	}
	return ap, err
}

// Decision is the operator's answer to an application.
type Decision struct {
	Status string // accepted or rejected
	Reason string // shown to the applicant; required
	Class  string // optional: the tenancy class it is accepted in
}

// Decide accepts or rejects an application with a reason the applicant
// reads (and may set its tenancy class); a decision can be revised.
func (s *Service) Decide(ctx context.Context, venueID, id int64, d Decision) (Application, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Application{}, err
	}
	before, err := s.application(ctx, s.db.Reader(), v.ID, id)
	if err != nil {
		return before, err
	}
	d.Reason, d.Class = strings.TrimSpace(d.Reason), strings.TrimSpace(d.Class)
	var val platform.Validation
	val.Check(d.Status == Accepted || d.Status == Rejected, "status", "Keputusan harus accepted atau rejected")
	val.Check(d.Reason != "" && len(d.Reason) <= 500, "reason", "Alasan keputusan wajib diisi (maksimal 500 karakter)")
	if d.Class == "" {
		d.Class = before.Class
	}
	val.Check(slices.Contains(tenancyClasses, d.Class), "class", "Kelas harus tetap, bergilir, percobaan atau tamu")
	if err := val.Err(); err != nil {
		return Application{}, err
	}
	if before.Status == Withdrawn {
		return Application{}, conflict("Pendaftaran ini sudah ditarik oleh pendaftarnya")
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE mall_applications SET status = ?, decision_reason = ?, class = ?, decided_by = ?, decided_at = ?, updated_at = ?
			WHERE id = ?`, d.Status, d.Reason, d.Class, platform.ActorFrom(ctx).UserID, now, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "decide", "mall_application", id,
			map[string]string{"status": before.Status, "class": before.Class, "reason": before.DecisionReason},
			map[string]string{"status": d.Status, "class": d.Class, "reason": d.Reason})
	})
	if err != nil {
		return Application{}, err
	}
	return s.application(ctx, s.db.Reader(), v.ID, id)
}
