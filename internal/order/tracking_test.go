package order

import "testing"

func TestTrackingFor(t *testing.T) {
	cases := []struct {
		courier, number string
		url             string
		withNumber, ok  bool
	}{
		{"JNE", "0101900014919", "https://www.jne.co.id/tracking-package?awb=0101900014919", true, true},
		{"jne reg", "CGK123", "https://www.jne.co.id/tracking-package?awb=CGK123", true, true},
		{"J&T", "JP1234567890", "https://jet.co.id/track", false, true},
		{"J&T Express", "JP1234567890", "https://jet.co.id/track", false, true},
		{"SiCepat", "002345678901", "https://www.sicepat.com/checkAwb/002345678901", true, true},
		{"SiCepat BEST", "002345678901", "https://www.sicepat.com/checkAwb/002345678901", true, true},
		{"Pos Indonesia", "P2212000123", "https://www.posindonesia.co.id/id/tracking", false, true},
		{"AnterAja", "10001234", "https://anteraja.id/tracking/10001234", true, true},
		{"Ninja Xpress", "NLIDAP123", "https://www.ninjaxpress.co/id-id/tracking?id=NLIDAP123", true, true},
		{"Lion Parcel", "11LP123", "https://lionparcel.com/track/stt", false, true},
		{"ID Express", "IDE123", "https://idexpress.com/lacak-paket", false, true},
		{"AnterAja", "a/b c", "https://anteraja.id/tracking/a%2Fb%20c", true, true}, // the number cannot change the path
		{"Kurir Pak Budi", "123", "", false, false},
		{"JNE", "", "", false, false},
	}
	for _, c := range cases {
		got, ok := TrackingFor(c.courier, c.number)
		if ok != c.ok || got.URL != c.url || got.WithNumber != c.withNumber {
			t.Errorf("TrackingFor(%q, %q) = %+v, %v; want %q, %v, %v", c.courier, c.number, got, ok, c.url, c.withNumber, c.ok)
		}
	}
}
