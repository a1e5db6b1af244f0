package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoOperator is the demo's mall operator: an employee of PT Jaswita Jabar
// with a plain (buyer) account, appointed to run Pasar Kreatif Jawa Barat by
// the Jabar agency (decision 0023: operators are venue staff, not a role).
const demoOperator = "pengelola@gerai.id"

// demoVenueName is the demo's open-air mall.
const demoVenueName = "Pasar Kreatif Jawa Barat"

// demoEuisStall is the stall of the demo seller Euis's turn today, left
// without a check-in so that a journey can check in there.
const demoEuisStall = "K-07"

// demoMall is Pasar Kreatif Jawa Barat, modelled on the facts of issue 11
// (Bandung, run by the province's BUMD PT Jaswita, opened with 32 kios and
// 11 carts, tenants from the province's regencies and local products only);
// the address, the layout, the rules and the tenants are invented. It shows
// a season in progress whatever day the demo is loaded: the season starts on
// the Monday of the current week at the venue, and today is a market day
// with two thirds of its tenants checked in.
//
// Every step goes through the mall service as the user who would take it:
// the Jabar agency creates the venue and appoints the operator's employee,
// the operator sets the stalls, publishes the rulebook, scores, decides and
// allocates, each UMKM's owner applies and checks in. Each step is safe to
// repeat, so an interrupted load resumes: the venue is found by name, the
// stall list is set again (unchanged), the rulebook is published once, a
// UMKM that applied is not applied again, a decided application is neither
// scored nor decided again, check-ins are recorded once, and the allocation,
// deterministic with its seed, gives the same turns again.
func demoMall(ctx context.Context, a *app.App, users map[string]account.User, now time.Time) error {
	agency := platform.WithActor(ctx, users["dinas.jabar@gerai.id"].Actor())
	op := platform.WithActor(ctx, users[demoOperator].Actor())

	v, err := demoVenue(ctx, a, agency)
	if err != nil {
		return err
	}
	if _, err := a.Mall.AddStaff(agency, v.ID, demoOperator); err != nil {
		return fmt.Errorf("appoint the operator: %w", err)
	}
	if _, err := a.Mall.SetStalls(op, v.ID, demoStalls()); err != nil {
		return fmt.Errorf("stalls: %w", err)
	}
	if _, err := a.Mall.CurrentRulebook(ctx, v.ID); platform.ErrorKind(err) == platform.KindNotFound {
		if _, err := a.Mall.PublishRulebook(op, v.ID, demoRules); err != nil {
			return fmt.Errorf("rulebook: %w", err)
		}
	} else if err != nil {
		return err
	}

	// The season: twelve weekly turns from the Monday of this week at the
	// venue. Applications may not start before today (Apply), so they run
	// from today; the first turn, Monday to Sunday, is the one in progress,
	// and an applicant can come to it when one of its weekdays is still
	// ahead this week.
	today := now.In(v.Location())
	todayS := today.Format(time.DateOnly)
	monday := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(isoWeekday(today) - 1))
	sunday := monday.AddDate(0, 0, 6).Format(time.DateOnly)
	seasonFrom, seasonTo := monday.Format(time.DateOnly), monday.AddDate(0, 0, 12*7-1).Format(time.DateOnly)

	apps, err := demoApplications(ctx, a, op, users, v.ID, todayS, seasonTo)
	if err != nil {
		return err
	}

	// Euis's turn this week at K-07 is given by hand (a turn the operator
	// gives is kept by every allocation run, as a started one), so that the
	// demo seller is expected at a known stall today; the allocation then
	// shares out the rest of the season around it. Allocating first and
	// hoping the engine puts her at K-07 would depend on the weekday the
	// demo is loaded.
	euis := apps[umkmByName(ctx, a, "Kelom Geulis Tasikmalaya")]
	if euis.ID == 0 {
		return errors.New("Kelom Geulis Tasikmalaya did not apply")
	}
	todays, err := a.Mall.Turns(ctx, v.ID, todayS, todayS)
	if err != nil {
		return err
	}
	if !holdsTurn(todays, euis.UMKMID) {
		if _, err := a.Mall.AddTurn(op, v.ID, mall.TurnFields{Stall: demoEuisStall, ApplicationID: euis.ID, From: todayS, To: sunday}); err != nil {
			return fmt.Errorf("Euis's turn: %w", err)
		}
	}
	// One run over the whole season. On a first load nothing has started,
	// so it gives every turn, this week's included; a repeated run keeps
	// this week's turns (they started on Monday) and gives the same later ones.
	if _, err := a.Mall.Allocate(op, v.ID, seasonFrom, seasonTo, 2022); err != nil {
		return fmt.Errorf("allocation: %w", err)
	}
	present, err := demoMarketDay(ctx, a, v.ID, todayS, euis.UMKMID)
	if err != nil {
		return err
	}
	return demoMallTrade(ctx, a, op, v, present, now)
}

// demoVenue finds the demo venue, or has the Jabar agency create it.
func demoVenue(ctx context.Context, a *app.App, agency context.Context) (mall.Venue, error) {
	var id int64
	err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM venues WHERE name = ? AND province_code = '32'`, demoVenueName).Scan(&id)
	if err == nil {
		return a.Mall.Venue(ctx, id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return mall.Venue{}, err
	}
	// Open every day, 10:00–22:00: the demo's market day is today whatever
	// weekday it is loaded (check-in refuses a day the venue is closed), and
	// the turns, weekly, hold every day of the week anyway.
	v, err := a.Mall.CreateVenue(agency, mall.VenueFields{Name: demoVenueName, ProvinceCode: "32", RegencyCode: "32.73",
		Address:  "Jl. Pelajar Pejuang 45 No. 1, Lingkar Selatan, Lengkong, Kota Bandung (alamat contoh untuk demo)",
		TimeZone: "Asia/Jakarta", OperatorName: "PT Jaswita Jabar", OpensAt: "10:00", ClosesAt: "22:00"})
	if err != nil {
		return v, fmt.Errorf("venue: %w", err)
	}
	return v, nil
}

// demoRules is the venue's rulebook. Services (jasa) get a token share, as
// the market is for local products; with three service applicants it is
// the category that fills, so that the reason category_full shows. The
// demo releases no stall for a late check-in (no_show_minutes 0): whoever
// loads it, at any hour, can check in as Euis at K-07; the release itself
// is tested in internal/api (TestMallNoShowIsReleasedOnce). The fee is a
// daily fee (retribusi harian) of Rp10.000 per market day checked in, the
// demo's choice (the facts of issue 11 give none), so that the market day
// can be invoiced (demo_mall_sales.go); no rent, no share of sales.
var demoRules = mall.Rules{
	TurnDays: 7, MaxTurnsPerUMKM: 8, CategoryCaps: map[string]float64{"kuliner": 0.4, "jasa": 0.005},
	MinPerRegency: 1, GuestQuota: 0.1, NoShowMinutes: 0,
	Priorities: []string{"never_had_turn", "mikro", "attendance", "rubric"},
	Rubric: []mall.Criterion{
		{Key: "produk_lokal", Label: "Produk lokal daerah, buatan sendiri", Weight: 3},
		{Key: "kualitas", Label: "Kualitas dan keamanan produk", Weight: 2},
		{Key: "kemasan", Label: "Kemasan dan tampilan lapak", Weight: 1},
	},
	RubricThreshold: 3,
	FeeRules:        mall.FeeRules{Fees: &mall.DailyFee{Daily: 10_000}},
}

// demoStalls is the site plan (units are decimetres): 32 kios in four rows
// of eight around an open square, zone A along the top, B down the right,
// C (the food row: water, power, cooking, kuliner only) along the bottom,
// D up the left, and 11 carts along the path across the square. The whole
// plan is 600 × 400.
func demoStalls() []mall.StallInput {
	var out []mall.StallInput
	kios := func(n int, zone string, x, y int) mall.StallInput {
		return mall.StallInput{Code: fmt.Sprintf("K-%02d", n), Kind: "kios", Size: "3x3", Zone: zone, X: x, Y: y}
	}
	for i := range 8 {
		s := kios(1+i, "A", 100+i*52, 20) // top row, left to right
		s.Power = true
		out = append(out, s)
	}
	for i := range 8 {
		s := kios(9+i, "B", 540, 60+i*38) // right side, top to bottom
		s.Power = i < 4
		out = append(out, s)
	}
	for i := range 8 {
		s := kios(17+i, "C", 464-i*52, 350) // bottom row, right to left
		s.Power, s.Water, s.Cooking, s.Category = true, true, true, "kuliner"
		out = append(out, s)
	}
	for i := range 8 {
		s := kios(25+i, "D", 20, 326-i*38) // left side, bottom to top
		s.Power, s.Water = i < 4, i < 4
		out = append(out, s)
	}
	for i := range 11 {
		out = append(out, mall.StallInput{Code: fmt.Sprintf("G-%02d", 1+i), Kind: "gerobak", Size: "2x1", Zone: "Jalur",
			Cooking: i < 6, X: 110 + i*36, Y: 190})
	}
	return out
}

// demoApplicant is how a demo UMKM applies and how the operator judges it.
type demoApplicant struct {
	umkm     string
	needs    string // p power, w water, c cooking
	weekdays []int  // nil: any day
	scores   [3]int // produk_lokal, kualitas, kemasan, by the operator
	decision string // accepted, rejected, or "" (left submitted)
	reason   string
	class    string // tetap for the fixed tenant
}

const (
	okLocal = "Diterima: produk buatan sendiri dari bahan lokal, lolos kurasi rubrik."
	okGuest = "Diterima sebagai tamu dari Sumatera Selatan (kuota tamu 10% giliran lapak)."
)

var (
	weekend  = []int{5, 6, 7}
	weekdays = []int{1, 2, 3, 4, 5}
)

// demoApplicants: the Jabar UMKM of the demo and of demoMallUMKMs, and four
// Sumsel guests. Three score below the rubric's threshold (below_threshold),
// two are rejected with a reason, Batik Trusmi is the fixed tenant.
var demoApplicants = []demoApplicant{
	{"Batik Trusmi Cirebon", "p", nil, [3]int{5, 5, 5}, "accepted", "Diterima sebagai penyewa tetap: batik tulis Trusmi, ikon kriya Jawa Barat, sepanjang musim di satu kios.", "tetap"},
	{"Empal Gentong Mang Darsa", "pwc", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Kelom Geulis Tasikmalaya", "p", nil, [3]int{5, 5, 4}, "accepted", okLocal, ""},
	{"Dodol Garut Ceu Enok", "", nil, [3]int{5, 4, 5}, "accepted", okLocal, ""},
	{"Kulit Sukaregang Garut", "p", weekend, [3]int{4, 5, 4}, "accepted", okLocal, ""},
	{"Rajutan Binong Jati Bandung", "p", nil, [3]int{4, 4, 4}, "", "", ""},
	{"Kaos Oblong Bandung Juara", "p", weekend, [3]int{3, 4, 4}, "", "", ""},
	{"Batagor Kang Ujang", "pwc", nil, [3]int{4, 4, 3}, "accepted", okLocal, ""},
	{"Kopi Gunung Puntang", "p", nil, [3]int{5, 5, 5}, "accepted", okLocal, ""},
	{"Beras Pandan Wangi Cianjur", "", weekdays, [3]int{5, 4, 3}, "", "", ""},
	{"Tahu Sumedang Bah Ukar", "pc", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Peuyeum Bendul Teh Imas", "", nil, [3]int{5, 3, 3}, "", "", ""},
	{"Asinan Bogor Bu Lilis", "w", nil, [3]int{4, 4, 4}, "accepted", okLocal, ""},
	{"Mochi Lampion Sukabumi", "", weekend, [3]int{4, 5, 5}, "accepted", okLocal, ""},
	{"Serabi Oncom Ceu Popon", "pc", nil, [3]int{5, 4, 3}, "", "", ""},
	{"Cireng Rujak Cimahi", "pc", nil, [3]int{2, 3, 2}, "", "", ""},
	{"Sale Pisang Banjar Bu Yayah", "", nil, [3]int{5, 4, 3}, "accepted", okLocal, ""},
	{"Galendo Ciamis Ceu Nunung", "", weekdays, [3]int{5, 3, 3}, "", "", ""},
	{"Tape Ketan Kuningan Mang Deden", "", nil, [3]int{4, 4, 3}, "accepted", okLocal, ""},
	{"Jambal Roti Pangandaran", "w", weekend, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Nasi Liwet Sunda Teh Imas", "pwc", nil, [3]int{4, 4, 4}, "accepted", okLocal, ""},
	{"Bandrek Bajigur Lembang", "c", nil, [3]int{4, 4, 3}, "", "", ""},
	{"Dodol Betawi Cikarang", "", nil, [3]int{2, 4, 4}, "rejected", "Ditolak: dodol dibeli dari produsen lain lalu dikemas ulang; pasar ini hanya untuk produk buatan sendiri. Silakan daftar lagi dengan produksi sendiri.", ""},
	{"Mangga Gedong Gincu Indramayu", "", nil, [3]int{5, 5, 4}, "accepted", okLocal, ""},
	{"Nanas Madu Subang", "", weekend, [3]int{5, 4, 4}, "", "", ""},
	{"Ubi Cilembu Rancakalong", "", nil, [3]int{5, 4, 3}, "accepted", okLocal, ""},
	{"Teh Hijau Gunung Mas", "p", nil, [3]int{4, 5, 5}, "accepted", okLocal, ""},
	{"Beras Sawah Karawang", "", weekdays, [3]int{4, 4, 3}, "", "", ""},
	{"Batik Sukapura Tasik", "p", nil, [3]int{5, 5, 4}, "accepted", okLocal, ""},
	{"Tenun Sarung Majalaya", "p", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Sepatu Kulit Cibaduyut", "p", nil, [3]int{2, 4, 4}, "rejected", "Ditolak: sebagian besar sepatu yang akan dijual buatan pabrik di luar Jawa Barat. Daftarkan kembali dengan sepatu buatan bengkel Anda sendiri.", ""},
	{"Hijab Bordir Bekasi", "p", weekend, [3]int{2, 2, 3}, "", "", ""},
	{"Batik Paseban Kuningan", "p", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Payung Geulis Panyingkiran", "", nil, [3]int{5, 5, 5}, "accepted", okLocal, ""},
	{"Anyaman Bambu Rajapolah", "", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Gerabah Plered Purwakarta", "", weekend, [3]int{5, 4, 3}, "", "", ""},
	{"Wayang Golek Jelekong", "p", nil, [3]int{5, 5, 4}, "accepted", okLocal, ""},
	{"Angklung Padasuka", "", nil, [3]int{5, 5, 5}, "accepted", okLocal, ""},
	{"Rotan Tegalwangi", "", weekdays, [3]int{4, 4, 3}, "", "", ""},
	{"Sablon Kilat Dipatiukur", "p", nil, [3]int{4, 4, 4}, "accepted", okLocal, ""},
	{"Karikatur Braga", "p", nil, [3]int{4, 5, 4}, "accepted", okLocal, ""},
	{"Grafir Nama Depok", "p", nil, [3]int{4, 4, 4}, "accepted", okLocal, ""},
	{"Minyak Sereh Wangi Sukabumi", "", nil, [3]int{5, 4, 4}, "accepted", okLocal, ""},
	{"Lilin Aroma Kota Hujan", "", weekend, [3]int{2, 3, 3}, "", "", ""},
	{"Kosmetik Herbal Lembang", "", nil, [3]int{4, 4, 4}, "accepted", okLocal, ""},
	// Guests of the partner province.
	{"Pempek Cek Lina", "pwc", nil, [3]int{5, 5, 4}, "accepted", okGuest, ""},
	{"Songket Cek Ipah", "p", weekend, [3]int{5, 5, 5}, "accepted", okGuest, ""},
	{"Kopi Semendo Muara Enim", "p", nil, [3]int{5, 4, 4}, "accepted", okGuest, ""},
	{"Gula Aren Semidang Aji", "", nil, [3]int{4, 4, 3}, "", "", ""},
}

// demoSecondCurator scores the first applications too: a curator of the
// Jabar agency, blind to the operator's scores.
const demoSecondCurator = 12

// demoApplications has each applicant's owner apply (once), the operator
// and a second curator score them, and the operator decide; it returns the
// venue's applications by UMKM.
func demoApplications(ctx context.Context, a *app.App, op context.Context, users map[string]account.User,
	venueID int64, from, to string) (map[int64]mall.Application, error) {
	list, err := a.Mall.Applications(op, venueID)
	if err != nil {
		return nil, err
	}
	byUMKM := map[int64]mall.Application{}
	for _, ap := range list {
		byUMKM[ap.UMKMID] = ap
	}
	curator := platform.WithActor(ctx, users["dinas.jabar@gerai.id"].Actor())
	for i, d := range demoApplicants {
		id := umkmByName(ctx, a, d.umkm)
		if id == 0 {
			return nil, fmt.Errorf("demo mall applicant %s is not a verified demo UMKM", d.umkm)
		}
		ap, ok := byUMKM[id]
		if !ok {
			owner, err := ownerOf(ctx, a, id)
			if err != nil {
				return nil, err
			}
			rows, err := a.DB.Reader().Query(ctx, `SELECT name FROM products WHERE umkm_id = ? ORDER BY id`, id)
			products, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (n string, err error) {
				err = r.Scan(&n)
				return n, err
			})
			if err != nil {
				return nil, err
			}
			ap, err = a.Mall.Apply(owner, venueID, mall.ApplyFields{UMKMID: id, From: from, To: to, Weekdays: d.weekdays,
				Needs:    mall.Needs{Power: strings.Contains(d.needs, "p"), Water: strings.Contains(d.needs, "w"), Cooking: strings.Contains(d.needs, "c")},
				Products: strings.Join(products, ", ")})
			if err != nil {
				return nil, fmt.Errorf("demo mall application of %s: %w", d.umkm, err)
			}
		}
		if ap.Status == mall.Submitted {
			scores := map[string]int{"produk_lokal": d.scores[0], "kualitas": d.scores[1], "kemasan": d.scores[2]}
			if _, err := a.Mall.SetScores(op, venueID, ap.ID, scores); err != nil {
				return nil, fmt.Errorf("demo mall scores of %s: %w", d.umkm, err)
			}
			if i < demoSecondCurator {
				// The second curator is a little stricter on packaging.
				scores["kemasan"] = max(0, d.scores[2]-1)
				if _, err := a.Mall.SetScores(curator, venueID, ap.ID, scores); err != nil {
					return nil, err
				}
			}
			if d.decision != "" {
				if ap, err = a.Mall.Decide(op, venueID, ap.ID, mall.Decision{Status: d.decision, Reason: d.reason, Class: d.class}); err != nil {
					return nil, fmt.Errorf("demo mall decision on %s: %w", d.umkm, err)
				}
			}
		}
		byUMKM[id] = ap
	}
	return byUMKM, nil
}

// umkmByName is the id of a verified demo UMKM (found by its NIB), or 0.
func umkmByName(ctx context.Context, a *app.App, name string) int64 {
	var id int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE nib = ? AND status = 'verified'`, demoNIB(name)).Scan(&id); err != nil {
		return 0
	}
	return id
}

// ownerOf is a context acting as the UMKM's owner.
func ownerOf(ctx context.Context, a *app.App, umkmID int64) (context.Context, error) {
	var ownerID int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT owner_id FROM umkm WHERE id = ?`, umkmID).Scan(&ownerID); err != nil {
		return nil, err
	}
	u, err := a.Accounts.User(ctx, ownerID)
	if err != nil {
		return nil, err
	}
	return platform.WithActor(ctx, u.Actor()), nil
}

func holdsTurn(turns []mall.Turn, umkmID int64) bool {
	for _, t := range turns {
		if t.UMKMID == umkmID {
			return true
		}
	}
	return false
}

// demoMarketDay checks in two of every three of today's tenants, each as
// its UMKM's owner with the code of its stall's QR (read from the stall, as
// the tenant's phone reads it from the printed sheet), in stall order;
// Euis's UMKM stays expected. It returns the tenants it checked in (the
// same ones on a repeated load, whoever checked in since).
func demoMarketDay(ctx context.Context, a *app.App, venueID int64, today string, euisUMKM int64) ([]mall.Tenant, error) {
	tenants, err := a.Mall.Tenants(ctx, venueID, today)
	if err != nil {
		return nil, err
	}
	rows, err := a.DB.Reader().Query(ctx, `SELECT code, qr_code FROM stalls WHERE venue_id = ?`, venueID)
	qr := map[string]string{}
	_, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var code, secret string
		err := r.Scan(&code, &secret)
		qr[code] = secret
		return struct{}{}, err
	})
	if err != nil {
		return nil, err
	}
	var present []mall.Tenant
	k := 0
	for _, tn := range tenants {
		if tn.UMKMID == euisUMKM {
			continue
		}
		k++
		if k%3 == 0 {
			continue // expected: not here yet
		}
		owner, err := ownerOf(ctx, a, tn.UMKMID)
		if err != nil {
			return nil, err
		}
		if _, _, err := a.Mall.CheckIn(owner, venueID, tn.Stall, qr[tn.Stall]); err != nil {
			return nil, fmt.Errorf("demo check-in of %s at %s: %w", tn.UMKMName, tn.Stall, err)
		}
		present = append(present, tn)
	}
	return present, nil
}

// isoWeekday is t's weekday, 1 Monday … 7 Sunday.
func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}
