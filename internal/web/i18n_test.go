package web

import "testing"

func TestMessagesHaveBothLanguages(t *testing.T) {
	for key := range messages["id"] {
		if _, ok := messages["en"][key]; !ok {
			t.Errorf("English lacks %q", key)
		}
	}
	for key := range messages["en"] {
		if _, ok := messages["id"][key]; !ok {
			t.Errorf("Indonesian lacks %q", key)
		}
	}
}
