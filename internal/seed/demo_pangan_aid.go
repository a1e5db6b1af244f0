package seed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The demo programme's yards and aid: most households' plots (a yard, a
// fish bucket, a pen), the sponsors' packages handed over at the first
// visit, and their proof. Each officer records its villages' plots and
// handovers from its phone, as the officer.

// demoRegencyCentres are rough centres (lat, lng) of the demo regencies:
// villages are placed around them (the region data has no coordinates).
var demoRegencyCentres = map[string][2]float64{
	"16.04": {-3.80, 103.45}, "16.08": {-4.10, 104.30}, "16.07": {-2.80, 104.60}, "16.10": {-3.25, 104.65}, "16.03": {-3.70, 103.80},
}

// demoPoint is a household's GPS point: its village's (a spot within about
// 15 km of the regency's centre, from the village code) and a few hundred
// metres from it (from the household's index in the plan).
func demoPoint(village string, household int) (lat, lng float64) {
	c := demoRegencyCentres[village[:5]]
	h := hashOf(village)
	lat = c[0] + (float64(h%1000)/1000-0.5)*0.27
	lng = c[1] + (float64(h/1000%1000)/1000-0.5)*0.27
	k := hashOf(fmt.Sprint(village, household))
	return lat + (float64(k%100)/100-0.5)*0.006, lng + (float64(k/100%100)/100-0.5)*0.006
}

// demoPlotPlan is a plot to record.
type demoPlotPlan struct {
	kind string
	m2   float64
}

// planDemoPlots draws each household's plots: a yard (4–40 m²) for most,
// a pond (a budikdamber bucket or two, 1–4 m²) for fish keepers, a pen
// (2–8 m²) for those who keep hens.
func planDemoPlots(plan demoPanganPlan) [][]demoPlotPlan {
	r := rand.New(rand.NewPCG(2021, 1602))
	out := make([][]demoPlotPlan, len(plan.households))
	for i, h := range plan.households {
		if r.IntN(100) < 88 {
			out[i] = append(out[i], demoPlotPlan{"pekarangan", float64(4 + r.IntN(37))})
		}
		if slices.Contains(h.grows, "lele") || slices.Contains(h.grows, "nila") {
			out[i] = append(out[i], demoPlotPlan{"kolam", float64(1 + r.IntN(4))})
		}
		if slices.Contains(h.grows, "telur") && r.IntN(100) < 70 {
			out[i] = append(out[i], demoPlotPlan{"kandang", float64(2 + r.IntN(7))})
		}
	}
	return out
}

// demoPlotRef is a recorded plot.
type demoPlotRef struct {
	id   int64
	kind string
}

// demoPlots records the planned plots not recorded yet, each as the
// officer of its village, and returns every household's plots by id.
func demoPlots(ctx context.Context, a *app.App, p pangan.Programme, plan demoPanganPlan, ids map[string]int64,
	officers map[string]account.User) (map[int64][]demoPlotRef, error) {
	rows, err := a.DB.Reader().Query(ctx, `SELECT household_id, id, kind FROM pangan_plots WHERE programme_id = ? AND household_id IS NOT NULL ORDER BY id`, p.ID)
	out := map[int64][]demoPlotRef{}
	if _, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var h int64
		var ref demoPlotRef
		err := r.Scan(&h, &ref.id, &ref.kind)
		out[h] = append(out[h], ref)
		return struct{}{}, err
	}); err != nil {
		return nil, err
	}
	plots := planDemoPlots(plan)
	var mu sync.Mutex
	err = perOfficer(a, plan, func(o demoPanganOfficer) error {
		actor := platform.WithActor(ctx, officers[o.email].Actor())
		for i, h := range plan.households {
			if h.officer != o.email {
				continue
			}
			hid := ids[h.fields.NIK]
			mu.Lock()
			have := slices.Clone(out[hid])
			mu.Unlock()
			for k, pl := range plots[i] {
				if slices.ContainsFunc(have, func(r demoPlotRef) bool { return r.kind == pl.kind }) {
					continue
				}
				lat, lng := demoPoint(h.fields.VillageCode, i)
				// One household in ten has its first plot's photo (a placeholder), for the household page's thumbnail.
				var photo io.Reader
				if k == 0 && i%10 == 0 {
					photo = bytes.NewReader(demoProofImages.photos[i%len(demoProofImages.photos)])
				}
				got, err := a.Pangan.AddPlotWithPhoto(actor, p.ID, pangan.PlotFields{HouseholdID: hid, Kind: pl.kind, SizeM2: pl.m2, Lat: &lat, Lng: &lng}, photo)
				if err != nil {
					return fmt.Errorf("plot of %s: %w", h.fields.HeadName, err)
				}
				mu.Lock()
				out[hid] = append(out[hid], demoPlotRef{got.ID, got.Kind})
				mu.Unlock()
			}
		}
		return nil
	})
	return out, err
}

// perOfficer runs fn for each officer of the plan, a few at a time (their
// villages are apart; SQLite has one writer anyway, PostgreSQL overlaps
// more round trips).
func perOfficer(a *app.App, plan demoPanganPlan, fn func(o demoPanganOfficer) error) error {
	workers := 2
	if a.DB.Dialect == sqldb.Postgres {
		workers = 4
	}
	errs := make([]error, len(plan.officers))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i, o := range plan.officers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = fn(o)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// demoAidPlan is one package handed to a household.
type demoAidPlan struct {
	household int // index in the plan
	pkg       string
	sponsor   string
	at        time.Time
	proof     string // "signature", "bast", or "" (not proven yet)
}

// Where Bank Sumsel Babel's CSR package went in the first phase: Lahat,
// OKU Timur and Banyuasin.
var demoBSBRegencies = []string{"16.04", "16.08", "16.07"}

// planDemoAid draws the handovers: Bank Sumsel Babel's package to about
// 40% of the visited households of demoBSBRegencies, Bank Mandiri's drum
// to most other fish keepers, the agency's seeds to a quarter of the
// rest. Each is handed over in the month of the household's first visit,
// before it (that visit and the later ones report on the items); nine in
// ten have their proof (a photo, and the signature drawn on the phone or a
// photo of the signed BAST), the rest wait for it ("belum terbukti").
func planDemoAid(plan demoPanganPlan, first map[int]time.Time) []demoAidPlan {
	r := rand.New(rand.NewPCG(2021, 1603))
	var out []demoAidPlan
	for i, h := range plan.households {
		t0, visited := first[i]
		x := r.IntN(100)
		if !visited {
			continue
		}
		fish := slices.Contains(h.grows, "lele") || slices.Contains(h.grows, "nila")
		a := demoAidPlan{household: i}
		switch {
		case slices.Contains(demoBSBRegencies, h.fields.VillageCode[:5]) && x < 40:
			a.pkg, a.sponsor = "bsb-csr", "Bank Sumsel Babel"
		case fish && x < 75:
			a.pkg, a.sponsor = "mandiri-drum", "Bank Mandiri"
		case x >= 75:
			a.pkg, a.sponsor = "benih", "Dinas Ketahanan Pangan Provinsi Sumatera Selatan"
		default:
			continue
		}
		monthStart := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, t0.Location())
		days := int(t0.Sub(monthStart).Hours() / 24)
		a.at = monthStart.AddDate(0, 0, r.IntN(days+1)).Add(time.Duration(9*60+r.IntN(6*60)) * time.Minute)
		if !a.at.Before(t0.Add(-time.Hour)) {
			a.at = t0.Add(-90 * time.Minute)
		}
		switch y := r.IntN(10); {
		case y == 0:
		case y < 7:
			a.proof = "signature"
		default:
			a.proof = "bast"
		}
		out = append(out, a)
	}
	return out
}

// demoAidRef is a recorded household delivery: what the visits report on.
type demoAidRef struct {
	id    int64
	at    time.Time
	items []pangan.AidItem
}

// demoAid records the planned handovers as the village's officer (an
// Idempotency-Key per household and package, so a repeated load replays
// them) and adds the proof of those planned proven and not proven yet.
func demoAid(ctx context.Context, a *app.App, p pangan.Programme, plan demoPanganPlan, ids map[string]int64,
	officers map[string]account.User, first map[int]time.Time) (map[int64]demoAidRef, error) {
	sponsors := map[string]int64{}
	for _, sp := range p.Sponsors {
		sponsors[sp.Name] = sp.ID
	}
	var phaseI int64
	if len(p.Phases) > 0 {
		phaseI = p.Phases[0].ID
	}
	list := planDemoAid(plan, first)
	out := map[int64]demoAidRef{}
	var mu sync.Mutex
	err := perOfficer(a, plan, func(o demoPanganOfficer) error {
		actor := platform.WithActor(ctx, officers[o.email].Actor())
		for _, ap := range list {
			h := plan.households[ap.household]
			if h.officer != o.email {
				continue
			}
			hid := ids[h.fields.NIK]
			lat, lng := demoPoint(h.fields.VillageCode, ap.household)
			d, err := a.Pangan.RecordDelivery(actor, p.ID, pangan.DeliveryFields{PackageCode: ap.pkg, SponsorID: sponsors[ap.sponsor], PhaseID: phaseI,
				HouseholdID: hid, DeliveredAt: ap.at, RecipientName: h.fields.HeadName, Lat: &lat, Lng: &lng},
				fmt.Sprintf("demo-gsmp-%s-%d", ap.pkg, hid))
			if err != nil {
				return fmt.Errorf("delivery to %s: %w", h.fields.HeadName, err)
			}
			if ap.proof != "" && !d.Proven {
				proven, err := a.Pangan.AddProof(actor, p.ID, d.ID, demoProof(ap.proof, ap.household))
				if err != nil {
					return fmt.Errorf("proof of %s: %w", d.Number, err)
				}
				d = proven
			}
			mu.Lock()
			out[hid] = demoAidRef{id: d.ID, at: d.DeliveredAt, items: d.Items}
			mu.Unlock()
		}
		return nil
	})
	return out, err
}

// demoProof is a handover's proof: a photo and the recipient's signature
// or a photo of the signed BAST (small generated images: the demo shows
// that proof exists, the pictures are placeholders).
func demoProof(kind string, n int) pangan.Proof {
	pr := pangan.Proof{Photo: bytes.NewReader(demoProofImages.photos[n%len(demoProofImages.photos)])}
	if kind == "bast" {
		pr.BAST = bytes.NewReader(demoProofImages.bast)
	} else {
		pr.Signature = bytes.NewReader(demoProofImages.signatures[n%len(demoProofImages.signatures)])
	}
	return pr
}

// demoProofImages are drawn once: a few handover photos (a tinted scene
// with a package in front), signatures (a stroke on white) and a BAST form.
var demoProofImages = func() (imgs struct {
	photos, signatures [][]byte
	bast               []byte
}) {
	encode := func(m image.Image, asPNG bool) []byte {
		var b bytes.Buffer
		var err error
		if asPNG {
			err = png.Encode(&b, m)
		} else {
			err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 70})
		}
		if err != nil {
			panic(err) // an in-memory image always encodes
		}
		return b.Bytes()
	}
	for k := range 4 {
		m := image.NewRGBA(image.Rect(0, 0, 80, 64))
		for y := range 64 {
			for x := range 80 {
				c := color.RGBA{uint8(90 + 30*k), uint8(140 + y), uint8(80 + x), 255} // sky and yard
				if y > 36 {
					c = color.RGBA{uint8(70 + 10*k), uint8(90 + y), 50, 255}
				}
				if x > 28 && x < 52 && y > 32 && y < 56 {
					c = color.RGBA{200, 60, 40, 255} // the package
				}
				m.Set(x, y, c)
			}
		}
		imgs.photos = append(imgs.photos, encode(m, false))
		s := image.NewNRGBA(image.Rect(0, 0, 128, 64))
		for y := range 64 {
			for x := range 128 {
				s.Set(x, y, color.White)
			}
		}
		for x := 8; x < 120; x++ {
			y := 32 + (x*(k+2))%17 - 8
			s.Set(x, y, color.Black)
			s.Set(x, y+1, color.Black)
		}
		imgs.signatures = append(imgs.signatures, encode(s, true))
	}
	f := image.NewGray(image.Rect(0, 0, 64, 88))
	for y := range 88 {
		for x := range 64 {
			v := uint8(235)
			if y%8 == 0 && x > 6 && x < 58 {
				v = 90 // the form's lines
			}
			f.SetGray(x, y, color.Gray{v})
		}
	}
	imgs.bast = encode(f, false)
	return imgs
}()
