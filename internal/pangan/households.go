package pangan

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Poverty statuses, as the agency's list (DTKS, P3KE…) gives them.
var PovertyStatuses = []string{"sangat_miskin", "miskin", "rentan", "tidak_miskin"}

// Household is a programme's household. NIK is empty except on the
// household's own page for those who may read it (account.ReadNIK);
// NIKMasked is what every list and export shows.
type Household struct {
	ID            int64  `json:"id"`
	ProgrammeID   int64  `json:"programme_id"`
	HeadName      string `json:"head_name"`
	NIK           string `json:"nik,omitempty" doc:"The whole NIK: only on the household's own record, to the agency and the village's officers"`
	NIKMasked     string `json:"nik_masked" example:"160401********01"`
	NIKElsewhere  bool   `json:"nik_elsewhere,omitempty" doc:"The NIK was issued in another kecamatan than the address (people move: only noted)"`
	VillageCode   string `json:"village_code" example:"16.04.01.2001"`
	DistrictCode  string `json:"district_code"`
	RegencyCode   string `json:"regency_code"`
	ProvinceCode  string `json:"province_code"`
	Address       string `json:"address,omitempty"`
	Phone         string `json:"phone,omitempty" doc:"The whole number: only on the household's own record, like the NIK"`
	PhoneMasked   string `json:"phone_masked,omitempty" example:"+62812****1234"`
	Members       int    `json:"members"`
	PovertyStatus string `json:"poverty_status" enum:"sangat_miskin,miskin,rentan,tidak_miskin"`
	PovertySource string `json:"poverty_source,omitempty"`
	GroupID       int64  `json:"group_id,omitempty"`
	// Version counts the visits recorded; an offline visit sends the one it saw.
	Version     int64      `json:"version"`
	Reached     bool       `json:"reached" doc:"Visited at least once or given proven aid"`
	LastVisitAt *time.Time `json:"last_visit_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	nik, phone  string
}

// HouseholdFields is what the agency (or the village's officer) registers.
type HouseholdFields struct {
	HeadName      string
	NIK           string
	VillageCode   string
	Address       string
	Phone         string
	Members       int
	PovertyStatus string
	PovertySource string
	GroupID       int64
}

const householdColumns = `h.id, h.programme_id, h.head_name, h.nik, h.nik_district, h.village_code, h.district_code, h.regency_code,
	h.province_code, h.address, h.phone, h.members, h.poverty_status, h.poverty_source, COALESCE(h.group_id, 0), h.version,
	h.reached_at IS NOT NULL, h.last_visit_at, h.created_at`

func scanHousehold(r sqldb.Scanner) (h Household, err error) {
	var nikDistrict string
	var last sql.NullTime
	err = r.Scan(&h.ID, &h.ProgrammeID, &h.HeadName, &h.nik, &nikDistrict, &h.VillageCode, &h.DistrictCode, &h.RegencyCode,
		&h.ProvinceCode, &h.Address, &h.phone, &h.Members, &h.PovertyStatus, &h.PovertySource, &h.GroupID, &h.Version,
		&h.Reached, &last, &h.CreatedAt)
	h.NIKMasked = idn.MaskNIK(h.nik)
	h.NIKElsewhere = nikDistrict != h.DistrictCode
	if h.phone != "" {
		h.PhoneMasked = idn.MaskPhone(h.phone)
	}
	if last.Valid {
		h.LastVisitAt = &last.Time
	}
	return h, err
}

// AddHousehold registers a household in a village of the programme's
// province: the agency, or an officer of that village. Its NIK is checked
// (16 digits, a kecamatan that exists, a possible birth date) and unique in
// the programme.
func (s *Service) AddHousehold(ctx context.Context, programmeID int64, f HouseholdFields) (Household, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Household{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Household{}, err
	}
	var val platform.Validation
	f.HeadName, f.NIK, f.VillageCode = strings.TrimSpace(f.HeadName), strings.TrimSpace(f.NIK), strings.TrimSpace(f.VillageCode)
	place, placed := placeOf(f.VillageCode)
	val.Check(placed, "village_code", "Kode desa/kelurahan tidak dikenal")
	val.Check(!placed || place.province == p.ProvinceCode, "village_code", "Desa/kelurahan ini bukan bagian provinsi program")
	officers, err := s.officersOf(ctx, s.db.Reader(), p.ID, f.VillageCode)
	if err != nil {
		return Household{}, err
	}
	// Authorise before reading the rest: the agency, or an officer of the village.
	if err := account.Authorize(a, account.VisitHousehold, account.Resource{ProvinceCode: p.ProvinceCode, Delegates: officers}); err != nil {
		return Household{}, err
	}
	val.Check(f.HeadName != "" && len(f.HeadName) <= 200, "head_name", "Nama kepala keluarga wajib diisi (paling banyak 200 karakter)")
	val.Merge(region.NIKProblem("nik", f.NIK))
	phone := ""
	if strings.TrimSpace(f.Phone) != "" {
		if phone, err = idn.NormalizePhone(f.Phone); err != nil {
			val.Add("phone", "Nomor HP tidak valid (contoh: 0812 3456 7890)")
		}
	}
	val.Check(f.Members >= 1 && f.Members <= 50, "members", "Jumlah anggota keluarga harus 1 sampai 50")
	val.Check(slices.Contains(PovertyStatuses, f.PovertyStatus), "poverty_status", "Status kemiskinan harus sangat_miskin, miskin, rentan, atau tidak_miskin")
	val.Check(len(f.Address) <= 500 && len(f.PovertySource) <= 200, "address", "Alamat paling banyak 500 karakter")
	if f.GroupID != 0 {
		var n int
		if err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM pangan_groups WHERE id = ? AND programme_id = ?`, f.GroupID, p.ID).Scan(&n); err != nil {
			return Household{}, err
		}
		val.Check(n == 1, "group_id", "Kelompok tidak ada di program ini")
	}
	if err := val.Err(); err != nil {
		return Household{}, err
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var group any
		if f.GroupID != 0 {
			group = f.GroupID
		}
		err := tx.QueryRow(ctx, `INSERT INTO pangan_households (programme_id, head_name, nik, nik_district, village_code, district_code,
			regency_code, province_code, address, phone, members, poverty_status, poverty_source, group_id, sticker_code,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.ID, f.HeadName, f.NIK, nikDistrict(f.NIK), f.VillageCode, place.district, place.regency, place.province,
			strings.TrimSpace(f.Address), phone, f.Members, f.PovertyStatus, strings.TrimSpace(f.PovertySource), group, stickerCode(),
			a.UserID, now, now).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return platform.Invalid("nik", "NIK ini sudah terdaftar di program ini")
		}
		if err != nil {
			return err
		}
		// The audit keeps who registered whom, never the NIK itself.
		return audit.Record(ctx, tx, "add_household", "pangan_household", id, nil, map[string]any{"programme_id": p.ID, "village_code": f.VillageCode})
	})
	if err != nil {
		return Household{}, err
	}
	return s.Household(ctx, p.ID, id)
}

// Household is one household: to the programme's agency and the officers
// of its village, with its whole NIK and phone; refused to anyone else.
func (s *Service) Household(ctx context.Context, programmeID, id int64) (Household, error) {
	h, err := scanHousehold(s.db.Reader().QueryRow(ctx, `SELECT `+householdColumns+` FROM pangan_households h
		WHERE h.programme_id = ? AND h.id = ?`, programmeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, platform.NotFound("Rumah tangga")
	}
	if err != nil {
		return h, err
	}
	officers, err := s.officersOf(ctx, s.db.Reader(), programmeID, h.VillageCode)
	if err != nil {
		return h, err
	}
	if err := account.Authorize(platform.ActorFrom(ctx), account.ReadNIK, account.Resource{ProvinceCode: h.ProvinceCode, Delegates: officers}); err != nil {
		return Household{}, err
	}
	h.NIK, h.Phone = h.nik, h.phone
	return h, nil
}

// HouseholdFilter narrows a programme's household list.
type HouseholdFilter struct {
	// Area is a village, district, regency or province code ("" all).
	Area   string
	Limit  int
	Cursor string // the next_cursor of the page before
	// Before asks for the page of households just before this cursor (the
	// id of a page's first row), still in id order; the cursor returned
	// then goes further back ("" at the first page).
	Before string
}

// Households lists a programme's households in the actor's scope (the
// agency of its province: all; a field officer: its villages' — the
// account scope's Own), by id, a page at a time; NIK and phone masked.
func (s *Service) Households(ctx context.Context, programmeID int64, f HouseholdFilter) (list []Household, next string, err error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return nil, "", platform.Unauthorized()
	}
	if _, err := s.Programme(ctx, programmeID); err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	after, _ := strconv.ParseInt(f.Cursor, 10, 64)
	before, _ := strconv.ParseInt(f.Before, 10, 64)
	where, args := HouseholdScope(ctx)
	q := `SELECT ` + householdColumns + ` FROM pangan_households h WHERE h.programme_id = ? AND h.id > ? AND ` + where
	order := ` ORDER BY h.id`
	args = append([]any{programmeID, after}, args...)
	if before > 0 {
		q += ` AND h.id < ?`
		order = ` ORDER BY h.id DESC`
		args = append(args, before)
	}
	if f.Area != "" {
		col, ok := areaColumn(f.Area)
		if !ok {
			return nil, "", platform.Invalid("village", "Kode wilayah tidak dikenal")
		}
		q += ` AND h.` + col + ` = ?`
		args = append(args, f.Area)
	}
	rows, err := s.db.Reader().Query(ctx, q+order+` LIMIT ?`, append(args, f.Limit+1)...)
	list, err = sqldb.Collect(rows, err, scanHousehold)
	if err != nil {
		return nil, "", err
	}
	if len(list) > f.Limit {
		list = list[:f.Limit]
		next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	if before > 0 {
		slices.Reverse(list)
	}
	return list, next, nil
}

// HouseholdScope is the condition (over alias h) on the households the
// actor may list, from its account scope: the province's for its agency,
// the assigned villages' for a field officer, all for an admin.
func HouseholdScope(ctx context.Context) (string, []any) {
	return account.ScopeOf(platform.ActorFrom(ctx)).Where(account.Columns{
		Province: "h.province_code = ?",
		Own:      "h.village_code IN (SELECT o.village_code FROM pangan_officers o WHERE o.programme_id = h.programme_id AND o.user_id = ?)",
	})
}

// areaColumn is the household column holding areas of code's level.
func areaColumn(code string) (string, bool) {
	switch strings.Count(code, ".") {
	case 0:
		return "province_code", len(code) == 2
	case 1:
		return "regency_code", true
	case 2:
		return "district_code", true
	case 3:
		return "village_code", true
	}
	return "", false
}

// stickerCode is the secret a household's QR sticker carries.
func stickerCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
