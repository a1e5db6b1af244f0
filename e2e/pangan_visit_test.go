package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestFieldVisitJourneyInChromium is issue 12's "Done means" journey, on a
// 412 px phone in Chromium: a field officer opens a household from its QR
// sticker's link, reaches the visit form, the signal goes (DevTools
// offline), it records a visit with a harvest (2,5 kg of chilli eaten at
// home), sees it queued, reloads the page offline (served by the offline
// service worker), the signal comes back, the queue syncs once (one visit,
// one production record), and the regency's figures show the harvest. The
// programme, the officer's assignment and the household are made through
// the API (no one does those in this journey).
func TestFieldVisitJourneyInChromium(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) { fieldVisitJourney(t, s) })
}

func fieldVisitJourney(t *testing.T, s *testutil.Server) {
	ctx := context.Background()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	officer := s.MustUser("penyuluh@x.id", platform.RoleBuyer, "")
	other := s.MustUser("pendamping@x.id", platform.RoleBuyer, "")
	agency := s.MustToken("dinas16@x.id")
	var p pangan.Programme
	if res := s.Do("POST", "/api/v1/food-programmes", agency, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
		"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}, {"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000}},
		"targets":     []map[string]any{{"regency_code": "16.04", "households": 9450}},
	}, &p); res.StatusCode != 201 {
		t.Fatalf("programme: %d %s", res.StatusCode, res.Body)
	}
	api := fmt.Sprintf("/api/v1/food-programmes/%d", p.ID)
	for _, id := range []int64{officer.ID, other.ID} {
		if res := s.Do("POST", api+"/officers", agency, map[string]any{"user_id": id, "village_codes": []string{"16.04.01.2001"}}, nil); res.StatusCode != 201 {
			t.Fatalf("officer: %d %s", res.StatusCode, res.Body)
		}
	}
	var h pangan.Household
	if res := s.Do("POST", api+"/households", agency, map[string]any{"head_name": "Siti Aminah", "nik": "1604015203850001", "village_code": "16.04.01.2001",
		"members": 4, "poverty_status": "miskin", "poverty_source": "DTKS 2023"}, &h); res.StatusCode != 201 {
		t.Fatalf("household: %d %s", res.StatusCode, res.Body)
	}
	var code string
	if err := s.App.DB.Reader().QueryRow(ctx, `SELECT sticker_code FROM pangan_households WHERE id = ?`, h.ID).Scan(&code); err != nil {
		t.Fatal(err)
	}
	form := fmt.Sprintf("/petugas/pangan/%d/rumah/%d/kunjungan", p.ID, h.ID)
	count := func(table string) int {
		t.Helper()
		var n int
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	b := newBrowser(t, s.URL)
	b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
	fits := func(what string) {
		t.Helper()
		if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 412 {
			t.Errorf("%s (%s) is %d px wide on a 412 px phone", what, b.path(), w)
		}
		w := run(b, "measure the width of "+what, chromedp.Evaluate[widthReport](fmt.Sprintf(measureWidthJS, phoneWidth)))
		if msg := w.fits(phoneWidth); msg != "" {
			t.Errorf("%s (%s): %s", what, b.path(), msg)
		}
	}
	queued := func() string { return b.text("#queue-count") }

	// 1. Before logging in, the sticker says whose programme it is and nothing more.
	sticker := fmt.Sprintf("/pangan/%d/stiker/%s", p.ID, code)
	b.open(sticker, 200)
	if main := b.text("main"); !strings.Contains(main, "Rumah tangga peserta program") || strings.Contains(main, "Siti") {
		t.Errorf("the sticker's page for a visitor: %q", main)
	}
	b.clickNav("log in from the sticker", `main a[href^="/masuk"]`, 200)
	b.fill("#f-email", "penyuluh@x.id")
	b.fill("#f-password", "rahasia-123")
	b.clickNav("log in as the officer", `main form[action="/masuk"] button[type=submit]`, 200)
	// 2. Logged in, the sticker opens the household's visit form.
	b.open(sticker, 200)
	if b.path() != form {
		t.Fatalf("the sticker led the officer to %s, want %s", b.path(), form)
	}
	b.waitFor("service worker in control", `!!navigator.serviceWorker.controller || (location.reload(), false)`)
	b.waitFor("the visit script ran", `!document.getElementById("visit-queue").hidden`)
	if got := b.text("h1"); !strings.Contains(got, "Siti Aminah") {
		t.Errorf("the visit form's heading %q does not name the household", got)
	}
	// The phone reads a typed quantity as the server does (parseQuantity).
	for in, want := range map[string]any{"2,5": 2.5, "2.5": 2.5, "12": 12.0, "1.250": 1250.0, "1.250,5": 1250.5, "-1": nil, "2,5 kg": nil, "dua": nil, "": nil} {
		if got := eval[any](b, "parse "+in, fmt.Sprintf(`window.geraiParseQuantity(%q)`, in)); got != want {
			t.Errorf("pangan-visit.js reads %q as %v, want %v", in, got, want)
		}
	}
	fits("the visit form")
	b.screenshot("50-pangan-visit-form-412.png")

	// 3. No signal: the visit is recorded and queued on the phone.
	b.setOffline(true)
	b.waitFor("the page knows it is offline", `document.getElementById("net-status").textContent === "offline"`)
	b.choose("#f-commodity_0", "cabai")
	b.fill("#f-quantity_0", "2,5")
	b.choose("#f-use_0", "home")
	b.fill("#f-notes", "Cabai rawit di polybag mulai berbuah")
	b.do("save the visit", chromedp.Click(chromedp.CSS("#visit-save")))
	b.waitFor("the visit is queued", `document.getElementById("queue-count").textContent === "1"`)
	if list := b.text("#queue-list"); !strings.Contains(list, "Cabai 2,5 kg (dimakan sendiri)") || !strings.Contains(list, "menunggu dikirim") {
		t.Errorf("the queued visit reads %q", list)
	}
	if got := b.attr("#f-quantity_0", "value"); got != "" || eval[string](b, "quantity field", `document.getElementById("f-quantity_0").value`) != "" {
		t.Errorf("the form keeps the recorded quantity %q", got)
	}
	if n := count("pangan_visits"); n != 0 {
		t.Fatalf("%d visits reached the server while offline", n)
	}
	fits("the visit form with a queued visit")
	b.screenshot("51-pangan-visit-queued-412.png")

	// 4. Still offline, the officer reloads: the page and its queue are there.
	b.do("reload offline", chromedp.Reload())
	b.waitFor("the cached page's script ran", `!document.getElementById("visit-queue").hidden`)
	if got := queued(); got != "1" {
		t.Fatalf("queue after an offline reload: %q, want 1", got)
	}

	// 5. The signal comes back: the queue syncs, once.
	b.setOffline(false)
	b.waitFor("the queue is sent", `document.getElementById("queue-count").textContent === "0"`)
	if msg := b.text("#sync-message"); !strings.Contains(msg, "1 baru") {
		t.Errorf("after the sync the page says %q", msg)
	}
	if got := b.text("#household-version"); got != "1" {
		t.Errorf("the household's version after the sync: %q, want 1", got)
	}
	var milli int64
	var use string
	if err := s.App.DB.Reader().QueryRow(ctx, `SELECT quantity_milli, use FROM pangan_production WHERE commodity_code = 'cabai'`).Scan(&milli, &use); err != nil {
		t.Fatalf("the harvest was not stored: %v", err)
	}
	if count("pangan_visits") != 1 || count("pangan_production") != 1 || milli != 2500 || use != "home" {
		t.Fatalf("stored %d visits and %d production records (%d thousandths, %s); want 1, 1, 2500 home",
			count("pangan_visits"), count("pangan_production"), milli, use)
	}
	b.do("send again", chromedp.Click(chromedp.CSS("#sync-now")))
	time.Sleep(200 * time.Millisecond)
	if n := count("pangan_visits"); n != 1 {
		t.Fatalf("%d visits after sending again, want 1", n)
	}
	b.open(form, 200)
	b.waitFor("the visit script ran", `!document.getElementById("visit-queue").hidden`)
	if got := b.text("#kunjungan + ul"); !strings.Contains(got, "Cabai 2,5 kg (dimakan sendiri)") {
		t.Errorf("the stored visits on the form: %q", got)
	}
	fits("the visit form after the sync")
	b.screenshot("52-pangan-visit-synced-412.png")

	// 6. The regency's figures show the harvest: 2,5 kg of chilli at
	// Rp40.000, eaten at home, one household reached.
	b.open(fmt.Sprintf("/pangan/%d/wilayah/16.04", p.ID), 200)
	figures := regexp.MustCompile(`\s+`).ReplaceAllString(b.text("dl.facts"), " ")
	for _, want := range []string{"Rumah tangga terjangkau 1", "Dimakan sendiri Rp100.000", "median Rp100.000"} {
		if !strings.Contains(figures, want) {
			t.Errorf("Lahat's dashboard says %q, want %q in it", figures, want)
		}
	}
	if got := b.text("main"); !strings.Contains(got, "Cabai") || !strings.Contains(got, "2,5") {
		t.Errorf("Lahat's dashboard does not list the 2,5 kg of chilli")
	}
	fits("Lahat's dashboard")
	b.screenshot("53a-pangan-lahat-dashboard-412.png")
	b.open(form, 200)

	// 7. Offline again, the officer records another visit while the other
	// officer of the village syncs one of its own from the same version:
	// back online, the phone shows the conflict with both sides and never
	// overwrites; "Kirim tetap" stores it.
	b.setOffline(true)
	b.waitFor("the page knows it is offline", `document.getElementById("net-status").textContent === "offline"`)
	b.choose("#f-commodity_0", "telur")
	b.fill("#f-quantity_0", "12")
	b.choose("#f-use_0", "sold")
	b.do("save the second visit", chromedp.Click(chromedp.CSS("#visit-save")))
	b.waitFor("the second visit is queued", `document.getElementById("queue-count").textContent === "1"`)
	if res := s.Do("POST", api+"/visits/sync", s.MustToken("pendamping@x.id"), map[string]any{"visits": []map[string]any{{
		"id": "5e1f0c2a-7b3d-4c9e-8a61-2f4b6d8e0a13", "household_id": h.ID, "visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "base_version": 1,
		"notes": "Kunjungan pendamping"}}}, nil); res.StatusCode != 200 || !strings.Contains(string(res.Body), `"accepted":1`) {
		t.Fatalf("the other officer's visit: %d %s", res.StatusCode, res.Body)
	}
	b.setOffline(false)
	b.waitFor("the conflict is shown", `!!document.querySelector("#queue-list li.conflict button.send-anyway")`)
	if got := b.text("#queue-list li.conflict"); !strings.Contains(got, "pendamping@x.id") || !strings.Contains(got, "Buang kunjungan saya") || !strings.Contains(got, "Kirim tetap") {
		t.Errorf("the conflict reads %q, want who visited last and both buttons", got)
	}
	if n := count("pangan_visits"); n != 2 {
		t.Fatalf("%d visits stored with the conflict pending, want 2 (mine before, the other officer's)", n)
	}
	fits("the visit form with a conflict")
	b.screenshot("53-pangan-visit-conflict-412.png")
	b.do("send anyway", chromedp.Click(chromedp.CSS("#queue-list li.conflict button.send-anyway")))
	b.waitFor("the resolved visit is sent", `document.getElementById("queue-count").textContent === "0"`)
	if n := count("pangan_visits"); n != 3 {
		t.Errorf("%d visits after sending the conflict anyway, want 3", n)
	}
}
