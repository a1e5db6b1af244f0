package report

import (
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
)

// The cooperation dashboard's headline figures of the other modules: the
// expos', the mall's and the food programme's, each from its module's own
// scoped report (expo.Report, mall.Report, pangan.Indicators) over the
// records the actor runs: an agency its province's, the admin every one.

// ExpoFigure is one expo of the period and its totals.
type ExpoFigure struct {
	Event  expo.Event
	Totals expo.Totals
}

// MallFigure is one venue's sales at its stalls over the period.
type MallFigure struct {
	Venue      mall.Venue
	Sales      int64
	SalesCount int64
	// Occupancy is the share of stall-days present, 0–1.
	Occupancy float64
}

// PanganFigure is one food programme's headline at its province.
type PanganFigure struct {
	Programme pangan.Programme
	Reached   int64
	Target    int64
	Value     int64
	SoldGerai int64
}

// Headlines are the modules' figures over the period.
type Headlines struct {
	Expos     []ExpoFigure
	ExpoTotal int64
	Malls     []MallFigure
	MallSales int64
	// MallFrom is the first day the mall's figures count (the period's, or
	// later when the period is longer than a venue's report may be).
	MallFrom, MallTo string
	Pangan           []PanganFigure
	PanganReached    int64
	PanganValue      int64
	Overflow         bool
}

// Headlines returns the expos', malls' and food programmes' figures of the
// months from–to (YYYY-MM, both included; the default period when either
// is missing) that the actor runs.
func (s *Service) Headlines(ctx context.Context, from, to string) (Headlines, error) {
	var h Headlines
	a := platform.ActorFrom(ctx)
	if err := account.OpenDesk(a, account.StaffDesk); err != nil {
		return h, err
	}
	if from == "" || to == "" {
		from, to = DefaultPeriod(s.now())
	}
	if err := (sales.Filter{From: from, To: to}).Validate(); err != nil {
		return h, err
	}
	start, _ := time.Parse("2006-01", from)
	end, _ := time.Parse("2006-01", to)
	last := end.AddDate(0, 1, -1)
	first, lastDay := start.Format(time.DateOnly), last.Format(time.DateOnly)
	var sum platform.CheckedSum
	if s.Expo != nil {
		events, err := s.Expo.RunEvents(ctx)
		if err != nil {
			return h, err
		}
		for _, e := range events {
			if e.Status == expo.Draft || e.EndsOn < first || e.StartsOn > lastDay {
				continue
			}
			r, err := s.Expo.Report(ctx, e.ID)
			if err != nil {
				return h, err
			}
			h.Expos = append(h.Expos, ExpoFigure{Event: e, Totals: r.Totals})
			sum.Plus(&h.ExpoTotal, r.Totals.All)
			h.Overflow = h.Overflow || r.Overflow
		}
	}
	if s.Mall != nil {
		h.MallFrom, h.MallTo = first, lastDay
		if earliest := last.AddDate(0, 0, -(mall.MaxReportDays - 1)); start.Before(earliest) {
			h.MallFrom = earliest.Format(time.DateOnly)
		}
		venues, err := s.Mall.Venues(ctx, true)
		if err != nil {
			return h, err
		}
		for _, v := range venues {
			r, err := s.Mall.Report(ctx, v.ID, h.MallFrom, h.MallTo)
			if err != nil {
				return h, err
			}
			h.Malls = append(h.Malls, MallFigure{Venue: v, Sales: r.Sales, SalesCount: r.SalesCount, Occupancy: r.Occupancy.Rate})
			sum.Plus(&h.MallSales, r.Sales)
			h.Overflow = h.Overflow || r.Overflow
		}
	}
	if s.Pangan != nil {
		list, err := s.Pangan.Programmes(ctx)
		if err != nil {
			return h, err
		}
		for _, p := range list {
			// The programmes the actor runs: its province's (the policy's RunProgramme).
			if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) != nil {
				continue
			}
			in, err := s.Pangan.Indicators(ctx, p.ID, pangan.LevelProvince, p.ProvinceCode, from, to)
			if err != nil {
				return h, err
			}
			h.Pangan = append(h.Pangan, PanganFigure{Programme: p, Reached: in.Reached, Target: in.Target, Value: in.Value, SoldGerai: in.SoldGerai})
			h.PanganReached += in.Reached
			sum.Plus(&h.PanganValue, in.Value)
		}
	}
	h.Overflow = h.Overflow || sum.Overflow
	return h, nil
}
