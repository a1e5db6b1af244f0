package pangan

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Reads the web pages need beside the API's: an officer's account found by
// email (the agency types an email, AssignOfficer takes an id), and a
// household's own record with its group and its visits.

// OfficerAccount is the id and name of the account with email, for the
// programme's agency assigning it as a field officer. The account service
// looks users up by id only; this read-only query on users is the email
// lookup the assignment form needs, asked only after the actor is found to
// run the programme (so nobody else can probe which emails have accounts).
func (s *Service) OfficerAccount(ctx context.Context, programmeID int64, email string) (id int64, name string, err error) {
	if _, err := s.runnable(ctx, programmeID); err != nil {
		return 0, "", err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return 0, "", platform.Invalid("email", "Email akun petugas wajib diisi")
	}
	err = s.db.Reader().QueryRow(ctx, `SELECT id, name FROM users WHERE email = ?`, email).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", platform.Invalid("email", "Belum ada akun dengan email ini; minta petugas mendaftar dulu")
	}
	return id, name, err
}

// VisitRecord is one stored field visit of a household, with what it recorded.
type VisitRecord struct {
	ID         string
	VisitedAt  time.Time
	Officer    string
	Notes      string
	Flagged    bool
	Production []ProductionRecord
}

// ProductionRecord is one production line of a visit.
type ProductionRecord struct {
	Commodity string
	Name      string
	Unit      string
	Quantity  float64
	Use       string
	Value     int64
	Flagged   bool
}

// HouseholdRecord is a household's own page: its record with the whole NIK
// and phone, its group's name, and its visits, newest first.
type HouseholdRecord struct {
	Household
	GroupName string
	Visits    []VisitRecord
}

// MaxVisitsShown bounds the visits a household's page lists (a year of
// monthly visits is twelve).
const MaxVisitsShown = 100

// HouseholdRecord reads one household for its own page: to the programme's
// agency and the officers of its village (Household's rule), refused to
// anyone else.
func (s *Service) HouseholdRecord(ctx context.Context, programmeID, id int64) (HouseholdRecord, error) {
	h, err := s.Household(ctx, programmeID, id)
	if err != nil {
		return HouseholdRecord{}, err
	}
	rec := HouseholdRecord{Household: h}
	q := s.db.Reader()
	if h.GroupID != 0 {
		if err := q.QueryRow(ctx, `SELECT name FROM pangan_groups WHERE id = ?`, h.GroupID).Scan(&rec.GroupName); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return rec, err
		}
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return rec, err
	}
	rows, err := q.Query(ctx, `SELECT v.id, v.visited_at, u.name, v.notes, v.flagged FROM pangan_visits v JOIN users u ON u.id = v.officer_id
		WHERE v.household_id = ? ORDER BY v.visited_at DESC, v.id LIMIT ?`, h.ID, MaxVisitsShown)
	if rec.Visits, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (v VisitRecord, err error) {
		err = r.Scan(&v.ID, &v.VisitedAt, &v.Officer, &v.Notes, &v.Flagged)
		return v, err
	}); err != nil {
		return rec, err
	}
	byVisit := map[string]int{}
	for i, v := range rec.Visits {
		byVisit[v.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT visit_id, commodity_code, quantity_milli, use, value, flagged FROM pangan_production
		WHERE household_id = ? ORDER BY id`, h.ID)
	type line struct {
		visit string
		ProductionRecord
	}
	lines, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (l line, err error) {
		var milli int64
		err = r.Scan(&l.visit, &l.Commodity, &milli, &l.Use, &l.Value, &l.Flagged)
		l.Quantity = float64(milli) / 1000
		if c, ok := p.Commodity(l.Commodity); ok {
			l.Name, l.Unit = c.Name, c.Unit
		}
		return l, err
	})
	if err != nil {
		return rec, err
	}
	for _, l := range lines {
		if i, ok := byVisit[l.visit]; ok {
			rec.Visits[i].Production = append(rec.Visits[i].Production, l.ProductionRecord)
		}
	}
	return rec, nil
}

// AreaReader returns what tells whether the actor may read a district's or
// a village's figures (mayReadArea's rule: the agency, an admin, the area's
// officers), with one query, so a page links only the areas its reader can open.
func (s *Service) AreaReader(ctx context.Context, p Programme) (func(code string) bool, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return func(string) bool { return false }, nil
	}
	if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) == nil {
		return func(string) bool { return true }, nil
	}
	villages, err := s.villagesOf(ctx, p.ID, a.UserID)
	if err != nil {
		return nil, err
	}
	return func(code string) bool {
		for _, v := range villages {
			if v == code || strings.HasPrefix(v, code+".") {
				return true
			}
		}
		return false
	}, nil
}

// AuthorizeRun loads a programme the actor runs (its province's agency, an
// admin): the agency's pages ask it before reading a form.
func (s *Service) AuthorizeRun(ctx context.Context, programmeID int64) (Programme, error) {
	return s.runnable(ctx, programmeID)
}
