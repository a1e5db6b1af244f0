package shop

import plat "github.com/gerai-id/gerai/internal/platform"

func viaAlias() error {
	v := &plat.Validation{}
	v.Add("a", "Lewat validasi alias")
	return plat.Errorf(plat.KindInvalid, "Lewat alias")
}
