package account

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A caller waiting for a hash slot gives up when its request does, without
// hashing: a client that went away frees its place in the queue.
func TestWaitingForAHashSlotEndsWithTheRequest(t *testing.T) {
	slots := newHashSlots(1)
	holding, release := make(chan struct{}), make(chan struct{})
	go slots.run(context.Background(), func() error { close(holding); <-release; return nil })
	<-holding
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	ran := false
	done := make(chan error)
	go func() { done <- slots.run(ctx, func() error { ran = true; return nil }) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || ran {
			t.Fatalf("run with the request gone: %v (hashed: %v), want context.Canceled without hashing", err, ran)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a caller whose request ended is still waiting for a slot")
	}
}
