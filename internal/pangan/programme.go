// Package pangan runs household food programmes (issue 12, decision 0028):
// a province's programme such as Gerakan Sumsel Mandiri Pangan, its
// configuration (commodities with reference prices, targets per regency,
// aid package types, sponsors, phases), the households and groups in it,
// the field officers of its villages, aid delivered with proof, the field
// visits their phones sync, the production they record, and the
// indicators rolled up desa → kecamatan → kabupaten/kota → province.
package pangan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Service runs food programmes.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
	// Media stores plots' photos and the proof of aid deliveries (nil: uploads refused).
	Media media.Storage
	// Registry answers for the UMKM a group sells its surplus through.
	Registry *umkm.Service
}

// NewService returns the food programmes on db.
func NewService(db *sqldb.DB) *Service { return &Service{db: db, now: time.Now} }

// Units a commodity is counted in.
var Units = []string{"kg", "ekor", "butir", "liter"}

// Commodity is something households grow or raise.
type Commodity struct {
	Code string `json:"code" example:"cabai" maxLength:"40"`
	Name string `json:"name" example:"Cabai" maxLength:"100"`
	Unit string `json:"unit" enum:"kg,ekor,butir,liter"`
	// Price is the reference price per unit in rupiah (the value of what was produced).
	Price int64 `json:"price" example:"40000" minimum:"0"`
	// MaxPerM2 is the most one square metre of plot plausibly yields in one
	// visit's record; above it a record needs a confirmation and is flagged.
	MaxPerM2 float64 `json:"max_per_m2,omitempty" doc:"Default: 5 units per m²"`
}

// Target is a regency's target of households (and groups) reached.
type Target struct {
	RegencyCode string `json:"regency_code" example:"16.04"`
	Households  int64  `json:"households" minimum:"0" example:"9450"`
	Groups      int64  `json:"groups,omitempty" minimum:"0"`
}

// Price is a commodity's reference price in one regency, where it differs.
type Price struct {
	Commodity   string `json:"commodity" example:"cabai"`
	RegencyCode string `json:"regency_code" example:"16.04"`
	Price       int64  `json:"price" minimum:"0"`
}

// PackageType is an aid package (8 laying hens, 300 tilapia fry, feed, a drum).
type PackageType struct {
	ID    int64         `json:"id,omitempty" readOnly:"true"`
	Code  string        `json:"code" example:"bsb-ternak" maxLength:"40"`
	Name  string        `json:"name" maxLength:"200"`
	Items []PackageItem `json:"items"`
}

// PackageItem is one line of a package.
type PackageItem struct {
	Name     string `json:"name" example:"Ayam petelur" maxLength:"100"`
	Quantity int64  `json:"quantity" example:"8" minimum:"1"`
	Unit     string `json:"unit" example:"ekor" maxLength:"20"`
}

// Sponsor gives aid: a bank's CSR, a state company, the agency's budget.
type Sponsor struct {
	ID   int64  `json:"id,omitempty" readOnly:"true"`
	Name string `json:"name" example:"Bank Sumsel Babel" maxLength:"200"`
	Kind string `json:"kind" enum:"bank_csr,bumn,agency,other"`
}

// Phase is a stage of the programme through one segment.
type Phase struct {
	ID      int64  `json:"id,omitempty" readOnly:"true"`
	Name    string `json:"name" example:"Tahap 1" maxLength:"100"`
	Segment string `json:"segment" enum:"household,dasawisma,kwt,school,office,social_home"`
}

// Programme is a province's food programme and its configuration.
type Programme struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name" example:"Gerakan Sumsel Mandiri Pangan"`
	ProvinceCode string        `json:"province_code" example:"16"`
	StartYear    int           `json:"start_year" example:"2021"`
	AdoptedFrom  int64         `json:"adopted_from,omitempty" doc:"The programme whose configuration it copied"`
	Commodities  []Commodity   `json:"commodities"`
	Prices       []Price       `json:"prices"`
	Targets      []Target      `json:"targets"`
	Packages     []PackageType `json:"packages"`
	Sponsors     []Sponsor     `json:"sponsors"`
	Phases       []Phase       `json:"phases"`
	CreatedAt    time.Time     `json:"created_at"`
}

// Location is the time zone of the programme's province (months are counted there).
func (p Programme) Location() *time.Location { return region.Location(p.ProvinceCode) }

// Commodity finds a commodity of the programme by code.
func (p Programme) Commodity(code string) (Commodity, bool) {
	for _, c := range p.Commodities {
		if c.Code == code {
			return c, true
		}
	}
	return Commodity{}, false
}

// PriceIn is a commodity's reference price in a regency.
func (p Programme) PriceIn(c Commodity, regencyCode string) int64 {
	for _, pr := range p.Prices {
		if pr.Commodity == c.Code && pr.RegencyCode == regencyCode {
			return pr.Price
		}
	}
	return c.Price
}

// ProgrammeFields is what the agency sends to start a programme.
type ProgrammeFields struct {
	Name         string
	ProvinceCode string
	StartYear    int
	Commodities  []Commodity
	Prices       []Price
	Targets      []Target
	Packages     []PackageType
	Sponsors     []Sponsor
	Phases       []Phase
}

// Bounds of a programme's configuration.
const (
	maxPrice     = 1_000_000_000 // rupiah per unit
	maxHousehold = 10_000_000    // a target
	defaultYield = 5.0           // units per m² per record
)

var (
	// SponsorKinds: a bank's CSR, a state company, the agency's budget, another.
	SponsorKinds = []string{"bank_csr", "bumn", "agency", "other"}
	// Segments a phase goes through.
	Segments = []string{"household", "dasawisma", "kwt", "school", "office", "social_home"}
)

// CreateProgramme starts a province's programme: the agency of that
// province or an admin. Its configuration is checked as a whole.
func (s *Service) CreateProgramme(ctx context.Context, f ProgrammeFields) (Programme, error) {
	a := platform.ActorFrom(ctx)
	f.ProvinceCode = strings.TrimSpace(f.ProvinceCode)
	if err := account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: f.ProvinceCode}); err != nil {
		return Programme{}, err
	}
	if err := checkProgramme(&f); err != nil {
		return Programme{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		id, err = insertProgramme(ctx, tx, f, 0, a.UserID, s.now().UTC())
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create_programme", "pangan_programme", id, nil, map[string]any{"name": f.Name, "province_code": f.ProvinceCode})
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id)
}

func checkProgramme(f *ProgrammeFields) error {
	var val platform.Validation
	f.Name = strings.TrimSpace(f.Name)
	val.Check(f.Name != "" && len(f.Name) <= 200, "name", "Nama program wajib diisi (paling banyak 200 karakter)")
	_, known := region.ProvinceByCode(f.ProvinceCode)
	val.Check(known, "province_code", "Kode provinsi tidak dikenal")
	val.Check(f.StartYear >= 2000 && f.StartYear <= 2100, "start_year", "Tahun mulai harus antara 2000 dan 2100")
	val.Check(len(f.Commodities) > 0 && len(f.Commodities) <= 200, "commodities", "Isi 1 sampai 200 komoditas")
	seen := map[string]bool{}
	for i, c := range f.Commodities {
		c.Code, c.Name = strings.TrimSpace(strings.ToLower(c.Code)), strings.TrimSpace(c.Name)
		field := index("commodities", i)
		val.Check(c.Code != "" && !seen[c.Code], field+".code", "Kode komoditas wajib diisi dan tidak boleh berulang")
		val.Check(c.Name != "", field+".name", "Nama komoditas wajib diisi")
		val.Check(slices.Contains(Units, c.Unit), field+".unit", "Satuan harus kg, ekor, butir, atau liter")
		val.Check(c.Price >= 0 && c.Price <= maxPrice, field+".price", "Harga acuan harus Rp0 sampai Rp1 miliar per satuan")
		if c.MaxPerM2 == 0 {
			c.MaxPerM2 = defaultYield
		}
		val.Check(c.MaxPerM2 > 0 && c.MaxPerM2 <= 1000, field+".max_per_m2", "Batas hasil per m² harus lebih dari 0 dan paling banyak 1.000")
		seen[c.Code] = true
		f.Commodities[i] = c
	}
	for i, p := range f.Prices {
		field := index("prices", i)
		val.Check(seen[p.Commodity], field+".commodity", "Komoditas %s tidak ada di program ini", p.Commodity)
		r, ok := region.RegencyByCode(p.RegencyCode)
		val.Check(ok && r.ProvinceCode == f.ProvinceCode, field+".regency_code", "Kabupaten/kota bukan bagian provinsi program")
		val.Check(p.Price >= 0 && p.Price <= maxPrice, field+".price", "Harga acuan harus Rp0 sampai Rp1 miliar per satuan")
	}
	regencies := map[string]bool{}
	for i, t := range f.Targets {
		field := index("targets", i)
		r, ok := region.RegencyByCode(t.RegencyCode)
		val.Check(ok && r.ProvinceCode == f.ProvinceCode && !regencies[t.RegencyCode], field+".regency_code",
			"Kabupaten/kota harus bagian provinsi program dan tidak berulang")
		val.Check(t.Households >= 0 && t.Households <= maxHousehold && t.Groups >= 0 && t.Groups <= maxHousehold, field+".households",
			"Target harus 0 sampai 10 juta")
		regencies[t.RegencyCode] = true
	}
	codes := map[string]bool{}
	for i, p := range f.Packages {
		field := index("packages", i)
		p.Code, p.Name = strings.TrimSpace(strings.ToLower(p.Code)), strings.TrimSpace(p.Name)
		val.Check(p.Code != "" && !codes[p.Code], field+".code", "Kode paket wajib diisi dan tidak boleh berulang")
		val.Check(p.Name != "", field+".name", "Nama paket wajib diisi")
		val.Check(len(p.Items) > 0 && len(p.Items) <= 50, field+".items", "Isi paket 1 sampai 50 barang")
		for j, it := range p.Items {
			val.Check(strings.TrimSpace(it.Name) != "" && it.Quantity > 0 && it.Quantity <= 1_000_000, index(field+".items", j),
				"Setiap barang paket perlu nama dan jumlah 1 sampai 1 juta")
		}
		codes[p.Code] = true
		f.Packages[i] = p
	}
	names := map[string]bool{}
	for i, sp := range f.Sponsors {
		field := index("sponsors", i)
		sp.Name = strings.TrimSpace(sp.Name)
		val.Check(sp.Name != "" && !names[sp.Name], field+".name", "Nama penyandang dana wajib diisi dan tidak boleh berulang")
		val.Check(slices.Contains(SponsorKinds, sp.Kind), field+".kind", "Jenis penyandang dana tidak dikenal")
		names[sp.Name] = true
		f.Sponsors[i] = sp
	}
	phases := map[string]bool{}
	for i, ph := range f.Phases {
		field := index("phases", i)
		ph.Name = strings.TrimSpace(ph.Name)
		val.Check(ph.Name != "" && !phases[ph.Name], field+".name", "Nama tahap wajib diisi dan tidak boleh berulang")
		val.Check(slices.Contains(Segments, ph.Segment), field+".segment", "Sasaran tahap tidak dikenal")
		phases[ph.Name] = true
		f.Phases[i] = ph
	}
	return val.Err()
}

func insertProgramme(ctx context.Context, tx *sqldb.Tx, f ProgrammeFields, adoptedFrom, by int64, now time.Time) (int64, error) {
	var from any
	if adoptedFrom != 0 {
		from = adoptedFrom
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO pangan_programmes (name, province_code, start_year, adopted_from_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.Name, f.ProvinceCode, f.StartYear, from, by, now, now).Scan(&id)
	if sqldb.UniqueViolation(err) {
		return 0, platform.Invalid("name", "Provinsi ini sudah punya program dengan nama itu")
	}
	if err != nil {
		return 0, err
	}
	for _, c := range f.Commodities {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_commodities (programme_id, code, name, unit, price, max_per_m2_milli) VALUES (?, ?, ?, ?, ?, ?)`,
			id, c.Code, c.Name, c.Unit, c.Price, int64(c.MaxPerM2*1000)); err != nil {
			return 0, err
		}
	}
	for _, p := range f.Prices {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_prices (programme_id, commodity_code, regency_code, price) VALUES (?, ?, ?, ?)
			ON CONFLICT (programme_id, commodity_code, regency_code) DO UPDATE SET price = excluded.price`, id, p.Commodity, p.RegencyCode, p.Price); err != nil {
			return 0, err
		}
	}
	for _, t := range f.Targets {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_targets (programme_id, regency_code, households, groups_count) VALUES (?, ?, ?, ?)`,
			id, t.RegencyCode, t.Households, t.Groups); err != nil {
			return 0, err
		}
	}
	for _, p := range f.Packages {
		var pid int64
		if err := tx.QueryRow(ctx, `INSERT INTO pangan_package_types (programme_id, code, name) VALUES (?, ?, ?) RETURNING id`, id, p.Code, p.Name).Scan(&pid); err != nil {
			return 0, err
		}
		for j, it := range p.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_package_items (package_type_id, line, name, quantity, unit) VALUES (?, ?, ?, ?, ?)`,
				pid, j+1, strings.TrimSpace(it.Name), it.Quantity, strings.TrimSpace(it.Unit)); err != nil {
				return 0, err
			}
		}
	}
	for _, sp := range f.Sponsors {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_sponsors (programme_id, name, kind) VALUES (?, ?, ?)`, id, sp.Name, sp.Kind); err != nil {
			return 0, err
		}
	}
	for _, ph := range f.Phases {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_phases (programme_id, name, segment) VALUES (?, ?, ?)`, id, ph.Name, ph.Segment); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Adopt starts, for the agency of another province, a programme with a
// copy of this one's configuration: commodities (their province-wide
// reference prices, which the adopter then sets for itself), aid package
// types and phases. Not households, groups, sponsors (the sponsors are the
// source province's banks), regency prices or targets (they name the
// source province's regencies).
func (s *Service) Adopt(ctx context.Context, sourceID int64, name string) (Programme, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Programme{}, platform.Unauthorized()
	}
	src, err := s.Programme(ctx, sourceID)
	if err != nil {
		return Programme{}, err
	}
	province := a.ProvinceCode
	if err := account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: province}); err != nil || province == "" {
		return Programme{}, platform.Errorf(platform.KindForbidden, "Hanya dinas sebuah provinsi yang dapat mengadopsi program")
	}
	if province == src.ProvinceCode {
		return Programme{}, platform.Errorf(platform.KindConflict, "Program ini sudah milik provinsi Anda")
	}
	f := ProgrammeFields{Name: name, ProvinceCode: province, StartYear: s.now().In(region.Location(province)).Year(),
		Commodities: src.Commodities, Packages: src.Packages, Phases: src.Phases}
	if err := checkProgramme(&f); err != nil {
		return Programme{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		if id, err = insertProgramme(ctx, tx, f, src.ID, a.UserID, s.now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "adopt_programme", "pangan_programme", id, nil, map[string]any{"name": f.Name, "adopted_from": src.ID})
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id)
}

// Programme is one programme with its configuration (public: a
// programme's rules and targets are the province's public business).
func (s *Service) Programme(ctx context.Context, id int64) (Programme, error) {
	q := s.db.Reader()
	var p Programme
	var from sql.NullInt64
	err := q.QueryRow(ctx, `SELECT id, name, province_code, start_year, adopted_from_id, created_at FROM pangan_programmes WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.ProvinceCode, &p.StartYear, &from, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, platform.NotFound("Program")
	}
	if err != nil {
		return p, err
	}
	p.AdoptedFrom = from.Int64
	rows, err := q.Query(ctx, `SELECT code, name, unit, price, max_per_m2_milli FROM pangan_commodities WHERE programme_id = ? ORDER BY name`, id)
	if p.Commodities, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (c Commodity, err error) {
		var milli int64
		err = r.Scan(&c.Code, &c.Name, &c.Unit, &c.Price, &milli)
		c.MaxPerM2 = float64(milli) / 1000
		return c, err
	}); err != nil {
		return p, err
	}
	rows, err = q.Query(ctx, `SELECT commodity_code, regency_code, price FROM pangan_prices WHERE programme_id = ? ORDER BY commodity_code, regency_code`, id)
	if p.Prices, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (x Price, err error) {
		err = r.Scan(&x.Commodity, &x.RegencyCode, &x.Price)
		return x, err
	}); err != nil {
		return p, err
	}
	rows, err = q.Query(ctx, `SELECT regency_code, households, groups_count FROM pangan_targets WHERE programme_id = ? ORDER BY regency_code`, id)
	if p.Targets, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (t Target, err error) {
		err = r.Scan(&t.RegencyCode, &t.Households, &t.Groups)
		return t, err
	}); err != nil {
		return p, err
	}
	rows, err = q.Query(ctx, `SELECT id, code, name FROM pangan_package_types WHERE programme_id = ? ORDER BY id`, id)
	if p.Packages, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (x PackageType, err error) {
		err = r.Scan(&x.ID, &x.Code, &x.Name)
		return x, err
	}); err != nil {
		return p, err
	}
	for i := range p.Packages {
		rows, err = q.Query(ctx, `SELECT name, quantity, unit FROM pangan_package_items WHERE package_type_id = ? ORDER BY line`, p.Packages[i].ID)
		if p.Packages[i].Items, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (it PackageItem, err error) {
			err = r.Scan(&it.Name, &it.Quantity, &it.Unit)
			return it, err
		}); err != nil {
			return p, err
		}
	}
	rows, err = q.Query(ctx, `SELECT id, name, kind FROM pangan_sponsors WHERE programme_id = ? ORDER BY id`, id)
	if p.Sponsors, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (x Sponsor, err error) {
		err = r.Scan(&x.ID, &x.Name, &x.Kind)
		return x, err
	}); err != nil {
		return p, err
	}
	rows, err = q.Query(ctx, `SELECT id, name, segment FROM pangan_phases WHERE programme_id = ? ORDER BY id`, id)
	p.Phases, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (x Phase, err error) {
		err = r.Scan(&x.ID, &x.Name, &x.Segment)
		return x, err
	})
	return p, err
}

// Programmes lists every programme, by province then name (public).
func (s *Service) Programmes(ctx context.Context) ([]Programme, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, name, province_code, start_year, COALESCE(adopted_from_id, 0), created_at
		FROM pangan_programmes ORDER BY province_code, name`)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (p Programme, err error) {
		err = r.Scan(&p.ID, &p.Name, &p.ProvinceCode, &p.StartYear, &p.AdoptedFrom, &p.CreatedAt)
		return p, err
	})
}

// runnable loads a programme the actor runs.
func (s *Service) runnable(ctx context.Context, id int64) (Programme, error) {
	p, err := s.Programme(ctx, id)
	if err != nil {
		return p, err
	}
	return p, account.Authorize(platform.ActorFrom(ctx), account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode})
}

// index names element i of a list field: "commodities[2]".
func index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }
