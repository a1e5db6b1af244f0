package report

import (
	"context"
	"sort"
	"time"

	"github.com/gerai-id/gerai/internal/umkm"
)

// MovedUp is a UMKM whose sales recorded in Gerai over the last twelve
// months put it in a larger class than it declared: the evidence is the
// turnover and what it came from, orders and offline sales (expo booths,
// mall stalls).
type MovedUp struct {
	UMKM          umkm.UMKM
	Orders        int64
	OrdersAmount  int64
	OfflineSales  int64
	OfflineAmount int64
	Turnover      int64
	Scale         umkm.Scale // from the recorded turnover
}

// Registry is the agency's registry dashboard.
type Registry struct {
	// umkm.RegistryFigures gives ProvinceCode, the province the figures are of.
	Since string // YYYY-MM: registrations, verifications and sales from this month on
	umkm.RegistryFigures
	Total    int64
	Verified int64
	// Halal and QRIS count the verified UMKM with a halal certificate
	// recorded and with a static QRIS to be paid by; NIB those with a NIB,
	// which the registry requires of each (every verified one).
	Halal, QRIS, NIB int64
	// ByScale and ByStatus sum ByRegency.
	ByScale  map[string]int64
	ByStatus map[string]int64
	MovedUp  []MovedUp
	AsOf     time.Time
}

// Registry returns the registry dashboard of provinceCode ("" for an
// agency: its own; for the admin: every province) over the last twelve
// months. An agency asking for another province is refused.
func (s *Service) Registry(ctx context.Context, provinceCode string) (Registry, error) {
	since, _ := DefaultPeriod(s.now())
	figures, err := s.UMKM.Registry(ctx, provinceCode, since)
	if err != nil {
		return Registry{}, err
	}
	r := Registry{Since: since, RegistryFigures: figures, AsOf: s.now(),
		ByScale: map[string]int64{}, ByStatus: map[string]int64{}}
	for _, c := range figures.ByRegency {
		r.Total += c.Count
		r.ByStatus[c.Status] += c.Count
		if c.Status == string(umkm.StatusVerified) {
			r.Verified += c.Count
			r.Halal += c.Halal
			r.ByScale[c.Scale] += c.Count
		}
	}
	r.NIB = r.Verified
	if s.QRIS != nil {
		if r.QRIS, err = s.QRIS.StaticQRISCount(ctx, r.ProvinceCode); err != nil {
			return r, err
		}
	}
	candidates, err := s.Sales.TurnoverAbove(ctx, r.ProvinceCode, since, umkm.MinTurnoverToMoveUp)
	if err != nil {
		return r, err
	}
	ids := make([]int64, len(candidates))
	for i, c := range candidates {
		ids[i] = c.UMKMID
	}
	found, err := s.UMKM.GetMany(ctx, ids)
	if err != nil {
		return r, err
	}
	for _, c := range candidates {
		u, ok := found[c.UMKMID]
		if !ok {
			continue // not the actor's to see (TurnoverAbove took the scope: none)
		}
		if scale, up := umkm.ScaleFromSales(u, c.Turnover); up {
			r.MovedUp = append(r.MovedUp, MovedUp{UMKM: u, Orders: c.Orders, OrdersAmount: c.Amount,
				OfflineSales: c.OfflineSales, OfflineAmount: c.OfflineAmount, Turnover: c.Turnover, Scale: scale})
		}
	}
	sort.Slice(r.MovedUp, func(i, j int) bool { return r.MovedUp[i].Turnover > r.MovedUp[j].Turnover })
	return r, nil
}
