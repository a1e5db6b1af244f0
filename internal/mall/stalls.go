package mall

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Stall statuses, as the engine names them.
const (
	StatusActive      = string(allocation.StatusActive)
	StatusUnderRepair = string(allocation.StatusUnderRepair)
	// MaxStalls bounds one venue's stall list.
	MaxStalls = 2000
	// maxPlan bounds a position on the site plan (plan units, e.g. decimetres).
	maxPlan = 100_000
)

var stallKinds = map[string]bool{string(allocation.KindKios): true, string(allocation.KindTenda): true,
	string(allocation.KindGerobak): true, string(allocation.KindMeja): true}

var stallCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$`)

// Stall is one lapak of a venue.
type Stall struct {
	ID      int64  `json:"id"`
	Code    string `json:"code" example:"K-01"`
	Kind    string `json:"kind" enum:"kios,tenda,gerobak,meja"`
	Size    string `json:"size" example:"3x3"`
	Zone    string `json:"zone" example:"A"`
	Power   bool   `json:"power" doc:"Listrik"`
	Water   bool   `json:"water" doc:"Air"`
	Cooking bool   `json:"cooking" doc:"Boleh memasak"`
	// Category, when set, is the category zone: the stall is for that category only.
	Category string `json:"category"`
	Status   string `json:"status" enum:"active,under_repair"`
	X        int    `json:"x" doc:"Position on the site plan"`
	Y        int    `json:"y"`
}

// StallInput is one stall of the list an operator sends.
type StallInput struct {
	Code, Kind, Size, Zone string
	Power, Water, Cooking  bool
	Category               string // "" for none
	Status                 string // "" is active
	X, Y                   int
}

func (in *StallInput) normalize(v *platform.Validation, i int, seen map[string]bool) {
	f := func(name string) string { return fmt.Sprintf("[%d].%s", i, name) }
	in.Code, in.Size, in.Zone = strings.TrimSpace(in.Code), strings.TrimSpace(in.Size), strings.TrimSpace(in.Zone)
	in.Category = strings.TrimSpace(in.Category)
	if in.Status == "" {
		in.Status = StatusActive
	}
	v.Check(stallCode.MatchString(in.Code), f("code"), "Kode lapak 1–20 huruf, angka, titik, garis bawah atau tanda hubung")
	key := strings.ToUpper(in.Code)
	v.Check(!seen[key], f("code"), "Kode lapak %s dipakai dua kali", in.Code)
	seen[key] = true
	v.Check(stallKinds[in.Kind], f("kind"), "Jenis lapak harus kios, tenda, gerobak atau meja")
	v.Check(len(in.Size) <= 20, f("size"), "Ukuran lapak maksimal 20 karakter")
	v.Check(len(in.Zone) <= 20, f("zone"), "Zona maksimal 20 karakter")
	v.Check(in.Category == "" || umkm.ValidCategory(in.Category), f("category"), "Kategori harus salah satu dari: %s", strings.Join(umkm.Categories, ", "))
	v.Check(in.Status == StatusActive || in.Status == StatusUnderRepair, f("status"), "Status lapak harus active atau under_repair")
	v.Check(in.X >= 0 && in.X <= maxPlan && in.Y >= 0 && in.Y <= maxPlan, f("x"), "Posisi di denah harus 0–%d", maxPlan)
}

const stallColumns = `id, code, kind, size, zone, power, water, cooking, category, status, x, y`

func scanStall(r sqldb.Scanner) (st Stall, err error) {
	err = r.Scan(&st.ID, &st.Code, &st.Kind, &st.Size, &st.Zone, &st.Power, &st.Water, &st.Cooking, &st.Category, &st.Status, &st.X, &st.Y)
	return st, err
}

// Stalls lists a venue's stalls by code; they are public.
func (s *Service) Stalls(ctx context.Context, venueID int64) ([]Stall, error) {
	if _, err := s.Venue(ctx, venueID); err != nil {
		return nil, err
	}
	return s.stalls(ctx, s.db.Reader(), venueID)
}

func (s *Service) stalls(ctx context.Context, q sqldb.Querier, venueID int64) ([]Stall, error) {
	rows, err := q.Query(ctx, `SELECT `+stallColumns+` FROM stalls WHERE venue_id = ? ORDER BY code`, venueID)
	return sqldb.Collect(rows, err, scanStall)
}

// SetStalls makes the venue's stall list the one given (the whole list, as
// a spreadsheet holds it): stalls are matched by code, new codes added,
// missing ones removed. A stall that has a turn is never removed: the
// operator marks it under_repair instead, and the list is refused.
func (s *Service) SetStalls(ctx context.Context, venueID int64, list []StallInput) ([]Stall, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	if len(list) > MaxStalls {
		return nil, platform.Errorf(platform.KindInvalid, "Paling banyak %s lapak per lokasi", platform.Count(MaxStalls))
	}
	var val platform.Validation
	seen := map[string]bool{}
	for i := range list {
		list[i].normalize(&val, i, seen)
	}
	if err := val.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var after []Stall
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		before, err := s.stalls(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		kept := map[string]bool{}
		for _, in := range list {
			kept[in.Code] = true
			_, err := tx.Exec(ctx, `INSERT INTO stalls (venue_id, code, kind, size, zone, power, water, cooking, category, status, x, y, qr_code, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (venue_id, code) DO UPDATE SET kind = excluded.kind, size = excluded.size, zone = excluded.zone,
				power = excluded.power, water = excluded.water, cooking = excluded.cooking, category = excluded.category,
				status = excluded.status, x = excluded.x, y = excluded.y, updated_at = excluded.updated_at`,
				v.ID, in.Code, in.Kind, in.Size, in.Zone, in.Power, in.Water, in.Cooking, in.Category, in.Status, in.X, in.Y, newQRCode(), now, now)
			if err != nil {
				return err
			}
		}
		for _, st := range before {
			if kept[st.Code] {
				continue
			}
			var turns int
			// Cancelled turns too: they are the stall's history.
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM turns WHERE stall_id = ?`, st.ID).Scan(&turns); err != nil {
				return err
			}
			if turns > 0 {
				return conflict("Lapak %s punya giliran dan tidak dapat dihapus; ubah statusnya menjadi under_repair", st.Code)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM stalls WHERE id = ?`, st.ID); err != nil {
				return err
			}
		}
		if after, err = s.stalls(ctx, tx, v.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "set_stalls", "venue", v.ID, before, after)
	})
	return after, err
}

// newQRCode is the secret printed in a stall's QR code: check-in proves
// presence by it, so it cannot be guessed from the stall's code.
func newQRCode() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// stallByCode finds a stall of the venue by its code, case-insensitively.
func (s *Service) stallByCode(ctx context.Context, q sqldb.Querier, venueID int64, code string) (Stall, bool, error) {
	rows, err := q.Query(ctx, `SELECT `+stallColumns+` FROM stalls WHERE venue_id = ? AND UPPER(code) = UPPER(?)`, venueID, strings.TrimSpace(code))
	list, err := sqldb.Collect(rows, err, scanStall)
	if err != nil || len(list) == 0 {
		return Stall{}, false, err
	}
	return list[0], true, nil
}
