package mall

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Turn statuses. A cancelled turn holds no stall; every other one does,
// and the database refuses a second turn of a stall at overlapping dates.
const (
	TurnScheduled = "scheduled"
	TurnCancelled = "cancelled"
)

// Turn is a stall given to a UMKM for a period (both dates inclusive).
type Turn struct {
	ID            int64  `json:"id"`
	Stall         string `json:"stall" example:"K-01"`
	StallID       int64  `json:"stall_id"`
	UMKMID        int64  `json:"umkm_id"`
	UMKMName      string `json:"umkm_name"`
	ApplicationID int64  `json:"application_id"`
	From          string `json:"from" example:"2027-01-04"`
	To            string `json:"to" example:"2027-01-10"`
	Status        string `json:"status" enum:"scheduled,cancelled"`
	// Origin says who gave it: the allocation engine, or the operator by hand.
	Origin string `json:"origin" enum:"allocation,manual"`
	// StandsInFor is the released turn a one-day stand-in replaces (0 for a turn of its own).
	StandsInFor int64 `json:"stands_in_for,omitempty"`
}

const turnColumns = `t.id, st.code, t.stall_id, t.umkm_id, ap.umkm_name, t.application_id,
	CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT), t.status, t.origin, COALESCE(t.stands_in_for, 0)`

const turnJoins = ` FROM turns t JOIN stalls st ON st.id = t.stall_id JOIN mall_applications ap ON ap.id = t.application_id`

func scanTurn(r sqldb.Scanner) (t Turn, err error) {
	err = r.Scan(&t.ID, &t.Stall, &t.StallID, &t.UMKMID, &t.UMKMName, &t.ApplicationID, &t.From, &t.To, &t.Status, &t.Origin, &t.StandsInFor)
	return t, err
}

// Turns lists the venue's turns that meet the period from–to (both
// inclusive; from defaults to today at the venue, to to 30 days after
// from), by date and stall: the season's schedule, public.
func (s *Service) Turns(ctx context.Context, venueID int64, from, to string) ([]Turn, error) {
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return nil, err
	}
	if from == "" {
		from = s.today(v)
	}
	if f, ok := parseDate(from); ok && to == "" {
		to = f.AddDate(0, 0, 30).Format(time.DateOnly)
	}
	var val platform.Validation
	period(&val, "from", "to", from, to)
	if err := val.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+turnColumns+turnJoins+`
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date
		ORDER BY t.from_date, st.code`, venueID, to, from)
	return sqldb.Collect(rows, err, scanTurn)
}

// Tenant is who holds a stall on one day: the public site plan's label.
type Tenant struct {
	Stall    string `json:"stall"`
	Kind     string `json:"kind"`
	Zone     string `json:"zone"`
	X        int    `json:"x"`
	Y        int    `json:"y"`
	UMKMID   int64  `json:"umkm_id"`
	UMKMName string `json:"umkm_name"`
	Category string `json:"category"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// notStoodIn holds for a turn t whose stall no stand-in holds on the day
// (its one argument): the turn holds its stall that day.
const notStoodIn = `NOT EXISTS (SELECT 1 FROM turns si WHERE si.stands_in_for = t.id AND si.from_date = ? AND si.status <> 'cancelled')`

// Tenants lists who is at which stall on day (YYYY-MM-DD; "" is today at
// the venue), by stall: public.
func (s *Service) Tenants(ctx context.Context, venueID int64, day string) ([]Tenant, error) {
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return nil, err
	}
	if day == "" {
		day = s.today(v)
	}
	if _, ok := parseDate(day); !ok {
		return nil, platform.Invalid("day", "Tanggal harus berformat TTTT-BB-HH")
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT st.code, st.kind, st.zone, st.x, st.y, t.umkm_id, ap.umkm_name, ap.category,
		CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT)`+turnJoins+`
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date AND `+notStoodIn+` ORDER BY st.code`, v.ID, day, day, day)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (tn Tenant, err error) {
		err = r.Scan(&tn.Stall, &tn.Kind, &tn.Zone, &tn.X, &tn.Y, &tn.UMKMID, &tn.UMKMName, &tn.Category, &tn.From, &tn.To)
		return tn, err
	})
}

// TurnFields is a turn the operator gives by hand.
type TurnFields struct {
	Stall         string
	ApplicationID int64
	From, To      string
}

// AddTurn gives a stall to an applicant for a period by hand (a re-run of
// the allocation keeps it); not to one held back by its arrears. A stall already taken at those dates is a
// conflict: the database decides, so two operators giving one stall at once
// cannot both succeed.
func (s *Service) AddTurn(ctx context.Context, venueID int64, f TurnFields) (Turn, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Turn{}, err
	}
	var val platform.Validation
	period(&val, "from", "to", f.From, f.To)
	st, ok, err := s.stallByCode(ctx, s.db.Reader(), v.ID, f.Stall)
	if err != nil {
		return Turn{}, err
	}
	val.Check(ok, "stall", "Lapak tidak ada di lokasi ini")
	val.Check(!ok || st.Status == StatusActive, "stall", "Lapak %s sedang diperbaiki", st.Code)
	ap, err := s.application(ctx, s.db.Reader(), v.ID, f.ApplicationID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		val.Add("application_id", "Pendaftaran tidak ada di lokasi ini")
	} else if err != nil {
		return Turn{}, err
	} else {
		val.Check(ap.Status == Submitted || ap.Status == Accepted, "application_id", "Pendaftaran ini ditolak atau ditarik")
		val.Check(f.From >= ap.From && f.To <= ap.To, "from", "Giliran harus di dalam musim pendaftarannya (%s–%s)", ap.From, ap.To)
	}
	if err := val.Err(); err != nil {
		return Turn{}, err
	}
	if err := s.checkArrears(ctx, v, ap.UMKMID); err != nil {
		return Turn{}, err
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'scheduled', 'manual', ?) RETURNING id`, v.ID, st.ID, ap.UMKMID, ap.ID, f.From, f.To, now).Scan(&id)
		if err != nil {
			return stallTaken(err, st.Code)
		}
		return audit.Record(ctx, tx, "add_turn", "venue", v.ID, nil, map[string]any{"turn_id": id, "stall": st.Code,
			"application_id": ap.ID, "from": f.From, "to": f.To})
	})
	if err != nil {
		return Turn{}, err
	}
	return s.turn(ctx, s.db.Reader(), v.ID, id)
}

// stallTaken turns the database's refusal of an overlapping turn into a conflict naming the stall.
func stallTaken(err error, stall string) error {
	if sqldb.ExclusionViolation(err) {
		return &platform.Error{Kind: platform.KindConflict, Message: "Lapak sudah terisi pada tanggal itu",
			Fields: []platform.FieldError{platform.Field("stall", "Lapak %s sudah terisi pada tanggal itu", stall)}, Err: err}
	}
	return err
}

func (s *Service) turn(ctx context.Context, q sqldb.Querier, venueID, id int64) (Turn, error) {
	t, err := scanTurn(q.QueryRow(ctx, `SELECT `+turnColumns+turnJoins+` WHERE t.venue_id = ? AND t.id = ?`, venueID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, platform.NotFound("Giliran")
	}
	return t, err
}

// CancelTurn frees a turn's stall; a turn already started at the venue
// stays (its days happened).
func (s *Service) CancelTurn(ctx context.Context, venueID, id int64) (Turn, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Turn{}, err
	}
	t, err := s.turn(ctx, s.db.Reader(), v.ID, id)
	if err != nil {
		return t, err
	}
	if t.Status == TurnCancelled {
		return t, nil
	}
	if t.From <= s.today(v) {
		return Turn{}, conflict("Giliran yang sudah dimulai tidak dapat dibatalkan")
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE turns SET status = 'cancelled' WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "cancel_turn", "venue", v.ID, map[string]any{"turn_id": id, "status": t.Status}, map[string]any{"turn_id": id, "status": TurnCancelled})
	})
	if err != nil {
		return Turn{}, err
	}
	return s.turn(ctx, s.db.Reader(), v.ID, id)
}
