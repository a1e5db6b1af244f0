package pangan

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// How a harvest was used.
const (
	UseHome  = "home"  // eaten at home: the household's saving
	UseSold  = "sold"  // sold
	UseGiven = "given" // given away
)

// What a visit found of a plot or an aid item.
var Statuses = []string{"alive", "harvested", "failed"}

// VisitIn is one field visit as the officer's phone recorded it.
type VisitIn struct {
	ID          string    `json:"id" doc:"Made on the device: a UUID"`
	HouseholdID int64     `json:"household_id"`
	VisitedAt   time.Time `json:"visited_at"`
	// BaseVersion is the household's version the device saw (its page, plus
	// one per visit to it the device queued since): a visit made on a
	// version already moved on by someone else is a conflict.
	BaseVersion int64          `json:"base_version" minimum:"0"`
	Notes       string         `json:"notes,omitempty" maxLength:"2000"`
	Statuses    []StatusIn     `json:"statuses,omitempty" maxItems:"200"`
	Production  []ProductionIn `json:"production,omitempty" maxItems:"100"`
	// Confirm stores quantities unusual for the household's plots, flagged for review.
	Confirm bool `json:"confirm,omitempty"`
	// Resolved: the officer saw the conflict and sends the visit on the current version.
	Resolved bool `json:"resolved,omitempty"`
}

// StatusIn is what the visit found of one plot or one delivered aid item.
type StatusIn struct {
	Subject string `json:"subject" enum:"plot,aid"`
	ID      int64  `json:"id" doc:"The plot, or the aid delivery"`
	Line    int    `json:"line,omitempty" doc:"The package's line, for aid"`
	Status  string `json:"status" enum:"alive,harvested,failed"`
	Reason  string `json:"reason,omitempty" maxLength:"200" doc:"Why it failed"`
}

// ProductionIn is a harvest or yield recorded on a visit.
type ProductionIn struct {
	Commodity string  `json:"commodity" example:"cabai"`
	Quantity  float64 `json:"quantity" example:"2.5" doc:"In the commodity's unit"`
	Use       string  `json:"use" enum:"home,sold,given"`
}

// VisitConflict is a visit not stored because the household changed since the
// device saw it: the officer resolves it (sends it again with resolved, or drops it).
type VisitConflict struct {
	ID             string     `json:"id"`
	HouseholdID    int64      `json:"household_id"`
	BaseVersion    int64      `json:"base_version"`
	CurrentVersion int64      `json:"current_version"`
	LatestBy       string     `json:"latest_by,omitempty" doc:"Who recorded the household's latest visit"`
	LatestAt       *time.Time `json:"latest_at,omitempty"`
}

// VisitSyncResult says what became of each visit sent.
type VisitSyncResult struct {
	Accepted   int              `json:"accepted"`
	Duplicates int              `json:"duplicates"`
	Flagged    int              `json:"flagged" doc:"Accepted with a confirmed unusual quantity: for review"`
	Conflicts  []VisitConflict  `json:"conflicts"`
	Rejected   []expo.Rejection `json:"rejected"`
}

// Bounds of one visit's records.
const (
	MaxSyncBatch     = 500
	maxQuantity      = 1_000_000     // units in one record
	maxRecordValue   = 1_000_000_000 // rupiah in one record: far above any yard's harvest, so sums stay inside int64
	defaultPlotSpace = 10.0          // m² assumed for a household without a recorded plot
)

// visitPlan is a checked visit, ready to be written.
type visitPlan struct {
	in        VisitIn
	household Household
	place     place
	month     string
	flagged   bool
	records   []productionRecord
}

type productionRecord struct {
	commodity, use string
	milli, value   int64
	flagged        bool
}

// SyncVisits stores a field officer's queued visits, as the cashier's sync
// does: one transaction for the batch; a visit sent again is a duplicate
// (its id is the device's); a visit that cannot be stored is rejected on
// its own with its reason; a visit made on a household version someone
// else has moved on is a conflict, stored only when sent again resolved.
// Each accepted visit raises the household's version and adds its
// production to the indicators' roll-up in the same transaction.
func (s *Service) SyncVisits(ctx context.Context, programmeID int64, visits []VisitIn) (VisitSyncResult, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return VisitSyncResult{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return VisitSyncResult{}, err
	}
	if len(visits) > MaxSyncBatch {
		return VisitSyncResult{}, platform.Invalid("visits", "Maksimal %d kunjungan per kiriman", MaxSyncBatch)
	}
	res := VisitSyncResult{Conflicts: []VisitConflict{}, Rejected: []expo.Rejection{}}
	var plans []visitPlan
	for _, v := range visits {
		plan, err := s.checkVisit(ctx, p, v)
		if err != nil {
			if platform.ErrorKind(err) != platform.KindInvalid {
				return VisitSyncResult{}, err
			}
			res.Rejected = append(res.Rejected, *expo.Reject(v.ID, err))
			continue
		}
		plans = append(plans, plan)
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res.Accepted, res.Duplicates, res.Flagged, res.Conflicts = 0, 0, 0, []VisitConflict{}
		d := newDeltas()
		for _, plan := range plans {
			outcome, conflict, err := s.writeVisit(ctx, tx, p, plan, a.UserID, now, d)
			if err != nil {
				return err
			}
			switch outcome {
			case "accepted":
				res.Accepted++
				if plan.flagged {
					res.Flagged++
				}
			case "duplicate":
				res.Duplicates++
			case "conflict":
				res.Conflicts = append(res.Conflicts, conflict)
			}
		}
		return d.write(ctx, tx, p.ID)
	})
	if err != nil {
		return VisitSyncResult{}, err
	}
	return res, nil
}

// checkVisit checks one visit against its household and the programme,
// authorising first: the household must be in a village of the officer's.
func (s *Service) checkVisit(ctx context.Context, p Programme, v VisitIn) (visitPlan, error) {
	plan := visitPlan{in: v}
	if !expo.DeviceID(v.ID) {
		return plan, platform.Invalid("id", "ID kunjungan harus UUID buatan perangkat")
	}
	h, err := scanHousehold(s.db.Reader().QueryRow(ctx, `SELECT `+householdColumns+` FROM pangan_households h WHERE h.programme_id = ? AND h.id = ?`, p.ID, v.HouseholdID))
	if errors.Is(err, sql.ErrNoRows) {
		return plan, platform.Invalid("household_id", "Rumah tangga tidak ada di program ini")
	}
	if err != nil {
		return plan, err
	}
	officers, err := s.officersOf(ctx, s.db.Reader(), p.ID, h.VillageCode)
	if err != nil {
		return plan, err
	}
	if account.Authorize(platform.ActorFrom(ctx), account.VisitHousehold, account.Resource{ProvinceCode: p.ProvinceCode, Delegates: officers}) != nil {
		return plan, platform.Invalid("household_id", "Rumah tangga ini di luar desa tugas Anda")
	}
	plan.household = h
	plan.place = place{village: h.VillageCode, district: h.DistrictCode, regency: h.RegencyCode, province: h.ProvinceCode}
	var val platform.Validation
	now := s.now()
	val.Check(!v.VisitedAt.IsZero() && v.VisitedAt.Year() >= p.StartYear && !v.VisitedAt.After(now.Add(time.Hour)), "visited_at",
		"Waktu kunjungan harus antara awal program dan sekarang")
	val.Check(v.BaseVersion >= 0, "base_version", "Versi dasar tidak boleh negatif")
	val.Check(len(v.Notes) <= 2000, "notes", "Catatan paling banyak 2.000 karakter")
	plan.month = v.VisitedAt.In(p.Location()).Format("2006-01")

	plots, err := s.plotSpace(ctx, h.ID)
	if err != nil {
		return plan, err
	}
	for i, st := range v.Statuses {
		field := index("statuses", i)
		val.Check(slices.Contains(Statuses, st.Status), field+".status", "Status harus alive, harvested, atau failed")
		val.Check(st.Status != "failed" || strings.TrimSpace(st.Reason) != "", field+".reason", "Tulis sebab gagalnya")
		ok, err := s.subjectOf(ctx, h.ID, st)
		if err != nil {
			return plan, err
		}
		val.Check(ok, field+".id", "Lahan atau bantuan ini bukan milik rumah tangga ini")
	}
	space := max(plots, defaultPlotSpace)
	for i, pr := range v.Production {
		field := index("production", i)
		c, ok := p.Commodity(pr.Commodity)
		val.Check(ok, field+".commodity", "Komoditas %s tidak ada di program ini", pr.Commodity)
		val.Check(slices.Contains([]string{UseHome, UseSold, UseGiven}, pr.Use), field+".use", "Pemanfaatan harus home, sold, atau given")
		valid := !math.IsNaN(pr.Quantity) && !math.IsInf(pr.Quantity, 0) && pr.Quantity >= 0 && pr.Quantity <= maxQuantity
		val.Check(valid, field+".quantity", "Jumlah harus 0 sampai 1 juta")
		if !ok || !valid {
			continue
		}
		milli := int64(math.Round(pr.Quantity * 1000))
		value := milli * p.PriceIn(c, h.RegencyCode) / 1000
		val.Check(value <= maxRecordValue, field+".quantity", "Nilai satu catatan lebih dari Rp1 miliar: periksa jumlahnya")
		unusual := pr.Quantity > space*c.MaxPerM2
		val.Check(!unusual || v.Confirm, field+".quantity",
			"Jumlah %s %s tidak wajar untuk lahan %s m²: periksa, atau kirim lagi dengan konfirmasi (akan ditandai untuk diperiksa)",
			formatQuantity(pr.Quantity), c.Unit, formatQuantity(space))
		plan.flagged = plan.flagged || unusual
		plan.records = append(plan.records, productionRecord{commodity: c.Code, use: pr.Use, milli: milli, value: value, flagged: unusual})
	}
	return plan, val.Err()
}

// writeVisit stores one checked visit inside the batch's transaction.
func (s *Service) writeVisit(ctx context.Context, tx *sqldb.Tx, p Programme, plan visitPlan, officer int64, now time.Time, d *deltas) (string, VisitConflict, error) {
	v := plan.in
	var seenHousehold int64
	err := tx.QueryRow(ctx, `SELECT household_id FROM pangan_visits WHERE id = ?`, strings.ToLower(v.ID)).Scan(&seenHousehold)
	if err == nil {
		return "duplicate", VisitConflict{}, nil // sent before: stored once
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", VisitConflict{}, err
	}
	at := v.VisitedAt.UTC()
	// The version check and the raise are one statement: two syncs of the
	// same household at once cannot both pass it.
	cond, args := ` AND version = ?`, []any{v.BaseVersion}
	if v.Resolved {
		cond, args = "", nil
	}
	r, err := tx.Exec(ctx, `UPDATE pangan_households SET version = version + 1, updated_at = ?,
		last_visit_at = CASE WHEN last_visit_at IS NULL OR last_visit_at < ? THEN ? ELSE last_visit_at END
		WHERE id = ?`+cond, append([]any{now, at, at, plan.household.ID}, args...)...)
	if err != nil {
		return "", VisitConflict{}, err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		c, err := s.conflictOf(ctx, tx, plan)
		return "conflict", c, err
	}
	if r, err = tx.Exec(ctx, `UPDATE pangan_households SET reached_at = ? WHERE id = ? AND reached_at IS NULL`, at, plan.household.ID); err != nil {
		return "", VisitConflict{}, err
	}
	if n, _ := r.RowsAffected(); n == 1 {
		d.reached(plan.place, plan.month)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO pangan_visits (id, programme_id, household_id, officer_id, visited_at, base_version, notes, flagged, synced_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, strings.ToLower(v.ID), p.ID, plan.household.ID, officer, at, v.BaseVersion,
		strings.TrimSpace(v.Notes), plan.flagged, now); err != nil {
		return "", VisitConflict{}, err
	}
	for _, st := range v.Statuses {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_visit_statuses (visit_id, subject, subject_id, line, status, reason) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (visit_id, subject, subject_id, line) DO UPDATE SET status = excluded.status, reason = excluded.reason`,
			strings.ToLower(v.ID), st.Subject, st.ID, st.Line, st.Status, strings.TrimSpace(st.Reason)); err != nil {
			return "", VisitConflict{}, err
		}
		if st.Subject == "plot" && st.Status != "failed" {
			if _, err := tx.Exec(ctx, `UPDATE pangan_plots SET last_alive_at = CASE WHEN last_alive_at IS NULL OR last_alive_at < ? THEN ? ELSE last_alive_at END
				WHERE id = ?`, at, at, st.ID); err != nil {
				return "", VisitConflict{}, err
			}
		}
	}
	var home int64
	for _, rec := range plan.records {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_production (visit_id, programme_id, household_id, commodity_code, quantity_milli, use, value,
			village_code, month, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, strings.ToLower(v.ID), p.ID, plan.household.ID,
			rec.commodity, rec.milli, rec.use, rec.value, plan.place.village, plan.month, rec.flagged); err != nil {
			return "", VisitConflict{}, err
		}
		d.production(plan.place, plan.month, rec.commodity, rec.use, rec.milli, rec.value)
		if rec.use == UseHome {
			home += rec.value
		}
	}
	if len(plan.records) > 0 {
		if err := s.addHouseholdMonth(ctx, tx, p.ID, plan, home, d); err != nil {
			return "", VisitConflict{}, err
		}
	}
	return "accepted", VisitConflict{}, nil
}

// addHouseholdMonth adds a visit's home consumption to its household's
// month and moves the household to its new saving bin. The household's row
// is locked by the visit's version update, so nobody else moves it meanwhile.
func (s *Service) addHouseholdMonth(ctx context.Context, tx *sqldb.Tx, programmeID int64, plan visitPlan, home int64, d *deltas) error {
	var after, visits int64
	if err := tx.QueryRow(ctx, `INSERT INTO pangan_household_months (programme_id, household_id, month, village_code, value_home, visits)
		VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (programme_id, household_id, month)
		DO UPDATE SET value_home = pangan_household_months.value_home + excluded.value_home, visits = pangan_household_months.visits + 1
		RETURNING value_home, visits`, programmeID, plan.household.ID, plan.month, plan.place.village, home).Scan(&after, &visits); err != nil {
		return err
	}
	before, from := after-home, int64(-1) // visits 1: the household's first record of the month
	if visits > 1 {
		from = savingBin(before)
	}
	d.savingMove(plan.place, plan.month, from, savingBin(after), before, after)
	return nil
}

// conflictOf describes the household's state to the officer whose visit it refused.
func (s *Service) conflictOf(ctx context.Context, q sqldb.Querier, plan visitPlan) (VisitConflict, error) {
	c := VisitConflict{ID: plan.in.ID, HouseholdID: plan.household.ID, BaseVersion: plan.in.BaseVersion}
	if err := q.QueryRow(ctx, `SELECT version FROM pangan_households WHERE id = ?`, plan.household.ID).Scan(&c.CurrentVersion); err != nil {
		return c, err
	}
	var by string
	var at time.Time
	err := q.QueryRow(ctx, `SELECT u.name, v.visited_at FROM pangan_visits v JOIN users u ON u.id = v.officer_id
		WHERE v.household_id = ? ORDER BY v.synced_at DESC, v.visited_at DESC LIMIT 1`, plan.household.ID).Scan(&by, &at)
	if err == nil {
		c.LatestBy, c.LatestAt = by, &at
	} else if !errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	return c, nil
}

// plotSpace is the household's recorded plot area in m².
func (s *Service) plotSpace(ctx context.Context, householdID int64) (float64, error) {
	var m2 float64
	err := s.db.Reader().QueryRow(ctx, `SELECT COALESCE(SUM(size_m2), 0) FROM pangan_plots WHERE household_id = ?`, householdID).Scan(&m2)
	return m2, err
}

// subjectOf reports whether a status names one of the household's plots or aid deliveries.
func (s *Service) subjectOf(ctx context.Context, householdID int64, st StatusIn) (bool, error) {
	var n int
	var err error
	switch st.Subject {
	case "plot":
		err = s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM pangan_plots WHERE id = ? AND household_id = ?`, st.ID, householdID).Scan(&n)
	case "aid":
		err = s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM pangan_deliveries d JOIN pangan_package_items i ON i.package_type_id = d.package_type_id
			WHERE d.id = ? AND d.household_id = ? AND i.line = ?`, st.ID, householdID, st.Line).Scan(&n)
	}
	return n > 0, err
}

// formatQuantity writes a quantity as Indonesians read it: "2,5".
func formatQuantity(q float64) string {
	return strings.Replace(strconv.FormatFloat(q, 'f', -1, 64), ".", ",", 1)
}
