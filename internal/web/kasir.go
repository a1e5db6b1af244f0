package web

import (
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
}

func (s *server) kasirList(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	booths, err := s.Expo.CashierBooths(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "kasir_list", &kasirListPage{Page: s.pageT(r, "title_kasir_list"), Booths: booths})
	return nil
}

type kasirPage struct {
	Page
	Event     expo.Event
	Exhibitor expo.Exhibitor
	Products  []expo.ExpoProduct
	Sales     []expo.SaleRecord
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
	p := &kasirPage{Page: s.pageT(r, "title_kasir", x.Name, e.Name), Event: e, Exhibitor: x, Products: products, Sales: sales, Form: f,
		MayVoid: s.Expo.MayVoidSales(r.Context(), e, x)}
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
	p.NoStaticQRIS = staticQRIS == ""
	p.Change = -1
	if c, err := strconv.ParseInt(r.URL.Query().Get("kembalian"), 10, 64); err == nil && c >= 0 {
		p.Change = c
	}
	data, _ := json.Marshal(map[string]any{"event": e.ID, "exhibitor": x.ID, "booth": x.Booth, "name": x.Name, "eventName": e.Name,
		"products": products, "syncURL": fmt.Sprintf("/kasir/%d/%d/sync", e.ID, x.ID), "csrf": p.CSRF, "staticQRIS": staticQRIS,
		"limits": map[string]any{"lines": expo.MaxSaleLines, "quantity": expo.MaxLineQuantity, "price": expo.MaxUnitPrice,
			"total": expo.MaxSaleTotal, "message": fmt.Sprintf(p.T("kasir_limits"), p.Num(expo.MaxSaleLines), p.Num(expo.MaxLineQuantity),
				p.Rp(expo.MaxUnitPrice), p.Rp(expo.MaxSaleTotal))},
		"messages": kasirScriptMessages(p.Page)})
	p.Data = template.JS(data)
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
		"online": "kasir_online", "offline": "kasir_offline", "remove": "kasir_js_remove", "booth": "kasir_js_booth",
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

// kasirSync takes the device's queue (JSON) and answers what was stored.
func (s *server) kasirSync(w http.ResponseWriter, r *http.Request) error {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return err
	}
	// The page reads every answer as JSON, a server error too.
	problem := func(err error) error {
		status := httpx.Status(platform.ErrorKind(err))
		if status == http.StatusInternalServerError {
			s.Log.Error("cashier sync", "event", eventID, "exhibitor", exID, "err", err)
		}
		return jsonProblem(w, status, errText(r, err), errFields(r, err))
	}
	// Authorise before reading the queue (up to 4 MB).
	if err := s.Expo.AuthorizeSell(r.Context(), eventID, exID); err != nil {
		return problem(err)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return problem(platform.Errorf(platform.KindTooLarge, "Kiriman terlalu besar (maksimal 4 MB): kirim antrean sebagian demi sebagian"))
		}
		// unreadable, not invalid: 400 as the API answers
		return jsonProblem(w, http.StatusBadRequest, errText(r, platform.Errorf(platform.KindInvalid, "Data penjualan tidak terbaca")), nil)
	}
	var in struct {
		Sales []expo.Sale `json:"sales"`
	}
	// Refused, not repaired, like the API's JSON and the web's forms.
	if !utf8.Valid(body) || json.Unmarshal(body, &in) != nil {
		// unreadable, not invalid: 400 as the API answers
		return jsonProblem(w, http.StatusBadRequest, errText(r, platform.Errorf(platform.KindInvalid, "Data penjualan tidak terbaca (harus JSON dalam UTF-8)")), nil)
	}
	res, err := s.Expo.Sync(r.Context(), eventID, exID, in.Sales)
	if err != nil {
		return problem(err)
	}
	for i, rej := range res.Rejected { // the reasons in the cashier's language
		res.Rejected[i].Reason, res.Rejected[i].Errors = errText(r, rej.Err()), errFields(r, rej.Err())
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(res)
}

func jsonProblem(w http.ResponseWriter, status int, msg string, fields []platform.FieldError) error {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(map[string]any{"status": status, "title": http.StatusText(status), "detail": msg, "errors": fields})
}

// kasirSell records one sale from the plain form (no JavaScript).
func (s *server) kasirSell(w http.ResponseWriter, r *http.Request) error {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "product_id", "name", "quantity", "price", "payment_method", "received")
	item := expo.SaleItem{Name: f.Values["name"]}
	item.ProductID, _ = strconv.ParseInt(f.Values["product_id"], 10, 64)
	q, qerr := strconv.ParseInt(f.Values["quantity"], 10, 64)
	if qerr != nil {
		f.Fail("quantity", "quantity_bad")
	}
	item.Quantity = q
	if item.ProductID != 0 && f.Values["price"] == "" {
		products, err := s.Expo.Products(r.Context(), eventID, exID)
		if err != nil {
			return err
		}
		for _, p := range products {
			if p.ProductID == item.ProductID {
				item.Price, item.Name = p.Price, p.Name
			}
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
		res, err := s.Expo.Sync(r.Context(), eventID, exID, []expo.Sale{{ID: newUUID(), SoldAt: time.Now(), PaymentMethod: f.Values["payment_method"], Items: []expo.SaleItem{item}}})
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
		p, err := s.kasirView(r, f)
		if err != nil {
			return err
		}
		s.render(w, r, f.Status(), "kasir", p)
		return nil
	}
	if change >= 0 {
		http.Redirect(w, r, fmt.Sprintf("/kasir/%d/%d?kembalian=%d#terkirim", eventID, exID, change), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/kasir/%d/%d#terkirim", eventID, exID), http.StatusSeeOther)
	return nil
}

// kasirVoid voids one stored sale, with the reason typed beside it.
func (s *server) kasirVoid(w http.ResponseWriter, r *http.Request) error {
	eventID, exID, err := boothPath(r)
	if err != nil {
		return err
	}
	sale := r.PathValue("sale")
	if _, err := s.Expo.VoidSale(r.Context(), eventID, sale, r.FormValue("reason")); err != nil {
		f := NewForm(r)
		if !f.SetError(err) {
			return err
		}
		f.Values["void_sale"], f.Values["reason"] = sale, r.FormValue("reason")
		if f.Errors["reason"] == "" {
			f.Errors["reason"] = f.Message
		}
		p, verr := s.kasirView(r, f)
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
	http.Redirect(w, r, fmt.Sprintf("/kasir/%d/%d#terkirim", eventID, exID), http.StatusSeeOther)
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

// kasirWorker serves the service worker at /kasir/sw.js, so that its scope
// is the cashier pages.
func kasirWorker(w http.ResponseWriter, r *http.Request) {
	b, err := staticFS.ReadFile("static/kasir-sw.js")
	if err != nil {
		http.Error(w, "missing", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
