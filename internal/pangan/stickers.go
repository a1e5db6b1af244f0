package pangan

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The field officer's reads: the programmes and villages it works in, a
// household to visit, the household a QR sticker names, and the printable
// sheet of a village's stickers. A sticker hangs on the house's wall: what
// it carries (and what its link shows to a stranger) is nothing personal.

// Assignment is a programme an officer works in and its villages.
type Assignment struct {
	ProgrammeID   int64
	ProgrammeName string
	ProvinceCode  string
	Villages      []VillageCount
}

// VillageCount is an assigned village with the number of its households.
type VillageCount struct {
	Code       string
	Households int
}

// MyAssignments are the programmes the actor is a field officer of, each
// with its villages (by code) and their households counted.
func (s *Service) MyAssignments(ctx context.Context) ([]Assignment, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT p.id, p.name, p.province_code, o.village_code,
		(SELECT COUNT(*) FROM pangan_households h WHERE h.programme_id = o.programme_id AND h.village_code = o.village_code)
		FROM pangan_officers o JOIN pangan_programmes p ON p.id = o.programme_id
		WHERE o.user_id = ? ORDER BY p.name, p.id, o.village_code`, a.UserID)
	type row struct {
		id             int64
		name, province string
		village        VillageCount
	}
	all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
		err = r.Scan(&x.id, &x.name, &x.province, &x.village.Code, &x.village.Households)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	var out []Assignment
	for _, x := range all {
		if len(out) == 0 || out[len(out)-1].ProgrammeID != x.id {
			out = append(out, Assignment{ProgrammeID: x.id, ProgrammeName: x.name, ProvinceCode: x.province})
		}
		out[len(out)-1].Villages = append(out[len(out)-1].Villages, x.village)
	}
	return out, nil
}

// IsFieldOfficer reports whether the actor is a field officer of any programme.
func (s *Service) IsFieldOfficer(ctx context.Context) (bool, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return false, nil
	}
	var n int
	err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM pangan_officers WHERE user_id = ? LIMIT 1) o`, a.UserID).Scan(&n)
	return n > 0, err
}

// AuthorizeFieldwork checks, before a sync's body is read, that the actor
// may record visits in the programme at all: the agency of its province,
// or a field officer of one of its villages. Each visit is still checked
// against its own household's village (SyncVisits).
func (s *Service) AuthorizeFieldwork(ctx context.Context, programmeID int64) error {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return err
	}
	villages, err := s.villagesOf(ctx, p.ID, a.UserID)
	if err != nil || len(villages) > 0 {
		return err
	}
	return account.Authorize(a, account.VisitHousehold, account.Resource{ProvinceCode: p.ProvinceCode})
}

// VisitTarget is a household as its visit form shows it: to the officers
// of its village and the programme's agency (account.VisitHousehold), with
// the NIK and phone masked (the form needs neither).
func (s *Service) VisitTarget(ctx context.Context, programmeID, householdID int64) (Household, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Household{}, platform.Unauthorized()
	}
	h, err := scanHousehold(s.db.Reader().QueryRow(ctx, `SELECT `+householdColumns+` FROM pangan_households h
		WHERE h.programme_id = ? AND h.id = ?`, programmeID, householdID))
	if errors.Is(err, sql.ErrNoRows) {
		return h, platform.NotFound("Rumah tangga")
	}
	if err != nil {
		return h, err
	}
	if err := s.mayVisitVillage(ctx, programmeID, h.ProvinceCode, h.VillageCode); err != nil {
		return Household{}, err
	}
	return h, nil
}

func (s *Service) mayVisitVillage(ctx context.Context, programmeID int64, province, village string) error {
	officers, err := s.officersOf(ctx, s.db.Reader(), programmeID, village)
	if err != nil {
		return err
	}
	return account.Authorize(platform.ActorFrom(ctx), account.VisitHousehold, account.Resource{ProvinceCode: province, Delegates: officers})
}

// VisitSummary is one stored visit of a household, for its visit form.
type VisitSummary struct {
	ID         string
	VisitedAt  time.Time
	Officer    string
	Notes      string
	Flagged    bool
	Production []ProductionLine
}

// ProductionLine is a stored production record.
type ProductionLine struct {
	Commodity string
	Quantity  float64
	Use       string
}

// RecentVisits are a household's latest visits (newest first, at most
// limit) with their production: what its officer sees before recording the
// next. The caller has checked the household with VisitTarget.
func (s *Service) RecentVisits(ctx context.Context, householdID int64, limit int) ([]VisitSummary, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT v.id, v.visited_at, u.name, v.notes, v.flagged FROM pangan_visits v
		JOIN users u ON u.id = v.officer_id WHERE v.household_id = ? ORDER BY v.visited_at DESC, v.id LIMIT ?`, householdID, limit)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (v VisitSummary, err error) {
		err = r.Scan(&v.ID, &v.VisitedAt, &v.Officer, &v.Notes, &v.Flagged)
		return v, err
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]any, len(list))
	at := map[string]int{}
	for i, v := range list {
		ids[i], at[v.ID] = v.ID, i
	}
	rows, err = s.db.Reader().Query(ctx, `SELECT visit_id, commodity_code, quantity_milli, use FROM pangan_production
		WHERE visit_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY id`, ids...)
	type line struct {
		visit string
		ProductionLine
	}
	lines, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (l line, err error) {
		var milli int64
		err = r.Scan(&l.visit, &l.Commodity, &milli, &l.Use)
		l.Quantity = float64(milli) / 1000
		return l, err
	})
	for _, l := range lines {
		list[at[l.visit]].Production = append(list[at[l.visit]].Production, l.ProductionLine)
	}
	return list, err
}

// Sticker is what a household's QR sticker leads to. HouseholdID is set
// only when the actor may visit the household (its village's officers, the
// agency); anyone else learns the programme and nothing of the household.
type Sticker struct {
	ProgrammeID   int64
	ProgrammeName string
	HouseholdID   int64
}

// StickerTarget resolves a sticker's code. An unknown code is not found;
// a known one answers the programme to everyone, the household to those
// who visit it.
func (s *Service) StickerTarget(ctx context.Context, programmeID int64, code string) (Sticker, error) {
	var st Sticker
	var province, village string
	err := s.db.Reader().QueryRow(ctx, `SELECT p.id, p.name, h.id, h.province_code, h.village_code FROM pangan_households h
		JOIN pangan_programmes p ON p.id = h.programme_id WHERE h.programme_id = ? AND h.sticker_code = ?`,
		programmeID, strings.ToLower(strings.TrimSpace(code))).Scan(&st.ProgrammeID, &st.ProgrammeName, &st.HouseholdID, &province, &village)
	if errors.Is(err, sql.ErrNoRows) {
		return Sticker{}, platform.NotFound("Stiker")
	}
	if err != nil {
		return Sticker{}, err
	}
	if platform.ActorFrom(ctx).Anonymous() || s.mayVisitVillage(ctx, programmeID, province, village) != nil {
		st.HouseholdID = 0
	}
	return st, nil
}

// StickerRow is one sticker of a village's sheet: the household's number
// and its head's initial (what a person at the door can match), and the
// code its QR holds. Never the name or the NIK: the sticker is on a wall.
type StickerRow struct {
	HouseholdID int64
	Initial     string
	Code        string
}

// MaxStickerSheet bounds one sheet: a page of stickers to print (a
// village's next households come on the next sheet).
const MaxStickerSheet = 60

// StickerSheet is a sheet of a village's stickers, by household number
// after the household after (0 from the first), at most limit
// (MaxStickerSheet), and whether more follow: to the agency and the
// village's officers.
func (s *Service) StickerSheet(ctx context.Context, programmeID int64, village string, after int64, limit int) ([]StickerRow, bool, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return nil, false, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, false, err
	}
	pl, ok := placeOf(strings.TrimSpace(village))
	if !ok || pl.province != p.ProvinceCode {
		return nil, false, platform.Invalid("desa", "Desa/kelurahan tidak dikenal atau bukan bagian provinsi program")
	}
	if err := s.mayVisitVillage(ctx, p.ID, p.ProvinceCode, pl.village); err != nil {
		return nil, false, err
	}
	if limit <= 0 || limit > MaxStickerSheet {
		limit = MaxStickerSheet
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, head_name, sticker_code FROM pangan_households
		WHERE programme_id = ? AND village_code = ? AND id > ? ORDER BY id LIMIT ?`, p.ID, pl.village, after, limit+1)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x StickerRow, err error) {
		var name string
		err = r.Scan(&x.HouseholdID, &name, &x.Code)
		x.Initial = initial(name)
		return x, err
	})
	if len(list) > limit {
		return list[:limit], true, err
	}
	return list, false, err
}

// initial is the first letter of a name, upper-cased: "Siti Aminah" → "S".
func initial(name string) string {
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) {
			return string(unicode.ToUpper(r))
		}
		if !unicode.IsSpace(r) && r != utf8.RuneError {
			return string(r)
		}
	}
	return "?"
}
