package app

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/notify"
	"github.com/gerai-id/gerai/internal/replica"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// setting is one configuration value: its GERAI_* variable, its flag (when
// it has one), how a text sets it, and how it is printed.
type setting struct {
	env, flag, usage string
	isBool           bool
	set              func(c *Config, v string) error
	show             func(c Config) string
}

// settings is every setting Gerai reads; LoadConfig, Flags and String walk it,
// so a setting added here is read, validated and printed the same way.
var settings = []setting{
	{env: "GERAI_ADDR", flag: "addr", usage: "listen address (host:port)",
		set: func(c *Config, v string) error { c.Addr = v; return checkAddr(v) }, show: func(c Config) string { return c.Addr }},
	{env: "GERAI_DB", flag: "db", usage: "database DSN: sqlite:FILE or postgres://…",
		set: func(c *Config, v string) error { c.DB = v; return nil }, show: func(c Config) string { return sqldb.RedactDSN(c.DB) }},
	{env: "GERAI_MEDIA_DIR", flag: "media", usage: "folder for uploaded photos",
		set: func(c *Config, v string) error { c.MediaDir = v; return nil }, show: func(c Config) string { return c.MediaDir }},
	{flag: "demo", usage: "load the demo data set (once)", isBool: true,
		set: boolSetting(func(c *Config) *bool { return &c.Demo }), show: func(c Config) string { return strconv.FormatBool(c.Demo) }},
	{env: "GERAI_PUBLIC_URL", flag: "public-url", usage: "the address people use to reach Gerai (https://…): share links and Secure cookies",
		set:  func(c *Config, v string) error { u, err := parsePublicURL(v); c.PublicURL = u; return err },
		show: func(c Config) string { return c.PublicURL }},
	{env: "GERAI_TRUST_PROXY", flag: "trust-proxy", usage: "behind a reverse proxy: believe its X-Forwarded-For and X-Forwarded-Proto", isBool: true,
		set: boolSetting(func(c *Config) *bool { return &c.TrustProxy }), show: func(c Config) string { return strconv.FormatBool(c.TrustProxy) }},
	{env: "GERAI_SIMULATOR", usage: "built-in payment simulator", isBool: true,
		set: boolSetting(func(c *Config) *bool { return &c.Simulator }), show: func(c Config) string { return strconv.FormatBool(c.Simulator) }},
	{env: "GERAI_SWEEP_INTERVAL", usage: "how often background work runs (Go duration)",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return errors.New("harus durasi positif, misalnya 30s atau 5m")
			}
			c.SweepInterval = d
			return nil
		}, show: func(c Config) string { return c.SweepInterval.String() }},
	{env: "GERAI_SMTP", flag: "smtp", usage: "send email: smtp://user:pass@host:587?from=address",
		set: func(c *Config, v string) error {
			c.SMTP = v
			_, err := notify.NewSMTP(v)
			return err
		}, show: func(c Config) string { return redactURL(c.SMTP) }},
	{env: "GERAI_MIDTRANS_SERVER_KEY", set: func(c *Config, v string) error { c.MidtransServerKey = v; return nil },
		show: func(c Config) string { return secret(c.MidtransServerKey) }},
	{env: "GERAI_MIDTRANS_BASE_URL", set: func(c *Config, v string) error { c.MidtransBaseURL = v; return checkBaseURL(v) },
		show: func(c Config) string { return c.MidtransBaseURL }},
	{env: "GERAI_XENDIT_SECRET_KEY", set: func(c *Config, v string) error { c.XenditSecretKey = v; return nil },
		show: func(c Config) string { return secret(c.XenditSecretKey) }},
	{env: "GERAI_XENDIT_CALLBACK_TOKEN", set: func(c *Config, v string) error { c.XenditCallbackToken = v; return nil },
		show: func(c Config) string { return secret(c.XenditCallbackToken) }},
	{env: "GERAI_XENDIT_BASE_URL", set: func(c *Config, v string) error { c.XenditBaseURL = v; return checkBaseURL(v) },
		show: func(c Config) string { return c.XenditBaseURL }},
	{env: "GERAI_BENCH_SKIP_SALES_NOTES", usage: "benchmark only: orders note nothing for the dashboards' sales figures", isBool: true,
		set: boolSetting(func(c *Config) *bool { return &c.SkipSalesNotes }), show: func(c Config) string { return strconv.FormatBool(c.SkipSalesNotes) }},
	{env: "GERAI_REPLICATE", flag: "replicate", usage: "SQLite: stream every change to this replica (file:///folder) while serving",
		set:  func(c *Config, v string) error { c.Replicate = v; _, err := replica.ParseTarget(v); return err },
		show: func(c Config) string { return c.Replicate }},
	{env: "GERAI_METRICS_TOKEN", usage: "bearer token that lets a scraper elsewhere read /metrics (otherwise loopback clients only)",
		set: func(c *Config, v string) error { c.MetricsToken = v; return nil }, show: func(c Config) string { return secret(c.MetricsToken) }},
	{env: "GERAI_PPROF_ADDR", usage: "Go profiler on this private address",
		set: func(c *Config, v string) error { c.PprofAddr = v; return checkAddr(v) }, show: func(c Config) string { return c.PprofAddr }},
}

// DefaultConfig returns the defaults, before any GERAI_* variable or flag.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DB: "sqlite:gerai.db", SweepInterval: 30 * time.Second}
}

// LoadConfig returns the defaults overridden by the GERAI_* variables that
// getenv finds (the process environment, in production). A malformed value is an error naming its
// variable, so that start-up stops instead of running on a default nobody chose.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	var errs []error
	for _, s := range settings {
		if s.env == "" {
			continue
		}
		if v := getenv(s.env); v != "" {
			if err := s.set(&c, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", s.env, v, err))
			}
		}
	}
	return c, errors.Join(errs...)
}

// Flags registers on fs the flags named (their settings' flag names, such as
// "addr" and "db"); each overrides the value LoadConfig gave c and is
// checked the same way.
func (c *Config) Flags(fs *flag.FlagSet, names ...string) {
	for _, name := range names {
		i := settingIndex(name)
		if i < 0 {
			panic("app: no setting with flag " + name)
		}
		s := settings[i]
		usage := s.usage
		if s.env != "" {
			usage += " (" + s.env + ")"
		}
		set := func(v string) error { return s.set(c, v) }
		if s.isBool {
			fs.BoolFunc(s.flag, usage, set)
		} else {
			fs.Func(s.flag, usage+" (now "+strconv.Quote(s.show(*c))+")", set)
		}
	}
}

func settingIndex(flagName string) int {
	for i, s := range settings {
		if s.flag == flagName {
			return i
		}
	}
	return -1
}

// String lists every setting as NAME=value, secrets and passwords redacted:
// the configuration as it may be printed in a log.
func (c Config) String() string {
	var b strings.Builder
	for _, s := range settings {
		name := s.env
		if name == "" {
			name = "--" + s.flag
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", name, s.show(c))
	}
	return b.String()
}

// PublicBase is the scheme and host that absolute links start with: the
// configured public URL, or one derived from the listen address for a
// server run on one's own machine.
func (c Config) PublicBase() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://localhost"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// PublicHTTPS reports whether the configured public URL is https.
func (c Config) PublicHTTPS() bool { return strings.HasPrefix(c.PublicURL, "https://") }

func boolSetting(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("harus 1 atau 0 (true atau false)")
		}
		*field(c) = b
		return nil
	}
}

func checkAddr(v string) error {
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		return errors.New("harus berbentuk host:port, misalnya 127.0.0.1:8080 atau :8080")
	}
	return nil
}

// parsePublicURL accepts http(s)://host[:port] with no path, query or
// fragment (Gerai serves from the root of its host) and returns it without
// a trailing slash.
func parsePublicURL(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return v, errors.New("harus berbentuk https://nama.host (tanpa path), misalnya https://gerai.sumselprov.go.id")
	}
	return u.Scheme + "://" + u.Host, nil
}

func checkBaseURL(v string) error {
	if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("harus URL http(s) lengkap")
	}
	return nil
}

func secret(v string) string {
	if v == "" {
		return ""
	}
	return "***"
}

// redactURL hides the password of a URL (smtp://user:***@host).
func redactURL(v string) string {
	u, err := url.Parse(v)
	if err != nil {
		return secret(v)
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxx")
		return strings.Replace(u.String(), ":xxx@", ":***@", 1)
	}
	return u.String()
}
