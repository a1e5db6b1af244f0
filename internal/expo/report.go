package expo

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/tabular"
)

// Totals are sums in whole rupiah: on-site sales, online orders that came
// through the expo, business-matching deals signed, and all three.
type Totals struct {
	Onsite   int64 `json:"onsite"`
	Online   int64 `json:"online"`
	Matching int64 `json:"matching"`
	All      int64 `json:"all"`
}

func (t *Totals) sum(c *platform.CheckedSum) {
	t.All = 0
	c.Plus(&t.All, t.Onsite)
	c.Plus(&t.All, t.Online)
	c.Plus(&t.All, t.Matching)
}

// Row is one line of a breakdown.
type Row struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Totals
	Count int64 `json:"count"` // on-site sales
}

// DayRow is one day of the event.
type DayRow struct {
	Row
	Visitors int64 `json:"visitors"`
}

// Report is an event's transaction report.
type Report struct {
	Event           Event     `json:"event"`
	Totals          Totals    `json:"totals"`
	Potential       int64     `json:"matching_potential"` // business-matching deals not yet signed
	Sales           int64     `json:"sales"`              // on-site sales counted
	Flagged         int64     `json:"flagged"`            // of which late, past the stock brought or past the bounds of a sale
	Visitors        int64     `json:"visitors"`
	Exhibitors      int       `json:"exhibitors"`
	Regencies       int       `json:"regencies"`
	ByDay           []DayRow  `json:"by_day"`
	ByExhibitor     []Row     `json:"by_exhibitor"`
	ByRegency       []Row     `json:"by_regency"`
	ByCategory      []Row     `json:"by_category"`
	ByPaymentMethod []Row     `json:"by_payment_method"`
	Summary         string    `json:"summary"`
	GeneratedAt     time.Time `json:"generated_at"`
	// Overflow is true when some figure's exact value would not fit an
	// int64 (only possible with sales stored before there were bounds, see
	// SaleRecord.OverLimit): it shows math.MaxInt64 instead, and the
	// summary says so. Voiding the sales past the bounds mends it.
	Overflow bool `json:"overflow,omitempty"`
}

// Report adds up an event's transactions: to its organising agency always,
// to everyone once the agency publishes it.
func (s *Service) Report(ctx context.Context, eventID int64) (Report, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return Report{}, err
	}
	if !e.ReportPublic {
		if err := s.mayRun(ctx, e); err != nil {
			if platform.ActorFrom(ctx).Anonymous() {
				return Report{}, err
			}
			return Report{}, platform.Errorf(platform.KindForbidden, "Laporan acara ini belum dipublikasikan panitia")
		}
	}
	r := Report{Event: e, GeneratedAt: s.now().UTC()}
	var c platform.CheckedSum
	exhibitors, err := s.exhibitorsOf(ctx, e, false)
	if err != nil {
		return r, err
	}
	exhibitorOf := map[int64]Exhibitor{}
	umkmExhibitor := map[int64]int64{}
	regencies := map[string]bool{}
	for _, x := range exhibitors {
		if x.Status != Approved {
			continue
		}
		exhibitorOf[x.ID] = x
		if x.UMKMID != 0 {
			umkmExhibitor[x.UMKMID] = x.ID
		}
		if x.RegencyCode != "" {
			regencies[x.RegencyCode] = true
		}
	}
	r.Exhibitors, r.Regencies = len(exhibitorOf), len(regencies)

	byDay := map[string]*DayRow{}
	for _, d := range e.Days() {
		byDay[d] = &DayRow{Row: Row{Key: d}}
	}
	dayRow := func(d string) *DayRow {
		if byDay[d] == nil {
			byDay[d] = &DayRow{Row: Row{Key: d}}
		}
		return byDay[d]
	}
	byExhibitor := map[int64]*Row{}
	exRow := func(id int64) *Row {
		if byExhibitor[id] == nil {
			byExhibitor[id] = &Row{Key: strconv.FormatInt(id, 10), Label: exhibitorOf[id].Name}
		}
		return byExhibitor[id]
	}
	q := s.db.Reader()

	// On site: the database adds up, by day and by booth, without the
	// voided sales.
	rows, err := q.Query(ctx, `SELECT sale_day, exhibitor_id, `+platform.SplitSums("total")+`, COUNT(*),
		SUM(CASE WHEN late OR over_stock OR total > ? THEN 1 ELSE 0 END)
		FROM expo_sales WHERE event_id = ? AND voided_at IS NULL GROUP BY sale_day, exhibitor_id`, MaxSaleTotal, eventID)
	type onsite struct {
		day                    string
		ex, hi, lo, n, flagged int64
	}
	onsites, err := sqldb.Collect(rows, err, func(row sqldb.Scanner) (o onsite, err error) {
		err = row.Scan(&o.day, &o.ex, &o.hi, &o.lo, &o.n, &o.flagged)
		return o, err
	})
	if err != nil {
		return r, err
	}
	for _, o := range onsites {
		c.PlusSplit(&dayRow(o.day).Onsite, o.hi, o.lo)
		c.PlusSplit(&exRow(o.ex).Onsite, o.hi, o.lo)
		dayRow(o.day).Count += o.n // counts of rows: never near the range
		exRow(o.ex).Count += o.n
		r.Sales += o.n
		r.Flagged += o.flagged
	}
	rows, err = q.Query(ctx, `SELECT payment_method, `+platform.SplitSums("total")+`, COUNT(*) FROM expo_sales
		WHERE event_id = ? AND voided_at IS NULL GROUP BY payment_method ORDER BY payment_method`, eventID)
	byMethod, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (row Row, err error) {
		var hi, lo int64
		if err = sc.Scan(&row.Key, &hi, &lo, &row.Count); err != nil {
			return row, err
		}
		c.PlusSplit(&row.Onsite, hi, lo)
		row.Label = methodLabels[row.Key]
		row.sum(&c)
		return row, nil
	})
	if err != nil {
		return r, err
	}

	// Online: orders that came through the expo's page, once paid.
	rows, err = q.Query(ctx, `SELECT umkm_id, total, created_at FROM orders WHERE event_id = ? AND status IN ('dibayar','diproses','dikirim','selesai')`, eventID)
	type online struct {
		umkmID, total int64
		at            time.Time
	}
	onlines, err := sqldb.Collect(rows, err, func(row sqldb.Scanner) (o online, err error) {
		err = row.Scan(&o.umkmID, &o.total, &o.at)
		return o, err
	})
	if err != nil {
		return r, err
	}
	for _, o := range onlines {
		c.Plus(&dayRow(e.day(o.at)).Online, o.total)
		if ex, ok := umkmExhibitor[o.umkmID]; ok {
			c.Plus(&exRow(ex).Online, o.total)
		}
	}

	// Business matching: deals signed count; potentials are reported apart.
	rows, err = q.Query(ctx, `SELECT exhibitor_id, starts_at, outcome, value FROM meetings WHERE event_id = ? AND outcome IN ('deal','potential')`, eventID)
	type deal struct {
		ex, value int64
		at        time.Time
		outcome   string
	}
	deals, err := sqldb.Collect(rows, err, func(row sqldb.Scanner) (d deal, err error) {
		err = row.Scan(&d.ex, &d.at, &d.outcome, &d.value)
		return d, err
	})
	if err != nil {
		return r, err
	}
	for _, d := range deals {
		if d.outcome == Potential {
			c.Plus(&r.Potential, d.value)
			continue
		}
		c.Plus(&dayRow(e.day(d.at)).Matching, d.value)
		c.Plus(&exRow(d.ex).Matching, d.value)
	}

	visitors, err := s.visitors(ctx, eventID)
	if err != nil {
		return r, err
	}
	for day, n := range visitors {
		dayRow(day).Visitors = n
		c.Plus(&r.Visitors, n)
	}

	for _, d := range byDay {
		d.sum(&c)
		d.Label = idn.Date(mustDay(d.Key), time.UTC)
		c.Plus(&r.Totals.Onsite, d.Onsite)
		c.Plus(&r.Totals.Online, d.Online)
		c.Plus(&r.Totals.Matching, d.Matching)
		r.ByDay = append(r.ByDay, *d)
	}
	r.Totals.sum(&c)
	slices.SortFunc(r.ByDay, func(a, b DayRow) int { return cmp.Compare(a.Key, b.Key) })

	byRegency, byCategory := map[string]*Row{}, map[string]*Row{}
	for id, row := range byExhibitor {
		row.sum(&c)
		r.ByExhibitor = append(r.ByExhibitor, *row)
		x := exhibitorOf[id]
		for _, g := range []struct {
			m     map[string]*Row
			key   string
			label string
		}{{byRegency, x.RegencyCode, regionLabel(x.RegencyCode)}, {byCategory, x.Category, x.Category}} {
			if g.m[g.key] == nil {
				g.m[g.key] = &Row{Key: g.key, Label: g.label}
			}
			acc := g.m[g.key]
			c.Plus(&acc.Onsite, row.Onsite)
			c.Plus(&acc.Online, row.Online)
			c.Plus(&acc.Matching, row.Matching)
			acc.Count += row.Count
		}
	}
	byTotal := func(a, b Row) int { return cmp.Or(cmp.Compare(b.All, a.All), cmp.Compare(a.Label, b.Label)) }
	slices.SortFunc(r.ByExhibitor, byTotal)
	for _, m := range []struct {
		from map[string]*Row
		to   *[]Row
	}{{byRegency, &r.ByRegency}, {byCategory, &r.ByCategory}} {
		*m.to = []Row{}
		for _, row := range m.from {
			row.sum(&c)
			*m.to = append(*m.to, *row)
		}
		slices.SortFunc(*m.to, byTotal)
	}
	r.ByPaymentMethod = byMethod
	r.Overflow = c.Overflow
	if r.ByExhibitor == nil {
		r.ByExhibitor = []Row{}
	}
	r.Summary = SummaryIn(i18n.Default, r)
	return r, nil
}

var methodLabels = map[string]string{"cash": "Tunai", "qris": "QRIS", "transfer": "Transfer bank", "card": "Kartu"}

func regionLabel(code string) string {
	if code == "" {
		return "(tanpa kabupaten/kota)"
	}
	return region.Label(code)
}

func mustDay(d string) time.Time {
	t, _ := time.Parse(time.DateOnly, d)
	return t
}

// SummaryIn is the closing line the organisers publish, in the style of
// "transaksi Rp55,2 miliar", in lang (Report.Summary is the Indonesian one,
// for the exports).
func SummaryIn(lang string, r Report) string {
	e := r.Event
	start, end := mustDay(e.StartsOn), mustDay(e.EndsOn)
	short := func(v int64) string { return i18n.RupiahShort(lang, v) }
	s := i18n.Tf(lang, "report_summary", e.Name, e.Venue+", "+e.City, i18n.DateRange(lang, start, end), short(r.Totals.All),
		short(r.Totals.Onsite), short(r.Totals.Online), short(r.Totals.Matching))
	if r.Potential > 0 {
		s += i18n.Tf(lang, "report_summary_potential", short(r.Potential))
	}
	s += i18n.Tf(lang, "report_summary_from", i18n.FormatInt(lang, int64(r.Exhibitors)), i18n.FormatInt(lang, int64(r.Regencies)))
	if r.Visitors > 0 {
		s += i18n.Tf(lang, "report_summary_visitors", i18n.FormatInt(lang, r.Visitors))
	}
	s += "."
	if r.Overflow {
		s += " " + i18n.T(lang, "report_summary_overflow")
	}
	return s
}

// reportSections are the report's tables in export order.
func reportSections(r Report) []struct {
	Name string
	Rows []Row
} {
	days := make([]Row, len(r.ByDay))
	for i, d := range r.ByDay {
		days[i] = d.Row
	}
	return []struct {
		Name string
		Rows []Row
	}{{"per hari", days}, {"per peserta", r.ByExhibitor}, {"per kabupaten/kota", r.ByRegency}, {"per kategori", r.ByCategory}, {"per metode bayar", r.ByPaymentMethod}}
}

var csvHeader = []string{"bagian", "kunci", "nama", "di_tempat", "daring", "temu_bisnis", "jumlah", "transaksi_di_tempat"}

// WriteCSV writes the report as one CSV table (a section column tells the
// tables apart), whole rupiah without separators, for spreadsheets. Names
// typed by people (the event, exhibitors) are neutralised (tabular.Safe).
func WriteCSV(w io.Writer, r Report) error {
	cw := tabular.NewCSVWriter(w, false)
	header := make([]any, len(csvHeader))
	for i, h := range csvHeader {
		header[i] = h
	}
	cw.Row(header...)
	cw.Row("total", "", r.Event.Name, r.Totals.Onsite, r.Totals.Online, r.Totals.Matching, r.Totals.All, r.Sales)
	for _, sec := range reportSections(r) {
		for _, row := range sec.Rows {
			cw.Row(sec.Name, row.Key, row.Label, row.Onsite, row.Online, row.Matching, row.All, row.Count)
		}
	}
	cw.Row("ringkasan", "", r.Summary, "", "", "", "", "")
	return cw.Flush()
}

// WriteXLSX writes the report as a workbook: a summary sheet and one sheet
// per breakdown, amounts as numbers in rupiah format, text through
// tabular.SetCell.
func WriteXLSX(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	rp, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`"Rp"#,##0`)})
	if err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sum := "Ringkasan"
	f.SetSheetName("Sheet1", sum)
	tabular.SetCell(f, sum, "A1", r.Event.Name)
	f.SetCellStyle(sum, "A1", "A1", bold)
	tabular.SetCell(f, sum, "A2", r.Summary)
	for i, kv := range []struct {
		k string
		v int64
	}{{"Penjualan di tempat", r.Totals.Onsite}, {"Pesanan daring", r.Totals.Online}, {"Temu bisnis (deal)", r.Totals.Matching},
		{"Total transaksi", r.Totals.All}, {"Potensi temu bisnis", r.Potential}, {"Pengunjung", r.Visitors}} {
		row := i + 4
		tabular.SetCell(f, sum, fmt.Sprintf("A%d", row), kv.k)
		tabular.SetCell(f, sum, fmt.Sprintf("B%d", row), kv.v)
		if kv.k != "Pengunjung" {
			f.SetCellStyle(sum, fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), rp)
		}
	}
	f.SetColWidth(sum, "A", "A", 28)
	f.SetColWidth(sum, "B", "B", 22)
	for _, sec := range reportSections(r) {
		name := "Per " + sec.Name[4:]
		if len(name) > 31 {
			name = name[:31]
		}
		name = sanitizeSheet(name)
		f.NewSheet(name)
		for c, h := range []string{"Kunci", "Nama", "Di tempat", "Daring", "Temu bisnis", "Jumlah", "Transaksi di tempat"} {
			cell, _ := excelize.CoordinatesToCellName(c+1, 1)
			tabular.SetCell(f, name, cell, h)
			f.SetCellStyle(name, cell, cell, bold)
		}
		for i, row := range sec.Rows {
			values := []any{row.Key, row.Label, row.Onsite, row.Online, row.Matching, row.All, row.Count}
			for c, v := range values {
				cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
				tabular.SetCell(f, name, cell, v)
				if c >= 2 && c <= 5 {
					f.SetCellStyle(name, cell, cell, rp)
				}
			}
		}
		f.SetColWidth(name, "B", "B", 36)
		f.SetColWidth(name, "C", "G", 18)
	}
	return f.Write(w)
}

func sanitizeSheet(s string) string {
	out := []rune{}
	for _, r := range s {
		switch r {
		case '/', '\\', '?', '*', '[', ']', ':':
			r = '-'
		}
		out = append(out, r)
	}
	return string(out)
}

func ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
