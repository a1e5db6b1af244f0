package idn

import "testing"

func TestParseRupiah(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"5.000", 5000, true},
		{"5000", 5000, true},
		{"Rp 5.000", 5000, true},
		{"Rp5.000", 5000, true},
		{"rp. 5.000", 5000, true},
		{"5.000,00", 5000, true},
		{"5.000,-", 0, false},
		{" 1.500.000 ", 1500000, true},
		{"25000", 25000, true},
		{"0", 0, true},
		{"", 0, true},
		{"Rp", 0, true},
		{"5,5", 0, false},
		{"5.000,50", 0, false},
		{"5,", 0, false},
		{"1.5", 0, false},
		{"50.00", 0, false},
		{"5000.000", 0, false},
		{".500", 0, false},
		{"5..000", 0, false},
		{"-5000", 0, false},
		{"+5000", 0, false},
		{"5 000", 0, false},
		{"lima ribu", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, ok := ParseRupiah(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
