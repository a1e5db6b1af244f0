package pangan

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// SponsorStaff is an account that reads a sponsor's aid and its results.
type SponsorStaff struct {
	SponsorID int64  `json:"sponsor_id"`
	UserID    int64  `json:"user_id"`
	Name      string `json:"name"`
}

// AddSponsorStaff gives an account (found by its email) a sponsor's view:
// the programme's agency or an admin. A sponsor does not widen its own team.
func (s *Service) AddSponsorStaff(ctx context.Context, programmeID, sponsorID int64, email string) (SponsorStaff, error) {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return SponsorStaff{}, err
	}
	if _, err := p.sponsor(sponsorID); err != nil {
		return SponsorStaff{}, err
	}
	st := SponsorStaff{SponsorID: sponsorID}
	err = s.db.Reader().QueryRow(ctx, `SELECT id, name FROM users WHERE lower(email) = lower(?)`, strings.TrimSpace(email)).Scan(&st.UserID, &st.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return SponsorStaff{}, platform.Invalid("email", "Tidak ada akun dengan email itu: minta orangnya mendaftar dulu")
	}
	if err != nil {
		return SponsorStaff{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO pangan_sponsor_staff (sponsor_id, user_id) VALUES (?, ?) ON CONFLICT (sponsor_id, user_id) DO NOTHING`,
			sponsorID, st.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "add_sponsor_staff", "pangan_sponsor", sponsorID, nil, map[string]any{"programme_id": p.ID, "user_id": st.UserID})
	})
	return st, err
}

// sponsor finds one of the programme's sponsors.
func (p Programme) sponsor(id int64) (Sponsor, error) {
	for _, sp := range p.Sponsors {
		if sp.ID == id {
			return sp, nil
		}
	}
	return Sponsor{}, platform.NotFound("Penyandang dana")
}

// maySeeSponsor lets a sponsor's own staff, the programme's agency and an
// admin read what the sponsor gave and what came of it.
func (s *Service) maySeeSponsor(ctx context.Context, p Programme, sponsorID int64) error {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) == nil {
		return nil
	}
	var n int
	if err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM pangan_sponsor_staff WHERE sponsor_id = ? AND user_id = ?`, sponsorID, a.UserID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return platform.Errorf(platform.KindForbidden, "Laporan ini hanya untuk penyandang dananya dan dinas program")
	}
	return nil
}

// ItemSurvival is what became of one line of a package over its deliveries.
type ItemSurvival struct {
	PackageID   int64  `json:"package_id"`
	PackageCode string `json:"package_code"`
	Line        int    `json:"line"`
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Deliveries  int64  `json:"deliveries" doc:"Deliveries of the package recorded"`
	Proven      int64  `json:"proven" doc:"Of which proven"`
	Delivered   int64  `json:"delivered" doc:"Units of this item delivered"`
	// By the latest status a field visit reported of the item in each delivery.
	Alive     int64 `json:"alive"`
	Harvested int64 `json:"harvested"`
	Failed    int64 `json:"failed"`
	NotSeen   int64 `json:"not_seen" doc:"Deliveries no visit has reported on yet"`
}

// AidSurvival is, for each line of each package delivered (a sponsor's
// only when sponsorID is not 0), the units delivered and how many
// deliveries' latest visit found the item alive, harvested or failed: to
// the programme's agency (all sponsors, or one), and to a sponsor's staff
// for its own.
func (s *Service) AidSurvival(ctx context.Context, programmeID, sponsorID int64) ([]ItemSurvival, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	if sponsorID == 0 {
		if err := account.Authorize(platform.ActorFrom(ctx), account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}); err != nil {
			return nil, err
		}
	} else {
		if _, err := p.sponsor(sponsorID); err != nil {
			return nil, err
		}
		if err := s.maySeeSponsor(ctx, p, sponsorID); err != nil {
			return nil, err
		}
	}
	return s.aidSurvival(ctx, p.ID, sponsorID)
}

func (s *Service) aidSurvival(ctx context.Context, programmeID, sponsorID int64) ([]ItemSurvival, error) {
	q := s.db.Reader()
	cond, args := ``, []any{programmeID}
	if sponsorID != 0 {
		cond, args = ` AND d.sponsor_id = ?`, append(args, sponsorID)
	}
	rows, err := q.Query(ctx, `SELECT d.package_type_id, pt.code, i.line, i.name, i.unit, COUNT(*),
		COALESCE(SUM(CASE WHEN d.proven THEN 1 ELSE 0 END), 0), COALESCE(SUM(i.quantity), 0)
		FROM pangan_deliveries d JOIN pangan_package_types pt ON pt.id = d.package_type_id
		JOIN pangan_package_items i ON i.package_type_id = d.package_type_id
		WHERE d.programme_id = ?`+cond+` GROUP BY d.package_type_id, pt.code, i.line, i.name, i.unit ORDER BY d.package_type_id, i.line`, args...)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (it ItemSurvival, err error) {
		err = r.Scan(&it.PackageID, &it.PackageCode, &it.Line, &it.Name, &it.Unit, &it.Deliveries, &it.Proven, &it.Delivered)
		return it, err
	})
	if err != nil {
		return nil, err
	}
	// The latest status of each delivered item: the status row of the
	// latest visit that reported on it (ties by visit id, so each counts once).
	rows, err = q.Query(ctx, `SELECT d.package_type_id, vs.line, vs.status, COUNT(*)
		FROM pangan_visit_statuses vs JOIN pangan_deliveries d ON d.id = vs.subject_id
		WHERE vs.subject = 'aid' AND d.programme_id = ?`+cond+`
		AND vs.visit_id = (SELECT vs2.visit_id FROM pangan_visit_statuses vs2 JOIN pangan_visits v2 ON v2.id = vs2.visit_id
			WHERE vs2.subject = 'aid' AND vs2.subject_id = vs.subject_id AND vs2.line = vs.line ORDER BY v2.visited_at DESC, v2.id DESC LIMIT 1)
		GROUP BY d.package_type_id, vs.line, vs.status`, args...)
	type seen struct {
		pkg    int64
		line   int
		status string
		n      int64
	}
	counts, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x seen, err error) {
		err = r.Scan(&x.pkg, &x.line, &x.status, &x.n)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	for i := range list {
		it := &list[i]
		for _, c := range counts {
			if c.pkg != it.PackageID || c.line != it.Line {
				continue
			}
			switch c.status {
			case "alive":
				it.Alive += c.n
			case "harvested":
				it.Harvested += c.n
			case "failed":
				it.Failed += c.n
			}
		}
		it.NotSeen = max(0, it.Deliveries-it.Alive-it.Harvested-it.Failed)
	}
	if list == nil {
		list = []ItemSurvival{}
	}
	return list, nil
}

// SponsorResults are what a sponsor's aid came to.
type SponsorResults struct {
	Deliveries int64 `json:"deliveries"`
	Proven     int64 `json:"proven" doc:"Deliveries with complete proof"`
	Households int64 `json:"households" doc:"Households given its aid"`
	// Reached: households given its proven aid (each counted once).
	Reached int64 `json:"households_reached"`
	Groups  int64 `json:"groups" doc:"Groups given its aid"`
	// Production of the households given its aid, recorded on visits since
	// their first delivery from it, at the reference prices.
	Value   int64 `json:"value"`
	Home    int64 `json:"value_home"`
	Sold    int64 `json:"value_sold"`
	Given   int64 `json:"value_given"`
	Records int64 `json:"records"`
}

// SponsorReport is a sponsor's view of its aid.
type SponsorReport struct {
	ProgrammeID int64          `json:"programme_id"`
	Sponsor     Sponsor        `json:"sponsor"`
	Results     SponsorResults `json:"results"`
	Survival    []ItemSurvival `json:"survival"`
	// Recent are its latest deliveries (the whole list pages through
	// GET …/deliveries?sponsor_id=), masked.
	Recent []Delivery `json:"recent"`
}

// SponsorRecent is how many deliveries a sponsor's report lists.
const SponsorRecent = 50

// SponsorReport is what a sponsor gave in the programme and what came of
// it — its deliveries and their proof, each item's survival, the
// households reached with its aid and what those households produced
// since — to the sponsor's own staff, the programme's agency and an admin;
// nobody else, and never another sponsor's.
//
// Its deliveries are masked for everyone who reads the report: no NIK, no
// phone, the household head's and the recipient's names as initials, the
// proof as yes/no without the stored photos. The sponsor (a bank's CSR, a
// state company) must be able to account for its money — that aid reached
// distinct, real households in named villages, with proof, and what it
// produced — and to audit a sample with the agency, which holds the signed
// BAST forms; it has no task that needs to identify a poor family, and
// under UU 27/2022 personal data goes only where the purpose needs it
// (a bank with a list of poor households and their phones could market
// loans to them). Initials with the village, the date and the BAST number
// are enough to match a row against the agency's register.
func (s *Service) SponsorReport(ctx context.Context, programmeID, sponsorID int64) (SponsorReport, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return SponsorReport{}, err
	}
	sp, err := p.sponsor(sponsorID)
	if err != nil {
		if platform.ActorFrom(ctx).Anonymous() {
			return SponsorReport{}, platform.Unauthorized()
		}
		return SponsorReport{}, err
	}
	if err := s.maySeeSponsor(ctx, p, sponsorID); err != nil {
		return SponsorReport{}, err
	}
	r := SponsorReport{ProgrammeID: p.ID, Sponsor: sp, Recent: []Delivery{}}
	q := s.db.Reader()
	if err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN proven THEN 1 ELSE 0 END), 0), COUNT(DISTINCT household_id),
		COUNT(DISTINCT CASE WHEN proven THEN household_id END), COUNT(DISTINCT group_id)
		FROM pangan_deliveries WHERE programme_id = ? AND sponsor_id = ?`, p.ID, sponsorID).
		Scan(&r.Results.Deliveries, &r.Results.Proven, &r.Results.Households, &r.Results.Reached, &r.Results.Groups); err != nil {
		return r, err
	}
	res := &r.Results
	if err := q.QueryRow(ctx, `SELECT COALESCE(SUM(pr.value), 0), COALESCE(SUM(CASE WHEN pr.use = 'home' THEN pr.value ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN pr.use = 'sold' THEN pr.value ELSE 0 END), 0), COALESCE(SUM(CASE WHEN pr.use = 'given' THEN pr.value ELSE 0 END), 0),
		COUNT(pr.id)
		FROM pangan_production pr JOIN pangan_visits v ON v.id = pr.visit_id
		JOIN (SELECT household_id, MIN(delivered_at) AS since FROM pangan_deliveries
			WHERE programme_id = ? AND sponsor_id = ? AND household_id IS NOT NULL GROUP BY household_id) fd ON fd.household_id = pr.household_id
		WHERE v.visited_at >= fd.since`, p.ID, sponsorID).Scan(&res.Value, &res.Home, &res.Sold, &res.Given, &res.Records); err != nil {
		return r, err
	}
	if r.Survival, err = s.aidSurvival(ctx, p.ID, sponsorID); err != nil {
		return r, err
	}
	rows, err := q.Query(ctx, `SELECT `+deliveryColumns+deliveryFrom+` WHERE d.programme_id = ? AND d.sponsor_id = ? ORDER BY d.id DESC LIMIT ?`,
		p.ID, sponsorID, SponsorRecent)
	recent, err := sqldb.Collect(rows, err, scanDelivery)
	if err != nil {
		return r, err
	}
	cache := map[int64][]AidItem{}
	for _, d := range recent {
		if d.Items, err = s.packageItems(ctx, cache, d.PackageID); err != nil {
			return r, err
		}
		r.Recent = append(r.Recent, d.masked())
	}
	return r, nil
}
