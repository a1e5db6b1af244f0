package qris

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

const (
	printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
	billChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"
	digits    = "0123456789"
	alnum     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	domainCh  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"
)

func randString(r *rand.Rand, alphabet string, minLen, maxLen int) string {
	n := minLen + r.IntN(maxLen-minLen+1)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randMerchant(r *rand.Rand) Merchant {
	name := randString(r, printable, 1, 25)
	if strings.TrimSpace(name) == "" {
		name = "X" + name[1:]
	}
	city := randString(r, printable, 1, 15)
	if strings.TrimSpace(city) == "" {
		city = "Y" + city[1:]
	}
	m := Merchant{
		Name: name, City: city,
		NMID:           "ID" + randString(r, digits, 13, 13),
		MCC:            randString(r, digits, 4, 4),
		Criteria:       []string{"UMI", "UKE", "UME", "UBE", "URE"}[r.IntN(5)],
		AcquirerDomain: randString(r, domainCh, 1, 32),
	}
	if strings.EqualFold(m.AcquirerDomain, NationalGUID) {
		m.AcquirerDomain = "ID.CO.BANK.WWW"
	}
	if r.IntN(4) > 0 {
		m.PostalCode = randString(r, digits, 5, 10)
	}
	if r.IntN(4) > 0 {
		m.MerchantPAN = randString(r, digits, 1, 19)
	}
	if r.IntN(4) > 0 {
		m.MerchantID = randString(r, alnum, 1, 15)
	}
	return m
}

func randAmount(r *rand.Rand) int64 {
	switch r.IntN(5) {
	case 0:
		return 0
	case 1:
		return 1 + r.Int64N(MaxAmount)
	default:
		return 1 + r.Int64N(10_000_000)
	}
}

// Build → Parse gives back what was built, for random merchants, amounts and
// bill numbers; Dynamic of the static code agrees with building dynamic.
func TestBuildParseRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(20240817, 1))
	for i := range 2000 {
		m := randMerchant(r)
		amount := randAmount(r)
		bill := ""
		if r.IntN(3) > 0 {
			bill = randString(r, billChars, 1, 25)
		}
		s, err := Build(m, amount, bill)
		if err != nil {
			t.Fatalf("case %d: Build(%+v, %d, %q): %v", i, m, amount, bill, err)
		}
		p, err := Parse(s)
		if err != nil {
			t.Fatalf("case %d: Parse(%q): %v", i, s, err)
		}
		got := Merchant{
			Name: p.MerchantName(), City: p.MerchantCity(), NMID: p.NMID(), MCC: p.MCC(),
		}
		got.PostalCode, _ = p.Get("61")
		got.Criteria, _ = p.Sub("51", "03")
		got.AcquirerDomain, _ = p.Sub("26", "00")
		got.MerchantPAN, _ = p.Sub("26", "01")
		got.MerchantID, _ = p.Sub("26", "02")
		if got != m {
			t.Fatalf("case %d: merchant\n got %+v\nwant %+v", i, got, m)
		}
		if c, _ := p.Sub("26", "03"); c != m.Criteria {
			t.Fatalf("case %d: 26/03 %q", i, c)
		}
		n, ok := p.Amount()
		if ok != (amount > 0) || n != amount || p.Dynamic() != (amount > 0) {
			t.Fatalf("case %d: amount %d,%v dynamic %v, want %d", i, n, ok, p.Dynamic(), amount)
		}
		if p.BillNumber() != bill {
			t.Fatalf("case %d: bill %q, want %q", i, p.BillNumber(), bill)
		}
		if p.String() != s {
			t.Fatalf("case %d: String() differs", i)
		}
		if amount == 0 {
			dynAmount := 1 + r.Int64N(MaxAmount)
			dynBill := randString(r, billChars, 1, 25)
			d, err := Dynamic(s, dynAmount, dynBill)
			if err != nil {
				t.Fatalf("case %d: Dynamic: %v", i, err)
			}
			b, err := Build(m, dynAmount, dynBill)
			if err != nil {
				t.Fatalf("case %d: Build dynamic: %v", i, err)
			}
			if bill == "" && d != b {
				t.Fatalf("case %d: Dynamic %q != Build %q", i, d, b)
			}
			q, err := Parse(d)
			if err != nil {
				t.Fatalf("case %d: Parse(Dynamic): %v", i, err)
			}
			if n, _ := q.Amount(); n != dynAmount || q.BillNumber() != dynBill || !q.Dynamic() {
				t.Fatalf("case %d: Dynamic gave amount %d bill %q", i, n, q.BillNumber())
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range publishedQRIS {
		f.Add(s)
	}
	f.Add(nonQRISExample2)
	f.Add(nonQRISPhilippines)
	for _, s := range brokenPublished {
		f.Add(s)
	}
	if s, err := Build(testMerchant, 15000, "INV-1"); err == nil {
		f.Add(s)
	}
	f.Add("")
	f.Add("000201")
	f.Fuzz(func(t *testing.T, s string) {
		checkParsed(t, s)
		// Most mutations fail the CRC; also try the input with its last four
		// characters replaced by the right CRC, to reach the later checks.
		if len(s) >= 4 {
			checkParsed(t, withCRC(s[:len(s)-4]))
		}
	})
}

// checkParsed: Parse never panics, and a parsed payload re-encodes to a
// payload that parses to the same fields.
func checkParsed(t *testing.T, s string) {
	p, err := Parse(s)
	if err != nil {
		if p != nil {
			t.Fatal("payload returned with error")
		}
		return
	}
	_, _ = p.Amount()
	_ = p.MerchantName() + p.MerchantCity() + p.NMID() + p.MCC() + p.BillNumber()
	_ = p.Dynamic()
	out := p.String()
	q, err := Parse(out)
	if err != nil {
		t.Fatalf("String() of a parsed payload does not parse: %v\n in: %q\nout: %q", err, s, out)
	}
	if !reflect.DeepEqual(p.Fields, q.Fields) {
		t.Fatalf("fields differ after String():\n%v\n%v", p.Fields, q.Fields)
	}
	// A valid static payload converts, and the result parses.
	if !p.Dynamic() {
		if d, err := Dynamic(s, 12345, "F-1"); err == nil {
			if _, err := Parse(d); err != nil {
				t.Fatalf("Dynamic output does not parse: %v", err)
			}
		}
	}
}
