package order

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Rates prices couriers from tables in the database: a UMKM's own table
// first, then its province's (set by the agency), then DefaultRates, zone by zone.
type Rates struct {
	db       *sqldb.DB
	registry *umkm.Service
}

// NewRates returns the database rate tables.
func NewRates(db *sqldb.DB, registry *umkm.Service) *Rates { return &Rates{db: db, registry: registry} }

// ProvinceScope and UMKMScope name a rate table.
func ProvinceScope(code string) string { return "province:" + code }

// UMKMScope names a seller's own table.
func UMKMScope(id int64) string { return "umkm:" + strconv.FormatInt(id, 10) }

// Quote implements RateProvider: the first table that prices the zone
// decides, and a zone it leaves unserved is ErrNoRate.
func (r *Rates) Quote(ctx context.Context, s Shipment) (int64, error) {
	zone := ZoneOf(s.FromRegency, s.ToRegency)
	scopes := []string{UMKMScope(s.UMKMID)}
	if reg, ok := region.RegencyByCode(s.FromRegency); ok {
		scopes = append(scopes, ProvinceScope(reg.ProvinceCode))
	}
	for _, scope := range scopes {
		var rt Rate
		var served bool
		err := r.db.Reader().QueryRow(ctx, `SELECT first_kg, next_kg, served FROM shipping_rates WHERE scope = ? AND zone = ?`, scope, string(zone)).
			Scan(&rt.FirstKg, &rt.NextKg, &served)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return 0, err
		case !served:
			return 0, ErrNoRate
		}
		return TableRates{zone: rt}.Price(zone, s.WeightGrams), nil
	}
	return DefaultRates.Price(zone, s.WeightGrams), nil
}

// Table returns the rates that apply in a scope, zone by zone (defaults where unset).
func (r *Rates) Table(ctx context.Context, scope string) (TableRates, error) {
	t := TableRates{}
	for z, rt := range DefaultRates {
		t[z] = rt
	}
	rows, err := r.db.Reader().Query(ctx, `SELECT zone, first_kg, next_kg, served FROM shipping_rates WHERE scope = ?`, scope)
	type zoneRate struct {
		zone Zone
		rate Rate
	}
	set, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (zr zoneRate, err error) {
		var served bool
		err = r.Scan(&zr.zone, &zr.rate.FirstKg, &zr.rate.NextKg, &served)
		zr.rate.NotServed = !served
		return zr, err
	})
	if err != nil {
		return nil, err
	}
	for _, zr := range set {
		t[zr.zone] = zr.rate
	}
	return t, nil
}

// SetTable replaces a scope's table: the agency of the province (or an
// admin) for "province:CODE", the seller of the UMKM (or its agency) for "umkm:ID".
func (r *Rates) SetTable(ctx context.Context, scope string, t TableRates) error {
	if err := r.authorize(ctx, scope); err != nil {
		return err
	}
	var v platform.Validation
	table := TableRates{}
	for _, z := range []Zone{SameRegency, SameProvince, OtherProvince} {
		rt, ok := t[z]
		v.Check(ok, string(z), "Tarif zona ini wajib diisi")
		if rt.NotServed {
			rt = Rate{NotServed: true} // an unserved zone has no price
		}
		v.Check(rt.FirstKg >= 0 && rt.FirstKg <= 10_000_000 && rt.NextKg >= 0 && rt.NextKg <= 10_000_000, string(z), "Tarif 0 – Rp10.000.000")
		table[z] = rt
	}
	if err := v.Err(); err != nil {
		return err
	}
	return r.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM shipping_rates WHERE scope = ?`, scope); err != nil {
			return err
		}
		for z, rt := range table {
			if _, err := tx.Exec(ctx, `INSERT INTO shipping_rates (scope, zone, first_kg, next_kg, served) VALUES (?, ?, ?, ?, ?)`,
				scope, string(z), rt.FirstKg, rt.NextKg, !rt.NotServed); err != nil {
				return err
			}
		}
		kind, id, _ := strings.Cut(scope, ":")
		n, _ := strconv.ParseInt(id, 10, 64)
		return audit.Record(ctx, tx, "set", kind+"_rates", n, nil, table)
	})
}

func (r *Rates) authorize(ctx context.Context, scope string) error {
	actor := platform.ActorFrom(ctx)
	if code, ok := cutPrefix(scope, "province:"); ok {
		if _, known := region.ProvinceByCode(code); !known {
			return platform.NotFound("Provinsi")
		}
		return account.Authorize(actor, account.Verify, account.Resource{ProvinceCode: code})
	}
	if idText, ok := cutPrefix(scope, "umkm:"); ok {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return platform.NotFound("UMKM")
		}
		u, err := r.registry.Get(ctx, id)
		if err != nil {
			return err
		}
		return umkm.CanUpdate(ctx, u)
	}
	return platform.NotFound("Tabel tarif")
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}
