package pangan

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Kinds of group: women farmers' groups (KWT), neighbourhood groups
// (dasawisma), schools, offices and social homes.
var GroupKinds = []string{"kwt", "dasawisma", "school", "office", "social_home"}

// FoodGroup is a programme's group in one village and how many households it has.
type FoodGroup struct {
	ID           int64     `json:"id"`
	ProgrammeID  int64     `json:"programme_id"`
	Kind         string    `json:"kind" enum:"kwt,dasawisma,school,office,social_home"`
	Name         string    `json:"name"`
	VillageCode  string    `json:"village_code"`
	DistrictCode string    `json:"district_code"`
	RegencyCode  string    `json:"regency_code"`
	UMKMID       int64     `json:"umkm_id,omitempty" doc:"The UMKM it sells its members' surplus through"`
	Members      int64     `json:"members" doc:"Households in the group"`
	CreatedAt    time.Time `json:"created_at"`
}

// GroupFields is what the agency or the village's officer registers.
type GroupFields struct {
	Kind        string
	Name        string
	VillageCode string
}

const groupColumns = `g.id, g.programme_id, g.kind, g.name, g.village_code, g.district_code, g.regency_code, COALESCE(g.umkm_id, 0),
	(SELECT COUNT(*) FROM pangan_households m WHERE m.group_id = g.id), g.created_at`

func scanGroup(r sqldb.Scanner) (g FoodGroup, err error) {
	err = r.Scan(&g.ID, &g.ProgrammeID, &g.Kind, &g.Name, &g.VillageCode, &g.DistrictCode, &g.RegencyCode, &g.UMKMID, &g.Members, &g.CreatedAt)
	return g, err
}

// AddGroup registers a group in a village of the programme's province:
// the agency, or an officer of that village. Its name is unique in the village.
func (s *Service) AddGroup(ctx context.Context, programmeID int64, f GroupFields) (FoodGroup, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return FoodGroup{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return FoodGroup{}, err
	}
	f.Name, f.VillageCode = strings.TrimSpace(f.Name), strings.TrimSpace(f.VillageCode)
	place, placed := placeOf(f.VillageCode)
	officers, err := s.officersOf(ctx, s.db.Reader(), p.ID, f.VillageCode)
	if err != nil {
		return FoodGroup{}, err
	}
	// Authorise before reading the rest: the agency, or an officer of the
	// village (an unknown village has none: only the agency gets as far as
	// the field's message).
	if err := account.Authorize(a, account.VisitHousehold, account.Resource{ProvinceCode: p.ProvinceCode, Delegates: officers}); err != nil {
		return FoodGroup{}, err
	}
	var val platform.Validation
	val.Check(placed, "village_code", "Kode desa/kelurahan tidak dikenal")
	val.Check(!placed || place.province == p.ProvinceCode, "village_code", "Desa/kelurahan ini bukan bagian provinsi program")
	val.Check(slices.Contains(GroupKinds, f.Kind), "kind", "Jenis kelompok harus kwt, dasawisma, school, office, atau social_home")
	val.Check(f.Name != "" && utf8.RuneCountInString(f.Name) <= 200, "name", "Nama kelompok wajib diisi (paling banyak 200 karakter)")
	if err := val.Err(); err != nil {
		return FoodGroup{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO pangan_groups (programme_id, kind, name, village_code, district_code, regency_code, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, f.Kind, f.Name, f.VillageCode, place.district, place.regency, a.UserID, s.now().UTC()).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return platform.Invalid("name", "Desa ini sudah punya kelompok dengan nama itu")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "add_group", "pangan_group", id, nil, map[string]any{"programme_id": p.ID, "kind": f.Kind, "name": f.Name, "village_code": f.VillageCode})
	})
	if err != nil {
		return FoodGroup{}, err
	}
	return s.group(ctx, s.db.Reader(), p.ID, id)
}

// GroupScope is the condition (over alias g) on the groups the actor may
// list, from its account scope as HouseholdScope: the province's for its
// agency, the assigned villages' for a field officer, all for an admin.
func GroupScope(ctx context.Context) (string, []any) {
	return account.ScopeOf(platform.ActorFrom(ctx)).Where(account.Columns{
		Province: "EXISTS (SELECT 1 FROM pangan_programmes gp WHERE gp.id = g.programme_id AND gp.province_code = ?)",
		Own:      "g.village_code IN (SELECT o.village_code FROM pangan_officers o WHERE o.programme_id = g.programme_id AND o.user_id = ?)",
	})
}

// Groups lists a programme's groups in the actor's scope, in an area
// (village, district, regency or province code; "" all), by village and name.
func (s *Service) Groups(ctx context.Context, programmeID int64, area string) ([]FoodGroup, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return nil, platform.Unauthorized()
	}
	if _, err := s.Programme(ctx, programmeID); err != nil {
		return nil, err
	}
	where, args := GroupScope(ctx)
	q := `SELECT ` + groupColumns + ` FROM pangan_groups g WHERE g.programme_id = ? AND ` + where
	args = append([]any{programmeID}, args...)
	if area = strings.TrimSpace(area); area != "" {
		col, ok := areaColumn(area)
		if !ok || col == "province_code" {
			if !ok {
				return nil, platform.Invalid("village", "Kode wilayah tidak dikenal")
			}
			col = "" // the whole province: every group of the programme
		}
		if col != "" {
			q += ` AND g.` + col + ` = ?`
			args = append(args, area)
		}
	}
	rows, err := s.db.Reader().Query(ctx, q+` ORDER BY g.village_code, g.name, g.id`, args...)
	return sqldb.Collect(rows, err, scanGroup)
}

// group loads one group of the programme, without authorising.
func (s *Service) group(ctx context.Context, q sqldb.Querier, programmeID, id int64) (FoodGroup, error) {
	g, err := scanGroup(q.QueryRow(ctx, `SELECT `+groupColumns+` FROM pangan_groups g WHERE g.programme_id = ? AND g.id = ?`, programmeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, platform.NotFound("Kelompok")
	}
	return g, err
}

// mayWorkOn authorises VisitHousehold on a record in a village: the
// programme's agency, an admin, or an officer of that village.
func (s *Service) mayWorkOn(ctx context.Context, p Programme, village string) error {
	officers, err := s.officersOf(ctx, s.db.Reader(), p.ID, village)
	if err != nil {
		return err
	}
	return account.Authorize(platform.ActorFrom(ctx), account.VisitHousehold, account.Resource{ProvinceCode: p.ProvinceCode, Delegates: officers})
}

// worksIn reports whether the actor runs the programme or is an officer of
// any of its villages: who is told a record it names does not exist, where
// anyone else is refused.
func (s *Service) worksIn(ctx context.Context, p Programme) (bool, error) {
	a := platform.ActorFrom(ctx)
	if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) == nil {
		return true, nil
	}
	villages, err := s.villagesOf(ctx, p.ID, a.UserID)
	return len(villages) > 0, err
}

// SetHouseholdGroup makes a household a member of a group of the same
// programme (a KWT's or a dasawisma's of its village, a school's, an
// office's or a social home's of its kecamatan; a household is in one
// group at most; this moves it): the agency, or an officer of both villages.
func (s *Service) SetHouseholdGroup(ctx context.Context, programmeID, groupID, householdID int64) (Household, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Household{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Household{}, err
	}
	g, err := s.group(ctx, s.db.Reader(), p.ID, groupID)
	if err != nil {
		return Household{}, err
	}
	if err := s.mayWorkOn(ctx, p, g.VillageCode); err != nil {
		return Household{}, err
	}
	h, err := s.householdOf(ctx, p.ID, householdID)
	if errors.Is(err, errNoHousehold) {
		return Household{}, platform.Invalid("household_id", "Rumah tangga tidak ada di program ini")
	}
	if err != nil {
		return Household{}, err
	}
	if err := s.mayWorkOn(ctx, p, h.VillageCode); err != nil {
		return Household{}, platform.Invalid("household_id", "Rumah tangga ini di luar desa tugas Anda")
	}
	// A KWT or a dasawisma is its village's; a school, an office or a social
	// home takes families from around it: its kecamatan.
	if neighbourhood := g.Kind == "kwt" || g.Kind == "dasawisma"; neighbourhood && h.VillageCode != g.VillageCode {
		return Household{}, platform.Invalid("household_id", "Rumah tangga ini bukan warga desa kelompok")
	} else if !neighbourhood && h.DistrictCode != g.DistrictCode {
		return Household{}, platform.Invalid("household_id", "Rumah tangga ini bukan warga kecamatan kelompok")
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE pangan_households SET group_id = ?, updated_at = ? WHERE id = ?`, g.ID, s.now().UTC(), h.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "set_household_group", "pangan_household", h.ID, map[string]any{"group_id": h.GroupID}, map[string]any{"group_id": g.ID})
	})
	if err != nil {
		return Household{}, err
	}
	h.GroupID = g.ID
	return h, nil
}

var errNoHousehold = errors.New("pangan: no such household in the programme")

// householdOf loads a household of the programme without authorising,
// masked as in a list (errNoHousehold when it is not the programme's).
func (s *Service) householdOf(ctx context.Context, programmeID, id int64) (Household, error) {
	h, err := scanHousehold(s.db.Reader().QueryRow(ctx, `SELECT `+householdColumns+` FROM pangan_households h
		WHERE h.programme_id = ? AND h.id = ?`, programmeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, errNoHousehold
	}
	return h, err
}
