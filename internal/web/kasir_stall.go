package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The stall cashier (kasir lapak, issue 11 §7): the expo cashier's page and
// script (kasir.go, static/kasir.js) as a till of a mall stall, for the
// tenant holding it. It lives under /kasir/ so that the cashier's service
// worker (scope /kasir/) keeps it for offline use as it keeps a booth's.
// Sales go to the turn holding the stall on their day (mall.SyncSales).

// stallTill is the till of the stall /kasir/pasar/{venue}/{code}.
func (s *server) stallTill(r *http.Request) (till, error) {
	venueID, err := pathID(r, "venue")
	if err != nil {
		return till{}, err
	}
	code := r.PathValue("code")
	return till{
		base: fmt.Sprintf("/kasir/pasar/%d/%s", venueID, code),
		authorize: func() error {
			_, _, err := s.Mall.AuthorizeSellAtStall(r.Context(), venueID, code)
			return err
		},
		sync: func(ctx context.Context, sales []expo.Sale) (expo.SyncResult, error) {
			return s.Mall.SyncSales(ctx, venueID, code, sales)
		},
		price: func(ctx context.Context, productID int64) (int64, string, error) {
			_, _, t, _, err := s.Mall.CashierTurn(ctx, venueID, code)
			if err != nil {
				return 0, "", err
			}
			products, err := s.stallProducts(ctx, t.UMKMID)
			for _, p := range products {
				if p.ProductID == productID {
					return p.Price, p.Name, err
				}
			}
			return 0, "", err
		},
		void: func(ctx context.Context, sale, reason string) error {
			_, err := s.Mall.VoidSale(ctx, venueID, sale, reason)
			return err
		},
		view: s.stallKasirView,
	}, nil
}

// stallProducts are the UMKM's active catalogue products, the stall's tiles.
func (s *server) stallProducts(ctx context.Context, umkmID int64) ([]cashierProduct, error) {
	list, err := s.Catalog.ListForUMKM(ctx, umkmID)
	if err != nil {
		return nil, err
	}
	var out []cashierProduct
	for _, p := range list {
		if p.Status == catalog.StatusActive {
			out = append(out, cashierProduct{ProductID: p.ID, Name: p.Name, Price: p.Price})
		}
	}
	return out, nil
}

// maxStallSalesShown bounds the stall's list of today's sales on its page.
const maxStallSalesShown = 50

func (s *server) stallKasirView(r *http.Request, f Form) (*kasirPage, error) {
	venueID, err := pathID(r, "venue")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	v, st, t, today, err := s.Mall.CashierTurn(ctx, venueID, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	products, err := s.stallProducts(ctx, t.UMKMID)
	if err != nil {
		return nil, err
	}
	sales, err := s.Mall.Sales(ctx, v.ID, "", "") // today's at the venue, the tenant's own
	if err != nil {
		return nil, err
	}
	staticQRIS, err := s.Orders.StaticQRIS(ctx, t.UMKMID)
	if err != nil {
		return nil, err
	}
	p := &kasirPage{Page: s.pageT(r, "title_kasir", t.UMKMName, v.Name), Form: f, MayVoid: true}
	base := fmt.Sprintf("/kasir/pasar/%d/%s", v.ID, st.Code)
	k := cashier{Base: base, Back: fmt.Sprintf("/pasar/%d/lapak/%s", v.ID, st.Code), BackLabel: p.Tf("stall_badge", st.Code),
		Title: p.T("kasir_stall"), Name: t.UMKMName, Badge: p.Tf("stall_badge", st.Code),
		WhereLabel: p.T("venue"), WhereName: v.Name, WhereDetail: v.Address + " · " + p.DateRange(t.From, t.To),
		Products: products, Province: v.ProvinceCode,
		queue: fmt.Sprintf("pasar-%d-%d", v.ID, st.ID), billPrefix: "LAPAK", syncURL: base + "/sync"}
	if !today {
		k.Note = p.T("kasir_stall_not_today")
	}
	for _, sale := range sales {
		if sale.Stall != st.Code || len(k.Sales) == maxStallSalesShown {
			continue
		}
		k.Sales = append(k.Sales, cashierSale{ID: sale.ID, SoldAt: sale.SoldAt, PaymentMethod: sale.PaymentMethod, Total: sale.Total,
			VoidedAt: sale.VoidedAt, VoidReason: sale.VoidReason, Late: sale.Late, OverLimit: sale.Total > expo.MaxSaleTotal})
	}
	p.Kasir = k
	p.finish(r, staticQRIS)
	return p, nil
}

func (s *server) stallKasirPage(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	p, err := s.stallKasirView(r, NewForm(r))
	if err != nil {
		return err
	}
	// The page is the app: the service worker keeps its last copy.
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "kasir", p)
	return nil
}

func (s *server) stallKasirSync(w http.ResponseWriter, r *http.Request) error {
	t, err := s.stallTill(r)
	if err != nil {
		return err
	}
	return s.tillSync(w, r, t)
}

func (s *server) stallKasirSell(w http.ResponseWriter, r *http.Request) error {
	t, err := s.stallTill(r)
	if err != nil {
		return err
	}
	return s.tillSell(w, r, t)
}

func (s *server) stallKasirVoid(w http.ResponseWriter, r *http.Request) error {
	t, err := s.stallTill(r)
	if err != nil {
		return err
	}
	return s.tillVoid(w, r, t)
}

// kasirStall is a mall stall on the user's cashier list (/kasir): a turn
// of one of its UMKM, the current one or the next.
type kasirStall struct {
	VenueID   int64
	VenueName string
	Stall     string
	UMKMName  string
	From, To  string
	Today     bool // the turn holds the stall today at the venue
}

// myStalls lists the stalls the actor's verified UMKM hold a turn at today
// or in the coming month (the venues' public schedules, as the venue page
// lists "my turns"), one entry per stall with its first such turn.
func (s *server) myStalls(ctx context.Context) ([]kasirStall, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, nil
	}
	page, err := s.UMKM.List(ctx, umkm.Filter{OwnerID: a.UserID, Status: umkm.StatusVerified, Limit: 50})
	if err != nil || len(page.Items) == 0 {
		return nil, err
	}
	mine := map[int64]bool{}
	for _, u := range page.Items {
		mine[u.ID] = true
	}
	venues, err := s.Mall.Venues(ctx, false)
	if err != nil {
		return nil, err
	}
	var out []kasirStall
	for _, v := range venues {
		today := time.Now().In(v.Location()).Format(time.DateOnly)
		turns, err := s.Mall.Turns(ctx, v.ID, today, "")
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, t := range turns {
			if !mine[t.UMKMID] || seen[t.Stall] {
				continue
			}
			seen[t.Stall] = true
			out = append(out, kasirStall{VenueID: v.ID, VenueName: v.Name, Stall: t.Stall, UMKMName: t.UMKMName,
				From: t.From, To: t.To, Today: t.From <= today && today <= t.To})
		}
	}
	return out, nil
}
