package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
)

// The expo cashier (kasir expo): a page that keeps working without a
// connection. Sales are made on the device (static/kasir.js) with ids of
// their own, queued in the browser and synced when the connection comes
// back; a service worker (kasir/sw.js) serves the page from its cache when
// the venue's network is gone. Without JavaScript the page still records
// one sale per form post.

type kasirListPage struct {
	Page
	Booths []expo.Exhibitor
	// Stalls are the mall stalls the user's UMKM hold a turn at, today or
	// soon (kasir_stall.go).
	Stalls []kasirStall
}

// kasirList lists where the user sells: the expo booths it is a cashier
// of, and the mall stalls its UMKM hold a turn at.
func (s *server) kasirList(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	booths, err := s.Expo.CashierBooths(r.Context())
	if err != nil {
		return err
	}
	stalls, err := s.myStalls(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "kasir_list", &kasirListPage{Page: s.pageT(r, "title_kasir_list"), Booths: booths, Stalls: stalls})
	return nil
}

type kasirPage struct {
	Page
	Kasir cashier
	// Data is the device's data for kasir.js, as JSON; json.Marshal escapes
	// <, > and &, so it is safe inside the script element.
	Data   template.JS
	Form   Form
	Manage bool // the booth's owner or the agency: may bring products
	// MayVoid offers voiding each stored sale (the owner and the agency,
	// never a cashier); Form.Values["void_sale"] names the sale whose
	// void form has the errors.
	MayVoid bool
	// Catalogue is the UMKM's products that can be brought to the booth.
	Catalogue []catalog.Product
	// NoStaticQRIS: the UMKM has registered no static QRIS, so no QRIS code
	// can be made at this booth (the page says so when QRIS is chosen).
	NoStaticQRIS bool
	// Change is the change of the last cash sale made by the plain form
	// (?kembalian=, after its redirect); -1 when there is none to show.
	Change int64
}

// cashier is what the cashier's page (templates/pages/kasir.html) and its
// script show, whoever sells there: an expo booth, or a mall stall
// (kasir_stall.go). Texts are in the page's language already.
type cashier struct {
	Base              string // the page's path; its forms post below it
	Back, BackLabel   string // the page it came from
	Title             string // "Kasir expo", "Kasir lapak"
	Name              string // who sells: the exhibitor, the UMKM
	Badge             string // "booth A-01", "lapak K-01"
	WhereLabel        string // "Acara", "Lokasi"
	WhereName         string // the event's or the venue's name
	WhereDetail       string // its place and dates
	Note              string // e.g. that the expo is closed
	Stock             bool   // the products carry the stock brought (an expo booth)
	Products          []cashierProduct
	Sales             []cashierSale
	Province          string // dates show in its time zone
	queue, billPrefix string // the device's queue name and QRIS bill numbers' prefix
	syncURL           string
}

// cashierProduct is a product on the cashier's tiles.
type cashierProduct struct {
	ProductID int64  `json:"product_id"`
	Name      string `json:"name"`
	Price     int64  `json:"price"`
	Stock     int64  `json:"stock"`
}

// cashierSale is a stored sale in the cashier's list.
type cashierSale struct {
	ID                         string
	SoldAt                     time.Time
	PaymentMethod              string
	Total                      int64
	VoidedAt                   *time.Time
	VoidReason                 string
	OverStock, Late, OverLimit bool
}

// finish fills the page's data for the script and the QRIS note.
func (p *kasirPage) finish(r *http.Request, staticQRIS string) {
	p.NoStaticQRIS = staticQRIS == ""
	p.Change = -1
	if c, err := strconv.ParseInt(r.URL.Query().Get("kembalian"), 10, 64); err == nil && c >= 0 {
		p.Change = c
	}
	k := p.Kasir
	data, _ := json.Marshal(map[string]any{"queue": k.queue, "name": k.Name, "badge": k.Badge, "title": k.WhereName,
		"products": k.Products, "syncURL": k.syncURL, "csrf": p.CSRF, "staticQRIS": staticQRIS, "billPrefix": k.billPrefix,
		"limits": map[string]any{"lines": expo.MaxSaleLines, "quantity": expo.MaxLineQuantity, "price": expo.MaxUnitPrice,
			"total": expo.MaxSaleTotal, "message": fmt.Sprintf(p.T("kasir_limits"), p.Num(expo.MaxSaleLines), p.Num(expo.MaxLineQuantity),
				p.Rp(expo.MaxUnitPrice), p.Rp(expo.MaxSaleTotal))},
		"messages": kasirScriptMessages(p.Page)})
	p.Data = template.JS(data)
}

func (s *server) kasirView(r *http.Request, f Form) (*kasirPage, error) {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return nil, err
	}
	e, err := s.Expo.Event(r.Context(), eventID)
	if err != nil {
		return nil, err
	}
	x, err := s.Expo.Exhibitor(r.Context(), eventID, exID)
	if err != nil {
		return nil, err
	}
	sales, err := s.Expo.Sales(r.Context(), eventID, exID, 20) // also checks the actor may sell here
	if err != nil {
		return nil, err
	}
	products, err := s.Expo.Products(r.Context(), eventID, exID)
	if err != nil {
		return nil, err
	}
	p := &kasirPage{Page: s.pageT(r, "title_kasir", x.Name, e.Name), Form: f, MayVoid: s.Expo.MayVoidSales(r.Context(), e, x)}
	base := fmt.Sprintf("/kasir/%d/%d", e.ID, x.ID)
	k := cashier{Base: base, Back: "/kasir", BackLabel: p.T("kasir_list"), Title: p.T("kasir"), Name: x.Name,
		WhereLabel: p.T("kasir_event"), WhereName: e.Name, WhereDetail: e.Venue + ", " + e.City + " · " + p.DateRange(e.StartsOn, e.EndsOn),
		Stock: true, Province: e.HostProvince, queue: strconv.FormatInt(x.ID, 10), billPrefix: "EXPO", syncURL: base + "/sync"}
	if x.Booth != "" {
		k.Badge = p.Tf("booth_badge", x.Booth)
	}
	if e.Status == expo.Closed {
		k.Note = p.T("kasir_closed")
	}
	for _, ep := range products {
		k.Products = append(k.Products, cashierProduct{ProductID: ep.ProductID, Name: ep.Name, Price: ep.Price, Stock: ep.Stock})
	}
	for _, sr := range sales {
		k.Sales = append(k.Sales, cashierSale{ID: sr.ID, SoldAt: sr.SoldAt, PaymentMethod: sr.PaymentMethod, Total: sr.Total,
			VoidedAt: sr.VoidedAt, VoidReason: sr.VoidReason, OverStock: sr.OverStock, Late: sr.Late, OverLimit: sr.OverLimit})
	}
	p.Kasir = k
	p.Manage = s.Expo.MayManageBooth(r.Context(), e, x)
	if p.Manage && x.UMKMID != 0 {
		if p.Catalogue, err = s.Catalog.ListForUMKM(r.Context(), x.UMKMID); err != nil {
			return nil, err
		}
	}
	staticQRIS := ""
	if x.UMKMID != 0 {
		if staticQRIS, err = s.Orders.StaticQRIS(r.Context(), x.UMKMID); err != nil {
			return nil, err
		}
	}
	p.finish(r, staticQRIS)
	return p, nil
}

// kasirScriptMessages are the texts the cashier's script shows, in the
// page's language ({name} places are filled by the script).
func kasirScriptMessages(p Page) map[string]string {
	out := map[string]string{"thousands": ".", "total": p.T("total")}
	if p.Lang == "en" {
		out["thousands"] = ","
	}
	for js, key := range map[string]string{"priceBad": "kasir_price_bad", "adhocMissing": "kasir_adhoc_missing",
		"receivedBad": "kasir_received_bad", "short": "kasir_short", "received": "kasir_received", "change": "kasir_change",
		"online": "kasir_online", "offline": "kasir_offline", "remove": "kasir_js_remove",
		"receiptNo": "kasir_js_receipt_no", "thanks": "kasir_js_thanks", "synced": "kasir_js_synced",
		"syncFlagged": "kasir_js_sync_flagged", "syncRejected": "kasir_js_sync_rejected", "syncFailed": "kasir_js_sync_failed",
		"tryAgain": "kasir_js_try_again", "syncOffline": "kasir_js_sync_offline"} {
		out[js] = p.T(key)
	}
	return out
}

func (s *server) kasirPage(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	p, err := s.kasirView(r, NewForm(r))
	if err != nil {
		return err
	}
	// The page is the app: the service worker keeps its last copy.
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "kasir", p)
	return nil
}

// till is one place that sells through the cashier page: what its
// handlers do differently at an expo booth and at a mall stall.
type till struct {
	base      string       // the page's path
	authorize func() error // may the actor sell here (before the queue is read)
	sync      func(ctx context.Context, sales []expo.Sale) (expo.SyncResult, error)
	price     func(ctx context.Context, productID int64) (int64, string, error) // a tile's price and name, for the plain form
	void      func(ctx context.Context, sale, reason string) error
	view      func(r *http.Request, f Form) (*kasirPage, error)
}

// boothTill is the till of the expo booth /kasir/{event}/{exhibitor}.
func (s *server) boothTill(r *http.Request) (till, error) {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return till{}, err
	}
	return till{
		base:      fmt.Sprintf("/kasir/%d/%d", eventID, exID),
		authorize: func() error { return s.Expo.AuthorizeSell(r.Context(), eventID, exID) },
		sync: func(ctx context.Context, sales []expo.Sale) (expo.SyncResult, error) {
			return s.Expo.Sync(ctx, eventID, exID, sales)
		},
		price: func(ctx context.Context, productID int64) (int64, string, error) {
			products, err := s.Expo.Products(ctx, eventID, exID)
			for _, p := range products {
				if p.ProductID == productID {
					return p.Price, p.Name, err
				}
			}
			return 0, "", err
		},
		void: func(ctx context.Context, sale, reason string) error {
			_, err := s.Expo.VoidSale(ctx, eventID, sale, reason)
			return err
		},
		view: s.kasirView,
	}, nil
}

func (s *server) kasirSync(w http.ResponseWriter, r *http.Request) error {
	t, err := s.boothTill(r)
	if err != nil {
		return err
	}
	return s.tillSync(w, r, t)
}

func (s *server) kasirSell(w http.ResponseWriter, r *http.Request) error {
	t, err := s.boothTill(r)
	if err != nil {
		return err
	}
	return s.tillSell(w, r, t)
}

func (s *server) kasirVoid(w http.ResponseWriter, r *http.Request) error {
	t, err := s.boothTill(r)
	if err != nil {
		return err
	}
	return s.tillVoid(w, r, t)
}

// tillSync takes the device's queue (JSON) and answers what was stored.
func (s *server) tillSync(w http.ResponseWriter, r *http.Request, t till) error {
	var in struct {
		Sales []expo.Sale `json:"sales"`
	}
	return s.offlineSync(w, r, t.authorize, &in,
		platform.Errorf(platform.KindInvalid, "Data penjualan tidak terbaca (harus JSON dalam UTF-8)"),
		func() (any, error) {
			res, err := t.sync(r.Context(), in.Sales)
			translateRejections(r, res.Rejected)
			return res, err
		})
}

// offlineSync is the sync endpoint of an offline client (the cashier's,
// the field visit's): it authorises before reading the queue (up to
// 4 MB), refuses a body that is not JSON in UTF-8 with unreadable (400, as
// the API answers), runs sync on the decoded in and answers its result as
// JSON. The page reads every answer as JSON, an error too.
func (s *server) offlineSync(w http.ResponseWriter, r *http.Request, authorize func() error, in any, unreadable error, sync func() (any, error)) error {
	problem := func(err error) error {
		status := httpx.Status(platform.ErrorKind(err))
		if status == http.StatusInternalServerError {
			s.Log.Error("offline sync", "path", r.URL.Path, "err", err)
		}
		return jsonProblem(w, status, errText(r, err), errFields(r, err))
	}
	if err := authorize(); err != nil {
		return problem(err)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return problem(platform.Errorf(platform.KindTooLarge, "Kiriman terlalu besar (maksimal 4 MB): kirim antrean sebagian demi sebagian"))
		}
		return jsonProblem(w, http.StatusBadRequest, errText(r, unreadable), nil)
	}
	// Refused, not repaired, like the API's JSON and the web's forms.
	if !utf8.Valid(body) || json.Unmarshal(body, in) != nil {
		return jsonProblem(w, http.StatusBadRequest, errText(r, unreadable), nil)
	}
	res, err := sync()
	if err != nil {
		return problem(err)
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(res)
}

// translateRejections puts each rejection's reason and field errors in the
// device's language.
func translateRejections(r *http.Request, rejected []expo.Rejection) {
	for i, rej := range rejected {
		rejected[i].Reason, rejected[i].Errors = errText(r, rej.Err()), errFields(r, rej.Err())
	}
}

func jsonProblem(w http.ResponseWriter, status int, msg string, fields []platform.FieldError) error {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(map[string]any{"status": status, "title": http.StatusText(status), "detail": msg, "errors": fields})
}

// tillSell records one sale from the plain form (no JavaScript).
func (s *server) tillSell(w http.ResponseWriter, r *http.Request, t till) error {
	f := FormFromRequest(r, "product_id", "name", "quantity", "price", "payment_method", "received")
	item := expo.SaleItem{Name: f.Values["name"]}
	item.ProductID, _ = strconv.ParseInt(f.Values["product_id"], 10, 64)
	q, qerr := strconv.ParseInt(f.Values["quantity"], 10, 64)
	if qerr != nil {
		f.Fail("quantity", "quantity_bad")
	}
	item.Quantity = q
	if item.ProductID != 0 && f.Values["price"] == "" {
		price, name, err := t.price(r.Context(), item.ProductID)
		if err != nil {
			return err
		}
		if name != "" {
			item.Price, item.Name = price, name
		}
	} else if price, ok := idn.ParseRupiah(f.Values["price"]); ok {
		item.Price = price
	} else {
		f.Fail("price", "price_bad")
	}
	// Cash received (optional): the change goes on the page after the sale.
	change := int64(-1)
	if f.Values["payment_method"] == "cash" && f.Values["received"] != "" {
		received, ok := idn.ParseRupiah(f.Values["received"])
		switch {
		case !ok:
			f.Fail("received", "kasir_received_bad_form")
		case len(f.Errors) == 0 && item.Quantity > 0 && item.Quantity <= expo.MaxLineQuantity && item.Price >= 0 && item.Price <= expo.MaxUnitPrice:
			if total := item.Price * item.Quantity; received < total {
				f.Fail("received", "kasir_received_short", i18n.Rupiah(f.lang, total))
			} else {
				change = received - total
			}
		}
	}
	if len(f.Errors) == 0 {
		res, err := t.sync(r.Context(), []expo.Sale{{ID: newUUID(), SoldAt: time.Now(), PaymentMethod: f.Values["payment_method"], Items: []expo.SaleItem{item}}})
		var reason string
		if err == nil && len(res.Rejected) > 0 {
			err = res.Rejected[0].Err()
			reason = errText(r, err)
		}
		if err != nil {
			if !f.SetError(err) {
				return err
			}
			f.liftErrors("sales[0].items[0].", "sales[0].", "items[0].")
			if reason != "" {
				f.Message = reason // e.g. the total, which has no field of its own
			}
		}
	}
	if len(f.Errors) > 0 || f.Message != "" {
		if f.Message == "" {
			f.MarkInvalid()
		}
		p, err := t.view(r, f)
		if err != nil {
			return err
		}
		s.render(w, r, f.Status(), "kasir", p)
		return nil
	}
	if change >= 0 {
		http.Redirect(w, r, fmt.Sprintf("%s?kembalian=%d#terkirim", t.base, change), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, t.base+"#terkirim", http.StatusSeeOther)
	return nil
}

// tillVoid voids one stored sale, with the reason typed beside it.
func (s *server) tillVoid(w http.ResponseWriter, r *http.Request, t till) error {
	sale := r.PathValue("sale")
	if err := t.void(r.Context(), sale, r.FormValue("reason")); err != nil {
		f := NewForm(r)
		if !f.SetError(err) {
			return err
		}
		f.Values["void_sale"], f.Values["reason"] = sale, r.FormValue("reason")
		if f.Errors["reason"] == "" {
			f.Errors["reason"] = f.Message
		}
		p, verr := t.view(r, f)
		if verr != nil {
			return verr
		}
		status := http.StatusUnprocessableEntity
		if platform.ErrorKind(err) == platform.KindConflict {
			status = http.StatusConflict
		}
		s.render(w, r, status, "kasir", p)
		return nil
	}
	http.Redirect(w, r, t.base+"#terkirim", http.StatusSeeOther)
	return nil
}

// kasirBring puts a catalogue product on the booth with its expo stock.
func (s *server) kasirBring(w http.ResponseWriter, r *http.Request) error {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return err
	}
	productID, _ := strconv.ParseInt(r.FormValue("product_id"), 10, 64)
	stock, _ := strconv.ParseInt(r.FormValue("stock"), 10, 64)
	if _, err := s.Expo.BringProduct(r.Context(), eventID, exID, productID, stock); err != nil {
		f := NewForm(r)
		if !f.SetError(err) {
			return err
		}
		p, verr := s.kasirView(r, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, f.Status(), "kasir", p)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/kasir/%d/%d", eventID, exID), http.StatusSeeOther)
	return nil
}

// boothPath reads /kasir/{event}/{exhibitor}.
func boothPath(r *http.Request) (eventID, exhibitorID int64, err error) {
	if eventID, err = pathID(r, "event"); err != nil {
		return 0, 0, err
	}
	exhibitorID, err = pathID(r, "exhibitor")
	return eventID, exhibitorID, err
}

// newUUID is a random (version 4) UUID, for sales made on the server.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return platform.UUID(b)
}

// offlineWorker serves the offline clients' one service worker
// (static/offline-sw.js) at /kasir/sw.js and /petugas/sw.js: a worker's
// scope is at most the folder it is served from, so each client's pages
// (the cashier's under /kasir/, the field officer's under /petugas/) get
// it from their own folder.
func offlineWorker(w http.ResponseWriter, r *http.Request) {
	b, err := staticFS.ReadFile("static/offline-sw.js")
	if err != nil {
		http.Error(w, "missing", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
