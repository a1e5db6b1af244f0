package web

import "net/http"

// routes is the table of contents of the web UI.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	mux.Handle("GET /{$}", s.serve(s.home))
	mux.Handle("GET /cari", s.serve(s.searchPage))
	mux.Handle("GET /produk/{id}", s.serve(s.productPage))
	mux.Handle("GET /umkm/{id}", s.serve(s.storePage))
	mux.Handle("GET /tentang", s.serve(s.aboutPage))
	mux.Handle("GET /bahasa", s.serve(s.switchLanguage))

	mux.Handle("GET /masuk", s.serve(s.loginForm))
	mux.Handle("POST /masuk", s.serve(s.login))
	mux.Handle("GET /daftar", s.serve(s.registerForm))
	mux.Handle("POST /daftar", s.serve(s.register))
	mux.Handle("POST /keluar", s.serve(s.logout))

	mux.Handle("GET /penjual", s.serve(s.sellerDashboard))
	mux.Handle("GET /penjual/umkm/baru", s.serve(s.umkmNewForm))
	mux.Handle("POST /penjual/umkm/baru", s.serve(s.umkmCreate))
	mux.Handle("GET /penjual/umkm/{id}", s.serve(s.umkmManage))
	mux.Handle("GET /penjual/umkm/{id}/ubah", s.serve(s.umkmEditForm))
	mux.Handle("POST /penjual/umkm/{id}/ubah", s.serve(s.umkmUpdate))
	mux.Handle("POST /penjual/umkm/{id}/ajukan", s.serve(s.umkmSubmit))
	mux.Handle("POST /penjual/umkm/{id}/logo", s.serve(s.umkmLogo))
	mux.Handle("POST /penjual/umkm/{id}/pembayaran", s.serve(s.umkmSettings))
	mux.Handle("POST /penjual/umkm/{id}/ongkir", s.serve(s.umkmRates))
	mux.Handle("GET /penjual/umkm/{id}/produk/baru", s.serve(s.productNewForm))
	mux.Handle("POST /penjual/umkm/{id}/produk/baru", s.serve(s.productCreate))
	mux.Handle("GET /penjual/produk/{id}", s.serve(s.productEditForm))
	mux.Handle("POST /penjual/produk/{id}", s.serve(s.productUpdate))
	mux.Handle("POST /penjual/produk/{id}/foto", s.serve(s.productPhotoUpload))
	mux.Handle("POST /penjual/produk/{id}/foto/{photo}/hapus", s.serve(s.productPhotoDelete))
	mux.Handle("POST /penjual/produk/{id}/arsip", s.serve(s.productArchive))

	mux.Handle("GET /beli-bareng", s.serve(s.campaignsPage))
	mux.Handle("GET /beli-bareng/{id}", s.serve(s.campaignPage))
	mux.Handle("POST /beli-bareng/{id}/ikut", s.serve(s.campaignJoin))
	mux.Handle("POST /beli-bareng/{id}/keluar", s.serve(s.campaignLeave))
	mux.Handle("GET /penjual/produk/{id}/beli-bareng", s.serve(s.campaignNewForm))
	mux.Handle("POST /penjual/produk/{id}/beli-bareng", s.serve(s.campaignCreate))
	mux.Handle("POST /penjual/produk/{id}/grosir", s.serve(s.productTiers))
	mux.Handle("GET /keranjang", s.serve(s.cartPage))
	mux.Handle("POST /keranjang", s.serve(s.cartAdd))
	mux.Handle("POST /checkout", s.serve(s.checkout))
	mux.Handle("GET /bayar/{id}", s.serve(s.payPage))
	mux.Handle("POST /bayar/{id}/simulasi", s.serve(s.paySimulate))
	mux.Handle("GET /pesanan", s.serve(s.buyerOrders))
	mux.Handle("GET /pesanan/{id}", s.serve(s.orderPage))
	mux.Handle("POST /pesanan/{id}/status", s.serve(s.orderTransition))
	mux.Handle("GET /penjual/umkm/{id}/pesanan", s.serve(s.sellerOrders))

	mux.Handle("GET /dinas", s.serve(s.agencyDashboard))
	mux.Handle("GET /dinas/pengaturan", s.serve(s.provinceSettings))
	mux.Handle("POST /dinas/pengaturan/ongkir", s.serve(s.provinceRates))
	mux.Handle("POST /dinas/pengaturan/alur", s.serve(s.provinceFlow))
	mux.Handle("GET /dinas/umkm/{id}", s.serve(s.agencyReview))
	mux.Handle("POST /dinas/umkm/{id}/verifikasi", s.serve(s.agencyVerify))
	mux.Handle("POST /dinas/umkm/{id}/tolak", s.serve(s.agencyReject))

	mux.Handle("/", s.serve(func(w http.ResponseWriter, r *http.Request) error {
		return notFound()
	}))
	return mux
}
