package app

import (
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestMalformedSettingStopsStartUpNamingIt(t *testing.T) {
	for name, bad := range map[string]string{
		"GERAI_ADDR":              "8080",
		"GERAI_PUBLIC_URL":        "gerai.sumselprov.go.id",
		"GERAI_TRUST_PROXY":       "ya",
		"GERAI_SIMULATOR":         "on-kan",
		"GERAI_SWEEP_INTERVAL":    "30",
		"GERAI_SMTP":              "mail.example.id:587",
		"GERAI_MIDTRANS_BASE_URL": "api.midtrans.com",
		"GERAI_XENDIT_BASE_URL":   "ftp://api.xendit.co",
		"GERAI_PPROF_ADDR":        "6061",
		"GERAI_REPLICATE":         "/backup/gerai",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadConfig(env(map[string]string{name: bad}))
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%q: error %v, want one naming %s", name, bad, err, name)
			}
		})
	}
	for name, bad := range map[string]string{
		"GERAI_SWEEP_INTERVAL": "-5s",
		"GERAI_PUBLIC_URL":     "https://gerai.id/toko",
		"GERAI_REPLICATE":      "s3://bucket/gerai", // not served: decision 0042
	} {
		if _, err := LoadConfig(env(map[string]string{name: bad})); err == nil {
			t.Errorf("%s=%q accepted", name, bad)
		}
	}
	// Every bad setting is reported at once, not one per restart.
	_, err := LoadConfig(env(map[string]string{"GERAI_SWEEP_INTERVAL": "sebentar", "GERAI_TRUST_PROXY": "mungkin"}))
	if err == nil || !strings.Contains(err.Error(), "GERAI_SWEEP_INTERVAL") || !strings.Contains(err.Error(), "GERAI_TRUST_PROXY") {
		t.Errorf("two bad settings: %v", err)
	}
}

func TestConfigDefaultsThenEnvironmentThenFlags(t *testing.T) {
	c, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DB != "sqlite:gerai.db" || c.SweepInterval != 30*time.Second || c.TrustProxy || c.PublicHTTPS() {
		t.Errorf("defaults: %+v", c)
	}
	if got := c.PublicBase(); got != "http://127.0.0.1:8080" {
		t.Errorf("public base without a public URL: %q", got)
	}
	c, err = LoadConfig(env(map[string]string{"GERAI_ADDR": ":9000", "GERAI_SWEEP_INTERVAL": "5m", "GERAI_SIMULATOR": "1",
		"GERAI_PUBLIC_URL": "https://gerai.sumselprov.go.id/", "GERAI_TRUST_PROXY": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.SweepInterval != 5*time.Minute || !c.Simulator || !c.TrustProxy ||
		c.PublicBase() != "https://gerai.sumselprov.go.id" || !c.PublicHTTPS() {
		t.Errorf("from the environment: %+v", c)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Flags(fs, "addr", "public-url", "trust-proxy", "demo")
	if err := fs.Parse([]string{"--addr", "0.0.0.0:8081", "--public-url", "https://pasar.jabarprov.go.id", "--trust-proxy=false", "--demo"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:8081" || c.PublicURL != "https://pasar.jabarprov.go.id" || c.TrustProxy || !c.Demo {
		t.Errorf("flags do not win: %+v", c)
	}
	fs = flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Flags(fs, "public-url")
	if err := fs.Parse([]string{"--public-url", "gerai.id"}); err == nil || !strings.Contains(err.Error(), "public-url") {
		t.Errorf("bad flag value: %v, want an error naming --public-url", err)
	}
	if got := (Config{Addr: ":8080"}).PublicBase(); got != "http://localhost:8080" {
		t.Errorf("public base of :8080 = %q", got)
	}
}

func TestConfigPrintsNoSecrets(t *testing.T) {
	c, err := LoadConfig(env(map[string]string{
		"GERAI_DB":                    "postgres://gerai:kata-sandi-db@db.internal:5432/gerai",
		"GERAI_SMTP":                  "smtp://pesanan:kata-sandi-smtp@mail.example.id:587?from=pesanan@gerai.id",
		"GERAI_MIDTRANS_SERVER_KEY":   "SB-Mid-server-rahasia",
		"GERAI_XENDIT_SECRET_KEY":     "xnd_rahasia",
		"GERAI_XENDIT_CALLBACK_TOKEN": "token-rahasia",
	}))
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	for _, secret := range []string{"kata-sandi-db", "kata-sandi-smtp", "SB-Mid-server-rahasia", "xnd_rahasia", "token-rahasia"} {
		if strings.Contains(s, secret) {
			t.Errorf("printed config shows %q: %s", secret, s)
		}
	}
	for _, shown := range []string{"db.internal", "mail.example.id", "GERAI_MIDTRANS_SERVER_KEY=***"} {
		if !strings.Contains(s, shown) {
			t.Errorf("printed config lacks %q: %s", shown, s)
		}
	}
}

// TestSettingsAreReadOnlyByConfig keeps every setting in Config: outside
// tests, only cmd/gerai hands the environment to LoadConfig.
func TestSettingsAreReadOnlyByConfig(t *testing.T) {
	root := filepath.Join("..", "..")
	getenv := regexp.MustCompile(`os\.(Getenv|LookupEnv|Environ)\b`)
	allowed := map[string]bool{
		filepath.Join("cmd", "gerai", "main.go"):       true, // app.LoadConfig(os.Getenv)
		filepath.Join("internal", "testutil", "db.go"): true, // GERAI_TEST_POSTGRES: the test suite's, not Gerai's
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && rel != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || allowed[rel] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if getenv.Match(b) {
			t.Errorf("%s reads the environment; put the setting in app.Config (internal/app/config.go)", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
