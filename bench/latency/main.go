// Command latency is a TCP proxy that delays every chunk it forwards, in
// each direction, by a fixed time: a database on another machine of the
// same data centre (a round trip of 0.2–0.5 ms) for benchmarks that
// otherwise talk to PostgreSQL over loopback, where a round trip costs
// almost nothing and the statements a change saves do not show.
//
//	go run ./bench/latency -listen 127.0.0.1:15999 -to 127.0.0.1:5432 -delay 150us
//
// Order is kept: each direction is one queue, written out at receipt + delay.
// The delay is a floor, not a setting: on a VM Go's timers wake late, and
// -delay 150us measured 2.3 ms per round trip on the 2-core test VM (59 µs
// without the proxy). Measure the round trip you get (bench/README.md,
// issue 14) before reading figures taken through it.
package main

import (
	"flag"
	"io"
	"log"
	"net"
	"time"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:15999", "address to accept on")
	to := flag.String("to", "127.0.0.1:5432", "address to forward to")
	delay := flag.Duration("delay", 150*time.Microsecond, "added to each direction (a round trip gains twice this)")
	flag.Parse()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			u, err := net.Dial("tcp", *to)
			if err != nil {
				log.Print(err)
				c.Close()
				return
			}
			go forward(u, c, *delay)
			forward(c, u, *delay)
		}()
	}
}

type chunk struct {
	b  []byte
	at time.Time
}

// forward copies from src to dst, each chunk no sooner than delay after it arrived.
func forward(dst, src net.Conn, delay time.Duration) {
	q := make(chan chunk, 1024)
	go func() {
		defer close(q)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			if n > 0 {
				q <- chunk{b[:n], time.Now().Add(delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for ch := range q {
		if d := time.Until(ch.at); d > 0 {
			time.Sleep(d)
		}
		if _, err := dst.Write(ch.b); err != nil {
			break
		}
	}
	io.Copy(io.Discard, src)
	dst.Close()
	src.Close()
}
