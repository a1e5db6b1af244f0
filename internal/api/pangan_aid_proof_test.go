package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestFoodDeliveryOnceByKeyAndProvenOnce(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAidWorld(t, s)
		body := deliveryBody(w, w.bsb, w.siti.ID, nil)
		first := w.mustDeliver(t, "hp-penyuluh-0001", body)
		if first.Proven || first.Status != "belum_terbukti" || first.Number != fmt.Sprintf("BAST-%d-%d", w.programme, first.ID) || len(first.Items) != 2 {
			t.Errorf("a new delivery: %+v", first)
		}
		res, again := w.deliver(t, w.agency16, "hp-penyuluh-0001", body)
		if res.StatusCode != 200 || again.ID != first.ID || !again.Replayed {
			t.Errorf("the same key again: %d %s, want 200 with delivery %d", res.StatusCode, res.Body, first.ID)
		}
		if res, _ := w.deliver(t, w.agency16, "hp-penyuluh-0001", deliveryBody(w, w.bsb, w.siti.ID, map[string]any{"recipient_name": "Orang Lain"})); res.StatusCode != 409 {
			t.Errorf("the same key with another body: %d %s, want 409", res.StatusCode, res.Body)
		}
		if res, _ := w.deliver(t, w.agency16, "", body); res.StatusCode != 422 {
			t.Errorf("no Idempotency-Key: %d, want 422", res.StatusCode)
		}
		// Eight retries at once with one key: one row, one delivery.
		var wg sync.WaitGroup
		got := make([]int64, 8)
		codes := make([]int, 8)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, d := w.deliver(t, w.officer, "hp-penyuluh-0002", deliveryBody(w, w.bsb, w.rahmat.ID, nil))
				got[i], codes[i] = d.ID, res.StatusCode
			}()
		}
		wg.Wait()
		created := 0
		for i := range got {
			if got[i] != got[0] || got[i] == 0 {
				t.Errorf("concurrent retries got deliveries %v (%v)", got, codes)
				break
			}
			if codes[i] == 201 {
				created++
			}
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE client_id = 'hp-penyuluh-0002'`); n != 1 || created != 1 {
			t.Errorf("%d rows and %d creations for one key sent 8 times at once", n, created)
		}

		// Bad input, the field named.
		for _, c := range []struct {
			name  string
			extra map[string]any
			field string
		}{
			{"GPS outside Indonesia", map[string]any{"lat": 35.68, "lng": 139.69}, "lat"},
			{"longitude outside Indonesia", map[string]any{"lng": 150.0}, "lng"},
			{"a package the programme does not have", map[string]any{"package_code": "durian"}, "package_code"},
			{"a package id of no package", map[string]any{"package_code": nil, "package_id": 999999}, "package_id"},
			{"a sponsor of no one", map[string]any{"sponsor_id": 999999}, "sponsor_id"},
			{"a household of another programme", map[string]any{"household_id": 999999}, "household_id"},
			{"a delivery before the programme", map[string]any{"delivered_at": "2019-05-01T10:00:00Z"}, "delivered_at"},
			{"neither household nor group", map[string]any{"household_id": nil}, "household_id"},
		} {
			res, _ := w.deliver(t, w.agency16, "bad-"+c.name, deliveryBody(w, w.bsb, w.siti.ID, c.extra))
			if res.StatusCode != 422 || !hasField(problemFields(t, res.Body), "body."+c.field) {
				t.Errorf("%s: %d %s, want 422 on %s", c.name, res.StatusCode, res.Body, c.field)
			}
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_deliveries`); n != 2 {
			t.Errorf("%d deliveries stored, want 2", n)
		}

		// Proof: a photo alone is not proof; with the signature it is, once.
		proof := w.path("/deliveries/%d/proof", first.ID)
		photo, signature := testPNG(t, 640, 480), testPNG(t, 400, 160)
		if res := w.upload(t, w.officer2, w.path("/deliveries/%d/proof", got[0]), map[string][]byte{"photo": photo}, nil, nil); res.StatusCode != 403 {
			t.Errorf("pendamping proves Rahmat's delivery: %d", res.StatusCode)
		}
		if res := w.upload(t, w.sponsorA, proof, map[string][]byte{"photo": photo}, nil, nil); res.StatusCode != 403 {
			t.Errorf("the sponsor proves its own delivery: %d", res.StatusCode)
		}
		if res := w.upload(t, w.officer, proof, map[string][]byte{"signature": []byte("coretan")}, nil, nil); res.StatusCode != 422 || !hasField(problemFields(t, res.Body), "body.signature") {
			t.Errorf("a signature that is not an image: %d %s", res.StatusCode, res.Body)
		}
		if res := w.upload(t, w.officer, proof, nil, map[string]string{"lat": "48.85"}, nil); res.StatusCode != 422 || !hasField(problemFields(t, res.Body), "body.lat") {
			t.Errorf("a proof's point in Paris: %d %s", res.StatusCode, res.Body)
		}
		var d pangan.Delivery
		if res := w.upload(t, w.officer, proof, map[string][]byte{"photo": photo}, nil, &d); res.StatusCode != 200 || d.Proven || !d.HasPhoto || d.Status != "belum_terbukti" {
			t.Fatalf("a photo alone: %d %s", res.StatusCode, res.Body)
		}
		indicators := func() pangan.Indicators {
			var in pangan.Indicators
			w.do("GET", w.path("/indicators?level=province"), "", nil, &in)
			return in
		}
		if in := indicators(); in.Proven != 0 || in.Reached != 0 {
			t.Errorf("before proof: %+v", in.Figures)
		}
		if res := w.upload(t, w.officer, proof, map[string][]byte{"signature": signature}, nil, &d); res.StatusCode != 200 || !d.Proven || d.Status != "terbukti" || !d.HasSignature {
			t.Fatalf("photo and signature: %d %s", res.StatusCode, res.Body)
		}
		if res := w.upload(t, w.officer, proof, map[string][]byte{"bast": photo}, nil, nil); res.StatusCode != 409 {
			t.Errorf("replacing a proven delivery's proof: %d, want 409", res.StatusCode)
		}
		// A second proven delivery to Siti counts her no more.
		second := w.mustDeliver(t, "hp-penyuluh-0003", deliveryBody(w, w.mandiri, w.siti.ID, map[string]any{"package_code": "drum"}))
		w.upload(t, w.agency16, w.path("/deliveries/%d/proof", second.ID), map[string][]byte{"photo": photo, "bast": photo}, nil, nil)
		// Rahmat was visited first: his proven aid makes him proven, not reached again.
		if _, res, body := w.sync(t, w.officer, visit(w.rahmat.ID, 0)); res.Accepted != 1 {
			t.Fatalf("Rahmat's visit: %s", body)
		}
		// Rahmat's delivery had no point: the proof brings it, with the name.
		var rahmatD pangan.Delivery
		rahmatProof := w.path("/deliveries/%d/proof", got[0])
		if res := w.upload(t, w.officer, rahmatProof, map[string][]byte{"photo": photo, "signature": signature}, map[string]string{"lat": "-3,80", "lng": "103.55", "recipient_name": "Rahmat Hidayat"}, &rahmatD); res.StatusCode != 200 || !rahmatD.Proven {
			t.Fatalf("Rahmat's proof: %d %s", res.StatusCode, res.Body)
		}
		// A group's delivery proves the group's aid and reaches no household by itself.
		var kwt pangan.FoodGroup
		w.do("POST", w.path("/groups"), w.agency16, map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": kembangAyun}, &kwt)
		gd := w.mustDeliver(t, "kwt-1", deliveryBody(w, w.bsb, 0, map[string]any{"household_id": nil, "group_id": kwt.ID, "recipient_name": "Ketua KWT"}))
		if res := w.upload(t, w.agency16, w.path("/deliveries/%d/proof", gd.ID), map[string][]byte{"photo": photo, "signature": signature}, nil, &d); !d.Proven {
			t.Errorf("the KWT's delivery: %d %s", res.StatusCode, res.Body)
		}

		in := indicators()
		proven := countRows(t, s, `SELECT COUNT(*) FROM pangan_households WHERE proven_at IS NOT NULL`)
		reached := countRows(t, s, `SELECT COUNT(*) FROM pangan_households WHERE reached_at IS NOT NULL`)
		if proven != 2 || reached != 2 || in.Proven != proven || in.Reached != reached {
			t.Errorf("province households_proven %d reached %d; records proven %d reached %d (want 2 and 2)", in.Proven, in.Reached, proven, reached)
		}
		var lahat pangan.Indicators
		w.do("GET", w.path("/indicators?code=%s", kembangAyun), w.agency16, nil, &lahat)
		if lahat.Proven != 1 || lahat.Reached != 1 {
			t.Errorf("Kembang Ayun: proven %d reached %d, want Siti once", lahat.Proven, lahat.Reached)
		}

		// Survival: what visits found of each item, by its latest status.
		v1 := visit(w.siti.ID, 0)
		v1["visited_at"] = time.Now().Add(-90 * time.Minute).UTC().Format(time.RFC3339)
		v1["statuses"] = []map[string]any{{"subject": "aid", "id": first.ID, "line": 1, "status": "alive"}, {"subject": "aid", "id": first.ID, "line": 2, "status": "failed", "reason": "banjir"}}
		v2 := visit(w.siti.ID, 1)
		v2["statuses"] = []map[string]any{{"subject": "aid", "id": first.ID, "line": 1, "status": "harvested"}}
		if _, res, body := w.sync(t, w.officer, v1, v2); res.Accepted != 2 {
			t.Fatalf("Siti's visits: %s", body)
		}
		var survival struct{ Items []pangan.ItemSurvival }
		w.do("GET", w.path("/aid-survival?sponsor_id=%d", w.bsb), w.sponsorA, nil, &survival)
		lines := map[string]pangan.ItemSurvival{}
		for _, it := range survival.Items {
			lines[fmt.Sprintf("%s/%d", it.PackageCode, it.Line)] = it
		}
		hens, fry := lines["bsb/1"], lines["bsb/2"]
		// Bank Sumsel Babel's bsb packages: Siti's and Rahmat's (the KWT's too): 3 deliveries.
		if hens.Deliveries != 3 || hens.Delivered != 24 || hens.Harvested != 1 || hens.Alive != 0 || hens.NotSeen != 2 ||
			fry.Failed != 1 || fry.Delivered != 900 || len(survival.Items) != 2 {
			t.Errorf("survival of Bank Sumsel Babel's aid: %+v", survival.Items)
		}
		var report pangan.SponsorReport
		w.do("GET", w.path("/sponsors/%d/report", w.bsb), w.sponsorA, nil, &report)
		if r := report.Results; r.Deliveries != 3 || r.Proven != 3 || r.Households != 2 || r.Reached != 2 || r.Groups != 1 {
			t.Errorf("Bank Sumsel Babel's results: %+v", r)
		}
		w.noNIK(t)
	})
}

func TestFoodBASTRegisterExport(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAidWorld(t, s)
		d := w.mustDeliver(t, "k1", deliveryBody(w, w.bsb, w.siti.ID, map[string]any{"recipient_name": "=HYPERLINK(\"http://x\")"}))
		w.mustDeliver(t, "k2", deliveryBody(w, w.mandiri, w.yanti.ID, map[string]any{"package_code": "drum", "lat": nil, "lng": nil}))
		photo := testPNG(t, 300, 200)
		w.upload(t, w.agency16, w.path("/deliveries/%d/proof", d.ID), map[string][]byte{"photo": photo, "bast": photo}, nil, nil)

		get := func(tok, ext string) testutil.Response {
			req, _ := http.NewRequest("GET", w.s.URL+w.path("/deliveries.%s", ext), nil)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			res := w.s.Send(req, nil)
			w.keep(res.Body)
			return res
		}
		for _, c := range []struct {
			who, tok string
			want     int
		}{{"agency 32", w.agency32, 403}, {"penyuluh", w.officer, 403}, {"sponsor A", w.sponsorA, 403}, {"a stranger", w.stranger, 403}, {"anonymous", "", 401}} {
			for _, ext := range []string{"csv", "xlsx"} {
				if res := get(c.tok, ext); res.StatusCode != c.want {
					t.Errorf("the register (.%s) as %s: %d, want %d", ext, c.who, res.StatusCode, c.want)
				}
			}
		}
		res := get(w.agency16, "csv")
		if res.StatusCode != 200 || !strings.HasPrefix(res.ContentType, "text/csv") {
			t.Fatalf("CSV: %d %s", res.StatusCode, res.Body)
		}
		rows, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("CSV rows: %d, %v", len(rows), err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		siti := rows[1]
		for k, want := range map[string]string{"nomor_bast": fmt.Sprintf("BAST-%d-%d", w.programme, d.ID), "penyandang_dana": "Bank Sumsel Babel",
			"rincian_barang": "Ayam petelur × 8 ekor; Benih lele × 300 ekor", "penerima": "Siti Aminah", "jenis_penerima": "rumah_tangga",
			"nik_disamarkan": "160401********01", "nama_penerima_di_lapangan": `'=HYPERLINK("http://x")`, "kode_desa": kembangAyun,
			"kabupaten_kota": "Kabupaten Lahat", "koordinat": "3.792800 LS, 103.540200 BT", "foto_penyerahan": "ya", "tanda_tangan": "tidak",
			"foto_bast": "ya", "status_bukti": "terbukti", "tahap": "Tahap 1"} {
			if i, ok := col[k]; !ok || !strings.EqualFold(siti[i], want) {
				t.Errorf("column %s: %q, want %q (columns %v)", k, siti[min(i, len(siti)-1)], want, rows[0])
			}
		}
		if rows[2][col["koordinat"]] != "" || rows[2][col["status_bukti"]] != "belum terbukti" || rows[2][col["desa_kelurahan"]] == "" {
			t.Errorf("Yanti's row: %v", rows[2])
		}
		res = get(w.agency16, "xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if res.StatusCode != 200 || err != nil {
			t.Fatalf("XLSX: %d %v", res.StatusCode, err)
		}
		sheet, _ := f.GetRows("Daftar BAST")
		if len(sheet) != 3 || sheet[1][col["nik_disamarkan"]] != "160401********01" || sheet[1][col["nama_penerima_di_lapangan"]] != `'=HYPERLINK("http://x")` {
			t.Errorf("XLSX rows: %v", sheet)
		}
		w.noNIK(t)
	})
}

func TestFoodGroupSellsThroughGerai(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 50)
		w := newAidWorld(t, s)
		var kwt pangan.FoodGroup
		w.do("POST", w.path("/groups"), w.agency16, map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": kembangAyun}, &kwt)
		for _, c := range []struct {
			who, tok string
			umkm     int64
			want     int
		}{{"penyuluh", w.officer, sh.umkmA, 403}, {"agency 32", w.agency32, sh.umkmA, 403}, {"the agency, Bandung's UMKM", w.agency16, sh.umkmB, 422},
			{"the agency, no UMKM", w.agency16, 999999, 422}} {
			res := w.do("POST", w.path("/groups/%d/umkm", kwt.ID), c.tok, map[string]any{"umkm_id": c.umkm}, nil)
			if res.StatusCode != c.want || (c.want == 422 && !hasField(problemFields(t, res.Body), "body.umkm_id")) {
				t.Errorf("link by %s: %d %s, want %d", c.who, res.StatusCode, res.Body, c.want)
			}
		}
		var linked pangan.FoodGroup
		if res := w.do("POST", w.path("/groups/%d/umkm", kwt.ID), w.agency16, map[string]any{"umkm_id": sh.umkmA}, &linked); res.StatusCode != 200 || linked.UMKMID != sh.umkmA {
			t.Fatalf("link: %d %s", res.StatusCode, res.Body)
		}
		var other pangan.FoodGroup
		w.do("POST", w.path("/groups"), w.agency16, map[string]any{"kind": "kwt", "name": "KWT Anggrek", "village_code": mariana}, &other)
		if res := w.do("POST", w.path("/groups/%d/umkm", other.ID), w.agency16, map[string]any{"umkm_id": sh.umkmA}, nil); res.StatusCode != 422 {
			t.Errorf("the same UMKM for a second group: %d", res.StatusCode)
		}
		// Paid: 4 × Rp25.000; paid then cancelled (refunded): not counted; unpaid: not counted.
		buy := func(qty int64, pay bool) int64 {
			var c checkoutResp
			if r := sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: qty}, "pickup"), &c); r.StatusCode != 201 {
				t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
			}
			if pay {
				s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", c.Payments[0].ID), sh.buyer, nil, nil)
			}
			return c.Orders[0].ID
		}
		buy(4, true)
		refunded := buy(2, true)
		buy(1, false)
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", refunded), sh.sellerA, map[string]any{"to": "dibatalkan", "reason": "stok rusak"}, nil); r.StatusCode != 200 {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.Body)
		}
		for _, c := range []struct {
			code string
			want int64
		}{{"16", 100_000}, {"16.04", 100_000}, {kembangAyun, 100_000}, {"16.07", 0}} {
			var in pangan.Indicators
			w.do("GET", w.path("/indicators?code=%s", c.code), w.agency16, nil, &in)
			if in.SoldGerai != c.want {
				t.Errorf("value sold through Gerai in %s: %d, want %d", c.code, in.SoldGerai, c.want)
			}
		}
		month := time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01")
		n, err := s.App.Pangan.SoldThroughGerai(t.Context(), w.programme, "16", "2021-01", "2021-12")
		if err != nil || n != 0 {
			t.Errorf("sold in 2021: %d %v", n, err)
		}
		if n, _ = s.App.Pangan.SoldThroughGerai(t.Context(), w.programme, "16.04", month, month); n != 100_000 {
			t.Errorf("sold this month: %d", n)
		}
	})
}
