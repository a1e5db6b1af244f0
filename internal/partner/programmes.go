package partner

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// ProgrammeStage is one step of a programme, with how many fostered UMKM reached it.
type ProgrammeStage struct {
	ID       int64  `json:"id"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Reached  int    `json:"reached" doc:"UMKM with active consent that reached it"`
}

// PartnerProgramme is a partner's staged programme (Go Modern → Go Digital → Go
// Online → Go Global).
type PartnerProgramme struct {
	ID        int64            `json:"id"`
	PartnerID int64            `json:"partner_id"`
	Name      string           `json:"name"`
	CreatedAt time.Time        `json:"created_at"`
	Stages    []ProgrammeStage `json:"stages"`
}

// MaxStages bounds a programme's stages.
const MaxStages = 12

// CreateProgramme adds a programme with its stages in order (the partner's staff).
func (s *Service) CreateProgramme(ctx context.Context, partnerID int64, name string, stages []string) (PartnerProgramme, error) {
	p, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	if err != nil {
		return PartnerProgramme{}, err
	}
	name = strings.TrimSpace(name)
	var v platform.Validation
	v.Check(name != "" && utf8.RuneCountInString(name) <= MaxName, "name", "Nama program wajib diisi (maksimal %d karakter)", MaxName)
	var clean []string
	for _, st := range stages {
		if st = strings.TrimSpace(st); st != "" {
			clean = append(clean, st)
		}
	}
	v.Check(len(clean) >= 1 && len(clean) <= MaxStages, "stages", "Program memiliki 1 sampai %d tahap", MaxStages)
	for _, st := range clean {
		if utf8.RuneCountInString(st) > MaxName {
			v.Add("stages", "Nama tahap maksimal %d karakter", MaxName)
			break
		}
	}
	if err := v.Err(); err != nil {
		return PartnerProgramme{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO partner_programmes (partner_id, name, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			p.ID, name, platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return platform.Newf(platform.KindConflict, "Program dengan nama ini sudah ada").OnField("name")
		}
		if err != nil {
			return err
		}
		for i, st := range clean {
			if _, err := tx.Exec(ctx, `INSERT INTO partner_programme_stages (programme_id, position, name) VALUES (?, ?, ?)`, id, i+1, st); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "create", "partner_programme", id, nil, map[string]any{"name": name, "stages": clean})
	})
	if err != nil {
		return PartnerProgramme{}, err
	}
	list, err := s.programmes(ctx, p.ID, id)
	if err != nil || len(list) == 0 {
		return PartnerProgramme{}, err
	}
	return list[0], nil
}

// Programmes lists a partner's programmes with their stages (its staff, the admin).
func (s *Service) Programmes(ctx context.Context, partnerID int64) ([]PartnerProgramme, error) {
	if _, err := s.viewable(ctx, partnerID); err != nil {
		return nil, err
	}
	return s.programmes(ctx, partnerID, 0)
}

// reachedByStaff: the stages a UMKM reached are its records, seen while it consents.
var reachedByStaff = account.Columns{Partner: account.ConsentedTo("r.umkm_id")}

func (s *Service) programmes(ctx context.Context, partnerID, only int64) ([]PartnerProgramme, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, partner_id, name, created_at FROM partner_programmes
		WHERE partner_id = ? AND (? = 0 OR id = ?) ORDER BY id`, partnerID, only, only)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p PartnerProgramme, err error) {
		err = r.Scan(&p.ID, &p.PartnerID, &p.Name, &p.CreatedAt)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(reachedByStaff)
	for i := range list {
		rows, err := s.db.Reader().Query(ctx, `SELECT st.id, st.position, st.name,
			(SELECT COUNT(*) FROM partner_stages_reached r JOIN partner_consents c ON c.umkm_id = r.umkm_id
				AND c.partner_id = ? AND c.withdrawn_at IS NULL WHERE r.stage_id = st.id AND `+where+`)
			FROM partner_programme_stages st WHERE st.programme_id = ? ORDER BY st.position`,
			append(append([]any{partnerID}, args...), list[i].ID)...)
		list[i].Stages, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (st ProgrammeStage, err error) {
			err = r.Scan(&st.ID, &st.Position, &st.Name, &st.Reached)
			return st, err
		})
		if err != nil {
			return nil, err
		}
	}
	return list, nil
}

// RecordStage records that a fostered UMKM reached a stage of one of the
// partner's programmes on a day (the partner's staff). The UMKM must
// consent; recording a stage again changes its day.
func (s *Service) RecordStage(ctx context.Context, partnerID, stageID, umkmID int64, reachedOn string) error {
	p, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	if err != nil {
		return err
	}
	var owner int64
	err = s.db.Reader().QueryRow(ctx, `SELECT pp.partner_id FROM partner_programme_stages st JOIN partner_programmes pp ON pp.id = st.programme_id
		WHERE st.id = ?`, stageID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != p.ID) {
		return platform.NotFound("Tahap program")
	}
	if err != nil {
		return err
	}
	var v platform.Validation
	day, err := parseDate("reached_on", reachedOn)
	v.Merge(err)
	if err == nil {
		v.Check(!day.After(s.Today()), "reached_on", "Tanggal tidak boleh setelah hari ini")
	}
	if ok, err := consented(ctx, s.db.Reader(), umkmID, p.ID); err != nil {
		return err
	} else if !ok {
		v.Merge(errNoConsent("umkm_id"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO partner_stages_reached (stage_id, umkm_id, reached_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (stage_id, umkm_id) DO UPDATE SET reached_on = excluded.reached_on, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
			stageID, umkmID, day.Format(time.DateOnly), platform.ActorFrom(ctx).UserID, s.now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "reach_stage", "umkm", umkmID, nil, map[string]any{"stage_id": stageID, "reached_on": day.Format(time.DateOnly)})
	})
}

// Training is a partner's training event with its attendance.
type Training struct {
	ID        int64   `json:"id"`
	PartnerID int64   `json:"partner_id"`
	Title     string  `json:"title"`
	HeldOn    string  `json:"held_on" format:"date"`
	Place     string  `json:"place"`
	Attendees []int64 `json:"attendees" doc:"UMKM that attended, among those with active consent"`
}

// CreateTraining adds a training event (the partner's staff).
func (s *Service) CreateTraining(ctx context.Context, partnerID int64, title, heldOn, place string) (Training, error) {
	p, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	if err != nil {
		return Training{}, err
	}
	title, place = strings.TrimSpace(title), strings.TrimSpace(place)
	var v platform.Validation
	v.Check(title != "" && utf8.RuneCountInString(title) <= MaxName, "title", "Judul pelatihan wajib diisi (maksimal %d karakter)", MaxName)
	v.Check(utf8.RuneCountInString(place) <= MaxName, "place", "Tempat maksimal %d karakter", MaxName)
	day, err := parseDate("held_on", heldOn)
	v.Merge(err)
	if err := v.Err(); err != nil {
		return Training{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO partner_trainings (partner_id, title, held_on, place, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			p.ID, title, day.Format(time.DateOnly), place, platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "partner_training", id, nil, map[string]any{"title": title, "held_on": day.Format(time.DateOnly)})
	})
	if err != nil {
		return Training{}, err
	}
	return Training{ID: id, PartnerID: p.ID, Title: title, HeldOn: day.Format(time.DateOnly), Place: place, Attendees: []int64{}}, nil
}

// attendanceByStaff: attendance is the UMKM's record, seen while it consents.
var attendanceByStaff = account.Columns{Partner: account.ConsentedTo("a.umkm_id")}

// Trainings lists a partner's training events, newest first, each with
// the consenting UMKM that attended (its staff, the admin).
func (s *Service) Trainings(ctx context.Context, partnerID int64) ([]Training, error) {
	if _, err := s.viewable(ctx, partnerID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, partner_id, title, held_on, place FROM partner_trainings WHERE partner_id = ? ORDER BY held_on DESC, id DESC`, partnerID)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t Training, err error) {
		err = r.Scan(&t.ID, &t.PartnerID, &t.Title, &t.HeldOn, &t.Place)
		t.Attendees = []int64{}
		return t, err
	})
	if err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(attendanceByStaff)
	for i := range list {
		list[i].Attendees, err = sqldb.Int64s(ctx, s.db.Reader(), `SELECT a.umkm_id FROM partner_training_attendance a
			JOIN partner_consents c ON c.umkm_id = a.umkm_id AND c.partner_id = ? AND c.withdrawn_at IS NULL
			WHERE a.training_id = ? AND `+where+` ORDER BY a.umkm_id`, append([]any{partnerID, list[i].ID}, args...)...)
		if err != nil {
			return nil, err
		}
		if list[i].Attendees == nil {
			list[i].Attendees = []int64{}
		}
	}
	return list, nil
}

// RecordAttendance records the fostered UMKM that attended a training
// (the partner's staff); each must consent. All or none are recorded.
func (s *Service) RecordAttendance(ctx context.Context, partnerID, trainingID int64, umkmIDs []int64) error {
	p, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	if err != nil {
		return err
	}
	var owner int64
	err = s.db.Reader().QueryRow(ctx, `SELECT partner_id FROM partner_trainings WHERE id = ?`, trainingID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != p.ID) {
		return platform.NotFound("Pelatihan")
	}
	if err != nil {
		return err
	}
	if len(umkmIDs) == 0 || len(umkmIDs) > 500 {
		return platform.Invalid("umkm_ids", "Pilih 1 sampai 500 UMKM peserta")
	}
	for _, id := range umkmIDs {
		if ok, err := consented(ctx, s.db.Reader(), id, p.ID); err != nil {
			return err
		} else if !ok {
			return errNoConsent("umkm_ids")
		}
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, id := range umkmIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO partner_training_attendance (training_id, umkm_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, trainingID, id, platform.ActorFrom(ctx).UserID, s.now().UTC()); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "attendance", "partner_training", trainingID, nil, map[string]any{"umkm_ids": umkmIDs})
	})
}
