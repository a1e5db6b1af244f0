package order

import (
	"context"
	"errors"

	"github.com/gerai-id/gerai/internal/region"
)

// Shipment is a parcel to price.
type Shipment struct {
	UMKMID      int64
	FromRegency string
	ToRegency   string
	WeightGrams int64
}

// RateProvider prices a delivery. Rates (below) reads the tables agencies
// and sellers edit; a courier aggregator adapter can implement the same
// interface later.
type RateProvider interface {
	// Quote returns the cost in rupiah of a shipment, or ErrNoRate when no
	// courier takes it.
	Quote(ctx context.Context, s Shipment) (int64, error)
}

// ErrNoRate is a RateProvider's answer for a shipment no courier takes: a
// zone a rate table leaves unserved (fresh food that cannot travel far), or
// a destination an aggregator does not reach. Checkout and quotes turn it
// into a message beside the destination field.
var ErrNoRate = errors.New("order: no courier rate for this shipment")

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

// Rate is the price of a zone: the first kilogram, then each further one
// started. NotServed marks a zone the table's owner does not ship to.
type Rate struct {
	FirstKg   int64
	NextKg    int64
	NotServed bool
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

// Price is the cost of weightGrams in a zone: the first kilogram, then each one started.
func (t TableRates) Price(z Zone, weightGrams int64) int64 {
	r := t[z]
	kg := max(1, (weightGrams+999)/1000)
	return r.FirstKg + (kg-1)*r.NextKg
}
