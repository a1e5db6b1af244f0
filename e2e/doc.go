// Package e2e holds Gerai's browser tests: they start the whole application
// on a random port and drive a headless Chromium through it with chromedp,
// as a seller, an agency officer and a buyer would. See README.md.
package e2e
