package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Courier rate tables (a seller's for its UMKM, an agency's for its
// province) and the operator's money flow per province.

// rateZones are the rows of a rate table form, in the order shown.
var rateZones = []order.Zone{order.SameRegency, order.SameProvince, order.OtherProvince}

// rateFields are a rate table form's inputs: ZONE_first and ZONE_next.
func rateFields() []string {
	var out []string
	for _, z := range rateZones {
		out = append(out, string(z)+"_first", string(z)+"_next")
	}
	return out
}

func ratesForm(t order.TableRates) Form {
	f := valuesForm()
	for _, z := range rateZones {
		if t[z].NotServed {
			continue // shown empty: the zone is not served
		}
		f.Values[string(z)+"_first"] = strconv.FormatInt(t[z].FirstKg, 10)
		f.Values[string(z)+"_next"] = strconv.FormatInt(t[z].NextKg, 10)
	}
	return f
}

// ratesFromForm reads a posted table; the errors sit beside the fields. A
// zone with both fields empty is not served.
func ratesFromForm(f *Form) (order.TableRates, bool) {
	t := order.TableRates{}
	ok := true
	for _, z := range rateZones {
		var r order.Rate
		if f.Values[string(z)+"_first"] == "" && f.Values[string(z)+"_next"] == "" {
			t[z] = order.Rate{NotServed: true}
			continue
		}
		for _, part := range []struct {
			name string
			dst  *int64
		}{{string(z) + "_first", &r.FirstKg}, {string(z) + "_next", &r.NextKg}} {
			n, good := idn.ParseRupiah(f.Values[part.name])
			if !good {
				ok = f.Fail(part.name, "rate_bad")
			}
			*part.dst = n
		}
		t[z] = r
	}
	if !ok {
		f.MarkInvalid()
	}
	return t, ok
}

// setRates saves a posted table into scope; it reports a user's mistake in f.
func (s *server) setRates(r *http.Request, scope string, f *Form) (saved bool, err error) {
	t, ok := ratesFromForm(f)
	if !ok {
		return false, nil
	}
	if err := s.Rates.SetTable(r.Context(), scope, t); err != nil {
		if !f.SetError(err) {
			return false, err
		}
		for _, fe := range errFields(r, err) { // zone errors go on the zone's first input
			f.Errors[fe.Field+"_first"] = fe.Message
		}
		return false, nil
	}
	return true, nil
}

func (s *server) umkmRates(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanUpdate)
	if err != nil {
		return err
	}
	f := FormFromRequest(r, rateFields()...)
	saved, err := s.setRates(r, order.UMKMScope(u.ID), &f)
	if err != nil {
		return err
	}
	if saved {
		http.Redirect(w, r, fmt.Sprintf("/penjual/umkm/%d#ongkir", u.ID), http.StatusSeeOther)
		return nil
	}
	products, err := s.ownProducts(r, u)
	if err != nil {
		return err
	}
	p := &umkmManagePage{Page: s.page(r, u.Name+" — Gerai"), UMKM: u, Products: products, Form: NewForm(r), Settings: NewForm(r), Rates: f}
	if err := s.fillSettings(r, p); err != nil {
		return err
	}
	s.render(w, r, f.Status(), "umkm_manage", p)
	return nil
}

type provinceSettingsPage struct {
	Page
	Province  region.Province
	Provinces []region.Province // the admin picks one
	Rates     Form
	Flow      order.MoneyFlow
	FlowError string
	CanFlow   bool
}

// settingsProvince is the province an agency officer works in, or the one
// an admin picked (?province=, default the first).
func settingsProvince(r *http.Request) (region.Province, error) {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return region.Province{}, err
	}
	scope := account.ScopeOf(platform.ActorFrom(r.Context()))
	code := scope.ProvinceCode
	if scope.All {
		code = r.FormValue("province")
		if code == "" {
			code = region.Provinces()[0].Code
		}
	}
	p, ok := region.ProvinceByCode(code)
	if !ok {
		return p, platform.NotFound("Provinsi")
	}
	return p, nil
}

func (s *server) provinceSettings(w http.ResponseWriter, r *http.Request) error {
	prov, err := settingsProvince(r)
	if err != nil {
		return err
	}
	t, err := s.Rates.Table(r.Context(), order.ProvinceScope(prov.Code))
	if err != nil {
		return err
	}
	return s.renderProvinceSettings(w, r, http.StatusOK, prov, ratesForm(t), "")
}

func (s *server) renderProvinceSettings(w http.ResponseWriter, r *http.Request, status int, prov region.Province, rates Form, flowErr string) error {
	flow, err := s.Orders.Flow(r.Context(), prov.Code)
	if err != nil {
		return err
	}
	p := &provinceSettingsPage{Page: s.pageT(r, "title_province_settings"), Province: prov, Rates: rates, Flow: flow,
		FlowError: flowErr, CanFlow: s.Orders.MaySetFlow(r.Context())}
	if p.CanFlow {
		p.Provinces = region.Provinces()
	}
	s.render(w, r, status, "province_settings", p)
	return nil
}

func settingsURL(r *http.Request, prov region.Province, anchor string) string {
	if account.ScopeOf(platform.ActorFrom(r.Context())).All {
		return "/dinas/pengaturan?province=" + prov.Code + anchor
	}
	return "/dinas/pengaturan" + anchor
}

func (s *server) provinceRates(w http.ResponseWriter, r *http.Request) error {
	prov, err := settingsProvince(r)
	if err != nil {
		return err
	}
	f := FormFromRequest(r, rateFields()...)
	saved, err := s.setRates(r, order.ProvinceScope(prov.Code), &f)
	if err != nil {
		return err
	}
	if saved {
		http.Redirect(w, r, settingsURL(r, prov, "#ongkir"), http.StatusSeeOther)
		return nil
	}
	return s.renderProvinceSettings(w, r, f.Status(), prov, f, "")
}

func (s *server) provinceFlow(w http.ResponseWriter, r *http.Request) error {
	prov, err := settingsProvince(r)
	if err != nil {
		return err
	}
	if err := s.Orders.SetFlow(r.Context(), prov.Code, order.MoneyFlow(r.FormValue("money_flow"))); err != nil {
		if platform.ErrorKind(err) != platform.KindInvalid {
			return err
		}
		t, terr := s.Rates.Table(r.Context(), order.ProvinceScope(prov.Code))
		if terr != nil {
			return terr
		}
		return s.renderProvinceSettings(w, r, http.StatusUnprocessableEntity, prov, ratesForm(t), "Pilih salah satu alur uang")
	}
	http.Redirect(w, r, settingsURL(r, prov, "#alur"), http.StatusSeeOther)
	return nil
}
