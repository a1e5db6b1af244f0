package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/importer"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// asAgency returns a context acting as a new agency officer of province 16
// (Sumatera Selatan) and a registry on db.
func asAgency(t *testing.T, db *sqldb.DB) (context.Context, *umkm.Service) {
	t.Helper()
	ctx := context.Background()
	u, err := account.NewService(db).Create(ctx, account.NewUser{Email: "dinas16@example.go.id", Password: "rahasia-dinas-16",
		Name: "Dinas Koperasi dan UKM Sumsel", Role: platform.RoleAgency, ProvinceCode: "16"})
	if err != nil {
		t.Fatal(err)
	}
	return platform.WithActor(ctx, u.Actor()), umkm.NewService(db)
}

func countUMKM(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM umkm`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type stored struct {
	Name, RegencyCode, WhatsApp, Category string
	Capital, Turnover                     int64
}

func load(t *testing.T, db *sqldb.DB, nib string) stored {
	t.Helper()
	var s stored
	err := db.Reader().QueryRow(context.Background(),
		`SELECT name, regency_code, whatsapp, category, capital, turnover FROM umkm WHERE nib = ?`, nib).
		Scan(&s.Name, &s.RegencyCode, &s.WhatsApp, &s.Category, &s.Capital, &s.Turnover)
	if err != nil {
		t.Fatalf("UMKM with NIB %s: %v", nib, err)
	}
	return s
}

// checkErrors compares the row errors by row and column and checks that each
// message contains the expected fragment.
func checkErrors(t *testing.T, got []importer.RowError, want []importer.RowError) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d errors %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Row != w.Row || g.Column != w.Column || !strings.Contains(g.Message, w.Message) {
			t.Errorf("error %d = %v, want row %d column %q containing %q", i, g, w.Row, w.Column, w.Message)
		}
	}
}

// agencyCSV is a list as an agency keeps it: 5 good rows, 3 bad ones, a
// blank line that the spreadsheet shows as row 7, headers written their own way.
const agencyCSV = `Nama Usaha,Nama Pemilik,NIB,KBLI,Kode Kabupaten/Kota,Alamat,No HP,Kategori,Deskripsi,Modal Usaha (Rp),Omzet Tahunan
Pempek Cek Sri,Sri Wahyuni,1234567890001,10792,16.71,"Jl. Merdeka No. 5, Palembang",0812-3456-7890,Kuliner,Pempek kapal selam,"Rp 15.000.000,00",Rp120.000.000
Songket Rumah Limas,Ahmad Fauzi,123456789012,13921,16.71,,081234567891,Fesyen,,5000000,60000000
Kopi Semendo,Rini Lestari,1234567890003,,16.03,Muara Enim,6281234567892,pertanian,,1.500.000,"24,000,000"
Kerupuk Kemplang Bu Ida,Ida Farida,1234567890004,,16.98,,,kuliner,,2000000,12000000
Tenun Tajung,Maria Ulfa,1234567890005,,16.10,,,kriya,,"Rp 7.500.000,-",90000000

Jasa Jahit Berkah,Budi Santoso,1234567890006,,16.72,,,jasa,,-5.000.000,10000000
Madu Hutan Lahat,Sari Dewi,1234567890007,,1604,,,pertanian,,0,0
Kain Jumputan,Dewi Sartika,1234567890008,,16.74,,812-3456-7899,fesyen,,"3.000.000","48.000.000"
`

func TestImportCSVReportsBadRowsAndIsIdempotent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		var calls [][2]int
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(agencyCSV), "csv", func(done, total int) {
			calls = append(calls, [2]int{done, total})
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 8 || rep.Created != 5 || rep.Updated != 0 || !rep.Failed() {
			t.Errorf("report = %+v, want 8 rows, 5 created, 0 updated, failed", rep)
		}
		wantErrors := []importer.RowError{
			{Row: 3, Column: "NIB", Message: "NIB harus 13 digit"},
			{Row: 5, Column: "Kode Kabupaten/Kota", Message: "Kabupaten/kota tidak dikenal"},
			{Row: 8, Column: "Modal Usaha (Rp)", Message: "tidak boleh negatif"},
		}
		checkErrors(t, rep.Errors, wantErrors)
		if len(calls) != 8 || calls[0] != [2]int{1, 8} || calls[7] != [2]int{8, 8} {
			t.Errorf("progress calls = %v, want 1/8 … 8/8", calls)
		}
		if n := countUMKM(t, db); n != 5 {
			t.Fatalf("%d UMKM in the database, want 5", n)
		}

		// The cells were read the way the agency wrote them.
		want := map[string]stored{
			"1234567890001": {Name: "Pempek Cek Sri", RegencyCode: "16.71", WhatsApp: "+6281234567890", Category: "kuliner", Capital: 15_000_000, Turnover: 120_000_000},
			"1234567890003": {Name: "Kopi Semendo", RegencyCode: "16.03", WhatsApp: "+6281234567892", Category: "pertanian", Capital: 1_500_000, Turnover: 24_000_000},
			"1234567890005": {Name: "Tenun Tajung", RegencyCode: "16.10", Category: "kriya", Capital: 7_500_000, Turnover: 90_000_000},
			"1234567890007": {Name: "Madu Hutan Lahat", RegencyCode: "16.04", Category: "pertanian"},
			"1234567890008": {Name: "Kain Jumputan", RegencyCode: "16.74", WhatsApp: "+6281234567899", Category: "fesyen", Capital: 3_000_000, Turnover: 48_000_000},
		}
		for nib, w := range want {
			if got := load(t, db, nib); got != w {
				t.Errorf("NIB %s stored as %+v, want %+v", nib, got, w)
			}
		}

		// The same file again: nothing new, the five are updated.
		rep, err = importer.ImportUMKM(ctx, svc, strings.NewReader(agencyCSV), "csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 0 || rep.Updated != 5 {
			t.Errorf("second import = %+v, want 0 created, 5 updated", rep)
		}
		checkErrors(t, rep.Errors, wantErrors)
		if n := countUMKM(t, db); n != 5 {
			t.Errorf("%d UMKM after importing twice, want 5", n)
		}
	})
}

func TestImportXLSXWithNumericCellsAndEnglishHeaders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		f := excelize.NewFile()
		sheet := f.GetSheetName(0)
		// The NIB column shows numbers the way Excel does for a long number: 1.23E+12.
		sci, err := f.NewStyle(&excelize.Style{NumFmt: 11})
		if err != nil {
			t.Fatal(err)
		}
		rows := [][]any{
			{"name", "owner_name", "nib", "regency_code", "category", "capital", "turnover", "whatsapp", "kbli"},
			{"Pempek Cek Sri", "Sri Wahyuni", int64(1234567890123), "16.71", "kuliner", 1.5e6, int64(250_000_000), int64(81234567890), int64(10792)},
			{"Songket Rumah Limas", "Ahmad Fauzi", int64(123456789012), "16.71", "fesyen", 0, 0, nil, nil}, // the leading 0 was lost
			{"Kopi Semendo", "Rini Lestari", int64(1234567890124), int64(1671), "pertanian", "Rp 2.000.000", 36_000_000.0, "0812-3456-7892", nil},
			{"Tenun Tajung", "Maria Ulfa", int64(1234567890125), 16.1, "kriya", float64(750000), 9e7, nil, nil}, // 16.10 typed as a number
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetCellStyle(sheet, "C2", fmt.Sprintf("C%d", len(rows)), sci); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "Data UMKM Sumsel.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		if shown, _ := f.GetCellValue(sheet, "C2"); !strings.Contains(shown, "E+12") {
			t.Logf("NIB cell displayed as %q (expected scientific notation)", shown)
		}

		rep, err := importer.ImportUMKMFile(ctx, svc, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 4 || rep.Created != 3 {
			t.Errorf("report = %+v, want 4 rows, 3 created", rep)
		}
		checkErrors(t, rep.Errors, []importer.RowError{{Row: 3, Column: "nib", Message: "NIB harus 13 digit"}})
		want := map[string]stored{
			"1234567890123": {Name: "Pempek Cek Sri", RegencyCode: "16.71", WhatsApp: "+6281234567890", Category: "kuliner", Capital: 1_500_000, Turnover: 250_000_000},
			"1234567890124": {Name: "Kopi Semendo", RegencyCode: "16.71", WhatsApp: "+6281234567892", Category: "pertanian", Capital: 2_000_000, Turnover: 36_000_000},
			"1234567890125": {Name: "Tenun Tajung", RegencyCode: "16.10", Category: "kriya", Capital: 750_000, Turnover: 90_000_000},
		}
		for nib, w := range want {
			if got := load(t, db, nib); got != w {
				t.Errorf("NIB %s stored as %+v, want %+v", nib, got, w)
			}
		}
		var kbli string
		if err := db.Reader().QueryRow(ctx, `SELECT kbli FROM umkm WHERE nib = '1234567890123'`).Scan(&kbli); err != nil || kbli != "10792" {
			t.Errorf("KBLI = %q, %v; want 10792", kbli, err)
		}
	})
}

func TestImportRejectsHeaderWithoutRequiredColumn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		const file = "Nama Usaha,Nama Pemilik,Kode Kabupaten/Kota,Kategori\n" +
			"Pempek Cek Sri,Sri Wahyuni,16.71,kuliner\n"
		called := false
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(file), "csv", func(int, int) { called = true })
		if err == nil {
			t.Fatalf("no error for a file without NIB column; report %+v", rep)
		}
		if platform.ErrorKind(err) != platform.KindInvalid || !strings.Contains(platform.ErrorMessage(err), "NIB") {
			t.Errorf("error = %v (%q), want an invalid error naming NIB", err, platform.ErrorMessage(err))
		}
		if n := countUMKM(t, db); n != 0 || called || rep.Created != 0 {
			t.Errorf("%d UMKM written, progress called %v; want nothing", n, called)
		}
	})
}

func TestImportRowOutsideAgencyProvinceIsForbidden(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		const file = "NIB,Nama Usaha,Nama Pemilik,Kode Kabupaten/Kota,Kategori\n" +
			"1234567890001,Pempek Cek Sri,Sri Wahyuni,16.71,kuliner\n" +
			"1234567890002,Batagor Kingsley,Asep Sunandar,32.73,kuliner\n" +
			"1234567890003,Kain Jumputan,Dewi Sartika,16.74,fesyen\n"
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(file), "csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 {
			t.Errorf("created %d, want 2", rep.Created)
		}
		checkErrors(t, rep.Errors, []importer.RowError{{Row: 3, Column: "", Message: platform.ErrorMessage(platform.Forbidden())}})
		if n := countUMKM(t, db); n != 2 {
			t.Errorf("%d UMKM in the database, want 2", n)
		}
	})
}

func TestImportSemicolonCSVWithBOM(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		// As saved by Excel in an Indonesian locale ("CSV UTF-8"): BOM,
		// semicolons, decimal commas, CRLF.
		file := "\ufeffNama Usaha;Nama Pemilik;NIB;Kode Kabupaten/Kota;Kategori;Modal Usaha;Omzet Tahunan\r\n" +
			"Pempek Cek Sri;Sri Wahyuni;1234567890001;1671;Kuliner;1.500.000,00;\"Rp 120.000.000\"\r\n" +
			"\"Toko Kue; Roti & Bolu\";Rini;1234567890002;16.72;kuliner;;\r\n"
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(file), "CSV", nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 || rep.Failed() {
			t.Fatalf("report = %+v, want 2 created and no errors", rep)
		}
		if got, want := load(t, db, "1234567890001"), (stored{Name: "Pempek Cek Sri", RegencyCode: "16.71", Category: "kuliner",
			Capital: 1_500_000, Turnover: 120_000_000}); got != want {
			t.Errorf("stored %+v, want %+v", got, want)
		}
		if got := load(t, db, "1234567890002").Name; got != "Toko Kue; Roti & Bolu" {
			t.Errorf("quoted name = %q", got)
		}
	})
}

func TestImportSameNIBTwiceInOneFile(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		const file = "NIB,Nama Usaha,Nama Pemilik,Kode Kabupaten/Kota,Kategori\n" +
			"1234567890001,Pempek Cek Sri,Sri Wahyuni,16.71,kuliner\n" +
			"1234567890001,Pempek Cek Sri 2,Sri Wahyuni,16.71,kuliner\n"
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(file), "csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		checkErrors(t, rep.Errors, []importer.RowError{{Row: 3, Column: "NIB", Message: "baris 2"}})
		if got := load(t, db, "1234567890001").Name; got != "Pempek Cek Sri" {
			t.Errorf("name = %q, the first row must stand", got)
		}
	})
}

func TestTemplateImportsAsEmptyList(t *testing.T) {
	var buf bytes.Buffer
	if err := importer.WriteTemplateCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(buf.String()); !strings.HasPrefix(got, "Nama Usaha,Nama Pemilik,NIB,KBLI,Kode Kabupaten/Kota,") {
		t.Errorf("template header = %q", got)
	}
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		rep, err := importer.ImportUMKM(ctx, svc, bytes.NewReader(buf.Bytes()), "csv", nil)
		if err != nil || rep.Rows != 0 || rep.Failed() {
			t.Errorf("template import = %+v, %v; want an empty report", rep, err)
		}
	})
}

func TestImportUnsupportedFormat(t *testing.T) {
	_, err := importer.ImportUMKMFile(context.Background(), nil, "data.xls", nil)
	if platform.ErrorKind(err) != platform.KindInvalid {
		t.Errorf("error for .xls = %v, want invalid", err)
	}
	_, err = importer.ImportUMKM(context.Background(), nil, strings.NewReader("PK\x03\x04 not really"), "xlsx", nil)
	if platform.ErrorKind(err) != platform.KindInvalid {
		t.Errorf("error for a broken xlsx = %v, want invalid", err)
	}
}

func TestImportNIBInScientificNotation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		// Row 2 holds every digit and is converted exactly; row 3 is what
		// Excel displays for a long number, its digits gone.
		const file = "NIB;Nama Usaha;Nama Pemilik;Kode Kabupaten/Kota;Kategori\n" +
			"1,234567890123E+12;Pempek Cek Sri;Sri Wahyuni;16.71;kuliner\n" +
			"1,23457E+12;Kain Jumputan;Dewi Sartika;16.74;fesyen\n"
		rep, err := importer.ImportUMKM(ctx, svc, strings.NewReader(file), "csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		checkErrors(t, rep.Errors, []importer.RowError{{Row: 3, Column: "NIB", Message: "format ilmiah"}})
		if rep.Created != 1 || load(t, db, "1234567890123").Name != "Pempek Cek Sri" {
			t.Errorf("report = %+v, want the full NIB imported", rep)
		}
	})
}

func TestImportPastTheLimitsIsRefusedWhole(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx, svc := asAgency(t, db)
		header := "Nama Usaha,Nama Pemilik,NIB,Kode Kabupaten/Kota,Kategori,Deskripsi\n"
		good := "Pempek Cek Sri,Sri Wahyuni,1234567890001,16.71,kuliner,Pempek\n"
		giant := "Kopi Semendo,Rini,1234567890003,16.03,pertanian," + strings.Repeat("enak ", 7<<10) + "\n"
		_, err := importer.ImportUMKM(ctx, svc, strings.NewReader(header+good+giant), "csv", nil)
		if platform.ErrorKind(err) != platform.KindTooLarge || !strings.Contains(platform.ErrorMessage(err), "baris 3") {
			t.Errorf("a 35 KB cell: %v, want too_large naming row 3", err)
		}
		if n := countUMKM(t, db); n != 0 {
			t.Errorf("%d UMKM imported from a refused file, want 0", n)
		}
	})
}
