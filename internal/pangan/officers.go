package pangan

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Officer is a field officer (penyuluh/pendamping) of a programme and the villages it is assigned.
type Officer struct {
	UserID   int64    `json:"user_id"`
	Name     string   `json:"name"`
	Villages []string `json:"village_codes"`
}

// MaxVillagesPerOfficer bounds one assignment.
const MaxVillagesPerOfficer = 500

// AssignOfficer makes any registered account a field officer of the
// programme for villages of its province (added to those it has): the
// programme's agency or an admin. It sees and visits those villages'
// households and nothing else of the programme.
func (s *Service) AssignOfficer(ctx context.Context, programmeID, userID int64, villages []string) (Officer, error) {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return Officer{}, err
	}
	var val platform.Validation
	var name string
	err = s.db.Reader().QueryRow(ctx, `SELECT name FROM users WHERE id = ?`, userID).Scan(&name)
	val.Check(err == nil, "user_id", "Akun tidak ditemukan")
	val.Check(len(villages) > 0 && len(villages) <= MaxVillagesPerOfficer, "village_codes", "Isi 1 sampai 500 desa/kelurahan")
	for i, v := range villages {
		v = strings.TrimSpace(v)
		place, ok := placeOf(v)
		val.Check(ok && place.province == p.ProvinceCode, index("village_codes", i), "Desa/kelurahan %s tidak dikenal atau bukan bagian provinsi program", v)
		villages[i] = v
	}
	if err := val.Err(); err != nil {
		return Officer{}, err
	}
	a := platform.ActorFrom(ctx)
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, v := range villages {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_officers (programme_id, user_id, village_code, added_by, added_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (programme_id, user_id, village_code) DO NOTHING`, p.ID, userID, v, a.UserID, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "assign_officer", "pangan_programme", p.ID, nil, map[string]any{"user_id": userID, "village_codes": villages})
	})
	if err != nil {
		return Officer{}, err
	}
	list, err := s.villagesOf(ctx, p.ID, userID)
	return Officer{UserID: userID, Name: name, Villages: list}, err
}

// Officers lists the programme's field officers and their villages, for its agency.
func (s *Service) Officers(ctx context.Context, programmeID int64) ([]Officer, error) {
	if _, err := s.runnable(ctx, programmeID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT o.user_id, u.name, o.village_code FROM pangan_officers o JOIN users u ON u.id = o.user_id
		WHERE o.programme_id = ? ORDER BY u.name, o.user_id, o.village_code`, programmeID)
	type row struct {
		id            int64
		name, village string
	}
	all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
		err = r.Scan(&x.id, &x.name, &x.village)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	var out []Officer
	for _, x := range all {
		if len(out) == 0 || out[len(out)-1].UserID != x.id {
			out = append(out, Officer{UserID: x.id, Name: x.name})
		}
		out[len(out)-1].Villages = append(out[len(out)-1].Villages, x.village)
	}
	return out, nil
}

// MyVillages are the villages the actor is a field officer of in the programme.
func (s *Service) MyVillages(ctx context.Context, programmeID int64) ([]string, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	return s.villagesOf(ctx, programmeID, a.UserID)
}

func (s *Service) villagesOf(ctx context.Context, programmeID, userID int64) ([]string, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT village_code FROM pangan_officers WHERE programme_id = ? AND user_id = ? ORDER BY village_code`, programmeID, userID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (v string, err error) {
		err = r.Scan(&v)
		return v, err
	})
}

// officersOf are the user ids of a village's officers: the policy's delegates.
func (s *Service) officersOf(ctx context.Context, q sqldb.Querier, programmeID int64, village string) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT user_id FROM pangan_officers WHERE programme_id = ? AND village_code = ?`, programmeID, village)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (id int64, err error) {
		err = r.Scan(&id)
		return id, err
	})
}
