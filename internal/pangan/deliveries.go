package pangan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Delivery statuses as the indicators and the handover register name them.
const (
	StatusProven   = "terbukti"
	StatusUnproven = "belum_terbukti"
)

// AidItem is one line of a delivered package: what a visit reports on.
type AidItem struct {
	Line     int    `json:"line"`
	Name     string `json:"name"`
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"`
}

// Delivery is an aid package handed to a household or a group, and its proof.
type Delivery struct {
	ID          int64     `json:"id"`
	ProgrammeID int64     `json:"programme_id"`
	Number      string    `json:"number" example:"BAST-1-42" doc:"The handover's number in the BAST register"`
	PackageID   int64     `json:"package_id"`
	PackageCode string    `json:"package_code"`
	PackageName string    `json:"package_name"`
	Items       []AidItem `json:"items"`
	SponsorID   int64     `json:"sponsor_id"`
	SponsorName string    `json:"sponsor_name"`
	PhaseID     int64     `json:"phase_id,omitempty"`
	HouseholdID int64     `json:"household_id,omitempty"`
	GroupID     int64     `json:"group_id,omitempty"`
	// HeadName is the household head's (or the group's) name: initials
	// only to a sponsor (see SponsorReport).
	HeadName      string    `json:"head_name"`
	VillageCode   string    `json:"village_code"`
	DistrictCode  string    `json:"district_code"`
	RegencyCode   string    `json:"regency_code"`
	DeliveredAt   time.Time `json:"delivered_at"`
	RecipientName string    `json:"recipient_name,omitempty" doc:"Who took the package; initials to a sponsor"`
	Lat           *float64  `json:"lat,omitempty"`
	Lng           *float64  `json:"lng,omitempty"`
	HasPhoto      bool      `json:"has_photo"`
	HasSignature  bool      `json:"has_signature"`
	HasBAST       bool      `json:"has_bast"`
	PhotoKey      string    `json:"photo_key,omitempty" doc:"Stored proof (large variants): to the agency and the village's officers only"`
	SignatureKey  string    `json:"signature_key,omitempty"`
	BASTKey       string    `json:"bast_key,omitempty"`
	Proven        bool      `json:"proven" doc:"Photo, GPS point, time, recipient's name and a signature or a BAST photo"`
	Status        string    `json:"status" enum:"terbukti,belum_terbukti"`
	CreatedAt     time.Time `json:"created_at"`
	// Replayed is true when an Idempotency-Key returned this earlier delivery.
	Replayed bool `json:"replayed,omitempty"`

	regencyPlace place
	clientID     string
	phase        sql.NullInt64
}

// DeliveryFields is a delivery as the agency or the village's officer records it.
type DeliveryFields struct {
	PackageID     int64
	PackageCode   string
	SponsorID     int64
	PhaseID       int64
	HouseholdID   int64 // one of the two
	GroupID       int64
	DeliveredAt   time.Time
	RecipientName string
	Lat, Lng      *float64
}

// deliveryNumber is a delivery's number in the handover register.
func deliveryNumber(programmeID, id int64) string { return fmt.Sprintf("BAST-%d-%d", programmeID, id) }

const deliveryColumns = `d.id, d.programme_id, d.client_id, d.package_type_id, pt.code, pt.name, d.sponsor_id, sp.name, d.phase_id,
	COALESCE(d.household_id, 0), COALESCE(d.group_id, 0), COALESCE(h.head_name, g.name, ''), d.village_code,
	COALESCE(h.district_code, g.district_code, ''), COALESCE(h.regency_code, g.regency_code, ''), COALESCE(h.province_code, ''),
	d.delivered_at, d.recipient_name, d.lat, d.lng, d.photo_key, d.signature_key, d.bast_key, d.proven, d.created_at`

const deliveryFrom = ` FROM pangan_deliveries d JOIN pangan_package_types pt ON pt.id = d.package_type_id
	JOIN pangan_sponsors sp ON sp.id = d.sponsor_id LEFT JOIN pangan_households h ON h.id = d.household_id
	LEFT JOIN pangan_groups g ON g.id = d.group_id`

func scanDelivery(r sqldb.Scanner) (d Delivery, err error) {
	var lat, lng sql.NullFloat64
	var province string
	err = r.Scan(&d.ID, &d.ProgrammeID, &d.clientID, &d.PackageID, &d.PackageCode, &d.PackageName, &d.SponsorID, &d.SponsorName, &d.phase,
		&d.HouseholdID, &d.GroupID, &d.HeadName, &d.VillageCode, &d.DistrictCode, &d.RegencyCode, &province,
		&d.DeliveredAt, &d.RecipientName, &lat, &lng, &d.PhotoKey, &d.SignatureKey, &d.BASTKey, &d.Proven, &d.CreatedAt)
	d.PhaseID = d.phase.Int64
	if lat.Valid && lng.Valid {
		d.Lat, d.Lng = &lat.Float64, &lng.Float64
	}
	d.Number = deliveryNumber(d.ProgrammeID, d.ID)
	d.HasPhoto, d.HasSignature, d.HasBAST = d.PhotoKey != "", d.SignatureKey != "", d.BASTKey != ""
	d.Status = StatusUnproven
	if d.Proven {
		d.Status = StatusProven
	}
	d.regencyPlace = place{village: d.VillageCode, district: d.DistrictCode, regency: d.RegencyCode, province: province}
	return d, err
}

// masked is the delivery as a sponsor sees it: the names as initials, no
// stored proof (the photos show the family and its house), only whether it exists.
func (d Delivery) masked() Delivery {
	d.HeadName, d.RecipientName = Initials(d.HeadName), Initials(d.RecipientName)
	d.PhotoKey, d.SignatureKey, d.BASTKey = "", "", ""
	return d
}

// Initials shortens a name to its initials: "Siti Aminah" → "S. A.".
func Initials(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		out = append(out, strings.ToUpper(string(r))+".")
	}
	return strings.Join(out, " ")
}

// MaxRecipientName bounds the recipient's name, in characters.
const MaxRecipientName = 200

// RecordDelivery records an aid package handed to a household or a group
// of the programme: the agency, or an officer of its village. key (an
// Idempotency-Key, required: the phone makes one per handover) makes it
// safe to send again: the same key returns the first delivery (Replayed),
// never a second row, also when two requests race; the same key with
// another body is a conflict. A delivery is "belum terbukti" until its
// proof (AddProof) is complete.
func (s *Service) RecordDelivery(ctx context.Context, programmeID int64, f DeliveryFields, key string) (Delivery, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Delivery{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Delivery{}, err
	}
	o, err := s.ownerOf(ctx, p, f.HouseholdID, f.GroupID)
	if err != nil {
		return Delivery{}, err
	}
	var val platform.Validation
	key = strings.TrimSpace(key)
	val.Check(key != "" && len(key) <= 200, "idempotency_key", "Idempotency-Key wajib diisi (maksimal 200 karakter)")
	pkg, found := PackageType{}, false
	f.PackageCode = strings.TrimSpace(strings.ToLower(f.PackageCode))
	for _, pt := range p.Packages {
		if (f.PackageID == 0 || pt.ID == f.PackageID) && (f.PackageCode == "" || pt.Code == f.PackageCode) && (f.PackageID != 0 || f.PackageCode != "") {
			pkg, found = pt, true
		}
	}
	field := "package_code"
	if f.PackageID != 0 {
		field = "package_id"
	}
	val.Check(found, field, "Paket bantuan ini tidak ada di program ini")
	sponsor := false
	for _, sp := range p.Sponsors {
		sponsor = sponsor || sp.ID == f.SponsorID
	}
	val.Check(sponsor, "sponsor_id", "Penyandang dana ini tidak ada di program ini")
	if f.PhaseID != 0 {
		phase := false
		for _, ph := range p.Phases {
			phase = phase || ph.ID == f.PhaseID
		}
		val.Check(phase, "phase_id", "Tahap ini tidak ada di program ini")
	}
	f.DeliveredAt = f.DeliveredAt.UTC().Truncate(time.Second)
	val.Check(!f.DeliveredAt.IsZero() && f.DeliveredAt.Year() >= p.StartYear && !f.DeliveredAt.After(s.now().Add(time.Hour)), "delivered_at",
		"Waktu penyerahan harus antara awal program dan sekarang")
	f.RecipientName = strings.TrimSpace(f.RecipientName)
	val.Check(utf8.RuneCountInString(f.RecipientName) <= MaxRecipientName, "recipient_name", "Nama penerima paling banyak 200 karakter")
	checkPoint(&val, f.Lat, f.Lng)
	if err := val.Err(); err != nil {
		return Delivery{}, err
	}
	if d, found, err := s.replayDelivery(ctx, p.ID, key, pkg.ID, f); found || err != nil {
		return d, err
	}
	nullable := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	var lat, lng any
	if f.Lat != nil {
		lat, lng = *f.Lat, *f.Lng
	}
	replayed := false
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO pangan_deliveries (programme_id, client_id, package_type_id, sponsor_id, phase_id, household_id, group_id,
			village_code, delivered_at, recipient_name, lat, lng, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (programme_id, client_id) DO NOTHING RETURNING id`,
			p.ID, key, pkg.ID, f.SponsorID, nullable(f.PhaseID), nullable(f.HouseholdID), nullable(f.GroupID), o.village, f.DeliveredAt,
			f.RecipientName, lat, lng, platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			replayed = true // a concurrent request with this key came first
			return nil
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "record_delivery", "pangan_delivery", id, nil, map[string]any{"programme_id": p.ID, "package": pkg.Code,
			"sponsor_id": f.SponsorID, "household_id": f.HouseholdID, "group_id": f.GroupID, "village_code": o.village})
	})
	if err != nil {
		return Delivery{}, err
	}
	if replayed {
		d, _, err := s.replayDelivery(ctx, p.ID, key, pkg.ID, f)
		return d, err
	}
	return s.delivery(ctx, s.db.Reader(), p.ID, id)
}

// replayDelivery returns the delivery an idempotency key already recorded
// in the programme; the same key with another body is a conflict.
func (s *Service) replayDelivery(ctx context.Context, programmeID int64, key string, packageID int64, f DeliveryFields) (Delivery, bool, error) {
	d, err := s.withItems(ctx, s.db.Reader().QueryRow(ctx, `SELECT `+deliveryColumns+deliveryFrom+`
		WHERE d.programme_id = ? AND d.client_id = ?`, programmeID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, false, nil
	}
	if err != nil {
		return Delivery{}, true, err
	}
	samePoint := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || math.Abs(*a-*b) < 1e-9) }
	if d.PackageID != packageID || d.SponsorID != f.SponsorID || d.PhaseID != f.PhaseID || d.HouseholdID != f.HouseholdID || d.GroupID != f.GroupID ||
		!d.DeliveredAt.Equal(f.DeliveredAt) || d.RecipientName != f.RecipientName || !samePoint(d.Lat, f.Lat) || !samePoint(d.Lng, f.Lng) {
		return Delivery{}, true, platform.Errorf(platform.KindConflict, "Idempotency-Key ini sudah dipakai untuk penyerahan bantuan yang berbeda")
	}
	d.Replayed = true
	return d, true, nil
}

// delivery loads one delivery of the programme with its items, without authorising.
func (s *Service) delivery(ctx context.Context, q sqldb.Querier, programmeID, id int64) (Delivery, error) {
	d, err := s.withItems(ctx, q.QueryRow(ctx, `SELECT `+deliveryColumns+deliveryFrom+` WHERE d.programme_id = ? AND d.id = ?`, programmeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, platform.NotFound("Penyerahan bantuan")
	}
	return d, err
}

// withItems scans one delivery and reads its package's items.
func (s *Service) withItems(ctx context.Context, r sqldb.Scanner) (Delivery, error) {
	d, err := scanDelivery(r)
	if err != nil {
		return d, err
	}
	items, err := s.packageItems(ctx, map[int64][]AidItem{}, d.PackageID)
	d.Items = items
	return d, err
}

// packageItems are a package's lines, read once per package into cache.
func (s *Service) packageItems(ctx context.Context, cache map[int64][]AidItem, packageID int64) ([]AidItem, error) {
	if items, ok := cache[packageID]; ok {
		return items, nil
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT line, name, quantity, unit FROM pangan_package_items WHERE package_type_id = ? ORDER BY line`, packageID)
	items, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (it AidItem, err error) {
		err = r.Scan(&it.Line, &it.Name, &it.Quantity, &it.Unit)
		return it, err
	})
	cache[packageID] = items
	return items, err
}

// DeliveryScope is the condition (over alias d) on the deliveries the
// actor may list, from its account scope: the province's for its agency;
// for anyone else its own — its villages' as a field officer, its
// sponsor's as a sponsor's staff (pangan_sponsor_staff); all for an admin.
func DeliveryScope(ctx context.Context) (string, []any) {
	return account.ScopeOf(platform.ActorFrom(ctx)).Where(account.Columns{
		Province: "EXISTS (SELECT 1 FROM pangan_programmes dp WHERE dp.id = d.programme_id AND dp.province_code = ?)",
		Own: `(d.village_code IN (SELECT o.village_code FROM pangan_officers o WHERE o.programme_id = d.programme_id AND o.user_id = ?)
			OR d.sponsor_id IN (SELECT ss.sponsor_id FROM pangan_sponsor_staff ss WHERE ss.user_id = ?))`,
	})
}

// DeliveryFilter narrows a programme's delivery list.
type DeliveryFilter struct {
	SponsorID int64
	Area      string // a village, district, regency or province code ("" all)
	Limit     int
	Cursor    string
}

// Deliveries lists a programme's deliveries in the actor's scope
// (DeliveryScope), newest first, a page at a time. No NIK, no phone; to
// those who do not work on the record's village (a sponsor's staff) the
// names as initials and no stored proof (see SponsorReport).
func (s *Service) Deliveries(ctx context.Context, programmeID int64, f DeliveryFilter) (list []Delivery, next string, err error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, "", platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where, args := DeliveryScope(ctx)
	q := `SELECT ` + deliveryColumns + deliveryFrom + ` WHERE d.programme_id = ? AND ` + where
	args = append([]any{p.ID}, args...)
	if before, _ := strconv.ParseInt(f.Cursor, 10, 64); before > 0 {
		q += ` AND d.id < ?`
		args = append(args, before)
	}
	if f.SponsorID != 0 {
		q += ` AND d.sponsor_id = ?`
		args = append(args, f.SponsorID)
	}
	if f.Area = strings.TrimSpace(f.Area); f.Area != "" && f.Area != p.ProvinceCode {
		lo, hi, ok := villageRange(f.Area)
		if !ok {
			return nil, "", platform.Invalid("village", "Kode wilayah tidak dikenal")
		}
		q += ` AND d.village_code >= ? AND d.village_code <= ?`
		args = append(args, lo, hi)
	}
	rows, err := s.db.Reader().Query(ctx, q+` ORDER BY d.id DESC LIMIT ?`, append(args, f.Limit+1)...)
	list, err = sqldb.Collect(rows, err, scanDelivery)
	if err != nil {
		return nil, "", err
	}
	if len(list) > f.Limit {
		list = list[:f.Limit]
		next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	full, err := s.fullView(ctx, p)
	if err != nil {
		return nil, "", err
	}
	cache := map[int64][]AidItem{}
	for i := range list {
		if list[i].Items, err = s.packageItems(ctx, cache, list[i].PackageID); err != nil {
			return nil, "", err
		}
		if !full(list[i].VillageCode) {
			list[i] = list[i].masked()
		}
	}
	return list, next, nil
}

// fullView says of a village whether the actor sees its deliveries whole:
// the programme's agency, an admin, the village's officers.
func (s *Service) fullView(ctx context.Context, p Programme) (func(village string) bool, error) {
	a := platform.ActorFrom(ctx)
	if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) == nil {
		return func(string) bool { return true }, nil
	}
	villages, err := s.villagesOf(ctx, p.ID, a.UserID)
	mine := map[string]bool{}
	for _, v := range villages {
		mine[v] = true
	}
	return func(v string) bool { return mine[v] }, err
}

// villageRange is the range of village codes in an area ("16.04" → every
// "16.04.…"): "." sorts just before "/".
func villageRange(area string) (lo, hi string, ok bool) {
	switch levelOf(area) {
	case LevelVillage:
		return area, area, true
	case LevelRegency, LevelDistrict, LevelProvince:
		return area + ".", area + "/", true
	}
	return "", "", false
}

// HouseholdAid are the deliveries to a household with their package items,
// to the agency and the officers of its village (the visit form lists the
// status of each aid item from them).
func (s *Service) HouseholdAid(ctx context.Context, programmeID, householdID int64) ([]Delivery, error) {
	p, err := s.householdOpen(ctx, programmeID, householdID)
	if err != nil {
		return nil, err
	}
	return s.aidOf(ctx, `d.programme_id = ? AND d.household_id = ?`, p.ID, householdID)
}

// GroupAid are the deliveries to a group (not to its members) with their
// package items, to those who may open the group: the agency and the
// officers of its village (MayWorkOnGroup).
func (s *Service) GroupAid(ctx context.Context, programmeID, groupID int64) ([]Delivery, error) {
	p, g, err := s.workableGroup(ctx, programmeID, groupID)
	if err != nil {
		return nil, err
	}
	return s.aidOf(ctx, `d.programme_id = ? AND d.group_id = ?`, p.ID, g.ID)
}

// aidOf lists the deliveries where holds, oldest first, with their items.
func (s *Service) aidOf(ctx context.Context, where string, args ...any) ([]Delivery, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+deliveryColumns+deliveryFrom+` WHERE `+where+` ORDER BY d.delivered_at, d.id`, args...)
	list, err := sqldb.Collect(rows, err, scanDelivery)
	if err != nil {
		return nil, err
	}
	cache := map[int64][]AidItem{}
	for i := range list {
		if list[i].Items, err = s.packageItems(ctx, cache, list[i].PackageID); err != nil {
			return nil, err
		}
	}
	return list, nil
}
