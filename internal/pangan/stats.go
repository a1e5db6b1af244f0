package pangan

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// The indicators' roll-up (pangan_stats): each record adds to one row per
// level of its place (village, district, regency, province), per month,
// for its commodity and for the month's totals (commodity ''). The rows
// are written in the transaction that writes the records, so the figures
// always equal the records (decision 0028), and a dashboard reads a few
// hundred rows whatever the number of households.

type statKey struct{ area, parent, month, commodity string }

type statDelta struct {
	quantityMilli, value, home, sold, given, records int64
	reached, proven                                  int64
}

// deltas gathers one transaction's additions before they are written: to
// the roll-up, and to the saving's bins (indicators_saving.go).
type deltas struct {
	stats   map[statKey]*statDelta
	savings map[savingKey]map[int64]*[2]int64
}

func newDeltas() *deltas {
	return &deltas{stats: map[statKey]*statDelta{}, savings: map[savingKey]map[int64]*[2]int64{}}
}

// levels lists a place's areas from the village up, each with its parent.
func (p place) levels() [4][2]string {
	return [4][2]string{{p.village, p.district}, {p.district, p.regency}, {p.regency, p.province}, {p.province, ""}}
}

func (d *deltas) at(p place, month, commodity string, add func(*statDelta)) {
	for _, l := range p.levels() {
		k := statKey{area: l[0], parent: l[1], month: month, commodity: commodity}
		if d.stats[k] == nil {
			d.stats[k] = &statDelta{}
		}
		add(d.stats[k])
	}
}

// production adds one production record to its commodity's rows and to
// the totals (which count rupiah and records: units differ between commodities).
func (d *deltas) production(p place, month, commodity, use string, quantityMilli, value int64) {
	money := func(x *statDelta) {
		x.value += value
		x.records++
		switch use {
		case UseHome:
			x.home += value
		case UseSold:
			x.sold += value
		case UseGiven:
			x.given += value
		}
	}
	d.at(p, month, commodity, func(x *statDelta) { x.quantityMilli += quantityMilli; money(x) })
	d.at(p, month, "", money)
}

// reached counts a household reached for the first time in month.
func (d *deltas) reached(p place, month string) {
	d.at(p, month, "", func(x *statDelta) { x.reached++ })
}

// proven counts a household given its first proven aid in month.
func (d *deltas) proven(p place, month string) { d.at(p, month, "", func(x *statDelta) { x.proven++ }) }

// write adds the deltas to the roll-up, in key order: concurrent syncs lock
// the shared rows (the province's) in the same order, so they queue rather
// than deadlock on PostgreSQL. Rows go many to a statement (an upsert takes
// its VALUES in order, so the order holds): a batch's roll-up is a few
// round trips, not one per row, while the province's rows are locked.
func (d *deltas) write(ctx context.Context, tx *sqldb.Tx, programmeID int64) error {
	keys := slices.SortedFunc(maps.Keys(d.stats), func(a, b statKey) int {
		return cmp.Or(cmp.Compare(a.area, b.area), cmp.Compare(a.month, b.month), cmp.Compare(a.commodity, b.commodity))
	})
	rows := make([][]any, 0, len(keys))
	for _, k := range keys {
		x := d.stats[k]
		rows = append(rows, []any{programmeID, k.area, k.parent, k.month, k.commodity, x.quantityMilli, x.value, x.home, x.sold, x.given,
			x.records, x.reached, x.proven})
	}
	if err := sqldb.UpsertRows(ctx, tx, `INSERT INTO pangan_stats (programme_id, area_code, parent_code, month, commodity_code,
		quantity_milli, value, value_home, value_sold, value_given, records, households_reached, households_proven) VALUES `, rows,
		` ON CONFLICT (programme_id, area_code, month, commodity_code) DO UPDATE SET
		quantity_milli = pangan_stats.quantity_milli + excluded.quantity_milli, value = pangan_stats.value + excluded.value,
		value_home = pangan_stats.value_home + excluded.value_home, value_sold = pangan_stats.value_sold + excluded.value_sold,
		value_given = pangan_stats.value_given + excluded.value_given, records = pangan_stats.records + excluded.records,
		households_reached = pangan_stats.households_reached + excluded.households_reached,
		households_proven = pangan_stats.households_proven + excluded.households_proven`); err != nil {
		return err
	}
	return d.writeSavings(ctx, tx, programmeID)
}
