package idn

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		n      int64
		id, en string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{20000, "20.000", "20,000"},
		{999999, "999.999", "999,999"},
		{1000000, "1.000.000", "1,000,000"},
		{-1500, "-1.500", "-1,500"},
		{-999, "-999", "-999"},
		{math.MaxInt64, "9.223.372.036.854.775.807", "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808"},
	}
	for _, tc := range tests {
		if got := FormatInt(tc.n); got != tc.id {
			t.Errorf("FormatInt(%d) = %q, want %q", tc.n, got, tc.id)
		}
		if got := FormatIntEN(tc.n); got != tc.en {
			t.Errorf("FormatIntEN(%d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestRupiah(t *testing.T) {
	tests := []struct {
		n      int64
		id, en string
	}{
		{0, "Rp0", "Rp0"},
		{500, "Rp500", "Rp500"},
		{1500, "Rp1.500", "Rp1,500"},
		{1500000, "Rp1.500.000", "Rp1,500,000"},
		{-1500, "-Rp1.500", "-Rp1,500"},
		{-1500000, "-Rp1.500.000", "-Rp1,500,000"},
		{math.MaxInt64, "Rp9.223.372.036.854.775.807", "Rp9,223,372,036,854,775,807"},
		{math.MinInt64, "-Rp9.223.372.036.854.775.808", "-Rp9,223,372,036,854,775,808"},
	}
	for _, tc := range tests {
		if got := Rupiah(tc.n); got != tc.id {
			t.Errorf("Rupiah(%d) = %q, want %q", tc.n, got, tc.id)
		}
		if got := RupiahEN(tc.n); got != tc.en {
			t.Errorf("RupiahEN(%d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestRupiahShort(t *testing.T) {
	tests := []struct {
		n      int64
		id, en string
	}{
		{0, "Rp0", "Rp0"},
		{1, "Rp1", "Rp1"},
		{15000, "Rp15.000", "Rp15,000"},
		{999_999, "Rp999.999", "Rp999,999"},
		{-999_999, "-Rp999.999", "-Rp999,999"},
		{1_000_000, "Rp1 juta", "Rp1 million"},
		{1_049_999, "Rp1 juta", "Rp1 million"},
		{1_050_000, "Rp1,1 juta", "Rp1.1 million"},
		{3_100_000, "Rp3,1 juta", "Rp3.1 million"},
		{3_149_999, "Rp3,1 juta", "Rp3.1 million"},
		{3_150_000, "Rp3,2 juta", "Rp3.2 million"},
		{-3_150_000, "-Rp3,2 juta", "-Rp3.2 million"}, // half away from zero
		{-3_149_999, "-Rp3,1 juta", "-Rp3.1 million"},
		{999_000_000, "Rp999 juta", "Rp999 million"},
		{999_949_999, "Rp999,9 juta", "Rp999.9 million"},
		{999_950_000, "Rp1 miliar", "Rp1 billion"}, // rounds into the next unit
		{1_000_000_000, "Rp1 miliar", "Rp1 billion"},
		{2_000_000_000, "Rp2 miliar", "Rp2 billion"},
		{2_040_000_000, "Rp2 miliar", "Rp2 billion"},
		{55_200_000_000, "Rp55,2 miliar", "Rp55.2 billion"},
		{55_249_999_999, "Rp55,2 miliar", "Rp55.2 billion"},
		{55_250_000_000, "Rp55,3 miliar", "Rp55.3 billion"},
		{-55_250_000_000, "-Rp55,3 miliar", "-Rp55.3 billion"},
		{999_950_000_000, "Rp1 triliun", "Rp1 trillion"},
		{1_500_000_000_000, "Rp1,5 triliun", "Rp1.5 trillion"},
		{1_234_567_000_000_000, "Rp1.234,6 triliun", "Rp1,234.6 trillion"},
		{999_999_999_999_999, "Rp1.000 triliun", "Rp1,000 trillion"}, // no larger unit
		{math.MaxInt64, "Rp9.223.372 triliun", "Rp9,223,372 trillion"},
		{math.MinInt64, "-Rp9.223.372 triliun", "-Rp9,223,372 trillion"},
	}
	for _, tc := range tests {
		if got := RupiahShort(tc.n); got != tc.id {
			t.Errorf("RupiahShort(%d) = %q, want %q", tc.n, got, tc.id)
		}
		if got := RupiahShortEN(tc.n); got != tc.en {
			t.Errorf("RupiahShortEN(%d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestMonthName(t *testing.T) {
	want := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	for i, w := range want {
		if got := MonthName(time.Month(i + 1)); got != w {
			t.Errorf("MonthName(%d) = %q, want %q", i+1, got, w)
		}
	}
	for _, m := range []time.Month{0, 13, -1} {
		if got := MonthName(m); got != "" {
			t.Errorf("MonthName(%d) = %q, want empty", m, got)
		}
		if got := MonthNameEN(m); got != "" {
			t.Errorf("MonthNameEN(%d) = %q, want empty", m, got)
		}
	}
	if got := MonthNameEN(time.August); got != "August" {
		t.Errorf("MonthNameEN(August) = %q", got)
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDate(t *testing.T) {
	wib := mustLoad(t, "Asia/Jakarta")
	wita := mustLoad(t, "Asia/Makassar")
	wit := mustLoad(t, "Asia/Jayapura")
	ts := time.Date(2022, 8, 12, 7, 5, 0, 0, time.UTC)
	late := time.Date(2022, 12, 31, 16, 30, 0, 0, time.UTC) // 23.30 WIB, 00.30 WITA on 1 Jan

	tests := []struct {
		name         string
		t            time.Time
		loc          *time.Location
		zone         string
		date, dt     string
		dateEN, dtEN string
	}{
		{"WIB", ts, wib, "WIB", "12 Agustus 2022", "12 Agustus 2022 14.05 WIB", "12 August 2022", "12 August 2022 14:05 WIB"},
		{"UTC shown in WITA", ts, wita, "WITA", "12 Agustus 2022", "12 Agustus 2022 15.05 WITA", "12 August 2022", "12 August 2022 15:05 WITA"},
		{"WIT", ts, wit, "WIT", "12 Agustus 2022", "12 Agustus 2022 16.05 WIT", "12 August 2022", "12 August 2022 16:05 WIT"},
		{"year boundary WIB", late, wib, "WIB", "31 Desember 2022", "31 Desember 2022 23.30 WIB", "31 December 2022", "31 December 2022 23:30 WIB"},
		{"year boundary WITA", late, wita, "WITA", "1 Januari 2023", "1 Januari 2023 00.30 WITA", "1 January 2023", "1 January 2023 00:30 WITA"},
		{"nil loc keeps own zone", ts, nil, "", "12 Agustus 2022", "12 Agustus 2022 07.05", "12 August 2022", "12 August 2022 07:05"},
		{"fixed zone", ts, time.FixedZone("WITA", 8*3600), "WITA", "12 Agustus 2022", "12 Agustus 2022 15.05 WITA", "12 August 2022", "12 August 2022 15:05 WITA"},
	}
	for _, tc := range tests {
		if got := Date(tc.t, tc.loc); got != tc.date {
			t.Errorf("%s: Date = %q, want %q", tc.name, got, tc.date)
		}
		if got := DateTime(tc.t, tc.loc, tc.zone); got != tc.dt {
			t.Errorf("%s: DateTime = %q, want %q", tc.name, got, tc.dt)
		}
		if got := DateEN(tc.t, tc.loc); got != tc.dateEN {
			t.Errorf("%s: DateEN = %q, want %q", tc.name, got, tc.dateEN)
		}
		if got := DateTimeEN(tc.t, tc.loc, tc.zone); got != tc.dtEN {
			t.Errorf("%s: DateTimeEN = %q, want %q", tc.name, got, tc.dtEN)
		}
	}
}

func TestDateRange(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		from, to time.Time
		id, en   string
	}{
		{"same day", d(2022, 8, 12), d(2022, 8, 12), "12 Agustus 2022", "12 August 2022"},
		{"same day different hours", d(2022, 8, 12), d(2022, 8, 12).Add(23 * time.Hour), "12 Agustus 2022", "12 August 2022"},
		{"same month", d(2022, 8, 12), d(2022, 8, 14), "12–14 Agustus 2022", "12–14 August 2022"},
		{"across months", d(2022, 7, 30), d(2022, 8, 2), "30 Juli–2 Agustus 2022", "30 July–2 August 2022"},
		{"across years", d(2022, 12, 30), d(2023, 1, 2), "30 Desember 2022–2 Januari 2023", "30 December 2022–2 January 2023"},
		{"same month different years", d(2022, 8, 1), d(2023, 8, 3), "1 Agustus 2022–3 Agustus 2023", "1 August 2022–3 August 2023"},
		{"reversed", d(2022, 8, 14), d(2022, 8, 12), "12–14 Agustus 2022", "12–14 August 2022"},
		{
			"own calendar dates, not UTC",
			time.Date(2022, 8, 12, 23, 0, 0, 0, time.FixedZone("WIT", 9*3600)), // 14:00 UTC
			time.Date(2022, 8, 14, 1, 0, 0, 0, time.FixedZone("WIB", 7*3600)),  // 13 Aug 18:00 UTC
			"12–14 Agustus 2022", "12–14 August 2022",
		},
	}
	for _, tc := range tests {
		if got := DateRange(tc.from, tc.to); got != tc.id {
			t.Errorf("%s: DateRange = %q, want %q", tc.name, got, tc.id)
		}
		if got := DateRangeEN(tc.from, tc.to); got != tc.en {
			t.Errorf("%s: DateRangeEN = %q, want %q", tc.name, got, tc.en)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	ok := []struct{ in, want string }{
		{"0812-3456-7890", "+6281234567890"},
		{"081234567890", "+6281234567890"},
		{"6281234567890", "+6281234567890"},
		{"+62 812 3456 7890", "+6281234567890"},
		{"+62 0812 3456 7890", "+6281234567890"}, // trunk 0 written after the country code
		{"620812345678", "+62812345678"},
		{"+62-812-3456-7890", "+6281234567890"},
		{"(+62) 812.3456.7890", "+6281234567890"},
		{"0062 812 3456 7890", "+6281234567890"},
		{"81234567890", "+6281234567890"},
		{"  0812 3456 7890\t", "+6281234567890"},
		{"0812\u00a03456\u00a07890", "+6281234567890"}, // no-break spaces
		{"(021) 555-1234", "+62215551234"},             // Jakarta landline
		{"0711 354321", "+62711354321"},                // Palembang landline
		{"081234567", "+6281234567"},                   // 8-digit minimum
		{"+628123456789012", "+628123456789012"},       // 13-digit maximum
	}
	for _, tc := range ok {
		got, err := NormalizePhone(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	bad := []string{
		"",
		"   ",
		"0",
		"+62",
		"0812345",            // 7 national digits
		"+6281234567890123",  // 14 national digits
		"+62 00812 3456 789", // two trunk zeros
		"00812345678",
		"+1 415 555 2671", // another country
		"+60 12 345 6789", // Malaysia
		"0812-3456-789a",
		"0812/3456/7890",
		"0812+34567890",
		"++6281234567890",
		"０８１２３４５６７８９０", // full-width digits
		"tel:081234567890",
	}
	for _, in := range bad {
		got, err := NormalizePhone(in)
		if !errors.Is(err, ErrInvalidPhone) || got != "" {
			t.Errorf("NormalizePhone(%q) = %q, %v; want ErrInvalidPhone", in, got, err)
		}
	}
	if ErrInvalidPhone.Error() != "nomor telepon tidak valid" {
		t.Errorf("ErrInvalidPhone = %q", ErrInvalidPhone)
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+6281234567890", "+62812****7890"},
		{"+62812345678", "+62812**5678"},
		{"+6281234567", "+62812*4567"},
		{"+628123456789012", "+62812******9012"},
		{"0812-3456-7890", "+62812****7890"}, // normalised first
		{"12345", "*****"},                   // invalid: fully masked
		{"+1 415 555", "**********"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLocalPhone(t *testing.T) {
	for in, want := range map[string]string{"+6281234567890": "081234567890", "081234567890": "081234567890", "": ""} {
		if got := LocalPhone(in); got != want {
			t.Errorf("LocalPhone(%q) = %q, want %q", in, got, want)
		}
		if n, err := NormalizePhone(LocalPhone(in)); in != "" && (err != nil || n != "+6281234567890") {
			t.Errorf("NormalizePhone(LocalPhone(%q)) = %q, %v: the pre-filled number must read back the same", in, n, err)
		}
	}
}

func TestWhatsAppLink(t *testing.T) {
	tests := []struct{ num, text, want string }{
		{"+6281234567890", "", "https://wa.me/6281234567890"},
		{"+6281234567890", "Halo Kak", "https://wa.me/6281234567890?text=Halo%20Kak"},
		{"0812-3456-7890", "Pesanan #12 & 1+1=2?", "https://wa.me/6281234567890?text=Pesanan%20%2312%20%26%201%2B1%3D2%3F"},
		{"+6281234567890", "Kopi ☕\nTotal: Rp15.000", "https://wa.me/6281234567890?text=Kopi%20%E2%98%95%0ATotal%3A%20Rp15.000"},
	}
	for _, tc := range tests {
		if got := WhatsAppLink(tc.num, tc.text); got != tc.want {
			t.Errorf("WhatsAppLink(%q, %q) = %q, want %q", tc.num, tc.text, got, tc.want)
		}
	}
}

func TestNIBNIK(t *testing.T) {
	nib := map[string]bool{
		"1234567890123":  true,
		"0000000000000":  true,
		"123456789012":   false,
		"12345678901234": false,
		"123456789012a":  false,
		"123456789012٣":  false, // Arabic-Indic digit
		" 1234567890123": false,
		"":               false,
	}
	for in, want := range nib {
		if got := ValidNIB(in); got != want {
			t.Errorf("ValidNIB(%q) = %v, want %v", in, got, want)
		}
	}
	nik := map[string]bool{
		"3273012345670001":  true,
		"327301234567000":   false,
		"32730123456700011": false,
		"3273-0123-4567-01": false,
		"327301234567000x":  false,
		"":                  false,
	}
	for in, want := range nik {
		if got := ValidNIK(in); got != want {
			t.Errorf("ValidNIK(%q) = %v, want %v", in, got, want)
		}
	}
	masks := []struct{ in, want string }{
		{"3273012345670001", "327301********01"},
		{"1671010101900099", "167101********99"},
		{"327301234567000", "***************"}, // invalid: fully masked
		{"", ""},
	}
	for _, tc := range masks {
		if got := MaskNIK(tc.in); got != tc.want {
			t.Errorf("MaskNIK(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
