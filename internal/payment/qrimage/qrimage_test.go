package qrimage_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/gerai-id/gerai/internal/payment/qrimage"
	"github.com/gerai-id/gerai/internal/payment/qris"
)

func TestReadsAStaticQRISFromAPhoto(t *testing.T) {
	static, err := qris.Build(qris.Merchant{Name: "PEMPEK CEK LINA", City: "PALEMBANG", NMID: "ID1020039876543", MCC: "5812",
		Criteria: "UMI", AcquirerDomain: "ID.CO.BANKSUMSEL.WWW", MerchantPAN: "9360012000000002", MerchantID: "LINA01"}, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	pngBytes, err := qrcode.Encode(static, qrcode.Medium, 512)
	if err != nil {
		t.Fatal(err)
	}
	// As a phone photo would arrive: a JPEG, the code off-centre on a larger light background.
	src, _ := png.Decode(bytes.NewReader(pngBytes))
	photo := image.NewRGBA(image.Rect(0, 0, 900, 1200))
	for y := 0; y < 1200; y++ {
		for x := 0; x < 900; x++ {
			photo.Set(x, y, color.RGBA{235, 232, 225, 255})
		}
	}
	for y := 0; y < 512; y++ {
		for x := 0; x < 512; x++ {
			photo.Set(x+150, y+300, src.At(x, y))
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, photo, &jpeg.Options{Quality: 80})
	got, err := qrimage.Decode(context.Background(), &buf)
	if err != nil || got != static {
		t.Fatalf("Decode = %q, %v; want the static QRIS", got, err)
	}
	blank := image.NewGray(image.Rect(0, 0, 300, 300))
	buf.Reset()
	png.Encode(&buf, blank)
	if _, err := qrimage.Decode(context.Background(), &buf); err != qrimage.ErrNoCode {
		t.Fatalf("a blank image: %v, want ErrNoCode", err)
	}
	if _, err := qrimage.Decode(context.Background(), bytes.NewReader([]byte("bukan gambar"))); err != qrimage.ErrNoCode {
		t.Fatalf("not an image: %v", err)
	}
}
