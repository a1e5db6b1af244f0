package order

import (
	"context"

	"github.com/gerai-id/gerai/internal/region"
)

// RateProvider prices a delivery. The table below is the built-in one; a
// courier aggregator adapter can implement the same interface later.
type RateProvider interface {
	// Quote returns the cost in rupiah of sending weightGrams from one regency to another.
	Quote(ctx context.Context, fromRegency, toRegency string, weightGrams int64) (int64, error)
}

// Zone is how far a parcel travels.
type Zone string

const (
	SameRegency   Zone = "same_regency"
	SameProvince  Zone = "same_province"
	OtherProvince Zone = "other_province"
)

// ZoneOf classifies a trip between two regencies.
func ZoneOf(from, to string) Zone {
	switch {
	case from == to:
		return SameRegency
	case regionProvince(from) == regionProvince(to):
		return SameProvince
	}
	return OtherProvince
}

func regionProvince(regency string) string {
	if r, ok := region.RegencyByCode(regency); ok {
		return r.ProvinceCode
	}
	return ""
}

// Rate is the price of a zone: the first kilogram, then each further one started.
type Rate struct {
	FirstKg int64
	NextKg  int64
}

// TableRates prices by zone and weight steps of one kilogram.
type TableRates map[Zone]Rate

// DefaultRates are modest national averages for a parcel service, used
// until an agency or seller enters its own table.
var DefaultRates = TableRates{
	SameRegency:   {FirstKg: 10_000, NextKg: 5_000},
	SameProvince:  {FirstKg: 15_000, NextKg: 8_000},
	OtherProvince: {FirstKg: 25_000, NextKg: 15_000},
}

// Quote implements RateProvider.
func (t TableRates) Quote(_ context.Context, from, to string, weightGrams int64) (int64, error) {
	r := t[ZoneOf(from, to)]
	kg := max(1, (weightGrams+999)/1000)
	return r.FirstKg + (kg-1)*r.NextKg, nil
}
