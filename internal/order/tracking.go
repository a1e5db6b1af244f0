package order

import (
	"net/url"
	"strings"
)

// Tracking is where a buyer follows a shipped parcel on its courier's site.
type Tracking struct {
	Courier string // the courier's name as it writes it ("J&T Express")
	URL     string // the courier's public tracking page
	// WithNumber is true when URL already carries the tracking number;
	// otherwise the page asks for it and the buyer copies it from ours.
	WithNumber bool
}

// trackingPage is one known courier: its public tracking page, and the
// pattern that takes the number where the courier has one ("%s").
type trackingPage struct {
	name, page, withNumber string
}

// trackingPages are the couriers whose public tracking page we link, keyed
// by their name squeezed to lower-case letters and digits (see courierKey).
// Patterns as the couriers' sites take them (looked up December 2026);
// a courier whose page takes no number in its address links the page alone.
var trackingPages = map[string]trackingPage{
	"jne":          {"JNE", "https://www.jne.co.id/tracking-package", "https://www.jne.co.id/tracking-package?awb=%s"},
	"jt":           {"J&T Express", "https://jet.co.id/track", ""},
	"jnt":          {"J&T Express", "https://jet.co.id/track", ""},
	"jtexpress":    {"J&T Express", "https://jet.co.id/track", ""},
	"jntexpress":   {"J&T Express", "https://jet.co.id/track", ""},
	"sicepat":      {"SiCepat", "https://www.sicepat.com/checkAwb", "https://www.sicepat.com/checkAwb/%s"},
	"pos":          {"Pos Indonesia", "https://www.posindonesia.co.id/id/tracking", ""},
	"posindonesia": {"Pos Indonesia", "https://www.posindonesia.co.id/id/tracking", ""},
	"anteraja":     {"AnterAja", "https://anteraja.id/tracking", "https://anteraja.id/tracking/%s"},
	"ninja":        {"Ninja Xpress", "https://www.ninjaxpress.co/id-id/tracking", "https://www.ninjaxpress.co/id-id/tracking?id=%s"},
	"ninjaxpress":  {"Ninja Xpress", "https://www.ninjaxpress.co/id-id/tracking", "https://www.ninjaxpress.co/id-id/tracking?id=%s"},
	"ninjaexpress": {"Ninja Xpress", "https://www.ninjaxpress.co/id-id/tracking", "https://www.ninjaxpress.co/id-id/tracking?id=%s"},
	"ninjavan":     {"Ninja Xpress", "https://www.ninjaxpress.co/id-id/tracking", "https://www.ninjaxpress.co/id-id/tracking?id=%s"},
	"lion":         {"Lion Parcel", "https://lionparcel.com/track/stt", ""},
	"lionparcel":   {"Lion Parcel", "https://lionparcel.com/track/stt", ""},
	"idexpress":    {"ID Express", "https://idexpress.com/lacak-paket", ""},
	"ide":          {"ID Express", "https://idexpress.com/lacak-paket", ""},
}

// courierKey squeezes a courier as a seller typed it ("J&T", "Pos
// Indonesia", "SiCepat REG") to its key: lower-case letters and digits,
// without a trailing service name.
func courierKey(courier string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(courier) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TrackingFor returns the tracking page of a courier for a number, and
// false for a courier we do not know (the page then shows the number only).
func TrackingFor(courier, number string) (Tracking, bool) {
	number = strings.TrimSpace(number)
	key := courierKey(courier)
	p, ok := trackingPages[key]
	if !ok {
		// "JNE REG", "SiCepat BEST": the first word names the courier.
		if f := strings.Fields(courier); len(f) > 1 {
			p, ok = trackingPages[courierKey(f[0])]
		}
	}
	if !ok || number == "" {
		return Tracking{}, false
	}
	t := Tracking{Courier: p.name, URL: p.page}
	if p.withNumber != "" {
		t.URL, t.WithNumber = strings.Replace(p.withNumber, "%s", url.PathEscape(number), 1), true
	}
	return t, true
}

// Tracking returns the tracking page of a shipped order, if its courier is known.
func (o Order) Tracking() (Tracking, bool) {
	if o.TrackingNumber == "" {
		return Tracking{}, false
	}
	return TrackingFor(o.Courier, o.TrackingNumber)
}
