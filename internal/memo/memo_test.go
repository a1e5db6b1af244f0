package memo

import (
	"errors"
	"testing"
	"time"
)

func TestRememberComputesOnceUntilChanged(t *testing.T) {
	c := Cache[string, int]{TTL: time.Hour, Size: 10}
	calls := 0
	get := func() int {
		v, err := c.Remember("k", func() (int, error) { calls++; return calls, nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get() != 1 || get() != 1 {
		t.Fatalf("second read computed again: %d calls", calls)
	}
	c.Changed()
	if get() != 2 {
		t.Fatal("a change did not make the next read compute again")
	}
}

func TestAWriteDuringTheComputationIsNotHidden(t *testing.T) {
	c := Cache[string, int]{TTL: time.Hour, Size: 10}
	c.Remember("k", func() (int, error) { c.Changed(); return 1, nil }) // the write lands while the old value is read
	v, _ := c.Remember("k", func() (int, error) { return 2, nil })
	if v != 2 {
		t.Fatalf("kept a value computed before a write: %d", v)
	}
}

func TestValuesAgeOutAndErrorsAreNotKept(t *testing.T) {
	c := Cache[int, int]{TTL: 20 * time.Millisecond, Size: 10}
	c.Remember(1, func() (int, error) { return 1, nil })
	time.Sleep(40 * time.Millisecond)
	if _, ok := c.Get(1); ok {
		t.Fatal("a value older than the TTL was returned")
	}
	if _, err := c.Remember(2, func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Fatal("the error was lost")
	}
	if _, ok := c.Get(2); ok {
		t.Fatal("an error's value was kept")
	}
}

func TestAFullCacheStartsAgain(t *testing.T) {
	c := Cache[int, int]{TTL: time.Hour, Size: 2}
	for i := range 3 {
		c.Remember(i, func() (int, error) { return i, nil })
	}
	if _, ok := c.Get(0); ok {
		t.Fatal("a full cache kept growing")
	}
	if v, ok := c.Get(2); !ok || v != 2 {
		t.Fatal("the newest value was lost")
	}
}
