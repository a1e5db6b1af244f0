// Package qrimage reads the text of a QR code from a photo, so that a seller
// can register the static QRIS printed at the till by photographing it.
package qrimage

import (
	"context"
	"errors"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io"

	"github.com/gerai-id/gerai/internal/media"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	_ "golang.org/x/image/webp"
)

// ErrNoCode means no QR code could be read in the image.
var ErrNoCode = errors.New("qrimage: tidak ada kode QR yang terbaca di gambar")

// MaxBytes bounds an uploaded photo.
const MaxBytes = 10 << 20

// Decode returns the text of the QR code in an image (JPEG, PNG, GIF or
// WebP), decoded within the limits of the photos' (media.Decode), so that
// a photo cannot take more memory than a product photo does.
func Decode(ctx context.Context, r io.Reader) (string, error) {
	var text string
	err := media.Decode(ctx, r, MaxBytes, func(img image.Image) (err error) {
		text, err = DecodeImage(img)
		return err
	})
	if err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return "", err
	}
	if err != nil {
		return "", ErrNoCode
	}
	return text, nil
}

// DecodeImage reads the QR code in a decoded image.
func DecodeImage(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", ErrNoCode
	}
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", ErrNoCode
	}
	return res.GetText(), nil
}
