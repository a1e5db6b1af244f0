package media

import (
	"errors"

	"github.com/gerai-id/gerai/internal/platform"
)

// UserError turns an image-processing error into a message for the person
// who uploaded the file, on the form field "photo". Other errors pass through.
func UserError(err error) error {
	field := func(msg string, kind platform.Kind) error {
		e := platform.Newf(kind, msg).OnField("photo")
		e.Err = err
		return e
	}
	switch {
	case errors.Is(err, ErrTooLarge):
		return field("Foto terlalu besar (maksimal 10 MB)", platform.KindTooLarge)
	case errors.Is(err, ErrNotImage):
		return field("Berkas bukan gambar JPEG, PNG, GIF atau WebP", platform.KindInvalid)
	case errors.Is(err, ErrImageDimensions):
		return field("Ukuran gambar tidak wajar (minimal 64 piksel, maksimal 40 megapiksel)", platform.KindInvalid)
	}
	return err
}
