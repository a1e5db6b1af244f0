// Package mall runs open-air UMKM malls (mal UMKM di ruang terbuka):
// venues on public land run by an operator (the province's agency itself or
// an organisation such as a BUMD, whose staff accounts run only their
// venues), stalls on a site plan, a published rulebook in versions,
// applications of verified UMKM with blind curation, and the turns that the
// pure allocation engine (package allocation) gives for a season. The
// database holds the one rule no code can be trusted with under
// concurrency: a stall never has two overlapping turns (decision 0023).
package mall

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Service runs venues.
type Service struct {
	db       *sqldb.DB
	registry *umkm.Service
	now      func() time.Time
}

// NewService returns the mall on db; registry answers for the UMKM that apply.
func NewService(db *sqldb.DB, registry *umkm.Service) *Service {
	return &Service{db: db, registry: registry, now: time.Now}
}

// Venue is one mall (mal/pasar) and its opening times.
type Venue struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	RegencyCode  string `json:"regency_code"`
	Address      string `json:"address"`
	TimeZone     string `json:"time_zone"`
	// OperatorName is who runs it for the province (a BUMD); empty: the agency itself.
	OperatorName string `json:"operator_name"`
	OperatorID   int64  `json:"operator_id,omitempty"`
	// OpeningWeekdays are the ISO weekdays it opens (1 Monday … 7 Sunday).
	OpeningWeekdays []int     `json:"opening_weekdays"`
	OpensAt         string    `json:"opens_at" example:"08:00"`
	ClosesAt        string    `json:"closes_at" example:"22:00"`
	CreatedAt       time.Time `json:"created_at"`
	revision        int64
}

// Location is the venue's time zone.
func (v Venue) Location() *time.Location {
	if loc, err := time.LoadLocation(v.TimeZone); err == nil {
		return loc
	}
	return region.Location(v.ProvinceCode)
}

// Today is the date at the venue now, YYYY-MM-DD.
func (s *Service) today(v Venue) string { return s.now().In(v.Location()).Format(time.DateOnly) }

// VenueFields is what the agency enters for a venue.
type VenueFields struct {
	Name            string
	ProvinceCode    string
	RegencyCode     string
	Address         string
	TimeZone        string // default: the province's zone
	OperatorName    string
	OpeningWeekdays []int  // default: every day
	OpensAt         string // HH:MM, default 08:00
	ClosesAt        string // HH:MM, default 22:00
}

func (f *VenueFields) normalize() error {
	f.Name, f.Address = strings.TrimSpace(f.Name), strings.TrimSpace(f.Address)
	f.OperatorName, f.RegencyCode = strings.TrimSpace(f.OperatorName), strings.TrimSpace(f.RegencyCode)
	var v platform.Validation
	v.Check(f.Name != "" && len(f.Name) <= 200, "name", "Nama lokasi wajib diisi (maksimal 200 karakter)")
	_, provOK := region.ProvinceByCode(f.ProvinceCode)
	v.Check(provOK, "province_code", "Provinsi tidak dikenal")
	if err := region.RegencyProblem("regency_code", f.RegencyCode); err != nil {
		v.Merge(err)
	} else if r, _ := region.RegencyByCode(f.RegencyCode); provOK && r.ProvinceCode != f.ProvinceCode {
		v.Add("regency_code", "Kabupaten/kota itu tidak berada di provinsi lokasi")
	}
	v.Check(f.Address != "" && len(f.Address) <= 500, "address", "Alamat wajib diisi (maksimal 500 karakter)")
	v.Check(len(f.OperatorName) <= 200, "operator_name", "Nama pengelola maksimal 200 karakter")
	if f.TimeZone == "" && provOK {
		f.TimeZone = region.Location(f.ProvinceCode).String()
	}
	v.Check(region.KnownZone(f.TimeZone), "time_zone", "Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)")
	if len(f.OpeningWeekdays) == 0 {
		f.OpeningWeekdays = []int{1, 2, 3, 4, 5, 6, 7}
	}
	var err error
	f.OpeningWeekdays, err = checkWeekdays("opening_weekdays", f.OpeningWeekdays)
	v.Merge(err)
	f.OpensAt, f.ClosesAt = cmpOr(f.OpensAt, "08:00"), cmpOr(f.ClosesAt, "22:00")
	opens, err1 := time.Parse("15:04", f.OpensAt)
	closes, err2 := time.Parse("15:04", f.ClosesAt)
	v.Check(err1 == nil, "opens_at", "Jam buka harus berformat JJ:MM")
	v.Check(err2 == nil, "closes_at", "Jam tutup harus berformat JJ:MM")
	if err1 == nil && err2 == nil {
		v.Check(opens.Before(closes), "closes_at", "Jam tutup harus setelah jam buka")
	}
	return v.Err()
}

func cmpOr(s, def string) string {
	if s = strings.TrimSpace(s); s == "" {
		return def
	}
	return s
}

// CreateVenue makes a venue in a province: its agency or an admin. An
// operator named for the first time in the province is recorded as an
// organisation, so that its venues can be told apart from the agency's own.
func (s *Service) CreateVenue(ctx context.Context, f VenueFields) (Venue, error) {
	a := platform.ActorFrom(ctx)
	// Only those who may create a venue somewhere learn what is wrong with the form.
	if err := account.Authorize(a, account.SetUpVenue, account.Resource{ProvinceCode: a.ProvinceCode}); err != nil {
		if platform.ErrorKind(err) == platform.KindForbidden {
			return Venue{}, platform.Errorf(platform.KindForbidden, "Lokasi mal dibuat oleh dinas provinsinya atau admin")
		}
		return Venue{}, err
	}
	if err := account.Authorize(a, account.SetUpVenue, account.Resource{ProvinceCode: strings.TrimSpace(f.ProvinceCode)}); err != nil {
		return Venue{}, platform.Errorf(platform.KindForbidden, "Lokasi mal dibuat oleh dinas provinsinya atau admin")
	}
	if err := f.normalize(); err != nil {
		return Venue{}, err
	}
	now := s.now().UTC()
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var operatorID any
		if f.OperatorName != "" {
			var op int64
			err := tx.QueryRow(ctx, `INSERT INTO mall_operators (name, province_code, created_at) VALUES (?, ?, ?)
				ON CONFLICT (province_code, name) DO UPDATE SET name = excluded.name RETURNING id`, f.OperatorName, f.ProvinceCode, now).Scan(&op)
			if err != nil {
				return err
			}
			operatorID = op
		}
		err := tx.QueryRow(ctx, `INSERT INTO venues (name, province_code, regency_code, address, time_zone, operator_name, operator_id,
			opening_weekdays, opens_at, closes_at, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			f.Name, f.ProvinceCode, f.RegencyCode, f.Address, f.TimeZone, f.OperatorName, operatorID,
			joinInts(f.OpeningWeekdays), f.OpensAt, f.ClosesAt, a.UserID, now, now).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "venue", id, nil, f)
	})
	if err != nil {
		return Venue{}, err
	}
	return s.Venue(ctx, id)
}

const venueColumns = `v.id, v.name, v.province_code, v.regency_code, v.address, v.time_zone, v.operator_name, COALESCE(v.operator_id, 0),
	v.opening_weekdays, v.opens_at, v.closes_at, v.created_at, v.revision`

func scanVenue(row sqldb.Scanner) (Venue, error) {
	var v Venue
	var days string
	err := row.Scan(&v.ID, &v.Name, &v.ProvinceCode, &v.RegencyCode, &v.Address, &v.TimeZone, &v.OperatorName, &v.OperatorID,
		&days, &v.OpensAt, &v.ClosesAt, &v.CreatedAt, &v.revision)
	v.OpeningWeekdays = splitInts(days)
	return v, err
}

// Venue returns a venue; venues are public.
func (s *Service) Venue(ctx context.Context, id int64) (Venue, error) {
	return s.venue(ctx, s.db.Reader(), id)
}

func (s *Service) venue(ctx context.Context, q sqldb.Querier, id int64) (Venue, error) {
	v, err := scanVenue(q.QueryRow(ctx, `SELECT `+venueColumns+` FROM venues v WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, platform.NotFound("Lokasi")
	}
	return v, err
}

// runVenues relates venues to a scope as RunVenue does: a venue is its
// staff's (Own) and its province's.
var runVenues = account.Columns{
	Own:      "v.id IN (SELECT venue_id FROM venue_staff WHERE user_id = ?)",
	Province: "v.province_code = ?",
}

// Venues lists venues, newest first: every venue when run is false (they
// are public), the ones the actor runs when it is true.
func (s *Service) Venues(ctx context.Context, run bool) ([]Venue, error) {
	a := platform.ActorFrom(ctx)
	where, args := "(1 = 1)", []any(nil)
	if run {
		if a.Anonymous() {
			return nil, platform.Unauthorized()
		}
		where, args = account.ScopeOf(a).Where(runVenues)
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+venueColumns+` FROM venues v WHERE `+where+` ORDER BY v.id DESC LIMIT 200`, args...)
	return sqldb.Collect(rows, err, scanVenue)
}

// MayRun reports whether the actor runs the venue (for pages that show the
// operator's controls).
func (s *Service) MayRun(ctx context.Context, v Venue) bool { return s.mayRun(ctx, v) == nil }

// mayRun checks that the actor runs the venue: its staff, its province's
// agency, an admin.
func (s *Service) mayRun(ctx context.Context, v Venue) error {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	staff, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT user_id FROM venue_staff WHERE venue_id = ?`, v.ID)
	if err != nil {
		return err
	}
	if account.Authorize(a, account.RunVenue, account.Resource{ProvinceCode: v.ProvinceCode, Delegates: staff}) != nil {
		return platform.Errorf(platform.KindForbidden, "Anda bukan pengelola lokasi %s", v.Name)
	}
	return nil
}

// runnable loads a venue the actor runs.
func (s *Service) runnable(ctx context.Context, id int64) (Venue, error) {
	v, err := s.Venue(ctx, id)
	if err != nil {
		return v, err
	}
	return v, s.mayRun(ctx, v)
}

// touch raises the venue's revision inside tx: it takes the venue's row
// lock on PostgreSQL, so changes to one venue's allocation inputs queue
// behind each other, and it tells a running allocation that its inputs moved.
func touch(ctx context.Context, tx *sqldb.Tx, venueID int64, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE venues SET revision = revision + 1, updated_at = ? WHERE id = ?`, now, venueID)
	return err
}

func conflict(format string, args ...any) error {
	return platform.Errorf(platform.KindConflict, format, args...)
}
