package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestTemplatesUseOnlyKnownMessages catches a label that would show as its
// raw key ("pay_direct") instead of words.
func TestTemplatesUseOnlyKnownMessages(t *testing.T) {
	key := regexp.MustCompile(`\.T "([a-z_]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages["id"][m[1]]; !ok {
				t.Errorf("%s uses unknown message %q", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built at run time must exist for every value they take.
	for _, prefix := range []string{"ord_", "do_", "paystatus_", "status_", "cat_", "action_"} {
		found := false
		for k := range messages["id"] {
			if len(k) > len(prefix) && k[:len(prefix)] == prefix {
				found = true
			}
		}
		if !found {
			t.Errorf("no messages with prefix %q", prefix)
		}
	}
	for _, s := range []string{"menunggu_pembayaran", "dibayar", "diproses", "dikirim", "selesai", "dibatalkan"} {
		if _, ok := messages["id"]["ord_"+s]; !ok {
			t.Errorf("order status %s has no label", s)
		}
	}
	for _, s := range []string{"pending", "paid", "expired", "failed", "refunded"} {
		if _, ok := messages["id"]["paystatus_"+s]; !ok {
			t.Errorf("payment status %s has no label", s)
		}
	}
}
