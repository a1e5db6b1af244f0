package api_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestFoodPhotosOnlyToWhoWorksOnTheVillage: a handover's proof and a
// plot's photo are served as JPEG, privately cached, to the agency and the
// officers of the record's village; a visitor (401), a buyer, another
// province's agency, an officer of other villages and a sponsor's staff
// (403) get no image, and the public /media/ serves none of them (404).
func TestFoodPhotosOnlyToWhoWorksOnTheVillage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAidWorld(t, s)
		// Rahmat lives in Gunung Meraksa: penyuluh's village, not pendamping's.
		d := w.mustDeliver(t, "hp-foto-1", deliveryBody(w, w.bsb, w.rahmat.ID, map[string]any{"recipient_name": "Rahmat Hidayat"}))
		var proven pangan.Delivery
		if res := w.upload(t, w.officer, w.path("/deliveries/%d/proof", d.ID), map[string][]byte{"photo": testPNG(t, 640, 480), "signature": testPNG(t, 360, 160)}, nil, &proven); res.StatusCode != 200 || !proven.Proven {
			t.Fatalf("proof: %d %s", res.StatusCode, res.Body)
		}
		var plot pangan.Plot
		if res := w.do("POST", w.path("/households/%d/plots", w.rahmat.ID), w.officer, map[string]any{"kind": "kolam", "size_m2": 6}, &plot); res.StatusCode != 201 {
			t.Fatalf("plot: %d %s", res.StatusCode, res.Body)
		}
		if res := w.upload(t, w.officer, w.path("/plots/%d/photo", plot.ID), map[string][]byte{"photo": testPNG(t, 400, 300)}, nil, &plot); res.StatusCode != 200 {
			t.Fatalf("plot photo: %d %s", res.StatusCode, res.Body)
		}
		get := func(tok, path string) (int, string, string) {
			req, _ := http.NewRequest("GET", s.URL+path, nil)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			io.Copy(io.Discard, res.Body)
			return res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control")
		}
		roles := map[string]struct {
			tok  string
			want int
		}{"anonymous": {"", 401}, "buyer": {w.stranger, 403}, "agency32": {w.agency32, 403}, "officer of other villages": {w.officer2, 403},
			"sponsor's staff": {w.sponsorA, 403}, "agency16": {w.agency16, 200}, "officer": {w.officer, 200}}
		for _, path := range []string{w.path("/deliveries/%d/proof/photo", d.ID), w.path("/deliveries/%d/proof/signature?variant=thumb", d.ID),
			w.path("/plots/%d/photo", plot.ID), w.path("/plots/%d/photo?variant=thumb", plot.ID)} {
			for role, c := range roles {
				code, ctype, cache := get(c.tok, path)
				if code != c.want || (code == 200 && (ctype != "image/jpeg" || cache != "private, no-cache")) {
					t.Errorf("%s as %s: %d %s %q, want %d", path, role, code, ctype, cache, c.want)
				}
			}
		}
		for _, c := range []struct{ path string }{{w.path("/deliveries/%d/proof/bast", d.ID)}, {w.path("/deliveries/%d/proof/photo", d.ID+1000)}} {
			if code, _, _ := get(w.agency16, c.path); code != 404 {
				t.Errorf("%s: %d, want 404", c.path, code)
			}
		}
		if code, _, _ := get(w.agency16, w.path("/deliveries/%d/proof/selfie", d.ID)); code != 422 {
			t.Errorf("a kind of proof that is none: %d, want 422", code)
		}
		// The stored keys, read as the agency, are not served by /media/.
		var aid struct{ Items []pangan.Delivery }
		w.do("GET", w.path("/households/%d/aid", w.rahmat.ID), w.agency16, nil, &aid)
		for _, key := range []string{aid.Items[0].PhotoKey, aid.Items[0].SignatureKey, plot.PhotoKey} {
			if code, _, _ := get("", "/media/"+key); key == "" || code != 404 {
				t.Errorf("/media/%s: %d, want 404", key, code)
			}
		}
	})
}
