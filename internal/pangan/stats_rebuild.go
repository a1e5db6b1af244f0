package pangan

import (
	"context"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// RebuildStats recomputes a programme's roll-up (pangan_stats, the
// households' months of pangan_household_months and the saving's bins of
// pangan_saving_bins) from its records, in one transaction: production from pangan_production, the
// households reached and given proven aid from pangan_households'
// reached_at and proven_at (counted in the month, at the province, of that
// first time, as the incremental path counts them). It is for repairs (a
// row edited by hand, a bug fixed) and for data bulk-loaded without the
// services (a benchmark, an import); the figures it writes are the ones
// the incremental path keeps (stats.go), row for row.
//
// Only the programme's agency or an admin (account.RunProgramme) may run
// it, and an anonymous context is refused like any other: there is no
// "internal caller" exception, because a context without an actor is also
// what an anonymous web request carries, and the rebuild scans every
// record of the programme. Internal callers (a benchmark, an operator's
// command) act as an admin. Errors: not found, unauthorized, forbidden.
//
// While it runs, syncs of the programme wait: on PostgreSQL the roll-up
// table is locked against writers for the transaction (a sync that wrote
// its records before the lock adds its figures after the rebuild commits,
// so nothing is counted twice or lost); on SQLite the transaction holds
// the only writer.
func (s *Service) RebuildStats(ctx context.Context, programmeID int64) error {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return err
	}
	// Months are counted at the province: its zone name for PostgreSQL, its
	// offset for SQLite (Indonesia's zones have no daylight saving time).
	zone := p.Location()
	_, offset := time.Now().In(zone).Zone()
	reachedMonth, provenMonth := monthExpr(s.db.Dialect, "reached_at"), monthExpr(s.db.Dialect, "proven_at")
	zoneArg := any(zone.String())
	if s.db.Dialect == sqldb.SQLite {
		zoneArg = sqliteOffset(offset)
	}
	const columns = `programme_id, area_code, parent_code, month, commodity_code, quantity_milli, value, value_home, value_sold,
		value_given, records, households_reached, households_proven`
	// Codes have fixed-width segments: a village 16.04.01.2001 (13
	// characters) lies in district 16.04.01 (8), regency 16.04 (5), province 16 (2).
	steps := []struct {
		query string
		args  []any
	}{
		{`DELETE FROM pangan_stats WHERE programme_id = ?`, []any{p.ID}},
		{`DELETE FROM pangan_household_months WHERE programme_id = ?`, []any{p.ID}},
		{`INSERT INTO pangan_household_months (programme_id, household_id, month, village_code, value_home, visits)
			SELECT programme_id, household_id, month, MIN(village_code), SUM(CASE WHEN use = 'home' THEN value ELSE 0 END), COUNT(DISTINCT visit_id)
			FROM pangan_production WHERE programme_id = ? GROUP BY programme_id, household_id, month`, []any{p.ID}},
		{`DELETE FROM pangan_saving_bins WHERE programme_id = ?`, []any{p.ID}},
		// The saving's bins at the four levels: the village's code and its prefixes.
		{`INSERT INTO pangan_saving_bins (programme_id, area_code, month, bin, households, value_sum)
			SELECT programme_id, area, month, bin, COUNT(*), SUM(value_home) FROM (
				SELECT programme_id, month, value_home, substr(village_code, 1, n) AS area, ` + savingBinSQL("value_home") + ` AS bin
				FROM pangan_household_months, (SELECT 13 AS n UNION ALL SELECT 8 UNION ALL SELECT 5 UNION ALL SELECT 2) levels
				WHERE programme_id = ?
			) x GROUP BY programme_id, area, month, bin`, []any{p.ID}},
		// Villages, each commodity.
		{`INSERT INTO pangan_stats (` + columns + `)
			SELECT programme_id, village_code, substr(village_code, 1, 8), month, commodity_code, SUM(quantity_milli), SUM(value),
				SUM(CASE WHEN use = 'home' THEN value ELSE 0 END), SUM(CASE WHEN use = 'sold' THEN value ELSE 0 END),
				SUM(CASE WHEN use = 'given' THEN value ELSE 0 END), COUNT(*), 0, 0
			FROM pangan_production WHERE programme_id = ?
			GROUP BY programme_id, village_code, month, commodity_code`, []any{p.ID}},
		// Villages, the month's totals: money and records from the rows
		// above, reach from the households (a household reached in a month
		// it produced nothing still counts).
		{`INSERT INTO pangan_stats (` + columns + `)
			SELECT ?, area_code, substr(area_code, 1, 8), month, '', 0, SUM(value), SUM(value_home), SUM(value_sold), SUM(value_given),
				SUM(records), SUM(reached), SUM(proven)
			FROM (
				SELECT area_code, month, value, value_home, value_sold, value_given, records, 0 AS reached, 0 AS proven
				FROM pangan_stats WHERE programme_id = ? AND LENGTH(area_code) = 13 AND commodity_code <> ''
				UNION ALL
				SELECT village_code, ` + reachedMonth + `, 0, 0, 0, 0, 0, 1, 0
				FROM pangan_households WHERE programme_id = ? AND reached_at IS NOT NULL
				UNION ALL
				SELECT village_code, ` + provenMonth + `, 0, 0, 0, 0, 0, 0, 1
				FROM pangan_households WHERE programme_id = ? AND proven_at IS NOT NULL
			) x
			GROUP BY area_code, month`, []any{p.ID, p.ID, zoneArg, p.ID, zoneArg, p.ID}},
	}
	// Each level above sums the one below it, totals rows included.
	for _, l := range []struct {
		childLen  int
		parentLen int // 0: the province, whose parent is ''
	}{{13, 5}, {8, 2}, {5, 0}} {
		parent := `substr(parent_code, 1, ` + strconv.Itoa(l.parentLen) + `)`
		if l.parentLen == 0 {
			parent = `''`
		}
		steps = append(steps, struct {
			query string
			args  []any
		}{`INSERT INTO pangan_stats (` + columns + `)
			SELECT programme_id, parent_code, ` + parent + `, month, commodity_code, SUM(quantity_milli), SUM(value), SUM(value_home),
				SUM(value_sold), SUM(value_given), SUM(records), SUM(households_reached), SUM(households_proven)
			FROM pangan_stats WHERE programme_id = ? AND LENGTH(area_code) = ` + strconv.Itoa(l.childLen) + `
			GROUP BY programme_id, parent_code, month, commodity_code`, []any{p.ID}})
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if tx.Dialect() == sqldb.Postgres {
			// Writers of the roll-up (syncs) wait; readers (dashboards) go on
			// reading the figures as they were until the commit.
			// In the order a sync writes them (the households' months, then
			// the roll-up), so a sync half-way waits rather than deadlocks.
			if _, err := tx.Exec(ctx, `LOCK TABLE pangan_household_months, pangan_stats, pangan_saving_bins IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.query, st.args...); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "rebuild_stats", "pangan_programme", p.ID, nil, nil)
	})
}

// monthExpr is the SQL of a timestamp column's month (YYYY-MM) in a zone
// given as the next argument: the zone's name on PostgreSQL, an offset
// modifier ("+25200 seconds") on SQLite.
func monthExpr(d sqldb.Dialect, column string) string {
	if d == sqldb.Postgres {
		return `to_char(` + column + ` AT TIME ZONE ?, 'YYYY-MM')`
	}
	return `strftime('%Y-%m', ` + column + `, ?)`
}

func sqliteOffset(seconds int) string {
	if seconds < 0 {
		return "-" + strconv.Itoa(-seconds) + " seconds"
	}
	return "+" + strconv.Itoa(seconds) + " seconds"
}
