package web

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
)

// The proof of a handover from the household's or the group's page, and
// the checked routes that serve the programme's photos, a group's too (the
// public /media/ does not: pangan.MediaPrefix).

// maxSignatureDataURL bounds the drawn signature's data URL: a phone's
// pad at three times 412 px is a few dozen KB of PNG; 1 MB of base64 is
// far above that and far below the upload limit.
const maxSignatureDataURL = 1 << 20

// signaturePrefix starts the data URL signature-pad.js writes.
const signaturePrefix = "data:image/png;base64,"

// proofSection is the anchor of the delivery of the path's proof form.
func proofSection(r *http.Request) string { return "bukti-" + r.PathValue("delivery") }

// plotSection is the anchor of the plot of the path.
func plotSection(r *http.Request) string { return "lahan-" + r.PathValue("plot") }

// mayProveOwnerDelivery asks the service about the delivery of the path
// before the proof's upload is read, and that it is the owner's.
func (s *server) mayProveOwnerDelivery(r *http.Request, id int64, o aidOwner) error {
	delivery, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	owner, err := s.Pangan.MayProveDelivery(r.Context(), id, delivery)
	if err != nil {
		return err
	}
	if !o.is(owner) {
		return platform.NotFound("Penyerahan bantuan")
	}
	return nil
}

// panganAddProof stores what the proof form sent: the handover's photo,
// the BAST's photo, the drawn signature, and the name and point when the
// delivery had none. Complete, the delivery is proven and the page says so.
func (s *server) panganAddProof(r *http.Request, id int64, _ aidOwner, f *Form, next url.Values) error {
	delivery, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	var pr pangan.Proof
	for _, file := range []struct {
		field string
		to    *io.Reader
	}{{"photo", &pr.Photo}, {"bast", &pr.BAST}} {
		if fh, _, err := r.FormFile(file.field); err == nil {
			defer fh.Close()
			*file.to = fh
		}
	}
	if sig := strings.TrimSpace(r.FormValue("signature")); sig != "" {
		png, ok := decodeSignature(sig)
		if !ok {
			f.Fail("signature", "pangan_signature_bad")
			return nil
		}
		pr.Signature = bytes.NewReader(png)
	}
	pr.Lat, pr.Lng = parseCoordinate(f, "lat"), parseCoordinate(f, "lng")
	pr.RecipientName = f.Values["recipient_name"]
	if len(f.Errors) > 0 {
		return nil
	}
	d, err := s.Pangan.AddProof(r.Context(), id, delivery, pr)
	if err != nil {
		return err
	}
	if d.Proven {
		next.Set("terbukti", strconv.FormatInt(d.ID, 10))
	}
	return nil
}

// decodeSignature reads the pad's PNG data URL, bounded; the media
// pipeline then checks it is an image.
func decodeSignature(dataURL string) ([]byte, bool) {
	b64, ok := strings.CutPrefix(dataURL, signaturePrefix)
	if !ok || len(dataURL) > maxSignatureDataURL {
		return nil, false
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	return png, err == nil && len(png) > 0
}

// privateMediaCache lets the browser keep a photo of a family but ask
// again each time (a 304 while the reader may still see it).
const privateMediaCache = "private, no-cache"

// panganProofMedia serves a delivery's stored proof (?v=thumb its
// thumbnail) to the agency and the village's officers. A visitor who is not
// logged in is told nothing exists (404) rather than sent to log in: an
// image's address is no page.
func (s *server) panganProofMedia(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	delivery, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	if !slices.Contains(pangan.ProofKinds, kind) {
		return notFound()
	}
	rc, err := s.Pangan.OpenDeliveryProof(r.Context(), id, delivery, kind, r.URL.Query().Get("v") == "thumb")
	return s.servePrivate(w, r, rc, err)
}

// panganPlotMedia serves a plot's photo (?v=thumb its thumbnail) as panganProofMedia does.
func (s *server) panganPlotMedia(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	plot, err := pathID(r, "plot")
	if err != nil {
		return err
	}
	rc, err := s.Pangan.OpenPlotPhoto(r.Context(), id, plot, r.URL.Query().Get("v") == "thumb")
	return s.servePrivate(w, r, rc, err)
}

func (s *server) servePrivate(w http.ResponseWriter, r *http.Request, rc io.ReadCloser, err error) error {
	if platform.ErrorKind(err) == platform.KindUnauthorized {
		return notFound()
	}
	if err != nil {
		return err
	}
	media.Serve(w, r, rc, privateMediaCache)
	return nil
}
