package pangan

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/tabular"
)

// The handover register (daftar BAST): one row per delivery, in the shape
// a ministry's monitoring system takes a register of aid handed over (the
// agriculture ministry's P2L reports through e-Monev). Such a register
// needs, per handover: the BAST's number and date; who gave (the sponsor)
// and in which phase; what was given (the package, and its items with
// quantity and unit, the "volume"); who received it (the head of the
// household or the group, identified by NIK — here masked: the export
// leaves the agency, and the register's reader matches by number, name
// and place) and who signed for it on the spot; where (desa/kelurahan,
// kecamatan, kabupaten/kota, provinsi, with their Kemendagri codes so rows
// join the ministry's own area tables); the point (degrees with the
// hemisphere, LS/LU and BT, as on the paper form); and the documentation
// (photo, signature, signed form) with the proof's status. Headers are in
// Indonesian: the register is read by Indonesian systems and officers.
var bastHeader = []any{"nomor_bast", "tanggal_serah_terima", "penyandang_dana", "tahap", "paket", "rincian_barang",
	"penerima", "jenis_penerima", "nik_disamarkan", "nama_penerima_di_lapangan", "kode_desa", "desa_kelurahan", "kecamatan",
	"kabupaten_kota", "provinsi", "koordinat", "foto_penyerahan", "tanda_tangan", "foto_bast", "status_bukti"}

// BASTRow is one handover in the register.
type BASTRow struct {
	Number, Date, Sponsor, Phase, Package, Items  string
	Recipient, RecipientKind, NIKMasked, SignedBy string
	VillageCode, Village, District, Regency       string
	Province, Point                               string
	Photo, Signature, BAST, Status                string
}

func (r BASTRow) cells() []any {
	return []any{r.Number, r.Date, r.Sponsor, r.Phase, r.Package, r.Items, r.Recipient, r.RecipientKind, r.NIKMasked, r.SignedBy,
		r.VillageCode, r.Village, r.District, r.Regency, r.Province, r.Point, r.Photo, r.Signature, r.BAST, r.Status}
}

// BASTRegister calls fn with each of the programme's deliveries as a row
// of the handover register, oldest first: the programme's agency and an
// admin only. The NIK is masked, no phone is in it.
func (s *Service) BASTRegister(ctx context.Context, programmeID int64, fn func(BASTRow) error) error {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return err
	}
	phases := map[int64]string{}
	for _, ph := range p.Phases {
		phases[ph.ID] = ph.Name
	}
	items := map[int64]string{}
	for _, pt := range p.Packages {
		var parts []string
		for _, it := range pt.Items {
			parts = append(parts, fmt.Sprintf("%s × %d %s", it.Name, it.Quantity, it.Unit))
		}
		items[pt.ID] = strings.Join(parts, "; ")
	}
	yes := func(b bool) string {
		if b {
			return "ya"
		}
		return "tidak"
	}
	loc := p.Location()
	const pageSize = 1000
	var after int64
	for {
		// A page at a time, so a register of 81,000 handovers holds no read open while it is written out.
		rows, err := s.db.Reader().Query(ctx, `SELECT d.id, d.delivered_at, sp.name, d.phase_id, d.package_type_id, pt.name,
			COALESCE(h.head_name, g.name, ''), d.household_id IS NOT NULL, COALESCE(h.nik, ''), d.recipient_name, d.village_code,
			d.lat, d.lng, d.photo_key <> '', d.signature_key <> '', d.bast_key <> '', d.proven
			FROM pangan_deliveries d JOIN pangan_package_types pt ON pt.id = d.package_type_id JOIN pangan_sponsors sp ON sp.id = d.sponsor_id
			LEFT JOIN pangan_households h ON h.id = d.household_id LEFT JOIN pangan_groups g ON g.id = d.group_id
			WHERE d.programme_id = ? AND d.id > ? ORDER BY d.id LIMIT ?`, p.ID, after, pageSize)
		type raw struct {
			row                        BASTRow
			id, pkg                    int64
			phase                      sql.NullInt64
			household, photo, sig, doc bool
			proven                     bool
			lat, lng                   sql.NullFloat64
		}
		page, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x raw, err error) {
			var at sql.NullTime
			var nik string
			err = r.Scan(&x.id, &at, &x.row.Sponsor, &x.phase, &x.pkg, &x.row.Package, &x.row.Recipient, &x.household, &nik,
				&x.row.SignedBy, &x.row.VillageCode, &x.lat, &x.lng, &x.photo, &x.sig, &x.doc, &x.proven)
			if nik != "" {
				x.row.NIKMasked = idn.MaskNIK(nik) // masked as it is read: the whole NIK goes no further
			}
			x.row.Date = at.Time.In(loc).Format("2006-01-02")
			return x, err
		})
		if err != nil {
			return err
		}
		for _, x := range page {
			r := x.row
			r.Number, r.Phase, r.Items = deliveryNumber(p.ID, x.id), phases[x.phase.Int64], items[x.pkg]
			r.RecipientKind = "kelompok"
			if x.household {
				r.RecipientKind = "rumah_tangga"
			}
			if a, ok := region.Place(r.VillageCode); ok {
				r.Village, r.District, r.Regency, r.Province = a.Village.Name, a.District.Name, a.Regency.Name, a.Province.Name
			}
			if x.lat.Valid && x.lng.Valid {
				r.Point = bastPoint(x.lat.Float64, x.lng.Float64)
			}
			r.Photo, r.Signature, r.BAST = yes(x.photo), yes(x.sig), yes(x.doc)
			r.Status = "belum terbukti"
			if x.proven {
				r.Status = "terbukti"
			}
			if err := fn(r); err != nil {
				return err
			}
			after = x.id
		}
		if len(page) < pageSize {
			return nil
		}
	}
}

// bastPoint writes a point as Indonesian handover forms do, degrees with
// the hemisphere: "3.792800 LS, 103.540200 BT". A leading minus sign
// would be read as a formula start and neutralised (tabular.Safe), which
// breaks the number for the system that imports the register.
func bastPoint(lat, lng float64) string {
	ns, ew := "LU", "BT"
	if lat < 0 {
		ns, lat = "LS", -lat
	}
	if lng < 0 {
		ew, lng = "BB", -lng
	}
	return strconv.FormatFloat(lat, 'f', 6, 64) + " " + ns + ", " + strconv.FormatFloat(lng, 'f', 6, 64) + " " + ew
}

// MayExportBAST authorises the handover register's export: the
// programme's agency and an admin (it names the recipients).
func (s *Service) MayExportBAST(ctx context.Context, programmeID int64) error {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return err
	}
	return account.Authorize(platform.ActorFrom(ctx), account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode})
}

// WriteBASTCSV writes the programme's handover register as CSV.
func (s *Service) WriteBASTCSV(ctx context.Context, w io.Writer, programmeID int64) error {
	cw := tabular.NewCSVWriter(w, true)
	cw.Row(bastHeader...)
	if err := s.BASTRegister(ctx, programmeID, func(r BASTRow) error { cw.Row(r.cells()...); return nil }); err != nil {
		return err
	}
	return cw.Flush()
}

// WriteBASTXLSX writes the programme's handover register as a workbook
// of one sheet, streamed row by row; every text cell through tabular.Safe.
func (s *Service) WriteBASTXLSX(ctx context.Context, w io.Writer, programmeID int64) error {
	if err := s.MayExportBAST(ctx, programmeID); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Daftar BAST"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	safe := func(cells []any) []any {
		for i, c := range cells {
			if s, ok := c.(string); ok {
				cells[i] = tabular.Safe(s)
			}
		}
		return cells
	}
	n := 1
	if err := sw.SetRow("A1", safe(append([]any(nil), bastHeader...))); err != nil {
		return err
	}
	if err := s.BASTRegister(ctx, programmeID, func(r BASTRow) error {
		n++
		return sw.SetRow(fmt.Sprintf("A%d", n), safe(r.cells()))
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
