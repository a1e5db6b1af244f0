package mall

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Market-day statuses of a turn's day.
const (
	Present = "present" // the tenant checked in by the stall's QR code
	NoShow  = "no_show" // not checked in in time: the stall was released for the day
)

// CheckIn is one market day of a turn: the tenant at its stall.
type CheckIn struct {
	ID      int64     `json:"id"`
	VenueID int64     `json:"venue_id"`
	TurnID  int64     `json:"turn_id"`
	Stall   string    `json:"stall" example:"K-01"`
	UMKMID  int64     `json:"umkm_id"`
	Day     string    `json:"day" example:"2027-01-09" doc:"The market day, at the venue"`
	Status  string    `json:"status" enum:"present,no_show"`
	At      time.Time `json:"at" doc:"When the tenant checked in"`
}

const checkinColumns = `c.id, c.venue_id, c.turn_id, st.code, c.umkm_id, CAST(c.day AS TEXT), c.status, c.created_at`

func scanCheckIn(r sqldb.Scanner) (c CheckIn, err error) {
	err = r.Scan(&c.ID, &c.VenueID, &c.TurnID, &c.Stall, &c.UMKMID, &c.Day, &c.Status, &c.At)
	return c, err
}

// opensOn reports whether the venue opens on day (YYYY-MM-DD).
func (v Venue) opensOn(day string) bool {
	d, ok := parseDate(day)
	return ok && slices.Contains(v.OpeningWeekdays, isoWeekday(d))
}

// liveTurnOn finds the live turn of a stall that holds day: its stand-in
// when the stall was released and given to one.
func (s *Service) liveTurnOn(ctx context.Context, q sqldb.Querier, venueID, stallID int64, day string) (Turn, bool, error) {
	t, err := scanTurn(q.QueryRow(ctx, `SELECT `+turnColumns+turnJoins+`
		WHERE t.venue_id = ? AND t.stall_id = ? AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date
		ORDER BY t.stands_in_for IS NULL`, venueID, stallID, day, day)) // a stand-in first: it holds the day
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

// CheckIn records that the tenant holding today's turn on a stall is at
// it: the UMKM's owner alone, with the secret code of the stall's QR, on
// a day the venue opens. "Today" is the date in the venue's time zone. A
// repeated check-in returns the first one (created is false): the unique
// (turn, day) makes concurrent ones a single row, counted once in the
// turn's attended days.
func (s *Service) CheckIn(ctx context.Context, venueID int64, stall, code string) (c CheckIn, created bool, err error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return c, false, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return c, false, err
	}
	st, ok, err := s.stallByCode(ctx, s.db.Reader(), v.ID, stall)
	if err != nil {
		return c, false, err
	}
	if !ok {
		return c, false, platform.Invalid("stall", "Lapak tidak ada di lokasi ini")
	}
	day := s.today(v)
	t, ok, err := s.liveTurnOn(ctx, s.db.Reader(), v.ID, st.ID, day)
	if err != nil {
		return c, false, err
	}
	if !ok {
		return c, false, conflict("Lapak %s tidak punya giliran hari ini", st.Code)
	}
	u, err := s.registry.Get(ctx, t.UMKMID)
	if err != nil {
		return c, false, err
	}
	if account.Authorize(a, account.CheckIn, account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}) != nil {
		if t.StandsInFor != 0 && s.ownsTurn(ctx, a, t.StandsInFor) {
			return c, false, conflict("Lapak %s sudah dilepas hari ini karena tidak check-in tepat waktu", st.Code)
		}
		return c, false, platform.Errorf(platform.KindForbidden, "Lapak %s hari ini bukan giliran UMKM Anda", st.Code)
	}
	if !v.opensOn(day) {
		return c, false, conflict("Lokasi tidak buka hari ini")
	}
	var secret string
	if err := s.db.Reader().QueryRow(ctx, `SELECT qr_code FROM stalls WHERE id = ?`, st.ID).Scan(&secret); err != nil {
		return c, false, err
	}
	// Constant time: the code is the proof of presence.
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(code)), []byte(secret)) != 1 {
		return c, false, platform.Invalid("code", "Kode QR bukan kode lapak %s", st.Code)
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO checkins (venue_id, turn_id, stall_id, umkm_id, day, status, checked_in_by, created_at)
			VALUES (?, ?, ?, ?, ?, 'present', ?, ?) ON CONFLICT (turn_id, day) DO NOTHING RETURNING id`,
			v.ID, t.ID, st.ID, t.UMKMID, day, a.UserID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already recorded: counted by the first
		}
		if err != nil {
			return err
		}
		created = true
		_, err = tx.Exec(ctx, `UPDATE turns SET attended_days = attended_days + 1 WHERE id = ?`, t.ID)
		return err
	})
	if err != nil {
		return c, false, err
	}
	c, err = scanCheckIn(s.db.Reader().QueryRow(ctx, `SELECT `+checkinColumns+` FROM checkins c JOIN stalls st ON st.id = c.stall_id
		WHERE c.turn_id = ? AND c.day = ?`, t.ID, day))
	if err != nil {
		return c, false, err
	}
	if c.Status == NoShow {
		return CheckIn{}, false, conflict("Lapak %s sudah dilepas hari ini karena tidak check-in tepat waktu", st.Code)
	}
	return c, created, nil
}

// ownsTurn reports whether the actor may check in for turn id (its UMKM's owner).
func (s *Service) ownsTurn(ctx context.Context, a platform.Actor, id int64) bool {
	var umkmID int64
	if err := s.db.Reader().QueryRow(ctx, `SELECT umkm_id FROM turns WHERE id = ?`, id).Scan(&umkmID); err != nil {
		return false
	}
	u, err := s.registry.Get(ctx, umkmID)
	return err == nil && account.Authorize(a, account.CheckIn, account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}) == nil
}

// Occupancy is one stall on a market day, as its operator sees it.
type Occupancy struct {
	Stall       string `json:"stall" example:"K-01"`
	Kind        string `json:"kind"`
	Zone        string `json:"zone"`
	StallStatus string `json:"stall_status" enum:"active,under_repair"`
	// TurnID, UMKMID and UMKMName are the tenant's; zero when no turn holds the day.
	TurnID   int64  `json:"turn_id,omitempty"`
	UMKMID   int64  `json:"umkm_id,omitempty"`
	UMKMName string `json:"umkm_name,omitempty"`
	// Status: free (no turn), expected (not checked in yet), present, no_show.
	Status      string     `json:"status" enum:"free,expected,present,no_show"`
	CheckedInAt *time.Time `json:"checked_in_at,omitempty"`
	// StandIn: the stall was released today and given to this UMKM from the waiting list.
	StandIn bool `json:"stand_in,omitempty"`
}

// Day is a venue's occupancy on one market day.
type Day struct {
	VenueID int64       `json:"venue_id"`
	Day     string      `json:"day" example:"2027-01-09"`
	Open    bool        `json:"open" doc:"Whether the venue opens that day"`
	Stalls  []Occupancy `json:"stalls"`
	// Counts by status.
	Present  int `json:"present"`
	Expected int `json:"expected"`
	NoShows  int `json:"no_shows"`
	Free     int `json:"free"`
}

// Today is the venue's occupancy today (at the venue): every stall with
// its tenant and whether it checked in, for those who run the venue.
func (s *Service) Today(ctx context.Context, venueID int64) (Day, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Day{}, err
	}
	d := Day{VenueID: v.ID, Day: s.today(v)}
	d.Open = v.opensOn(d.Day)
	rows, err := s.db.Reader().Query(ctx, `SELECT st.code, st.kind, st.zone, st.status,
		COALESCE(t.id, 0), COALESCE(t.umkm_id, 0), COALESCE(ap.umkm_name, ''), COALESCE(c.status, ''), c.created_at, t.stands_in_for IS NOT NULL
		FROM stalls st
		LEFT JOIN turns t ON t.stall_id = st.id AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date AND `+notStoodIn+`
		LEFT JOIN mall_applications ap ON ap.id = t.application_id
		LEFT JOIN checkins c ON c.turn_id = t.id AND c.day = ?
		WHERE st.venue_id = ? ORDER BY st.code`, d.Day, d.Day, d.Day, d.Day, v.ID)
	d.Stalls, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (o Occupancy, err error) {
		var at sql.NullTime
		err = r.Scan(&o.Stall, &o.Kind, &o.Zone, &o.StallStatus, &o.TurnID, &o.UMKMID, &o.UMKMName, &o.Status, &at, &o.StandIn)
		if at.Valid && o.Status == Present {
			o.CheckedInAt = &at.Time
		}
		switch {
		case o.TurnID == 0:
			o.Status = "free"
		case o.Status == "":
			o.Status = "expected"
		}
		return o, err
	})
	if err != nil {
		return Day{}, err
	}
	for _, o := range d.Stalls {
		switch o.Status {
		case Present:
			d.Present++
		case NoShow:
			d.NoShows++
		case "expected":
			d.Expected++
		default:
			d.Free++
		}
	}
	return d, nil
}
