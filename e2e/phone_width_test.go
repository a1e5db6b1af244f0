package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chromedp/chromedp"
)

// phoneWidth is the width, in CSS pixels, of the phone every page must fit:
// a cheap Android phone (issue 10 §13).
const phoneWidth = 412

// phoneViewport turns a tab into that phone (mobile emulation, so that the
// page's viewport meta tag counts as on a real phone).
func phoneViewport() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(phoneWidth, 915, chromedp.EmulateMobile, chromedp.EmulatePortrait)
}

// widthReport is what measureWidth finds on a page.
type widthReport struct {
	// ScrollWidth is document.documentElement.scrollWidth.
	ScrollWidth int `json:"scrollWidth"`
	// Offenders are the outermost elements that stick out to the right,
	// widest first: a box wider than the phone, or one whose own text runs
	// past it. What sits inside an element that scrolls or clips on its own
	// (overflow-x other than visible, such as .table-scroll) is not counted.
	Offenders []widthOffender `json:"offenders"`
}

type widthOffender struct {
	Path  string `json:"path"`  // e.g. "main > article.product > div"
	Right int    `json:"right"` // its right edge, in CSS pixels from the page's left
	Text  bool   `json:"text"`  // its own text overflows, not a child's box
	// Cause is the element inside it that makes it wide, when hiding one
	// element makes it fit, e.g. a <select> with a long option.
	Cause string `json:"cause"`
}

// measureWidthJS walks the rendered page from <body> and collects the
// outermost elements whose box, or whose own text, ends right of limit.
const measureWidthJS = `((limit) => {
	const name = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += "#" + el.id;
		const c = typeof el.className === "string" ? el.className.trim() : "";
		if (c) s += "." + c.split(/\s+/).join(".");
		return s;
	};
	const path = el => {
		const parts = [];
		for (let e = el; e && e !== document.body; e = e.parentElement) parts.unshift(name(e));
		return parts.slice(-5).join(" > ");
	};
	const out = [], ext = new Map();
	// visit returns how far right el and what it holds reach.
	const visit = (el, contained, parentRight) => {
		const cs = getComputedStyle(el);
		if (cs.display === "none") return 0;
		const r = el.getBoundingClientRect();
		const left = r.left + scrollX, right = r.right + scrollX;
		const clips = el !== document.body && cs.overflowX !== "visible";
		let kids = 0;
		for (const c of el.children) kids = Math.max(kids, visit(c, contained || clips, right));
		// An element's scrollWidth takes in its text as well as its children.
		const own = clips ? right : Math.max(right, left + el.clientLeft + el.scrollWidth);
		const reach = Math.max(own, clips ? right : kids);
		ext.set(el, reach);
		if (!contained && el !== document.body) {
			if (right > limit + 1 && parentRight <= limit + 1) out.push({el, right, text: false});
			else if (right <= limit + 1 && own > limit + 1 && kids <= limit + 1 && (r.width > 0 || r.height > 0)) out.push({el, right: own, text: true});
		}
		return reach;
	};
	visit(document.body, false, 0);
	// cause finds the element that makes el wide: the deepest one, inside
	// el's parent, whose hiding (for a moment) lets el fit. A grid's column
	// is made wide by what its other items hold, hence the parent. Rows and
	// row groups are left out, so that a table wide by all its cells names
	// no single cause.
	const cause = el => {
		const fitsWithout = c => {
			const was = c.style.display;
			c.style.display = "none";
			const right = el.getBoundingClientRect().right + scrollX;
			c.style.display = was;
			return right <= limit + 1;
		};
		let found = null;
		const skip = new Set(["TBODY", "THEAD", "TFOOT", "TR"]);
		const walk = e => {
			for (const c of e.children) {
				if ((ext.get(c) || 0) <= limit + 1) continue;
				if (c !== el && !c.contains(el) && !skip.has(c.tagName) && fitsWithout(c)) found = c;
				walk(c);
			}
		};
		walk(el.parentElement || el);
		return found ? path(found) + snippet(found) : "";
	};
	const snippet = el => {
		const t = (el.tagName === "SELECT" ? (el.selectedOptions[0] || {}).text || "" :
			el.tagName === "INPUT" || el.tagName === "TEXTAREA" ? el.value : el.textContent).trim().replace(/\s+/g, " ");
		return t ? " \u201c" + (t.length > 30 ? t.slice(0, 30) + "\u2026" : t) + "\u201d" : "";
	};
	out.sort((a, b) => b.right - a.right);
	return {
		scrollWidth: document.documentElement.scrollWidth,
		offenders: out.slice(0, 4).map(o => ({path: path(o.el) + (o.text ? snippet(o.el) : ""), right: Math.round(o.right), text: o.text, cause: cause(o.el)})),
	};
})(%d)`

// measureWidth measures the loaded page of ctx against limit px.
func measureWidth(ctx context.Context, limit int) (widthReport, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[widthReport](fmt.Sprintf(measureWidthJS, limit)))
}

// fits says what sticks out of a phone limit px wide, "" when nothing does.
func (w widthReport) fits(limit int) string {
	if w.ScrollWidth <= limit && len(w.Offenders) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d px wide on a %d px phone", w.ScrollWidth, limit)
	// Sibling offenders alike (four tables of a report) are named once.
	var seen []string
	for _, o := range w.Offenders {
		key := o.Path + "|" + o.Cause
		if slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		i := len(seen) - 1
		if i == 0 {
			b.WriteString("; widest: ")
		} else {
			b.WriteString("; also: ")
		}
		fmt.Fprintf(&b, "<%s> to %d px", o.Path, o.Right)
		if o.Text {
			b.WriteString(" (its text)")
		}
		if o.Cause != "" {
			fmt.Fprintf(&b, ", made wide by <%s>", o.Cause)
		}
	}
	if len(w.Offenders) == 0 {
		b.WriteString(" (no element sticks out: a pseudo-element or a margin?)")
	}
	return b.String()
}

// fitsPhone fails a page, loaded at phoneWidth, that is wider than the phone.
func fitsPhone(p *browserPage) []string {
	w, err := measureWidth(p.Ctx, phoneWidth)
	if err != nil {
		return []string{"measure the width: " + err.Error()}
	}
	if msg := w.fits(phoneWidth); msg != "" {
		return []string{fmt.Sprintf("%s (role %s, route %s)", msg, p.Role, p.Pattern)}
	}
	return nil
}

// fitsPhone turns b's tab into the phone, measures the page as it stands
// (no reload, so what its scripts drew stays: a receipt), saves a
// screenshot when shot is not "", and turns the tab back to the desktop.
func (b *browser) fitsPhone(what, shot string) {
	b.t.Helper()
	b.do("phone viewport", phoneViewport())
	w := run(b, "measure the width of "+what, chromedp.Evaluate[widthReport](fmt.Sprintf(measureWidthJS, phoneWidth)))
	if msg := w.fits(phoneWidth); msg != "" {
		b.t.Errorf("%s (%s): %s", what, b.path(), msg)
	}
	if shot != "" {
		b.screenshot(shot)
	}
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
}
