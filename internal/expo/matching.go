package expo

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Business matching (temu bisnis): buyers (retailers, distributors,
// exporters, hotels) register their interest, the organising agency
// schedules meetings with exhibitors in time slots, and each meeting's
// outcome and value (a deal signed, or a potential) are recorded.

// Buyer kinds.
var buyerKinds = map[string]bool{"retailer": true, "distributor": true, "exporter": true, "hotel": true, "lainnya": true}

// MatchingBuyer is a business buyer at an event.
type MatchingBuyer struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Company    string   `json:"company"`
	Kind       string   `json:"kind"`
	Categories []string `json:"categories"`
	Phone      string   `json:"phone,omitempty"`
}

// AddBuyer registers a business buyer's interest (the organising agency,
// which enters what the buyer filled in on paper or a form).
func (s *Service) AddBuyer(ctx context.Context, eventID int64, b MatchingBuyer) (MatchingBuyer, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return b, err
	}
	b.Name, b.Company = strings.TrimSpace(b.Name), strings.TrimSpace(b.Company)
	var v platform.Validation
	v.Check(b.Name != "" && len(b.Name) <= 150, "name", "Nama pembeli wajib diisi")
	v.Check(b.Company != "" && len(b.Company) <= 200, "company", "Nama perusahaan wajib diisi")
	v.Check(buyerKinds[b.Kind], "kind", "Jenis pembeli: retailer, distributor, exporter, hotel atau lainnya")
	for _, c := range b.Categories {
		v.Check(umkm.ValidCategory(c), "categories", "Kategori tidak dikenal: %s", c)
	}
	if b.Phone != "" {
		p, err := idn.NormalizePhone(b.Phone)
		v.Check(err == nil, "phone", "Nomor telepon tidak valid")
		b.Phone = p
	}
	if err := v.Err(); err != nil {
		return b, err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO matching_buyers (event_id, name, company, kind, categories, phone, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, eventID, b.Name, b.Company, b.Kind, strings.Join(b.Categories, ","), b.Phone, s.now().UTC()).Scan(&b.ID)
		if err != nil {
			return err
		}
		logged := b
		logged.Phone = idn.MaskPhone(b.Phone) // personal data: the log keeps it masked
		return audit.Record(ctx, tx, "create", "matching_buyer", b.ID, nil, logged)
	})
	return b, err
}

// Buyers lists an event's business buyers (the organising agency; phone
// numbers are personal data, shown masked).
func (s *Service) Buyers(ctx context.Context, eventID int64) ([]MatchingBuyer, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, name, company, kind, categories, phone FROM matching_buyers WHERE event_id = ? ORDER BY company, id`, eventID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (b MatchingBuyer, err error) {
		var cats string
		err = r.Scan(&b.ID, &b.Name, &b.Company, &b.Kind, &cats, &b.Phone)
		if cats != "" {
			b.Categories = strings.Split(cats, ",")
		}
		b.Phone = idn.MaskPhone(b.Phone)
		return b, err
	})
}

// Meeting outcomes.
const (
	Scheduled = "scheduled"
	Deal      = "deal"      // a deal signed: its value counts in the report
	Potential = "potential" // a potential deal, reported apart
	NoDeal    = "none"
	Cancelled = "cancelled"
)

// Meeting is a business-matching meeting between a buyer and an exhibitor.
type Meeting struct {
	ID            int64     `json:"id"`
	BuyerID       int64     `json:"buyer_id"`
	BuyerCompany  string    `json:"buyer_company"`
	ExhibitorID   int64     `json:"exhibitor_id"`
	ExhibitorName string    `json:"exhibitor_name"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Outcome       string    `json:"outcome"`
	Value         int64     `json:"value"`
	Notes         string    `json:"notes,omitempty"`
}

// Schedule books a meeting. Nobody is in two meetings at once: a slot that
// overlaps another (not cancelled) meeting of the same buyer or the same
// exhibitor is a conflict.
func (s *Service) Schedule(ctx context.Context, eventID, buyerID, exhibitorID int64, start, end time.Time) (Meeting, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return Meeting{}, err
	}
	var v platform.Validation
	v.Check(!start.IsZero(), "starts_at", "Waktu mulai wajib diisi")
	v.Check(end.After(start), "ends_at", "Waktu selesai harus setelah waktu mulai")
	v.Check(end.Sub(start) <= 4*time.Hour, "ends_at", "Satu pertemuan paling lama 4 jam")
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// Take the event's row first: two schedulers of one event queue
		// here, so the overlap check below cannot miss the other's meeting.
		if _, err := tx.Exec(ctx, `UPDATE events SET updated_at = updated_at WHERE id = ?`, eventID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM matching_buyers WHERE id = ? AND event_id = ?`, buyerID, eventID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return platform.Invalid("buyer_id", "Pembeli tidak terdaftar di acara ini")
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM exhibitors WHERE id = ? AND event_id = ? AND status = 'approved'`, exhibitorID, eventID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return platform.Invalid("exhibitor_id", "Peserta tidak terdaftar (atau belum disetujui) di acara ini")
		}
		var clash int64
		var who string
		err := tx.QueryRow(ctx, `SELECT id, CASE WHEN buyer_id = ? THEN 'buyer' ELSE 'exhibitor' END FROM meetings
			WHERE event_id = ? AND outcome <> 'cancelled' AND (buyer_id = ? OR exhibitor_id = ?) AND starts_at < ? AND ends_at > ? LIMIT 1`,
			buyerID, eventID, buyerID, exhibitorID, end.UTC(), start.UTC()).Scan(&clash, &who)
		if err == nil {
			e := platform.Newf(platform.KindConflict, "Peserta sudah punya pertemuan lain pada jam ini").OnField("exhibitor_id")
			if who == "buyer" {
				e = platform.Newf(platform.KindConflict, "Pembeli sudah punya pertemuan lain pada jam ini").OnField("buyer_id")
			}
			e.Fields = append(e.Fields, platform.Field("starts_at", "Bentrok dengan pertemuan #%d", clash))
			return e
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO meetings (event_id, buyer_id, exhibitor_id, starts_at, ends_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			eventID, buyerID, exhibitorID, start.UTC(), end.UTC()).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "meeting", id, nil, map[string]any{"buyer_id": buyerID, "exhibitor_id": exhibitorID, "starts_at": start.UTC(), "ends_at": end.UTC()})
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.meeting(ctx, eventID, id)
}

// MaxDealValue bounds the value of one business-matching deal (Rp1
// triliun), so the report's sums stay far inside int64.
const MaxDealValue = 1_000_000_000_000

// RecordOutcome records how a meeting went: a deal or a potential with its
// value in rupiah, no deal, or cancelled.
func (s *Service) RecordOutcome(ctx context.Context, eventID, meetingID int64, outcome string, value int64, notes string) (Meeting, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return Meeting{}, err
	}
	var v platform.Validation
	v.Check(outcome == Deal || outcome == Potential || outcome == NoDeal || outcome == Cancelled, "outcome", "Hasil: deal, potential, none atau cancelled")
	v.Check(value >= 0 && value <= MaxDealValue, "value", "Nilai transaksi %s–%s", platform.Rupiah(0), platform.Rupiah(MaxDealValue))
	v.Check((outcome != Deal && outcome != Potential) || value > 0, "value", "Isi nilai transaksi dalam rupiah")
	v.Check(len(notes) <= 1000, "notes", "Catatan terlalu panjang")
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	if outcome == NoDeal || outcome == Cancelled {
		value = 0
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE meetings SET outcome = ?, value = ?, notes = ? WHERE id = ? AND event_id = ?`,
			outcome, value, strings.TrimSpace(notes), meetingID, eventID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return platform.NotFound("Pertemuan")
		}
		return audit.Record(ctx, tx, "outcome", "meeting", meetingID, nil, map[string]any{"outcome": outcome, "value": value})
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.meeting(ctx, eventID, meetingID)
}

const meetingColumns = `m.id, m.buyer_id, b.company, m.exhibitor_id, x.name, m.starts_at, m.ends_at, m.outcome, m.value, m.notes`

func scanMeeting(row interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	err := row.Scan(&m.ID, &m.BuyerID, &m.BuyerCompany, &m.ExhibitorID, &m.ExhibitorName, &m.StartsAt, &m.EndsAt, &m.Outcome, &m.Value, &m.Notes)
	return m, err
}

const meetingFrom = ` FROM meetings m JOIN matching_buyers b ON b.id = m.buyer_id JOIN exhibitors x ON x.id = m.exhibitor_id`

func (s *Service) meeting(ctx context.Context, eventID, id int64) (Meeting, error) {
	m, err := scanMeeting(s.db.Reader().QueryRow(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ? AND m.event_id = ?`, id, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, platform.NotFound("Pertemuan")
	}
	return m, err
}

// Meetings lists an event's meetings by time (the organising agency).
func (s *Service) Meetings(ctx context.Context, eventID int64) ([]Meeting, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.event_id = ? ORDER BY m.starts_at, m.id`, eventID)
	return sqldb.Collect(rows, err, scanMeeting)
}

// SetVisitors records the visitors counted on one day of the event.
func (s *Service) SetVisitors(ctx context.Context, eventID int64, day string, visitors int64) error {
	e, err := s.runnable(ctx, eventID)
	if err != nil {
		return err
	}
	valid := false
	for _, d := range e.Days() {
		valid = valid || d == day
	}
	var v platform.Validation
	v.Check(valid, "day", "Tanggal harus salah satu hari acara")
	v.Check(visitors >= 0 && visitors <= 10_000_000, "visitors", "Jumlah pengunjung tidak boleh negatif")
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO visitor_counts (event_id, day, visitors) VALUES (?, ?, ?)
			ON CONFLICT (event_id, day) DO UPDATE SET visitors = excluded.visitors`, eventID, day, visitors); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "visitors", "event", eventID, nil, map[string]any{"day": day, "visitors": visitors})
	})
}

// Visitors are the visitors counted per day (YYYY-MM-DD), for the organising agency.
func (s *Service) Visitors(ctx context.Context, eventID int64) (map[string]int64, error) {
	if _, err := s.runnable(ctx, eventID); err != nil {
		return nil, err
	}
	return s.visitors(ctx, eventID)
}

func (s *Service) visitors(ctx context.Context, eventID int64) (map[string]int64, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT day, visitors FROM visitor_counts WHERE event_id = ?`, eventID)
	type count struct {
		day string
		n   int64
	}
	counts, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (c count, err error) {
		err = r.Scan(&c.day, &c.n)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, c := range counts {
		out[c.day] = c.n
	}
	return out, nil
}
