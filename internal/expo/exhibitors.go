package expo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Booth is a place at the venue.
type Booth struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Size string `json:"size"`
	// Exhibitor is who has it (0: free).
	ExhibitorID   int64  `json:"exhibitor_id,omitempty"`
	ExhibitorName string `json:"exhibitor_name,omitempty"`
}

// Exhibitor kinds.
const (
	KindUMKM        = "umkm"
	KindInstitution = "institution" // association, craft council, bank, state company
	KindRegency     = "regency"     // a regency's delegation
)

// Exhibitor statuses.
const (
	Applied  = "applied"
	Approved = "approved"
	Rejected = "rejected"
)

// Exhibitor is a UMKM, institution or regency delegation at an event.
type Exhibitor struct {
	ID          int64  `json:"id"`
	EventID     int64  `json:"event_id"`
	Kind        string `json:"kind"`
	UMKMID      int64  `json:"umkm_id,omitempty"`
	ParentID    int64  `json:"parent_id,omitempty"`
	Name        string `json:"name"`
	RegencyCode string `json:"regency_code"`
	Category    string `json:"category"`
	Booth       string `json:"booth,omitempty"`
	Status      string `json:"status"`
	OwnerID     int64  `json:"-"`
}

// NewExhibitor is an exhibitor the agency enters, or a UMKM applies as.
type NewExhibitor struct {
	Kind        string
	UMKMID      int64
	ParentID    int64
	Name        string
	RegencyCode string
	Category    string
	Booth       string
}

const booth = `COALESCE((SELECT b.code FROM booths b WHERE b.id = x.booth_id), '')`

const exhibitorColumns = `x.id, x.event_id, x.kind, COALESCE(x.umkm_id, 0), COALESCE(x.parent_id, 0), x.name, x.regency_code, x.category, ` +
	booth + `, x.status, COALESCE((SELECT u.owner_id FROM umkm u WHERE u.id = x.umkm_id), 0)`

func scanExhibitor(row interface{ Scan(...any) error }) (Exhibitor, error) {
	var x Exhibitor
	err := row.Scan(&x.ID, &x.EventID, &x.Kind, &x.UMKMID, &x.ParentID, &x.Name, &x.RegencyCode, &x.Category, &x.Booth, &x.Status, &x.OwnerID)
	return x, err
}

// AddExhibitor enters an exhibitor (the organising agency), approved, with
// its booth when one is named. A UMKM comes from the registry; an
// institution or regency delegation is named. A booth already given to
// another exhibitor is a conflict.
func (s *Service) AddExhibitor(ctx context.Context, eventID int64, n NewExhibitor) (Exhibitor, error) {
	e, err := s.runnable(ctx, eventID)
	if err != nil {
		return Exhibitor{}, err
	}
	return s.insertExhibitor(ctx, e, n, Approved)
}

// Apply is a UMKM's application to exhibit, by its owner, while the event
// is open; the agency approves it and gives it a booth.
func (s *Service) Apply(ctx context.Context, eventID, umkmID int64) (Exhibitor, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return Exhibitor{}, err
	}
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return Exhibitor{}, err
	}
	if err := umkm.CanManage(ctx, u); err != nil {
		return Exhibitor{}, err
	}
	if e.Status != Open {
		return Exhibitor{}, conflict("Pendaftaran peserta acara ini tidak dibuka")
	}
	return s.insertExhibitor(ctx, e, NewExhibitor{Kind: KindUMKM, UMKMID: umkmID}, Applied)
}

func (s *Service) insertExhibitor(ctx context.Context, e Event, n NewExhibitor, status string) (Exhibitor, error) {
	n.Name, n.Booth, n.Category = strings.TrimSpace(n.Name), strings.TrimSpace(n.Booth), strings.TrimSpace(n.Category)
	var v platform.Validation
	switch n.Kind {
	case KindUMKM:
		u, err := s.registry.Get(ctx, n.UMKMID)
		if platform.ErrorKind(err) == platform.KindNotFound || n.UMKMID == 0 {
			return Exhibitor{}, platform.Invalid("umkm_id", "UMKM tidak ditemukan")
		}
		if err != nil {
			return Exhibitor{}, err
		}
		if u.Status != umkm.StatusVerified {
			return Exhibitor{}, platform.Invalid("umkm_id", "Hanya UMKM terverifikasi yang dapat ikut pameran")
		}
		n.Name, n.RegencyCode = u.Name, u.RegencyCode
		if n.Category == "" {
			n.Category = u.Category
		}
	case KindInstitution, KindRegency:
		v.Check(n.Name != "" && len(n.Name) <= 200, "name", "Nama peserta wajib diisi")
		if n.RegencyCode != "" || n.Kind == KindRegency {
			_, ok := region.RegencyByCode(n.RegencyCode)
			v.Check(ok, "regency_code", "Kabupaten/kota tidak dikenal")
		}
		if n.Category == "" {
			n.Category = "lainnya"
		}
	default:
		v.Add("kind", "Jenis peserta harus umkm, institution atau regency")
	}
	v.Check(len(n.Booth) <= 20, "booth", "Kode booth maksimal 20 karakter")
	if err := v.Err(); err != nil {
		return Exhibitor{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if n.ParentID != 0 {
			var kind string
			err := tx.QueryRow(ctx, `SELECT kind FROM exhibitors WHERE id = ? AND event_id = ?`, n.ParentID, e.ID).Scan(&kind)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && kind == KindUMKM) {
				return platform.Invalid("parent_id", "Induk harus institusi atau delegasi kabupaten/kota di acara ini")
			}
			if err != nil {
				return err
			}
		}
		var umkmID, parentID any
		if n.UMKMID != 0 {
			umkmID = n.UMKMID
		}
		if n.ParentID != 0 {
			parentID = n.ParentID
		}
		err := tx.QueryRow(ctx, `INSERT INTO exhibitors (event_id, kind, umkm_id, parent_id, name, regency_code, category, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, n.Kind, umkmID, parentID, n.Name, n.RegencyCode, n.Category, status, s.now().UTC()).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return conflict("UMKM ini sudah terdaftar di acara ini")
		}
		if err != nil {
			return err
		}
		if n.Booth != "" {
			if err := giveBooth(ctx, tx, e.ID, id, n.Booth); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "create", "exhibitor", id, nil, map[string]any{"exhibitor": n, "status": status})
	})
	if err != nil {
		return Exhibitor{}, err
	}
	return s.exhibitor(ctx, s.db.Reader(), e.ID, id)
}

// giveBooth gives the booth with code to an exhibitor, adding the booth to
// the list when the agency had not entered it.
func giveBooth(ctx context.Context, tx *sqldb.Tx, eventID, exhibitorID int64, code string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO booths (event_id, code) VALUES (?, ?) ON CONFLICT (event_id, code) DO NOTHING`, eventID, code); err != nil {
		return err
	}
	var boothID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM booths WHERE event_id = ? AND code = ?`, eventID, code).Scan(&boothID); err != nil {
		return err
	}
	var holder int64
	err := tx.QueryRow(ctx, `SELECT id FROM exhibitors WHERE booth_id = ?`, boothID).Scan(&holder)
	if err == nil && holder != exhibitorID {
		e := platform.Newf(platform.KindConflict, "Booth %s sudah dipakai peserta lain", code)
		e.Fields = []platform.FieldError{platform.Field("booth", "Booth ini sudah dipakai peserta lain")}
		return e
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE exhibitors SET booth_id = ? WHERE id = ?`, boothID, exhibitorID)
	if sqldb.UniqueViolation(err) { // given to someone else at the same moment
		return conflict("Booth %s sudah dipakai peserta lain", code)
	}
	return err
}

// AssignBooth gives an exhibitor its booth (or moves it).
func (s *Service) AssignBooth(ctx context.Context, eventID, exhibitorID int64, code string) (Exhibitor, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return Exhibitor{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 20 {
		return Exhibitor{}, platform.Invalid("booth", "Kode booth wajib diisi (maksimal 20 karakter)")
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.exhibitor(ctx, tx, eventID, exhibitorID)
		if err != nil {
			return err
		}
		if err := giveBooth(ctx, tx, eventID, exhibitorID, code); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "assign_booth", "exhibitor", exhibitorID, map[string]string{"booth": before.Booth}, map[string]string{"booth": code})
	})
	if err != nil {
		return Exhibitor{}, err
	}
	return s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
}

// Decide approves or rejects an application.
func (s *Service) Decide(ctx context.Context, eventID, exhibitorID int64, approve bool) (Exhibitor, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return Exhibitor{}, err
	}
	status := Rejected
	if approve {
		status = Approved
	}
	var changed int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE exhibitors SET status = ? WHERE id = ? AND event_id = ? AND status = 'applied'`, status, exhibitorID, eventID)
		if err != nil {
			return err
		}
		if changed, _ = res.RowsAffected(); changed == 0 {
			return nil
		}
		return audit.Record(ctx, tx, "decide", "exhibitor", exhibitorID, map[string]string{"status": Applied}, map[string]string{"status": status})
	})
	if err != nil {
		return Exhibitor{}, err
	}
	if changed == 0 {
		if _, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID); err != nil {
			return Exhibitor{}, err
		}
		return Exhibitor{}, conflict("Pendaftaran ini sudah diputuskan")
	}
	return s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
}

func (s *Service) exhibitor(ctx context.Context, q sqldb.Querier, eventID, id int64) (Exhibitor, error) {
	x, err := scanExhibitor(q.QueryRow(ctx, `SELECT `+exhibitorColumns+` FROM exhibitors x WHERE x.id = ? AND x.event_id = ?`, id, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return x, platform.NotFound("Peserta")
	}
	return x, err
}

// Exhibitor returns one exhibitor of an event.
func (s *Service) Exhibitor(ctx context.Context, eventID, id int64) (Exhibitor, error) {
	if _, err := s.Event(ctx, eventID); err != nil {
		return Exhibitor{}, err
	}
	return s.exhibitor(ctx, s.db.Reader(), eventID, id)
}

// Exhibitors lists an event's exhibitors by regency, category and name.
// The public sees approved ones; the organising agency sees applications too.
func (s *Service) Exhibitors(ctx context.Context, eventID int64) ([]Exhibitor, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	return s.exhibitorsOf(ctx, e, s.mayRun(ctx, e) == nil)
}

// exhibitorsOf lists an event's approved exhibitors, and applications too when all.
func (s *Service) exhibitorsOf(ctx context.Context, e Event, all bool) ([]Exhibitor, error) {
	return s.listExhibitors(ctx, `SELECT `+exhibitorColumns+` FROM exhibitors x WHERE x.event_id = ? AND (? OR x.status = 'approved')
		ORDER BY x.regency_code, x.category, x.name, x.id`, e.ID, all)
}

func (s *Service) listExhibitors(ctx context.Context, query string, args ...any) ([]Exhibitor, error) {
	rows, err := s.db.Reader().Query(ctx, query, args...)
	return sqldb.Collect(rows, err, scanExhibitor)
}

// BoothInput is one line of the agency's booth list.
type BoothInput struct {
	Code string
	Size string
}

// AuthorizeRun checks that the actor runs the event (its organising agency
// or an admin), for a page to ask before it reads an upload: not found for
// a draft the actor may not see, unauthorized or forbidden otherwise.
func (s *Service) AuthorizeRun(ctx context.Context, eventID int64) error {
	_, err := s.runnable(ctx, eventID)
	return err
}

// SetBooths adds or updates booths from the agency's list (entered or
// imported); booths already given keep their exhibitor.
func (s *Service) SetBooths(ctx context.Context, eventID int64, list []BoothInput) ([]Booth, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return nil, err
	}
	var v platform.Validation
	v.Check(len(list) <= 2000, "booths", "Maksimal 2.000 booth")
	seen := map[string]bool{}
	for i, b := range list {
		b.Code, b.Size = strings.TrimSpace(b.Code), strings.TrimSpace(b.Size)
		list[i] = b
		v.Check(b.Code != "" && len(b.Code) <= 20, fmt.Sprintf("booths[%d].code", i), "Kode booth wajib diisi (maksimal 20 karakter)")
		v.Check(len(b.Size) <= 20, fmt.Sprintf("booths[%d].size", i), "Ukuran maksimal 20 karakter, misalnya 3x3")
		v.Check(!seen[b.Code], fmt.Sprintf("booths[%d].code", i), "Kode booth tercantum dua kali")
		seen[b.Code] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, b := range list {
			if _, err := tx.Exec(ctx, `INSERT INTO booths (event_id, code, size) VALUES (?, ?, ?)
				ON CONFLICT (event_id, code) DO UPDATE SET size = excluded.size`, eventID, b.Code, b.Size); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "set_booths", "event", eventID, nil, list)
	})
	if err != nil {
		return nil, err
	}
	return s.Booths(ctx, eventID)
}

// Booths lists an event's booths with who has each, in code order.
func (s *Service) Booths(ctx context.Context, eventID int64) ([]Booth, error) {
	if _, err := s.Event(ctx, eventID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT b.id, b.code, b.size, COALESCE(x.id, 0), COALESCE(x.name, '')
		FROM booths b LEFT JOIN exhibitors x ON x.booth_id = b.id AND x.status = 'approved' WHERE b.event_id = ? ORDER BY b.code`, eventID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (b Booth, err error) {
		err = r.Scan(&b.ID, &b.Code, &b.Size, &b.ExhibitorID, &b.ExhibitorName)
		return b, err
	})
}
