package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBadSettingStopsTheCommand: a malformed GERAI_* variable used to be
// ignored silently (a bad GERAI_SWEEP_INTERVAL ran every 30 s instead).
func TestBadSettingStopsTheCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "gerai.db")
	t.Setenv("GERAI_SWEEP_INTERVAL", "sebentar")
	_, err := gerai(t, "", "migrate", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "GERAI_SWEEP_INTERVAL") {
		t.Fatalf("migrate with GERAI_SWEEP_INTERVAL=sebentar: %v, want an error naming it", err)
	}
	t.Setenv("GERAI_SWEEP_INTERVAL", "")
	if _, err := gerai(t, "", "serve", "--db", db, "--public-url", "ftp://gerai.id"); err == nil || !strings.Contains(err.Error(), "public-url") {
		t.Fatalf("serve --public-url ftp://…: %v, want an error naming the flag", err)
	}
}
