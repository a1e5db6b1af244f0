package web

import "net/http"

// routes is the table of contents of the web UI.
func (s *server) routes() *routeTable {
	mux := &routeTable{ServeMux: http.NewServeMux()}
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
	mux.Handle("GET /lupa-sandi", s.serve(s.forgotForm))
	mux.Handle("POST /lupa-sandi", s.serve(s.forgot))
	mux.Handle("GET /atur-sandi/{token}", s.serve(s.resetForm))
	mux.Handle("POST /atur-sandi/{token}", s.serve(s.reset))

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
	mux.Handle("POST /beli-bareng/{id}/tingkat", s.serve(s.campaignTiers))
	mux.Handle("GET /penjual/produk/{id}/beli-bareng", s.serve(s.campaignNewForm))
	mux.Handle("POST /penjual/produk/{id}/beli-bareng", s.serve(s.campaignCreate))
	mux.Handle("POST /penjual/produk/{id}/grosir", s.serve(s.productTiers))
	mux.Handle("GET /kelompok", s.serve(s.groupsPage))
	mux.Handle("POST /kelompok", s.serve(s.groupCreate))
	mux.Handle("GET /kelompok/{id}", s.serve(s.groupPage))
	mux.Handle("POST /kelompok/{id}/pesanan", s.serve(s.groupOrderOpen))
	mux.Handle("GET /gabung/{token}", s.serve(s.groupJoinPage))
	mux.Handle("POST /gabung/{token}", s.serve(s.groupJoin))
	mux.Handle("POST /kelompok/pesanan/tambah", s.serve(s.groupItemAdd))
	mux.Handle("GET /kelompok/pesanan/{id}", s.serve(s.groupOrderPage("group_order")))
	mux.Handle("GET /kelompok/pesanan/{id}/ringkasan", s.serve(s.groupOrderPage("group_summary")))
	mux.Handle("POST /kelompok/pesanan/{id}/baris/{line}", s.serve(s.groupLineUpdate))
	mux.Handle("POST /kelompok/pesanan/{id}/tutup", s.serve(s.groupOrderClose))
	mux.Handle("POST /kelompok/pesanan/{id}/pesan", s.serve(s.groupOrderCheckout))
	mux.Handle("GET /expo", s.serve(s.expoList))
	mux.Handle("GET /expo/{id}", s.serve(s.expoPage))
	mux.Handle("POST /expo/{id}/daftar", s.serve(s.expoApply))
	mux.Handle("GET /expo/{id}/laporan", s.serve(s.expoReport))
	mux.Handle("GET /expo/{id}/laporan.csv", s.serve(s.expoReportFile("csv")))
	mux.Handle("GET /expo/{id}/laporan.xlsx", s.serve(s.expoReportFile("xlsx")))
	mux.Handle("GET /dinas/expo", s.serve(s.expoAgencyList))
	mux.Handle("POST /dinas/expo", s.serve(s.expoCreate))
	mux.Handle("GET /dinas/expo/{id}", s.serve(s.expoManage))
	mux.Handle("POST /dinas/expo/{id}/status", s.serve(s.expoAction("status", []string{"status", "confirm"}, s.expoStatus)))
	mux.Handle("POST /dinas/expo/{id}/booth", s.serve(s.expoAction("booths", []string{"booths"}, s.expoBooths)))
	mux.Handle("POST /dinas/expo/{id}/peserta", s.serve(s.expoAction("exhibitor", []string{"kind", "umkm_id", "name", "regency_code", "category", "booth", "parent_id"}, s.expoAddExhibitor)))
	mux.Handle("POST /dinas/expo/{id}/peserta/{exhibitor}/putusan", s.serve(s.expoAction("exhibitor", []string{"approve"}, s.expoDecide)))
	mux.Handle("POST /dinas/expo/{id}/peserta/{exhibitor}/booth", s.serve(s.expoAction("exhibitor", []string{"booth"}, s.expoBoothOf)))
	mux.Handle("POST /dinas/expo/{id}/pembeli", s.serve(s.expoAction("buyer", []string{"name", "company", "kind", "phone"}, s.expoAddBuyer)))
	mux.Handle("POST /dinas/expo/{id}/pertemuan", s.serve(s.expoAction("meeting", []string{"buyer_id", "exhibitor_id", "starts_at", "minutes"}, s.expoSchedule)))
	mux.Handle("POST /dinas/expo/{id}/pertemuan/{meeting}/hasil", s.serve(s.expoAction("outcome", []string{"outcome", "value", "notes"}, s.expoOutcome)))
	mux.Handle("POST /dinas/expo/{id}/pengunjung", s.serve(s.expoAction("visitors", []string{"day", "visitors"}, s.expoVisitors)))
	mux.Handle("GET /kasir", s.serve(s.kasirList))
	mux.HandleFunc("GET /kasir/sw.js", kasirWorker)
	mux.Handle("GET /kasir/{event}/{exhibitor}", s.serve(s.kasirPage))
	mux.Handle("POST /kasir/{event}/{exhibitor}/sync", s.serve(s.kasirSync))
	mux.Handle("POST /kasir/{event}/{exhibitor}/jual", s.serve(s.kasirSell))
	mux.Handle("POST /kasir/{event}/{exhibitor}/bawa", s.serve(s.kasirBring))
	mux.Handle("POST /kasir/{event}/{exhibitor}/penjualan/{sale}/batal", s.serve(s.kasirVoid))
	mux.Handle("GET /kasir/pasar/{venue}/{code}", s.serve(s.stallKasirPage))
	mux.Handle("POST /kasir/pasar/{venue}/{code}/sync", s.serve(s.stallKasirSync))
	mux.Handle("POST /kasir/pasar/{venue}/{code}/jual", s.serve(s.stallKasirSell))
	mux.Handle("POST /kasir/pasar/{venue}/{code}/penjualan/{sale}/batal", s.serve(s.stallKasirVoid))
	mux.Handle("GET /pasar", s.serve(s.mallList))
	mux.Handle("GET /pasar/{id}", s.serve(s.mallPage))
	mux.Handle("POST /pasar/{id}/daftar", s.serve(s.mallApply))
	mux.Handle("GET /pasar/{id}/lapak/{code}", s.serve(s.stallPageHandler))
	mux.Handle("POST /pasar/{id}/lapak/{code}/hadir", s.serve(s.stallCheckIn))
	mux.Handle("GET /pengelola/pasar", s.serve(s.mallRunList))
	mux.Handle("POST /pengelola/pasar", s.serve(s.mallCreate))
	mux.Handle("GET /pengelola/pasar/{id}", s.serve(s.mallManage))
	mux.Handle("GET /pengelola/pasar/{id}/qr", s.serve(s.mallQRSheet))
	mux.Handle("GET /pengelola/pasar/{id}/laporan", s.serve(s.mallReport))
	mux.Handle("GET /pengelola/pasar/{id}/laporan.csv", s.serve(s.mallReportFile("csv")))
	mux.Handle("GET /pengelola/pasar/{id}/laporan.xlsx", s.serve(s.mallReportFile("xlsx")))
	mux.Handle("POST /pengelola/pasar/{id}/lapak", s.serve(s.mallAction("stalls", nil, s.mallStalls)))
	mux.Handle("POST /pengelola/pasar/{id}/lapak/{code}/pengganti", s.serve(s.mallAction("standin", []string{"application_id"}, s.mallStandIn)))
	mux.Handle("POST /pengelola/pasar/{id}/aturan", s.serve(s.mallAction("rulebook", rulebookFields, s.mallRulebook)))
	mux.Handle("POST /pengelola/pasar/{id}/pengajuan/{app}/putusan", s.serve(s.mallAction("decision", []string{"status", "reason", "class"}, s.mallDecide)))
	mux.Handle("POST /pengelola/pasar/{id}/pengajuan/{app}/nilai", s.serve(s.mallAction("decision", nil, s.mallScore)))
	mux.Handle("POST /pengelola/pasar/{id}/alokasi", s.serve(s.mallAction("allocate", []string{"from", "to", "seed"}, s.mallAllocate)))
	mux.Handle("POST /pengelola/pasar/{id}/tagihan", s.serve(s.mallAction("fees", []string{"invoice_from", "invoice_to"}, s.mallInvoice)))
	mux.Handle("POST /pengelola/pasar/{id}/tagihan/{invoice}/bayar", s.serve(s.mallAction("pay", []string{"amount", "method", "reference", "key"}, s.mallPay)))
	mux.Handle("POST /pengelola/pasar/{id}/qris", s.serve(s.mallAction("qris", []string{"static_qris"}, s.mallSetQRIS)))
	mux.Handle("POST /pengelola/pasar/{id}/staf", s.serve(s.mallAction("staff", []string{"email"}, s.mallAddStaff)))
	mux.Handle("GET /keranjang", s.serve(s.cartPage))
	mux.Handle("POST /keranjang", s.serve(s.cartAdd))
	mux.Handle("POST /checkout", s.serve(s.checkout))
	mux.Handle("GET /bayar/{id}", s.serve(s.payPage))
	mux.Handle("GET /bayar/{id}/qris.png", s.serve(s.payQR))
	mux.Handle("POST /bayar/{id}/simulasi", s.serve(s.paySimulate))
	mux.Handle("GET /pesanan", s.serve(s.buyerOrders))
	mux.Handle("GET /pesanan/{id}", s.serve(s.orderPage))
	mux.Handle("POST /pesanan/{id}/status", s.serve(s.orderTransition))
	mux.Handle("GET /penjual/umkm/{id}/pesanan", s.serve(s.sellerOrders))

	mux.Handle("GET /admin", s.serve(s.adminDashboard))
	mux.Handle("GET /admin/pengguna", s.serve(s.adminUsers))
	mux.Handle("GET /admin/pengguna/{id}", s.serve(s.adminUser))
	mux.Handle("POST /admin/pengguna/{id}", s.serve(s.adminUserUpdate))
	mux.Handle("GET /admin/pembayaran", s.serve(s.adminPayouts))
	mux.Handle("POST /admin/pembayaran", s.serve(s.adminPayout))

	mux.Handle("GET /dinas", s.serve(s.agencyDashboard))
	mux.Handle("GET /dinas/pengaturan", s.serve(s.provinceSettings))
	mux.Handle("POST /dinas/pengaturan/ongkir", s.serve(s.provinceRates))
	mux.Handle("POST /dinas/pengaturan/alur", s.serve(s.provinceFlow))
	mux.Handle("GET /dinas/umkm", s.serve(s.agencyRegistry))
	mux.Handle("GET /dinas/umkm.csv", s.serve(s.agencyRegistryFile("csv")))
	mux.Handle("GET /dinas/umkm.xlsx", s.serve(s.agencyRegistryFile("xlsx")))
	mux.Handle("GET /dinas/umkm/{id}", s.serve(s.agencyReview))
	mux.Handle("POST /dinas/umkm/{id}/verifikasi", s.serve(s.agencyVerify))
	mux.Handle("POST /dinas/umkm/{id}/tolak", s.serve(s.agencyReject))

	mux.Handle("/", s.serve(func(w http.ResponseWriter, r *http.Request) error {
		return notFound()
	}))
	return mux
}

// routeTable is a ServeMux that remembers its patterns, so that tests can
// walk every page the UI has (Routes).
type routeTable struct {
	*http.ServeMux
	patterns []string
}

func (t *routeTable) Handle(pattern string, h http.Handler) {
	t.patterns = append(t.patterns, pattern)
	t.ServeMux.Handle(pattern, h)
}

func (t *routeTable) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	t.Handle(pattern, http.HandlerFunc(h))
}

// Routes lists the web UI's route patterns ("GET /produk/{id}", …) in the
// order routes declares them.
func Routes() []string { return (&server{}).routes().patterns }
