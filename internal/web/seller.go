package web

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/payment/qrimage"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

type sellerDashboard struct {
	Page
	UMKM []umkm.UMKM
	// Orders counts each UMKM's orders by status: new (paid), to ship (processing).
	Orders map[int64]map[string]int
	// Campaigns are the seller's beli-bareng campaigns; Booths its expo booths.
	Campaigns []order.Campaign
	Booths    []expo.Exhibitor
}

func (s *server) sellerDashboard(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.SellerDesk); err != nil {
		return err
	}
	page, err := s.UMKM.List(r.Context(), umkm.Filter{OwnerID: platform.ActorFrom(r.Context()).UserID, Limit: 100})
	if err != nil {
		return err
	}
	p := &sellerDashboard{Page: s.pageT(r, "title_seller"), UMKM: page.Items, Orders: map[int64]map[string]int{}}
	for _, u := range page.Items {
		if u.Status != umkm.StatusVerified {
			continue
		}
		counts, err := s.Orders.Counts(r.Context(), u.ID)
		if err != nil {
			return err
		}
		p.Orders[u.ID] = map[string]int{}
		for st, n := range counts {
			p.Orders[u.ID][string(st)] = n
		}
		cs, err := s.Orders.Campaigns(r.Context(), order.CampaignFilter{UMKMID: u.ID, Limit: 10})
		if err != nil {
			return err
		}
		p.Campaigns = append(p.Campaigns, cs...)
	}
	if p.Booths, err = s.Expo.CashierBooths(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "seller", p)
	return nil
}

type umkmFormPage struct {
	Page
	Form       Form
	UMKM       *umkm.UMKM
	Regencies  []region.Regency
	Provinces  []region.Province
	Categories []string
	Action     string
}

var umkmFormFields = []string{"name", "owner_name", "nib", "kbli", "regency_code", "address", "whatsapp", "category",
	"description", "capital", "turnover", "halal_cert", "pirt", "bpom"}

func (s *server) umkmFormPage(r *http.Request, f Form, u *umkm.UMKM, action string) *umkmFormPage {
	return &umkmFormPage{Page: s.pageT(r, "title_umkm_form"), Form: f, UMKM: u, Regencies: region.AllRegencies(),
		Provinces: region.Provinces(), Categories: umkm.Categories, Action: action}
}

// mayCreateUMKM asks the policy whether the actor registers UMKM (in its
// own province, for agency staff entering one on an owner's behalf).
func mayCreateUMKM(r *http.Request) error {
	a := platform.ActorFrom(r.Context())
	return account.CanCreateUMKM(a, a.ProvinceCode)
}

func (s *server) umkmNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := mayCreateUMKM(r); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["owner_name"] = platform.ActorFrom(r.Context()).Name
	s.render(w, r, http.StatusOK, "umkm_form", s.umkmFormPage(r, f, nil, "/penjual/umkm/baru"))
	return nil
}

func umkmFieldsFromForm(f *Form) (umkm.Fields, bool) {
	v := f.Values
	out := umkm.Fields{Name: v["name"], OwnerName: v["owner_name"], NIB: v["nib"], KBLI: v["kbli"], RegencyCode: v["regency_code"],
		Address: v["address"], WhatsApp: v["whatsapp"], Category: v["category"], Description: v["description"],
		HalalCert: v["halal_cert"], PIRT: v["pirt"], BPOM: v["bpom"]}
	ok := true
	var good bool
	if out.Capital, good = idn.ParseRupiah(v["capital"]); !good {
		ok = f.Fail("capital", "capital_bad")
	}
	if out.Turnover, good = idn.ParseRupiah(v["turnover"]); !good {
		ok = f.Fail("turnover", "turnover_bad")
	}
	return out, ok
}

func (s *server) umkmCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayCreateUMKM(r); err != nil {
		return err
	}
	f := FormFromRequest(r, umkmFormFields...)
	fields, ok := umkmFieldsFromForm(&f)
	var u umkm.UMKM
	var err error
	if ok {
		u, err = s.UMKM.Create(r.Context(), fields)
	} else {
		_, _, err = fields.Normalize() // show the other fields' errors too
	}
	if !ok || err != nil {
		if err != nil && !f.SetError(err) {
			return err
		}
		if f.Message == "" {
			f.Message = i18n.T(stateFrom(r.Context()).lang, "form_error")
		}
		s.render(w, r, f.Status(), "umkm_form", s.umkmFormPage(r, f, nil, "/penjual/umkm/baru"))
		return nil
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

type umkmManagePage struct {
	Page
	UMKM     umkm.UMKM
	Products []catalog.Product
	Audit    []audit.Entry
	Form     Form
	Settings Form // ordering settings: payment expiry, static QRIS
	Rates    Form // the UMKM's courier rate table
	QRISName string
}

// ownProducts lists every product of a UMKM, listed or not, for its manager.
func (s *server) ownProducts(r *http.Request, u umkm.UMKM) ([]catalog.Product, error) {
	return s.Catalog.ListForUMKM(r.Context(), u.ID)
}

// umkmFromPath loads the UMKM named by the path's {id} and checks that the
// actor may act on it with allowed (umkm.CanManage, umkm.CanUpdate).
func (s *server) umkmFromPath(r *http.Request, allowed func(context.Context, umkm.UMKM) error) (umkm.UMKM, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return umkm.UMKM{}, err
	}
	u, err := s.UMKM.Get(r.Context(), id)
	if err != nil {
		return umkm.UMKM{}, err
	}
	return u, allowed(r.Context(), u)
}

func (s *server) umkmManage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanManage)
	if err != nil {
		return err
	}
	id := u.ID
	products, err := s.ownProducts(r, u)
	if err != nil {
		return err
	}
	trail, err := s.UMKM.AuditTrail(r.Context(), id)
	if err != nil {
		return err
	}
	p := &umkmManagePage{Page: s.page(r, u.Name+" — Gerai"), UMKM: u, Products: products, Audit: trail, Form: NewForm(r), Settings: NewForm(r)}
	if err := s.fillSettings(r, p); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "umkm_manage", p)
	return nil
}

func (s *server) fillSettings(r *http.Request, p *umkmManagePage) error {
	st, err := s.Orders.Settings(r.Context(), p.UMKM.ID)
	if err != nil {
		return err
	}
	if p.Settings.Values["payment_expiry_hours"] == "" {
		p.Settings.Values["payment_expiry_hours"] = strconv.Itoa(st.PaymentExpiryHours)
		p.Settings.Values["static_qris"] = st.StaticQRIS
	}
	p.QRISName = st.QRISMerchant
	if p.Rates.Values == nil {
		t, err := s.Rates.Table(r.Context(), order.UMKMScope(p.UMKM.ID))
		if err != nil {
			return err
		}
		p.Rates = ratesForm(t)
	}
	return nil
}

func (s *server) umkmSettings(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanUpdate)
	if err != nil {
		return err
	}
	if err := parseUpload(r); err != nil {
		return err
	}
	f := FormFromRequest(r, "payment_expiry_hours", "static_qris")
	hours, _ := strconv.Atoi(f.Values["payment_expiry_hours"])
	if file, _, ferr := r.FormFile("qris_photo"); ferr == nil {
		// A photo of the printed QRIS stands in for pasting its text.
		code, derr := qrimage.Decode(r.Context(), file)
		file.Close()
		if derr != nil {
			f.Fail("static_qris", "qris_photo_unreadable")
			err = &platform.Error{Kind: platform.KindInvalid, Message: "Foto QRIS tidak terbaca"}
		}
		f.Values["static_qris"] = code
	}
	if err == nil {
		_, err = s.Orders.SetSettings(r.Context(), u.ID, order.Settings{PaymentExpiryHours: hours, StaticQRIS: f.Values["static_qris"]})
	}
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		products, perr := s.ownProducts(r, u)
		if perr != nil {
			return perr
		}
		p := &umkmManagePage{Page: s.page(r, u.Name+" — Gerai"), UMKM: u, Products: products, Form: NewForm(r), Settings: f}
		if err := s.fillSettings(r, p); err != nil {
			return err
		}
		s.render(w, r, f.Status(), "umkm_manage", p)
		return nil
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(u.ID, 10)+"#pembayaran", http.StatusSeeOther)
	return nil
}

func (s *server) umkmEditForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanUpdate)
	if err != nil {
		return err
	}
	id := u.ID
	f := NewForm(r)
	fl := u.Fields()
	for k, v := range map[string]string{"name": fl.Name, "owner_name": fl.OwnerName, "nib": fl.NIB, "kbli": fl.KBLI,
		"regency_code": fl.RegencyCode, "address": fl.Address, "whatsapp": fl.WhatsApp, "category": fl.Category,
		"description": fl.Description, "capital": strconv.FormatInt(fl.Capital, 10), "turnover": strconv.FormatInt(fl.Turnover, 10),
		"halal_cert": fl.HalalCert, "pirt": fl.PIRT, "bpom": fl.BPOM} {
		f.Values[k] = v
	}
	s.render(w, r, http.StatusOK, "umkm_form", s.umkmFormPage(r, f, &u, "/penjual/umkm/"+strconv.FormatInt(id, 10)+"/ubah"))
	return nil
}

func (s *server) umkmUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, umkmFormFields...)
	fields, ok := umkmFieldsFromForm(&f)
	if ok {
		_, err = s.UMKM.Update(r.Context(), id, fields)
	} else {
		_, _, err = fields.Normalize() // show the other fields' errors too
	}
	if !ok || err != nil {
		if err != nil && !f.SetError(err) {
			return err
		}
		u, gerr := s.UMKM.Get(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		s.render(w, r, f.Status(), "umkm_form", s.umkmFormPage(r, f, &u, "/penjual/umkm/"+strconv.FormatInt(id, 10)+"/ubah"))
		return nil
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *server) umkmSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.UMKM.Submit(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *server) umkmLogo(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanUpdate) // before the upload is read
	if err != nil {
		return err
	}
	if err := parseUpload(r); err != nil {
		return err
	}
	id := u.ID
	file, err := uploadedPhoto(r)
	if err == nil {
		defer file.Close()
		_, err = s.UMKM.SaveLogo(r.Context(), u.ID, file)
	}
	if err != nil {
		return s.rerenderManage(w, r, u, err)
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *server) rerenderManage(w http.ResponseWriter, r *http.Request, u umkm.UMKM, err error) error {
	f := NewForm(r)
	if !f.SetError(err) {
		return err
	}
	products, perr := s.ownProducts(r, u)
	if perr != nil {
		return perr
	}
	p := &umkmManagePage{Page: s.page(r, u.Name+" — Gerai"), UMKM: u, Products: products, Form: f, Settings: NewForm(r)}
	if err := s.fillSettings(r, p); err != nil {
		return err
	}
	s.render(w, r, f.Status(), "umkm_manage", p)
	return nil
}

type productFormPage struct {
	Page
	Form       Form
	UMKM       umkm.UMKM
	Product    *catalog.Product
	Categories []string
	Action     string
	PhotoForm  Form
	Tiers      Form // wholesale prices (g0_min, g0_price, …)
	Campaigns  []order.Campaign
}

var productFormFields = []string{"name", "description", "category", "price", "stock", "weight_grams", "status"}

func (s *server) productNewForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanManage)
	if err != nil {
		return err
	}
	id := u.ID
	f := NewForm(r)
	f.Values["category"], f.Values["status"], f.Values["stock"] = u.Category, "active", "0"
	s.render(w, r, http.StatusOK, "product_form", &productFormPage{Page: s.pageT(r, "title_new_product"), Form: f, UMKM: u,
		Categories: umkm.Categories, Action: "/penjual/umkm/" + strconv.FormatInt(id, 10) + "/produk/baru", PhotoForm: NewForm(r)})
	return nil
}

func productFieldsFromForm(r *http.Request, f *Form) (catalog.Fields, bool) {
	v := f.Values
	out := catalog.Fields{Name: v["name"], Description: v["description"], Category: v["category"], Halal: r.FormValue("halal") == "1",
		Status: catalog.Status(v["status"])}
	ok := true
	num := func(field, key string) int64 {
		n, good := idn.ParseRupiah(v[field])
		if !good {
			ok = f.Fail(field, key)
		}
		return n
	}
	out.Price = num("price", "product_price_bad")
	out.Stock = num("stock", "stock_bad")
	out.WeightGrams = num("weight_grams", "weight_bad")
	return out, ok
}

func (s *server) productCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, productFormFields...)
	if r.FormValue("halal") == "1" {
		f.Values["halal"] = "1"
	}
	fields, ok := productFieldsFromForm(r, &f)
	var p catalog.Product
	if ok {
		p, err = s.Catalog.Create(r.Context(), id, fields)
	} else {
		err = fields.Normalize() // show the other fields' errors too
	}
	if !ok || err != nil {
		if err != nil && !f.SetError(err) {
			return err
		}
		u, gerr := s.UMKM.Get(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		s.render(w, r, f.Status(), "product_form", &productFormPage{Page: s.pageT(r, "title_new_product"), Form: f, UMKM: u,
			Categories: umkm.Categories, Action: "/penjual/umkm/" + strconv.FormatInt(id, 10) + "/produk/baru", PhotoForm: NewForm(r)})
		return nil
	}
	http.Redirect(w, r, "/penjual/produk/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *server) productEditPage(r *http.Request, p catalog.Product, f, photo Form) (*productFormPage, error) {
	u, err := s.UMKM.Get(r.Context(), p.UMKMID)
	if err != nil {
		return nil, err
	}
	if err := umkm.CanManage(r.Context(), u); err != nil {
		return nil, err
	}
	campaigns, err := s.Orders.Campaigns(r.Context(), order.CampaignFilter{ProductID: p.ID, Limit: 20})
	if err != nil {
		return nil, err
	}
	return &productFormPage{Page: s.page(r, p.Name+" — Gerai"), Form: f, UMKM: u, Product: &p, Categories: umkm.Categories,
		Action: "/penjual/produk/" + strconv.FormatInt(p.ID, 10), PhotoForm: photo, Tiers: tiersForm(p.Tiers), Campaigns: campaigns}, nil
}

func productForm(p catalog.Product) Form {
	f := valuesForm()
	f.Values["name"], f.Values["description"], f.Values["category"] = p.Name, p.Description, p.Category
	f.Values["price"], f.Values["stock"] = strconv.FormatInt(p.Price, 10), strconv.FormatInt(p.Stock, 10)
	f.Values["weight_grams"], f.Values["status"] = strconv.FormatInt(p.WeightGrams, 10), string(p.Status)
	if p.Halal {
		f.Values["halal"] = "1"
	}
	return f
}

func (s *server) productEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Catalog.Get(r.Context(), id)
	if err != nil {
		return err
	}
	page, err := s.productEditPage(r, p, productForm(p), NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "product_form", page)
	return nil
}

func (s *server) productUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, productFormFields...)
	if r.FormValue("halal") == "1" {
		f.Values["halal"] = "1"
	}
	fields, ok := productFieldsFromForm(r, &f)
	if ok {
		_, err = s.Catalog.Update(r.Context(), id, fields)
	} else {
		err = fields.Normalize() // show the other fields' errors too
	}
	if !ok || err != nil {
		if err != nil && !f.SetError(err) {
			return err
		}
		return s.rerenderProduct(w, r, id, &f, NewForm(r))
	}
	http.Redirect(w, r, "/penjual/produk/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *server) productPhotoUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Catalog.MayManage(r.Context(), id); err != nil { // before the upload is read
		return err
	}
	err = parseUpload(r)
	if platform.ErrorKind(err) == platform.KindTooLarge {
		err = photosTooLarge(err)
	}
	var files []io.Reader
	if err == nil {
		files, err = uploadedPhotos(r)
	}
	if err == nil {
		defer closeAll(files)
		_, err = s.Catalog.AddPhotos(r.Context(), id, files...)
	}
	if err != nil {
		photo := NewForm(r)
		if !photo.SetError(err) {
			return err
		}
		return s.rerenderProduct(w, r, id, nil, photo)
	}
	http.Redirect(w, r, "/penjual/produk/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// rerenderProduct shows the product form again with errors: in the product
// fields (f; nil keeps the stored values) or in the photo upload.
func (s *server) rerenderProduct(w http.ResponseWriter, r *http.Request, id int64, f *Form, photo Form) error {
	p, err := s.Catalog.Get(r.Context(), id)
	if err != nil {
		return err
	}
	form, status := productForm(p), photo.Status()
	if f != nil {
		form, status = *f, f.Status()
	}
	page, err := s.productEditPage(r, p, form, photo)
	if err != nil {
		return err
	}
	s.render(w, r, status, "product_form", page)
	return nil
}

// uploadedPhoto returns the file of the form's "photo" field.
func uploadedPhoto(r *http.Request) (multipart.File, error) {
	file, _, err := r.FormFile("photo")
	if err != nil {
		return nil, platform.Invalid("photo", "Pilih berkas gambar (JPEG, PNG, GIF atau WebP, maksimal 10 MB)")
	}
	return file, nil
}

// uploadedPhotos opens the files of the form's "photo" field: the input
// takes several at once (multiple), all within the one upload's byte limit;
// catalog.AddPhotos bounds how many and refuses none.
func uploadedPhotos(r *http.Request) ([]io.Reader, error) {
	var files []io.Reader
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["photo"] {
			f, err := fh.Open()
			if err != nil {
				closeAll(files)
				return nil, err
			}
			files = append(files, f)
		}
	}
	return files, nil // none: AddPhotos asks for a file
}

// photosTooLarge is the upload's byte limit told beside the photo field:
// several phone photos chosen at once pass it sooner than one does.
func photosTooLarge(err error) error {
	e := platform.Newf(platform.KindTooLarge, "Foto yang dipilih lebih dari 10 MB bersama-sama: unggah lebih sedikit foto sekaligus (maksimal 10 MB)").OnField("photo")
	e.Err = err
	return e
}

func closeAll(files []io.Reader) {
	for _, f := range files {
		f.(io.Closer).Close()
	}
}

func (s *server) productPhotoDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	photo, err := pathID(r, "photo")
	if err != nil {
		return err
	}
	if _, err := s.Catalog.DeletePhoto(r.Context(), id, photo); err != nil {
		return err
	}
	http.Redirect(w, r, "/penjual/produk/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *server) productArchive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Catalog.Archive(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(p.UMKMID, 10), http.StatusSeeOther)
	return nil
}
