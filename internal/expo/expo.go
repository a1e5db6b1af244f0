// Package expo runs the provinces' expos: events organised by a province's
// agency (often in a partner province), booths and exhibitors with the
// stock they bring, the on-site cashier whose sales are made offline on the
// device and synced later (each sale stored once by its device-made id),
// business matching between buyers and exhibitors, and the transaction
// report the agency publishes afterwards.
package expo

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

// Status of an event.
type Status string

const (
	Draft   Status = "draft"   // being prepared by the agency
	Open    Status = "open"    // open for exhibitors' applications
	Running Status = "running" // the expo is on
	Closed  Status = "closed"  // over; late sales are still accepted, flagged
)

// next lists the status changes the agency may make.
var next = map[Status][]Status{
	Draft:   {Open, Running},
	Open:    {Running, Draft},
	Running: {Closed},
	Closed:  {Running}, // reopened by mistake-correction only
}

// Event is an expo.
type Event struct {
	ID                int64     `json:"id"`
	Name              string    `json:"name"`
	OrganiserProvince string    `json:"organiser_province_code"`
	HostProvince      string    `json:"host_province_code"`
	City              string    `json:"city"`
	Venue             string    `json:"venue"`
	StartsOn          string    `json:"starts_on"`
	EndsOn            string    `json:"ends_on"`
	TimeZone          string    `json:"time_zone"`
	Description       string    `json:"description"`
	Status            Status    `json:"status"`
	ReportPublic      bool      `json:"report_public"`
	CreatedAt         time.Time `json:"created_at"`
}

// NextStatuses are the statuses the agency may move the event to.
func (e Event) NextStatuses() []Status { return next[e.Status] }

// Location is the venue's time zone.
func (e Event) Location() *time.Location {
	if loc, err := time.LoadLocation(e.TimeZone); err == nil {
		return loc
	}
	return region.Location(e.HostProvince)
}

// Days are the expo's dates, YYYY-MM-DD.
func (e Event) Days() []string {
	start, err1 := time.Parse(time.DateOnly, e.StartsOn)
	end, err2 := time.Parse(time.DateOnly, e.EndsOn)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// Service runs expos.
type Service struct {
	db       *sqldb.DB
	registry *umkm.Service
	now      func() time.Time
}

// NewService returns expos on db.
func NewService(db *sqldb.DB, registry *umkm.Service) *Service {
	return &Service{db: db, registry: registry, now: time.Now}
}

// EventFields is what the agency enters for an event.
type EventFields struct {
	Name              string
	OrganiserProvince string // the actor's province for agency staff; an admin names it
	HostProvince      string
	City              string
	Venue             string
	StartsOn          string
	EndsOn            string
	TimeZone          string // default: the host province's zone
	Description       string
}

func (f *EventFields) normalize(a platform.Actor) error {
	f.Name, f.City, f.Venue = strings.TrimSpace(f.Name), strings.TrimSpace(f.City), strings.TrimSpace(f.Venue)
	f.Description = strings.TrimSpace(f.Description)
	if !account.ScopeOf(a).All { // agency staff organise for their own province; an admin names it
		f.OrganiserProvince = a.ProvinceCode
	}
	var v platform.Validation
	v.Check(f.Name != "" && len(f.Name) <= 200, "name", "Nama acara wajib diisi (maksimal 200 karakter)")
	_, ok := region.ProvinceByCode(f.OrganiserProvince)
	v.Check(ok, "organiser_province_code", "Provinsi penyelenggara tidak dikenal")
	_, ok = region.ProvinceByCode(f.HostProvince)
	v.Check(ok, "host_province_code", "Provinsi tuan rumah tidak dikenal")
	v.Check(f.City != "" && len(f.City) <= 100, "city", "Kota wajib diisi")
	v.Check(f.Venue != "" && len(f.Venue) <= 200, "venue", "Tempat wajib diisi")
	v.Check(len(f.Description) <= 5000, "description", "Deskripsi terlalu panjang")
	start, err1 := time.Parse(time.DateOnly, f.StartsOn)
	end, err2 := time.Parse(time.DateOnly, f.EndsOn)
	v.Check(err1 == nil, "starts_on", "Tanggal mulai harus berformat TTTT-BB-HH")
	v.Check(err2 == nil, "ends_on", "Tanggal selesai harus berformat TTTT-BB-HH")
	if err1 == nil && err2 == nil {
		v.Check(!end.Before(start), "ends_on", "Tanggal selesai tidak boleh sebelum tanggal mulai")
		v.Check(end.Sub(start) <= 60*24*time.Hour, "ends_on", "Acara paling lama 60 hari")
	}
	if f.TimeZone == "" && ok {
		f.TimeZone = region.Location(f.HostProvince).String()
	}
	v.Check(region.KnownZone(f.TimeZone), "time_zone", "Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)")
	return v.Err()
}

// CreateEvent makes a draft event organised by the actor's province.
func (s *Service) CreateEvent(ctx context.Context, f EventFields) (Event, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Event{}, platform.Unauthorized()
	}
	if account.Authorize(a, account.RunEvent, account.Resource{ProvinceCode: a.ProvinceCode}) != nil {
		return Event{}, platform.Errorf(platform.KindForbidden, "Acara dibuat oleh dinas provinsi penyelenggara")
	}
	if err := f.normalize(a); err != nil {
		return Event{}, err
	}
	if err := account.Authorize(a, account.RunEvent, account.Resource{ProvinceCode: f.OrganiserProvince}); err != nil {
		return Event{}, err
	}
	now := s.now().UTC()
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO events (name, organiser_province, host_province, city, venue, starts_on, ends_on,
			time_zone, description, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id`,
			f.Name, f.OrganiserProvince, f.HostProvince, f.City, f.Venue, f.StartsOn, f.EndsOn, f.TimeZone, f.Description, a.UserID, now, now).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "event", id, nil, f)
	})
	if err != nil {
		return Event{}, err
	}
	return s.load(ctx, s.db.Reader(), id)
}

const eventColumns = `id, name, organiser_province, host_province, city, venue, starts_on, ends_on, time_zone, description, status, report_public, created_at`

func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	var e Event
	err := row.Scan(&e.ID, &e.Name, &e.OrganiserProvince, &e.HostProvince, &e.City, &e.Venue, &e.StartsOn, &e.EndsOn,
		&e.TimeZone, &e.Description, &e.Status, &e.ReportPublic, &e.CreatedAt)
	return e, err
}

func (s *Service) load(ctx context.Context, q sqldb.Querier, id int64) (Event, error) {
	e, err := scanEvent(q.QueryRow(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, platform.NotFound("Acara")
	}
	return e, err
}

// Event returns an event: public once it is no longer a draft; drafts to
// the organising agency only.
func (s *Service) Event(ctx context.Context, id int64) (Event, error) {
	e, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return e, err
	}
	if e.Status == Draft && s.mayRun(ctx, e) != nil {
		return Event{}, platform.NotFound("Acara")
	}
	return e, nil
}

// MayRun reports whether the actor runs the event (for pages that show
// the organiser's controls).
func (s *Service) MayRun(ctx context.Context, e Event) bool { return s.mayRun(ctx, e) == nil }

// mayRun checks that the actor runs the event (its organising agency, or an admin).
func (s *Service) mayRun(ctx context.Context, e Event) error {
	return account.Authorize(platform.ActorFrom(ctx), account.RunEvent, account.Resource{ProvinceCode: e.OrganiserProvince})
}

// visibleEvents relates events to a scope: an event is public once it is
// no longer a draft; drafts belong to the organising province.
var visibleEvents = account.Columns{Public: "status <> 'draft'", Province: "organiser_province = ?"}

// Events lists the events the actor may see, newest first.
func (s *Service) Events(ctx context.Context) ([]Event, error) {
	return s.events(ctx, visibleEvents)
}

// RunEvents lists the events the actor runs (its province's, all for an
// admin), newest first.
func (s *Service) RunEvents(ctx context.Context) ([]Event, error) {
	return s.events(ctx, account.Columns{Province: visibleEvents.Province})
}

func (s *Service) events(ctx context.Context, c account.Columns) ([]Event, error) {
	scope, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(c)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+eventColumns+` FROM events
		WHERE `+scope+` ORDER BY starts_on DESC, id DESC LIMIT 100`, args...)
	return sqldb.Collect(rows, err, scanEvent)
}

// SetStatus moves an event on (draft → open → running → closed).
func (s *Service) SetStatus(ctx context.Context, id int64, to Status) (Event, error) {
	e, err := s.runnable(ctx, id)
	if err != nil {
		return e, err
	}
	allowed := false
	for _, st := range next[e.Status] {
		allowed = allowed || st == to
	}
	if !allowed {
		return e, platform.Errorf(platform.KindConflict, "Acara berstatus %s tidak dapat menjadi %s", e.Status, to)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE events SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, string(to), s.now().UTC(), id, string(e.Status))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return platform.Errorf(platform.KindConflict, "Acara baru saja berubah; muat ulang")
		}
		return audit.Record(ctx, tx, "status", "event", id, map[string]Status{"status": e.Status}, map[string]Status{"status": to})
	})
	if err != nil {
		return e, err
	}
	return s.load(ctx, s.db.Reader(), id)
}

// PublishReport shows (or hides) the report on the public event page.
func (s *Service) PublishReport(ctx context.Context, id int64, public bool) (Event, error) {
	if _, err := s.runnable(ctx, id); err != nil {
		return Event{}, err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE events SET report_public = ?, updated_at = ? WHERE id = ?`, public, s.now().UTC(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publish_report", "event", id, nil, map[string]bool{"report_public": public})
	})
	if err != nil {
		return Event{}, err
	}
	return s.load(ctx, s.db.Reader(), id)
}

// runnable loads an event the actor runs; others get not found for drafts
// and forbidden otherwise.
func (s *Service) runnable(ctx context.Context, id int64) (Event, error) {
	e, err := s.Event(ctx, id)
	if err != nil {
		return e, err
	}
	return e, s.mayRun(ctx, e)
}

// day is the date of t in the event's time zone.
func (e Event) day(t time.Time) string { return t.In(e.Location()).Format(time.DateOnly) }

func conflict(format string, args ...any) error {
	return platform.Errorf(platform.KindConflict, format, args...)
}
