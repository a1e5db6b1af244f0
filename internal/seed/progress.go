package seed

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/idn"
)

// TerminalProgress returns a progress callback for Synthetic that reports to
// w. On a terminal it redraws one line per stage with \r (bar, percentage,
// rows per second and time left) at most ten times a second; otherwise (a
// pipe, a log file) it prints a plain line at every tenth of a stage.
func TerminalProgress(w io.Writer) func(stage string, done, total int) {
	p := &progressLine{w: w, tty: isTerminal(w), now: time.Now}
	return p.update
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type progressLine struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	now      func() time.Time
	stage    string
	start    time.Time
	last     time.Time
	lastStep int
	open     bool // a redrawn line is on screen without its newline
	finished bool // the current stage has reported done == total
}

const redrawEvery = 100 * time.Millisecond

func (p *progressLine) update(stage string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if stage != p.stage {
		if p.open {
			fmt.Fprintln(p.w)
			p.open = false
		}
		p.stage, p.start, p.last, p.lastStep, p.finished = stage, now, time.Time{}, -1, false
	}
	if p.finished {
		return
	}
	finished := done >= total
	if p.tty {
		if !finished && now.Sub(p.last) < redrawEvery {
			return
		}
		p.last = now
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.format(done, total, now, true))
		p.open = true
	} else {
		step := 10
		if total > 0 {
			step = done * 10 / total
		}
		if step <= p.lastStep && !finished {
			return
		}
		p.lastStep = step
		fmt.Fprintln(p.w, p.format(done, total, now, false))
	}
	if finished {
		p.finished = true
		if p.open {
			fmt.Fprintln(p.w)
			p.open = false
		}
	}
}

func (p *progressLine) format(done, total int, now time.Time, bar bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-7s", p.stage)
	frac := 1.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	if bar {
		const width = 24
		n := int(frac * width)
		b.WriteString("[" + strings.Repeat("#", n) + strings.Repeat("-", width-n) + "] ")
	}
	pct := strings.Replace(fmt.Sprintf("%5.1f%%", frac*100), ".", ",", 1)
	fmt.Fprintf(&b, "%s  %s/%s", pct, idn.FormatInt(int64(done)), idn.FormatInt(int64(total)))
	elapsed := now.Sub(p.start)
	if elapsed > 0 && done > 0 {
		rate := float64(done) / elapsed.Seconds()
		fmt.Fprintf(&b, "  %s/dtk", idn.FormatInt(int64(rate)))
		if done >= total {
			fmt.Fprintf(&b, "  selesai dalam %s", clock(elapsed))
		} else if rate > 0 {
			fmt.Fprintf(&b, "  sisa %s", clock(time.Duration(float64(total-done)/rate*float64(time.Second))))
		}
	}
	return b.String()
}

// clock formats d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
