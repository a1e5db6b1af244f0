package pangan

import (
	"context"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Configure sets a running programme's configuration to f, as a whole:
// the lists are what they should be from now on (an agency adopting a
// programme sets its own targets, regency prices and sponsors; a new
// sponsor or a new phase joins later). The province does not change.
//
// The records keep their meaning: a commodity, package type, sponsor or
// phase that records use cannot be removed, a commodity with production
// records keeps its unit, and a package type given to a household keeps
// its items (its deliveries and the visits' item statuses name them by
// line). Prices, targets and names may change: a record's value was fixed
// at the price of its day, and the figures' targets are today's.
func (s *Service) Configure(ctx context.Context, programmeID int64, f ProgrammeFields) (Programme, error) {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return Programme{}, err
	}
	f.ProvinceCode = p.ProvinceCode
	if err := checkProgramme(&f); err != nil {
		return Programme{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var val platform.Validation
		r, err := tx.Exec(ctx, `UPDATE pangan_programmes SET name = ?, start_year = ?, updated_at = ? WHERE id = ?`,
			f.Name, f.StartYear, s.now().UTC(), p.ID)
		if sqldb.UniqueViolation(err) {
			return platform.Invalid("name", "Provinsi ini sudah punya program dengan nama itu")
		}
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			return cmpErr(err, platform.NotFound("Program"))
		}
		if err := configureCommodities(ctx, tx, p, f.Commodities, &val); err != nil {
			return err
		}
		if err := configurePackages(ctx, tx, p, f.Packages, &val); err != nil {
			return err
		}
		if err := configureNamed(ctx, tx, p, "sponsors", "pangan_sponsors", "kind", sponsorRows(f.Sponsors), &val); err != nil {
			return err
		}
		if err := configureNamed(ctx, tx, p, "phases", "pangan_phases", "segment", phaseRows(f.Phases), &val); err != nil {
			return err
		}
		if err := val.Err(); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM pangan_prices WHERE programme_id = ?`, `DELETE FROM pangan_targets WHERE programme_id = ?`} {
			if _, err := tx.Exec(ctx, q, p.ID); err != nil {
				return err
			}
		}
		for _, pr := range f.Prices {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_prices (programme_id, commodity_code, regency_code, price) VALUES (?, ?, ?, ?)
				ON CONFLICT (programme_id, commodity_code, regency_code) DO UPDATE SET price = excluded.price`, p.ID, pr.Commodity, pr.RegencyCode, pr.Price); err != nil {
				return err
			}
		}
		for _, t := range f.Targets {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_targets (programme_id, regency_code, households, groups_count) VALUES (?, ?, ?, ?)`,
				p.ID, t.RegencyCode, t.Households, t.Groups); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "configure_programme", "pangan_programme", p.ID,
			map[string]any{"name": p.Name, "start_year": p.StartYear, "commodities": len(p.Commodities), "targets": len(p.Targets),
				"packages": len(p.Packages), "sponsors": len(p.Sponsors), "phases": len(p.Phases)},
			map[string]any{"name": f.Name, "start_year": f.StartYear, "commodities": len(f.Commodities), "targets": len(f.Targets),
				"packages": len(f.Packages), "sponsors": len(f.Sponsors), "phases": len(f.Phases)})
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, p.ID)
}

func configureCommodities(ctx context.Context, tx *sqldb.Tx, p Programme, list []Commodity, val *platform.Validation) error {
	want := map[string]bool{}
	for i, c := range list {
		want[c.Code] = true
		old, had := p.Commodity(c.Code)
		if !had {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_commodities (programme_id, code, name, unit, price, max_per_m2_milli) VALUES (?, ?, ?, ?, ?, ?)`,
				p.ID, c.Code, c.Name, c.Unit, c.Price, int64(c.MaxPerM2*1000)); err != nil {
				return err
			}
			continue
		}
		if old.Unit != c.Unit {
			used, err := exists(ctx, tx, `SELECT 1 FROM pangan_production WHERE programme_id = ? AND commodity_code = ?`, p.ID, c.Code)
			if err != nil {
				return err
			}
			val.Check(!used, index("commodities", i)+".unit", "Satuan %s tidak dapat diubah: sudah ada catatan panennya", c.Name)
		}
		if _, err := tx.Exec(ctx, `UPDATE pangan_commodities SET name = ?, unit = ?, price = ?, max_per_m2_milli = ? WHERE programme_id = ? AND code = ?`,
			c.Name, c.Unit, c.Price, int64(c.MaxPerM2*1000), p.ID, c.Code); err != nil {
			return err
		}
	}
	for _, old := range p.Commodities {
		if want[old.Code] {
			continue
		}
		used, err := exists(ctx, tx, `SELECT 1 FROM pangan_production WHERE programme_id = ? AND commodity_code = ?`, p.ID, old.Code)
		if err != nil {
			return err
		}
		if used {
			val.Check(false, "commodities", "%s sudah punya catatan panen dan tidak dapat dihapus", old.Name)
			continue
		}
		for _, q := range []string{`DELETE FROM pangan_prices WHERE programme_id = ? AND commodity_code = ?`,
			`DELETE FROM pangan_commodities WHERE programme_id = ? AND code = ?`} {
			if _, err := tx.Exec(ctx, q, p.ID, old.Code); err != nil {
				return err
			}
		}
	}
	return nil
}

func configurePackages(ctx context.Context, tx *sqldb.Tx, p Programme, list []PackageType, val *platform.Validation) error {
	old := map[string]PackageType{}
	for _, pt := range p.Packages {
		old[pt.Code] = pt
	}
	given := func(id int64) (bool, error) {
		return exists(ctx, tx, `SELECT 1 FROM pangan_deliveries WHERE package_type_id = ?`, id)
	}
	for i, pt := range list {
		before, had := old[pt.Code]
		delete(old, pt.Code)
		id := before.ID
		if had {
			if _, err := tx.Exec(ctx, `UPDATE pangan_package_types SET name = ? WHERE id = ?`, pt.Name, id); err != nil {
				return err
			}
			if sameItems(before.Items, pt.Items) {
				continue
			}
			used, err := given(id)
			if err != nil {
				return err
			}
			if used {
				val.Check(false, index("packages", i)+".items", "Isi paket %s tidak dapat diubah: paket ini sudah diserahkan", pt.Name)
				continue
			}
			if _, err := tx.Exec(ctx, `DELETE FROM pangan_package_items WHERE package_type_id = ?`, id); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, `INSERT INTO pangan_package_types (programme_id, code, name) VALUES (?, ?, ?) RETURNING id`,
			p.ID, pt.Code, pt.Name).Scan(&id); err != nil {
			return err
		}
		for j, it := range pt.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO pangan_package_items (package_type_id, line, name, quantity, unit) VALUES (?, ?, ?, ?, ?)`,
				id, j+1, strings.TrimSpace(it.Name), it.Quantity, strings.TrimSpace(it.Unit)); err != nil {
				return err
			}
		}
	}
	for _, pt := range old { // removed from the list
		used, err := given(pt.ID)
		if err != nil {
			return err
		}
		if used {
			val.Check(false, "packages", "Paket %s sudah diserahkan dan tidak dapat dihapus", pt.Name)
			continue
		}
		for _, q := range []string{`DELETE FROM pangan_package_items WHERE package_type_id = ?`, `DELETE FROM pangan_package_types WHERE id = ?`} {
			if _, err := tx.Exec(ctx, q, pt.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func sameItems(a, b []PackageItem) bool {
	return slices.EqualFunc(a, b, func(x, y PackageItem) bool {
		return strings.TrimSpace(x.Name) == strings.TrimSpace(y.Name) && x.Quantity == y.Quantity && strings.TrimSpace(x.Unit) == strings.TrimSpace(y.Unit)
	})
}

// namedRow is a sponsor or a phase: known by its name, with one attribute
// (a sponsor's kind, a phase's segment).
type namedRow struct{ name, attr string }

func sponsorRows(list []Sponsor) []namedRow {
	out := make([]namedRow, len(list))
	for i, sp := range list {
		out[i] = namedRow{sp.Name, sp.Kind}
	}
	return out
}

func phaseRows(list []Phase) []namedRow {
	out := make([]namedRow, len(list))
	for i, ph := range list {
		out[i] = namedRow{ph.Name, ph.Segment}
	}
	return out
}

// configureNamed brings a programme's sponsors or phases to list: kept by
// name (their attribute updated), added, or removed when no delivery (and,
// for a sponsor, no staff account) names them.
func configureNamed(ctx context.Context, tx *sqldb.Tx, p Programme, field, table, attr string, list []namedRow, val *platform.Validation) error {
	ref := map[string]string{"pangan_sponsors": "sponsor_id", "pangan_phases": "phase_id"}[table]
	rows, err := tx.Query(ctx, `SELECT id, name FROM `+table+` WHERE programme_id = ?`, p.ID)
	type row struct {
		id   int64
		name string
	}
	have, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
		err = r.Scan(&x.id, &x.name)
		return x, err
	})
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, n := range list {
		want[n.name] = true
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+` (programme_id, name, `+attr+`) VALUES (?, ?, ?)
			ON CONFLICT (programme_id, name) DO UPDATE SET `+attr+` = excluded.`+attr, p.ID, n.name, n.attr); err != nil {
			return err
		}
	}
	for _, h := range have {
		if want[h.name] {
			continue
		}
		used, err := exists(ctx, tx, `SELECT 1 FROM pangan_deliveries WHERE `+ref+` = ?`, h.id)
		if err == nil && !used && table == "pangan_sponsors" {
			used, err = exists(ctx, tx, `SELECT 1 FROM pangan_sponsor_staff WHERE sponsor_id = ?`, h.id)
		}
		if err != nil {
			return err
		}
		if used && table == "pangan_phases" {
			val.Check(false, field, "Tahap %s sudah tercatat pada penyerahan bantuan dan tidak dapat dihapus", h.name)
		} else if used {
			val.Check(false, field, "Penyandang dana %s sudah tercatat pada bantuan atau punya akun pembaca dan tidak dapat dihapus", h.name)
		}
		if used {
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE id = ?`, h.id); err != nil {
			return err
		}
	}
	return nil
}

// exists reports whether query finds a row.
func exists(ctx context.Context, q sqldb.Querier, query string, args ...any) (bool, error) {
	rows, err := q.Query(ctx, query+` LIMIT 1`, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}
