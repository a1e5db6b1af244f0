package seed

import "github.com/gerai-id/gerai/internal/umkm"

// The demo data set: the eight Sumatera Selatan regencies that exhibited at
// Sumsel Expo 2022 in Bandung, Kota Palembang, and Jawa Barat, the host of
// Hari UMKM Nasional 2022. Businesses and people are invented.

// DemoPassword is the password of every demo account.
const DemoPassword = "gerai-demo-2022"

// DemoLogins are the demo accounts to show on the login page and in the
// README; all use DemoPassword.
var DemoLogins = []struct{ Email, Role, Note string }{
	{"admin@gerai.id", "admin", "Admin platform: semua provinsi"},
	{"dinas.sumsel@gerai.id", "agency", "Dinas KUKM Sumatera Selatan: verifikasi UMKM provinsi 16"},
	{"dinas.jabar@gerai.id", "agency", "Dinas KUKM Jawa Barat: verifikasi UMKM provinsi 32"},
	{"penjual@gerai.id", "seller", "Pemilik Pempek Cek Lina, Kemplang Panggang Sungai Pinang dan draf Kue Maksuba Kak Ros"},
	{"euis.kelom@demo.gerai.id", "seller", "Pemilik Kelom Geulis Tasikmalaya (Jawa Barat): memproses pesanannya"},
	{"pembeli@gerai.id", "buyer", "Pembeli: menjelajah, mencari, memesan dan membayar (QRIS simulasi)"},
	{demoCashier, "buyer", "Kasir booth Pempek Cek Lina di Sumsel Expo 2022 (/kasir)"},
	{demoOperator, "buyer", "Petugas PT Jaswita Jabar: menjalankan Pasar Kreatif Jawa Barat (lapak, kurasi, alokasi, hari pasar)"},
	{demoOfficer, "buyer", "Penyuluh Gerakan Sumsel Mandiri Pangan: empat desa di Tanjungsakti Pumu, Lahat (kunjungan rumah tangga)"},
	{demoPartnerStaff, "partner", "Staf PT Pusri (mitra BUMN): UMKM binaan, program, pelatihan dan pinjaman PUMK (/mitra)"},
	{demoBankStaff, "partner", "Staf Bank Sumsel Babel (mitra bank): UMKM binaan dan pinjaman"},
	{demoSponsor, "buyer", "Staf CSR Bank Sumsel Babel: laporan bantuan bank di Gerakan Sumsel Mandiri Pangan (nama berupa inisial)"},
}

// demoCashier is the demo's expo cashier: an account with no role of its
// own, named cashier of one booth by the booth's owner.
const demoCashier = "kasir@gerai.id"

// demoNames are the display names of the DemoLogins accounts, and the
// province of the agencies.
var demoNames = map[string]struct{ name, province string }{
	"admin@gerai.id":           {"Admin Gerai", ""},
	"dinas.sumsel@gerai.id":    {"Petugas Dinas KUKM Sumsel", "16"},
	"dinas.jabar@gerai.id":     {"Petugas Dinas KUKM Jabar", "32"},
	"penjual@gerai.id":         {"Rosalina Dewi", ""},
	"pembeli@gerai.id":         {"Budi Santoso", ""},
	"euis.kelom@demo.gerai.id": {"Euis Komalasari", ""},
	demoCashier:                {"Dedi Kurniawan", ""},
	demoOperator:               {"Rahmat Hidayat", ""},
	demoOfficer:                {"Hendra Saputra", ""},
	demoSponsor:                {"Rina Marlina", ""},
	demoPartnerStaff:           {"Yudi Pratama", ""},
	demoBankStaff:              {"Sari Wulandari", ""},
}

type demoProduct struct {
	name        string
	price       int64
	stock       int64
	grams       int64
	halal       bool
	motif       motif
	description string
}

type demoUMKM struct {
	ownerEmail   string // penjual@gerai.id, or the owner's own account
	name         string
	ownerName    string
	regency      string
	category     string
	kbli         string
	address      string
	whatsapp     string
	description  string
	capital      int64
	turnover     int64
	halalCert    string
	pirt         string
	status       umkm.Status
	rejectReason string
	products     []demoProduct
}

const penjual = "penjual@gerai.id"

var demoUMKMs = []demoUMKM{
	// ---- Sumatera Selatan ----
	{
		ownerEmail: "ipah.songket@demo.gerai.id", name: "Songket Cek Ipah", ownerName: "Ipah Nurhayati", regency: "16.71",
		category: "fesyen", kbli: "13121", address: "Jl. Ki Gede Ing Suro No. 27, 30 Ilir, Ilir Barat II, Palembang",
		whatsapp: "0812-7311-2045", capital: 6_500_000_000, turnover: 18_000_000_000, status: umkm.StatusVerified,
		description: "Rumah tenun songket keluarga sejak 1978 di kawasan 30 Ilir. Tiga puluh penenun binaan menenun songket lepus, tretes dan bungo cino dengan benang emas dan sutra.",
		products: []demoProduct{
			{"Kain Songket Lepus Bintang Berakam Benang Emas", 12_500_000, 3, 900, false, motifSongket,
				"Kain songket ditenun tangan oleh perajin Palembang dengan benang emas pilihan. Motif lepus menutupi hampir seluruh permukaan kain; satu lembar dikerjakan tiga bulan oleh penenun senior kami."},
			{"Songket Lepus Naga Besaung Merah Marun", 15_000_000, 2, 950, false, motifSongket,
				"Songket adat dengan motif naga besaung yang dahulu dikenakan bangsawan Palembang. Ditenun dengan benang emas sepuh di atas sutra merah marun, dilengkapi sertifikat keaslian."},
			{"Kain Songket Tretes Mender", 4_750_000, 5, 800, false, motifSongket,
				"Tenunan songket bermotif tretes di tepi dan bagian tengah polos, cocok untuk kain sarung pengantin dan acara adat. Benang emas dipadukan benang sutra."},
			{"Songket Bungo Cino Benang Perak", 2_850_000, 6, 750, false, motifSongket,
				"Songket bermotif bunga cina yang ditenun dengan benang perak, lebih ringan dipakai sehari-hari. Kami menenun setiap lembar dengan alat tenun tradisional."},
			{"Selendang Songket Limar", 1_500_000, 10, 300, false, motifSongket,
				"Selendang songket limar dengan teknik ikat pada benang pakan, hasil tenunan halus dari perajin 30 Ilir. Cantik dipadukan dengan kebaya."},
		},
	},
	{
		ownerEmail: penjual, name: "Pempek Cek Lina", ownerName: "Rosalina Dewi", regency: "16.71",
		category: "kuliner", kbli: "10750", address: "Jl. Mayor Ruslan No. 8, 20 Ilir D II, Kemuning, Palembang",
		whatsapp: "0813-6702-1188", capital: 1_200_000_000, turnover: 3_500_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000384210822", pirt: "2061671010451-27",
		description: "Pempek ikan tenggiri asli Palembang yang diolah setiap pagi tanpa pengawet. Kami melayani pengiriman pempek beku vakum ke seluruh Indonesia.",
		products: []demoProduct{
			{"Paket Pempek Campur Beku isi 20", 85_000, 60, 1000, true, motifPempek,
				"Satu paket berisi kapal selam kecil, lenjer, adaan dan kulit, olahan ikan tenggiri segar. Dikemas vakum lalu dibekukan sehingga tahan dua minggu di freezer. Cuko kental disertakan."},
			{"Pempek Kapal Selam Besar isi 5", 95_000, 40, 900, true, motifPempek,
				"Kapal selam berisi telur ayam utuh, digoreng sebentar sebelum dikemas beku. Tinggal dipanaskan dan disajikan dengan cuko dan mentimun."},
			{"Pempek Lenjer Panjang isi 4", 70_000, 45, 800, true, motifPempek,
				"Lenjer panjang dari adonan ikan tenggiri dan sagu, direbus lalu dibekukan. Cocok digoreng dan dipotong-potong untuk hidangan keluarga."},
			{"Cuko Pempek Kental 500 ml", 30_000, 80, 600, true, motifJar,
				"Cuko racikan gula batok, asam jawa, bawang putih dan cabai rawit, dimasak hingga kental. Pedasnya dapat dipilih saat pemesanan."},
			{"Tekwan Beku Siap Masak", 65_000, 30, 700, true, motifPempek,
				"Bola-bola ikan tenggiri dengan kuah udang yang dibekukan terpisah, lengkap dengan bengkoang, jamur kuping dan soun."},
		},
	},
	{
		ownerEmail: "aisyah.jumputan@demo.gerai.id", name: "Jumputan Tuan Kentang", ownerName: "Nyimas Aisyah", regency: "16.71",
		category: "fesyen", kbli: "13134", address: "Lorong Ketapang No. 14, Tuan Kentang, Jakabaring, Palembang",
		whatsapp: "0821-7744-3160", capital: 1_800_000_000, turnover: 4_200_000_000, status: umkm.StatusVerified,
		description: "Sentra kain jumputan di Kampung Tuan Kentang. Kain diikat dengan tangan, dicelup berulang kali, lalu dijemur di tepian Sungai Ogan.",
		products: []demoProduct{
			{"Kain Jumputan Sutra Motif Bintik Tujuh", 850_000, 8, 350, false, motifJumputan,
				"Kain sutra yang diikat titik demi titik lalu dicelup tiga warna. Setiap lembar jumputan memiliki pola unik karena seluruhnya dikerjakan tangan."},
			{"Kain Jumputan Katun Pelangi", 350_000, 25, 400, false, motifJumputan,
				"Jumputan katun bermotif pelangi dengan warna cerah, nyaman dijahit menjadi kemeja atau gamis. Pewarnaan dikunci sehingga tidak mudah luntur."},
			{"Selendang Jumputan Sutra", 275_000, 30, 150, false, motifJumputan,
				"Selendang ringan dari sutra jumputan, cocok untuk hantaran dan oleh-oleh khas Palembang."},
			{"Baju Kurung Jumputan Wanita", 425_000, 12, 450, false, motifJumputan,
				"Baju kurung berbahan jumputan katun yang dijahit rapi oleh penjahit kampung kami. Tersedia ukuran M, L dan XL."},
		},
	},
	{
		ownerEmail: penjual, name: "Kue Maksuba Kak Ros", ownerName: "Rosalina Dewi", regency: "16.71",
		category: "kuliner", kbli: "10710", address: "Jl. Mayor Ruslan No. 8, 20 Ilir D II, Kemuning, Palembang",
		whatsapp: "0813-6702-1188", capital: 45_000_000, turnover: 180_000_000, status: umkm.StatusDraft,
		description: "Kue khas Palembang untuk Lebaran dan hantaran: maksuba, lapan jam dan bolu kojo. Masih dilengkapi sebelum diajukan ke dinas.",
		products: []demoProduct{
			{"Kue Maksuba Loyang 20 x 20 cm", 225_000, 10, 1200, true, motifLayers,
				"Kue lapis legit khas Palembang dari telur bebek dan susu kental manis, dipanggang selapis demi selapis selama lima jam."},
			{"Kue Lapan Jam", 250_000, 8, 1200, true, motifLayers,
				"Kue manis legit yang dikukus delapan jam hingga berwarna cokelat karamel. Hidangan wajib di meja Lebaran wong Palembang."},
			{"Bolu Kojo Pandan", 85_000, 15, 800, true, motifLayers,
				"Bolu kojo beraroma daun pandan dan santan, dipanggang dalam cetakan bunga hingga bagian atasnya kecokelatan."},
		},
	},
	{
		ownerEmail: penjual, name: "Kemplang Panggang Sungai Pinang", ownerName: "Rosalina Dewi", regency: "16.10",
		category: "kuliner", kbli: "10792", address: "Desa Sungai Pinang Lama, Kecamatan Sungai Pinang, Ogan Ilir",
		whatsapp: "0813-6702-1188", capital: 150_000_000, turnover: 720_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000512930722", pirt: "2061610010233-26",
		description: "Kemplang ikan yang dipanggang di atas bara arang oleh ibu-ibu Desa Sungai Pinang. Tanpa minyak, renyah, dan gurih ikannya terasa.",
		products: []demoProduct{
			{"Kemplang Panggang Original 250 g", 25_000, 200, 250, true, motifDiscs,
				"Kerupuk kemplang dari ikan gabus dan tenggiri yang dijemur lalu dipanggang di atas bara. Renyah tanpa digoreng, teman makan pempek dan tekwan."},
			{"Kemplang Panggang Pedas 250 g", 27_000, 150, 250, true, motifDiscs,
				"Kemplang panggang berbalut bumbu cabai kering yang pedasnya pas. Dikemas dalam kantong bersegel agar tetap renyah."},
			{"Kerupuk Kemplang Mentah 1 kg", 85_000, 80, 1000, true, motifDiscs,
				"Kemplang mentah untuk digoreng atau dipanggang sendiri di rumah. Olahan ikan segar tanpa pengawet, tahan berbulan-bulan bila disimpan kering."},
			{"Kemplang Panggang dan Sambal Cocol", 35_000, 120, 350, true, motifDiscs,
				"Paket kemplang panggang dengan sambal cocol merah khas Ogan Ilir dalam botol kecil. Cocok untuk oleh-oleh."},
		},
	},
	{
		ownerEmail: "nurhasanah.songket@demo.gerai.id", name: "Songket Tanjung Batu", ownerName: "Nurhasanah", regency: "16.10",
		category: "fesyen", kbli: "13121", address: "Desa Limbang Jaya, Kecamatan Tanjung Batu, Ogan Ilir",
		whatsapp: "0822-8105-4471", capital: 95_000_000, turnover: 410_000_000, status: umkm.StatusSubmitted,
		description: "Kelompok penenun songket di Tanjung Batu, sentra songket tertua di Ogan Ilir. Kami menenun di rumah panggung masing-masing.",
		products: []demoProduct{
			{"Kain Songket Tanjung Batu Motif Pucuk Rebung", 3_250_000, 4, 800, false, motifSongket,
				"Songket ditenun tangan oleh ibu-ibu Tanjung Batu dengan motif pucuk rebung yang melambangkan harapan. Benang emas impor di atas sutra."},
			{"Songket Benang Sutra Motif Bunga Tabur", 2_100_000, 6, 750, false, motifSongket,
				"Tenunan songket bunga tabur dengan benang sutra lembut, dikerjakan enam minggu per lembar."},
			{"Selendang Songket Tanjung Batu", 750_000, 12, 250, false, motifStripes,
				"Selendang songket bermotif garis yang ringan, hasil tenunan perajin muda Tanjung Batu."},
		},
	},
	{
		ownerEmail: "herman.kemplang@demo.gerai.id", name: "Kerupuk Kemplang OKI", ownerName: "Herman Syahputra", regency: "16.02",
		category: "kuliner", kbli: "10792", address: "Jl. Lintas Timur KM 4, Kayuagung, Ogan Komering Ilir",
		whatsapp: "0852-6720-9913", capital: 1_100_000_000, turnover: 2_600_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000277650921", pirt: "2061602010087-25",
		description: "Produsen kerupuk dan kemplang ikan sungai dari Kayuagung. Ikan dibeli langsung dari nelayan Sungai Komering setiap hari.",
		products: []demoProduct{
			{"Kerupuk Kemplang Ikan Gabus 500 g", 55_000, 100, 500, true, motifDiscs,
				"Kemplang dari ikan gabus segar dan sagu aren, dijemur di bawah matahari lalu digoreng. Gurih ikannya kuat dan teksturnya renyah."},
			{"Kerupuk Kemplang Udang 250 g", 32_000, 140, 250, true, motifDiscs,
				"Olahan udang sungai dan tepung tapioka, digoreng dengan minyak baru setiap produksi."},
			{"Kerupuk Ikan Tenggiri Premium 250 g", 45_000, 90, 250, true, motifDiscs,
				"Kerupuk dengan kandungan ikan tenggiri tinggi, cocok untuk hidangan pesta dan hantaran."},
			{"Kemplang Goreng Kecil 1 kg", 90_000, 60, 1000, true, motifDiscs,
				"Kemplang goreng ukuran kecil dalam kemasan besar untuk warung dan rumah makan."},
		},
	},
	{
		ownerEmail: "maimunah.purun@demo.gerai.id", name: "Anyaman Purun Pedamaran", ownerName: "Maimunah", regency: "16.02",
		category: "kriya", kbli: "16292", address: "Desa Menang Raya, Kecamatan Pedamaran, Ogan Komering Ilir",
		whatsapp: "0823-7190-5528", capital: 35_000_000, turnover: 160_000_000, status: umkm.StatusSubmitted,
		description: "Kerajinan anyaman purun dari rawa Pedamaran. Purun dipanen, dijemur dan ditumbuk sebelum dianyam menjadi tikar dan tas.",
		products: []demoProduct{
			{"Tas Jinjing Anyaman Purun Motif Kotak", 125_000, 30, 400, false, motifWeave,
				"Tas jinjing dari purun yang dianyam rapat dan diwarnai alami. Kerajinan ramah lingkungan pengganti kantong plastik."},
			{"Tikar Purun Lipat 2 x 1 m", 150_000, 20, 1800, false, motifWeave,
				"Tikar anyaman purun ukuran dua kali satu meter, dilapisi kain di tepinya agar awet."},
			{"Bakul Purun Serbaguna", 45_000, 50, 300, false, motifWeave,
				"Bakul kecil anyaman purun untuk wadah buah, roti atau perlengkapan rumah."},
		},
	},
	{
		ownerEmail: "syahrial.aren@demo.gerai.id", name: "Gula Aren Semidang Aji", ownerName: "Syahrial Effendi", regency: "16.01",
		category: "pertanian", kbli: "10721", address: "Desa Semidang Aji, Kecamatan Semidang Aji, Ogan Komering Ulu",
		whatsapp: "0852-7305-6684", capital: 80_000_000, turnover: 390_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000461170522", pirt: "2061601020112-26",
		description: "Kelompok penyadap nira aren di lereng Bukit Barisan. Nira disadap pagi dan sore lalu dimasak di tungku kayu hingga mengental.",
		products: []demoProduct{
			{"Gula Aren Cetak Batok 1 kg", 38_000, 150, 1000, true, motifBlocks,
				"Gula aren murni yang dicetak dalam batok kelapa, tanpa campuran gula pasir. Manis legit dengan aroma karamel."},
			{"Gula Semut Aren Organik 500 g", 45_000, 120, 500, true, motifJar,
				"Gula aren kristal yang diayak halus, praktis untuk kopi, teh dan kue. Dikeringkan hingga kadar airnya rendah sehingga awet."},
			{"Nira Aren Kental 1 liter", 55_000, 40, 1200, true, motifJar,
				"Sirup nira aren kental untuk pemanis minuman dan es campur, dimasak perlahan tanpa pengawet."},
		},
	},
	{
		ownerEmail: "zulkifli.kopi@demo.gerai.id", name: "Kopi Semendo Muara Enim", ownerName: "Zulkifli Hamdan", regency: "16.03",
		category: "pertanian", kbli: "10761", address: "Desa Pulau Panggung, Semende Darat Laut, Muara Enim",
		whatsapp: "0812-7856-0432", capital: 1_350_000_000, turnover: 4_800_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000198830621", pirt: "2061603010176-25",
		description: "Koperasi petani kopi robusta Semendo di ketinggian 900–1.400 mdpl. Ceri kopi dipetik merah, dijemur di para-para, dan disangrai sendiri.",
		products: []demoProduct{
			{"Kopi Semendo Robusta Bubuk 250 g", 65_000, 200, 250, true, motifBeans,
				"Kopi robusta Semendo yang disangrai sedang dan digiling halus. Rasa cokelat dan rempah dengan keasaman rendah."},
			{"Biji Kopi Semendo Sangrai 500 g", 110_000, 90, 500, true, motifBeans,
				"Biji kopi sangrai utuh untuk digiling sendiri, cocok untuk tubruk, mesin espresso maupun tetes."},
			{"Green Bean Robusta Semendo 1 kg", 95_000, 300, 1000, false, motifBeans,
				"Biji kopi mentah olah natural, disortir tangan untuk penyangrai dan kedai kopi."},
			{"Kopi Lanang Semendo 250 g", 85_000, 60, 250, true, motifBeans,
				"Kopi lanang (peaberry) yang dipilih satu per satu dari hasil panen, rasanya lebih tebal dan manis."},
		},
	},
	{
		ownerEmail: "rohani.keripik@demo.gerai.id", name: "Keripik Pisang Tanjung Enim", ownerName: "Siti Rohani", regency: "16.03",
		category: "kuliner", kbli: "10792", address: "Jl. Lingkar Tanjung Enim No. 31, Lawang Kidul, Muara Enim",
		whatsapp: "0895-3310-2278", capital: 25_000_000, turnover: 140_000_000, status: umkm.StatusSubmitted,
		pirt:        "2061603010298-27",
		description: "Keripik pisang rumahan dari pisang kepok kebun sendiri, digoreng setiap hari dalam jumlah kecil.",
		products: []demoProduct{
			{"Keripik Pisang Manis 250 g", 20_000, 100, 250, true, motifDiscs,
				"Keripik pisang kepok yang diiris tipis lalu digoreng dan dilapisi gula aren."},
			{"Keripik Pisang Balado 250 g", 22_000, 100, 250, true, motifDiscs,
				"Keripik pisang dengan bumbu balado pedas manis, renyah dan tidak berminyak."},
			{"Keripik Pisang Cokelat 250 g", 25_000, 80, 250, true, motifDiscs,
				"Keripik pisang berlapis cokelat, disukai anak-anak untuk bekal sekolah."},
		},
	},
	{
		ownerEmail: "rosmalawati.gambo@demo.gerai.id", name: "Tenun Gambo Muba", ownerName: "Rosmalawati", regency: "16.06",
		category: "fesyen", kbli: "13134", address: "Jl. Kolonel Wahid Udin, Serasan Jaya, Sekayu, Musi Banyuasin",
		whatsapp: "0821-8076-5519", capital: 1_050_000_000, turnover: 2_300_000_000, status: umkm.StatusVerified,
		description: "Kain gambo khas Musi Banyuasin: kain jumputan dan tenunan yang diwarnai getah gambir (gambo) sisa pengolahan petani gambir Muba.",
		products: []demoProduct{
			{"Kain Gambo Muba Motif Cuplik Bunga", 450_000, 15, 400, false, motifJumputan,
				"Kain ditenun dan diikat lalu dicelup getah gambir hingga berwarna cokelat kemerahan. Pewarnaan alami yang ramah lingkungan."},
			{"Selendang Gambo Pewarna Gambir", 275_000, 25, 150, false, motifStripes,
				"Selendang tenunan tipis dengan gradasi warna gambir, dikerjakan perajin Sekayu."},
			{"Kemeja Pria Kain Gambo", 385_000, 18, 350, false, motifTshirt,
				"Kemeja lengan panjang dari kain gambo, dijahit rapi dengan potongan modern untuk ke kantor."},
			{"Tas Tenun Gambo", 195_000, 20, 400, false, motifWeave,
				"Tas jinjing dari tenun gambo dengan lapisan dalam kain katun dan ritsleting."},
		},
	},
	{
		ownerEmail: "abdullah.madu@demo.gerai.id", name: "Madu Sialang Muba", ownerName: "Abdullah Saleh", regency: "16.06",
		category: "pertanian", kbli: "01492", address: "Desa Bayung Lencir Indah, Kecamatan Bayung Lencir, Musi Banyuasin",
		whatsapp: "0853-6601-7742", capital: 60_000_000, turnover: 250_000_000, status: umkm.StatusRejected,
		rejectReason: "Nomor P-IRT belum dicantumkan dan foto izin edar tidak terbaca. Mohon lengkapi data lalu ajukan kembali.",
		description:  "Madu hutan dari pohon sialang di hutan Bayung Lencir, dipanen secara tradisional pada malam hari.",
		products: []demoProduct{
			{"Madu Sialang Murni 500 g", 125_000, 40, 600, true, motifJar,
				"Madu hutan yang dipanen dari sarang lebah di pohon sialang, disaring tanpa dipanaskan."},
			{"Madu Sialang 1 kg", 230_000, 25, 1200, true, motifJar,
				"Madu murni kemasan besar untuk keluarga, dipanen setahun dua kali."},
			{"Sarang Madu Sialang Potong", 150_000, 10, 500, true, motifBlocks,
				"Potongan sarang lebah berisi madu, dapat dikunyah langsung."},
		},
	},
	{
		ownerEmail: "hamdan.nanas@demo.gerai.id", name: "Nanas Madu Prabumulih", ownerName: "Hamdan Yusuf", regency: "16.74",
		category: "pertanian", kbli: "01302", address: "Jl. Padat Karya, Gunung Ibul, Prabumulih Timur, Prabumulih",
		whatsapp: "0812-7120-8853", capital: 70_000_000, turnover: 480_000_000, status: umkm.StatusVerified,
		halalCert: "ID16110000603340422", pirt: "2061674010064-26",
		description: "Kebun nanas madu Prabumulih dan olahannya. Nanas dipetik matang pohon sehingga manis tanpa rasa gatal.",
		products: []demoProduct{
			{"Nanas Madu Prabumulih isi 5 Buah", 50_000, 80, 5000, true, motifFruit,
				"Nanas madu segar yang dipetik pagi hari dan dikirim dalam kardus berlubang agar tidak memar."},
			{"Dodol Nanas 250 g", 25_000, 90, 250, true, motifBlocks,
				"Dodol dari nanas madu dan tepung ketan yang diaduk empat jam di atas tungku."},
			{"Selai Nanas Prabumulih 300 g", 28_000, 70, 350, true, motifJar,
				"Selai nanas untuk isian nastar dan olesan roti, dimasak dari nanas matang tanpa pewarna."},
			{"Keripik Nanas 100 g", 20_000, 60, 100, true, motifDiscs,
				"Irisan nanas yang dikeringkan dengan penggorengan vakum, manis dan renyah."},
		},
	},
	{
		ownerEmail: "rina.batik@demo.gerai.id", name: "Batik Kujur", ownerName: "Rina Marlina", regency: "16.74",
		category: "fesyen", kbli: "13134", address: "Jl. Jenderal Sudirman No. 102, Prabumulih Utara, Prabumulih",
		whatsapp: "0822-8219-6027", capital: 120_000_000, turnover: 560_000_000, status: umkm.StatusVerified,
		description: "Batik tulis dan cap bermotif kujur (tombak tradisional) dan nanas, motif khas Prabumulih yang kami kembangkan sejak 2015.",
		products: []demoProduct{
			{"Kain Batik Tulis Motif Kujur", 750_000, 10, 400, false, motifBatik,
				"Batik tulis dengan canting di atas kain primisima, motif kujur yang tersusun rapat. Diwarnai dua kali dengan pewarna alam."},
			{"Kemeja Batik Cap Kujur Pria", 250_000, 30, 300, false, motifBatik,
				"Kemeja batik cap lengan pendek, bahan katun adem. Dijahit dengan furing di bagian bahu."},
			{"Kain Batik Cap Motif Nanas dan Kujur", 325_000, 20, 400, false, motifBatik,
				"Kain batik cap dua meter perpaduan motif nanas dan kujur, cocok untuk seragam kantor."},
		},
	},
	{
		ownerEmail: "ismail.duku@demo.gerai.id", name: "Duku Komering", ownerName: "Ismail Rahman", regency: "16.08",
		category: "pertanian", kbli: "01251", address: "Desa Rasuan, Kecamatan Madang Suku I, OKU Timur",
		whatsapp: "0813-7342-9016", capital: 55_000_000, turnover: 310_000_000, status: umkm.StatusVerified,
		description: "Kebun duku di tepian Sungai Komering. Duku komering terkenal manis, berkulit tipis dan berbiji kecil.",
		products: []demoProduct{
			{"Duku Komering Super 5 kg", 75_000, 100, 5000, false, motifFruit,
				"Duku pilihan yang dipetik saat panen raya, disortir dan dikemas dalam keranjang bambu."},
			{"Duku Komering 10 kg", 140_000, 60, 10000, false, motifFruit,
				"Duku komering kemasan besar untuk keluarga dan pedagang buah."},
			{"Bibit Duku Komering Sambung Pucuk", 45_000, 200, 1500, false, motifFruit,
				"Bibit hasil sambung pucuk dari pohon induk unggul, berbuah dalam empat sampai lima tahun."},
		},
	},
	{
		ownerEmail: "khadijah.tempoyak@demo.gerai.id", name: "Tempoyak Mak Ijah", ownerName: "Khadijah", regency: "16.05",
		category: "kuliner", kbli: "10399", address: "Desa Muara Kelingi, Kecamatan Muara Kelingi, Musi Rawas",
		whatsapp: "0852-6944-1025", capital: 20_000_000, turnover: 95_000_000, status: umkm.StatusVerified,
		pirt:        "2061605010039-25",
		description: "Tempoyak durian fermentasi dan olahannya dari durian Musi Rawas. Resep keluarga yang diwariskan tiga generasi.",
		products: []demoProduct{
			{"Tempoyak Durian Asli 500 g", 45_000, 50, 550, true, motifJar,
				"Daging durian yang difermentasi dengan garam selama seminggu. Bahan pindang ikan patin dan sambal tempoyak."},
			{"Sambal Tempoyak Teri 200 g", 35_000, 60, 250, true, motifJar,
				"Sambal tempoyak dengan teri medan dan cabai, ditumis hingga harum."},
			{"Lempok Durian 250 g", 40_000, 45, 250, true, motifBlocks,
				"Lempok dari daging durian matang dan gula, diaduk berjam-jam hingga pekat."},
			{"Bumbu Pindang Tempoyak Siap Masak", 30_000, 40, 300, true, motifJar,
				"Bumbu pindang berisi tempoyak, kunyit, serai dan cabai. Tinggal tambahkan ikan dan air."},
		},
	},

	// ---- Jawa Barat ----
	{
		ownerEmail: "tati.batik@demo.gerai.id", name: "Batik Trusmi Cirebon", ownerName: "Tati Suryani", regency: "32.09",
		category: "fesyen", kbli: "13134", address: "Jl. Buyut Trusmi No. 45, Trusmi Wetan, Plered, Kabupaten Cirebon",
		whatsapp: "0812-2401-7736", capital: 5_800_000_000, turnover: 16_500_000_000, status: umkm.StatusVerified,
		description: "Rumah batik di kampung Trusmi yang membatik mega mendung dan singa barong sejak tiga generasi, dengan empat puluh pembatik.",
		products: []demoProduct{
			{"Kain Batik Tulis Mega Mendung Biru", 850_000, 12, 400, false, motifBatik,
				"Batik tulis mega mendung dengan tujuh gradasi biru, dibatik oleh pembatik Trusmi selama sebulan."},
			{"Kemeja Batik Cap Mega Mendung Pria", 275_000, 40, 300, false, motifBatik,
				"Kemeja batik cap berbahan katun primis, dijahit rapi dengan kancing batok."},
			{"Kain Batik Tulis Singa Barong", 1_250_000, 5, 450, false, motifBatik,
				"Motif kereta singa barong Keraton Kasepuhan, dibatik halus dengan pewarna alam."},
			{"Selendang Batik Trusmi Sutra", 450_000, 20, 150, false, motifBatik,
				"Selendang sutra bermotif mega mendung merah, ringan dan berkilau."},
			{"Daster Batik Cap Trusmi", 95_000, 60, 250, false, motifBatik,
				"Daster adem dari batik cap katun, nyaman dipakai sehari-hari."},
		},
	},
	{
		ownerEmail: "darsa.empal@demo.gerai.id", name: "Empal Gentong Mang Darsa", ownerName: "Darsa Supriatna", regency: "32.74",
		category: "kuliner", kbli: "10130", address: "Jl. Pekalipan No. 19, Pekalipan, Kota Cirebon",
		whatsapp: "0857-2245-3391", capital: 260_000_000, turnover: 1_400_000_000, status: umkm.StatusVerified,
		halalCert: "ID32110000714560922", pirt: "2063274010215-27",
		description: "Empal gentong dan oleh-oleh khas Cirebon. Daging dimasak dalam gentong tanah liat di atas kayu asam.",
		products: []demoProduct{
			{"Empal Gentong Beku 3 Porsi", 95_000, 30, 1200, true, motifJar,
				"Empal gentong daging sapi dan jeroan berkuah santan kuning, dibekukan dalam kemasan vakum."},
			{"Kerupuk Melarat 500 g", 18_000, 150, 500, true, motifDiscs,
				"Kerupuk warna-warni khas Cirebon yang digoreng dengan pasir, bukan minyak."},
			{"Sambal Cabai Kering Mang Darsa", 25_000, 70, 200, true, motifJar,
				"Sambal cabai kering pendamping empal gentong, pedas dan beraroma bawang goreng."},
		},
	},
	{
		ownerEmail: "euis.kelom@demo.gerai.id", name: "Kelom Geulis Tasikmalaya", ownerName: "Euis Komalasari", regency: "32.78",
		category: "kriya", kbli: "16299", address: "Jl. Gobras No. 7, Sambongpari, Mangkubumi, Kota Tasikmalaya",
		whatsapp: "0813-2099-6644", capital: 180_000_000, turnover: 900_000_000, status: umkm.StatusVerified,
		description: "Perajin kelom geulis di Gobras, Tasikmalaya. Kayu mahoni dan albasia diukir, dilukis tangan, lalu dipelitur.",
		products: []demoProduct{
			{"Kelom Geulis Lukis Bunga Wanita", 185_000, 40, 600, false, motifSandal,
				"Sandal kayu albasia yang dilukis tangan dengan motif bunga, ringan dan tidak licin."},
			{"Kelom Geulis Ukir Motif Mega Mendung", 235_000, 25, 650, false, motifSandal,
				"Kelom geulis yang diukir motif mega mendung lalu diwarnai dan dipelitur mengilap."},
			{"Kelom Geulis Anak Warna Pastel", 95_000, 50, 350, false, motifSandal,
				"Kelom ukuran anak dengan warna pastel, cocok untuk acara sekolah dan foto keluarga."},
		},
	},
	{
		ownerEmail: "neneng.bordir@demo.gerai.id", name: "Bordir Kawalu", ownerName: "Neneng Nurjanah", regency: "32.78",
		category: "fesyen", kbli: "13991", address: "Kampung Cibeuti, Kawalu, Kota Tasikmalaya",
		whatsapp: "0821-1830-4457", capital: 1_300_000_000, turnover: 2_900_000_000, status: umkm.StatusSubmitted,
		description: "Usaha bordir Kawalu yang membordir mukena, kerudung dan busana muslim untuk pasar Tanah Abang dan Bandung.",
		products: []demoProduct{
			{"Mukena Bordir Kawalu Katun Rayon", 325_000, 40, 500, false, motifStripes,
				"Mukena katun rayon dengan bordir bunga di tepi, dibordir dengan mesin juki oleh perajin Kawalu."},
			{"Kerudung Bordir Tepi Motif Bunga", 85_000, 80, 150, false, motifStripes,
				"Kerudung segi empat voal dengan bordiran tepi yang rapi."},
			{"Baju Koko Bordir Pria", 195_000, 35, 300, false, motifTshirt,
				"Baju koko lengan panjang dengan bordir kerah dan dada."},
		},
	},
	{
		ownerEmail: "enok.dodol@demo.gerai.id", name: "Dodol Garut Ceu Enok", ownerName: "Enok Suryani", regency: "32.05",
		category: "kuliner", kbli: "10732", address: "Jl. Ciledug No. 112, Pataruman, Tarogong Kidul, Garut",
		whatsapp: "0852-2367-8810", capital: 1_500_000_000, turnover: 5_200_000_000, status: umkm.StatusVerified,
		halalCert: "ID32110000350070622", pirt: "2063205010098-25",
		description: "Dodol Garut yang diaduk dalam kawah tembaga selama delapan jam. Dibungkus kertas minyak warna-warni satu per satu.",
		products: []demoProduct{
			{"Dodol Garut Original 500 g", 35_000, 200, 500, true, motifBlocks,
				"Dodol dari tepung ketan, gula aren dan santan kelapa, diaduk perlahan hingga kalis dan legit."},
			{"Dodol Garut Wijen 500 g", 38_000, 150, 500, true, motifBlocks,
				"Dodol bertabur wijen sangrai yang gurih."},
			{"Dodol Garut Nangka 500 g", 38_000, 150, 500, true, motifBlocks,
				"Dodol beraroma nangka matang, manisnya lembut."},
			{"Cokelat Isi Dodol isi 12", 45_000, 100, 300, true, motifBlocks,
				"Dodol garut yang dibalut cokelat susu, oleh-oleh kekinian dari Garut."},
			{"Paket Oleh-oleh Dodol Garut Besek", 85_000, 60, 1200, true, motifWeave,
				"Besek anyaman bambu berisi empat rasa dodol, siap dijadikan hantaran."},
		},
	},
	{
		ownerEmail: "asep.kulit@demo.gerai.id", name: "Kulit Sukaregang Garut", ownerName: "Asep Hidayat", regency: "32.05",
		category: "fesyen", kbli: "15121", address: "Jl. Gagak Lumayung No. 54, Sukaregang, Garut Kota, Garut",
		whatsapp: "0812-2188-4309", capital: 2_400_000_000, turnover: 6_100_000_000, status: umkm.StatusVerified,
		description: "Bengkel jaket dan kerajinan kulit di sentra penyamakan Sukaregang. Kulit domba dan sapi disamak sendiri.",
		products: []demoProduct{
			{"Jaket Kulit Domba Pria Model Bomber", 950_000, 20, 1200, false, motifJacket,
				"Jaket dari kulit domba samak nabati yang lembut, dijahit dengan benang nilon kuat dan furing satin."},
			{"Dompet Kulit Sapi Lipat", 125_000, 80, 150, false, motifBlocks,
				"Dompet lipat dari kulit sapi asli dengan jahitan tangan, tersedia warna cokelat dan hitam."},
			{"Jaket Kulit Wanita Model Biker", 1_150_000, 12, 1100, false, motifJacket,
				"Jaket biker berbahan kulit domba pilihan dengan ritsleting miring."},
		},
	},
	{
		ownerEmail: "dedeh.rajut@demo.gerai.id", name: "Rajutan Binong Jati Bandung", ownerName: "Dedeh Kurniasih", regency: "32.73",
		category: "fesyen", kbli: "14301", address: "Jl. Binong Jati No. 88, Binong, Batununggal, Kota Bandung",
		whatsapp: "0822-1450-9931", capital: 950_000_000, turnover: 1_900_000_000, status: umkm.StatusVerified,
		description: "Usaha rajutan di sentra Binong Jati sejak 1990-an. Sweater, kardigan dan syal dirajut dengan mesin rajut manual.",
		products: []demoProduct{
			{"Sweater Rajut Wanita Oversize", 165_000, 60, 450, false, motifKnit,
				"Sweater rajutan benang akrilik lembut dengan potongan longgar, hangat untuk udara Bandung."},
			{"Kardigan Rajut Panjang", 185_000, 45, 500, false, motifKnit,
				"Kardigan rajut panjang selutut dengan kantong di kedua sisi."},
			{"Kupluk Rajut Pompom", 45_000, 120, 100, false, motifKnit,
				"Kupluk hasil rajutan tangan dengan pompom benang wol."},
			{"Syal Rajut Motif Zigzag", 65_000, 90, 200, false, motifKnit,
				"Syal panjang dengan motif zigzag dua warna, dirajut rapat agar tidak melar."},
		},
	},
	{
		ownerEmail: "cecep.kaos@demo.gerai.id", name: "Kaos Oblong Bandung Juara", ownerName: "Cecep Permana", regency: "32.73",
		category: "fesyen", kbli: "14111", address: "Jl. Surapati No. 120, Sadang Serang, Coblong, Kota Bandung",
		whatsapp: "0857-2190-3318", capital: 300_000_000, turnover: 1_100_000_000, status: umkm.StatusVerified,
		description: "Kaos sablon bertema Bandung dan budaya Sunda, disablon manual dengan tinta plastisol di bengkel sendiri.",
		products: []demoProduct{
			{"Kaos Sablon Gedung Sate Hitam", 95_000, 100, 200, false, motifTshirt,
				"Kaos katun combed 30s dengan sablon Gedung Sate, jahitan rantai di bahu."},
			{"Kaos Sablon Aksara Sunda Putih", 95_000, 100, 200, false, motifTshirt,
				"Kaos putih bersablon tulisan aksara Sunda, adem dan tidak mudah melar."},
			{"Kaos Polos Combed 30s", 55_000, 300, 180, false, motifTshirt,
				"Kaos polos untuk seragam komunitas dan sablon sendiri, tersedia dua belas warna."},
			{"Kemeja Flanel Kotak-kotak", 165_000, 50, 350, false, motifStripes,
				"Kemeja flanel tebal bermotif kotak, dijahit oleh konveksi kami di Bandung."},
		},
	},
	{
		ownerEmail: "ujang.batagor@demo.gerai.id", name: "Batagor Kang Ujang", ownerName: "Ujang Sudrajat", regency: "32.73",
		category: "kuliner", kbli: "10750", address: "Jl. Burangrang No. 41, Burangrang, Lengkong, Kota Bandung",
		whatsapp: "0813-2166-7702", capital: 140_000_000, turnover: 850_000_000, status: umkm.StatusVerified,
		halalCert: "ID32110000822410522", pirt: "2063273010342-26",
		description: "Batagor dan siomay ikan tenggiri khas Bandung, tersedia beku untuk dikirim ke luar kota.",
		products: []demoProduct{
			{"Batagor Kering Beku isi 20", 75_000, 60, 800, true, motifPempek,
				"Batagor ikan tenggiri yang digoreng setengah matang lalu dibekukan. Goreng lagi lima menit, siap disantap dengan bumbu kacang."},
			{"Siomay Ikan Tenggiri Beku isi 20", 80_000, 50, 900, true, motifPempek,
				"Siomay kukus dari ikan tenggiri, lengkap dengan kol, kentang dan telur."},
			{"Bumbu Kacang Batagor 250 g", 25_000, 100, 250, true, motifJar,
				"Bumbu kacang kental yang diulek dengan cabai dan gula merah."},
		},
	},
	{
		ownerEmail: "iwan.kopi@demo.gerai.id", name: "Kopi Gunung Puntang", ownerName: "Iwan Setiawan", regency: "32.04",
		category: "pertanian", kbli: "10761", address: "Kampung Pasir Kiara, Campakamulya, Cimaung, Kabupaten Bandung",
		whatsapp: "0812-2055-6187", capital: 1_250_000_000, turnover: 3_100_000_000, status: umkm.StatusVerified,
		halalCert:   "ID32110000445920821",
		description: "Kopi arabika Java Preanger dari lereng Gunung Puntang, ditanam petani di bawah naungan hutan.",
		products: []demoProduct{
			{"Kopi Arabika Puntang Bubuk 250 g", 95_000, 90, 250, true, motifBeans,
				"Arabika Puntang yang disangrai sedang, beraroma jeruk dan gula aren."},
			{"Biji Kopi Arabika Puntang Sangrai 500 g", 175_000, 50, 500, true, motifBeans,
				"Biji kopi sangrai utuh olah honey, cocok diseduh dengan metode tetes."},
			{"Green Bean Arabika Java Preanger 1 kg", 160_000, 200, 1000, false, motifBeans,
				"Biji kopi mentah olah basah dari kebun kami, disortir dua kali."},
		},
	},
	{
		ownerEmail: "dadang.beras@demo.gerai.id", name: "Beras Pandan Wangi Cianjur", ownerName: "Dadang Rustandi", regency: "32.03",
		category: "pertanian", kbli: "10631", address: "Desa Bunikasih, Kecamatan Warungkondang, Cianjur",
		whatsapp: "0878-2290-1145", capital: 1_600_000_000, turnover: 4_500_000_000, status: umkm.StatusVerified,
		description: "Penggilingan beras pandan wangi asli Warungkondang. Padi ditanam petani anggota tanpa pupuk kimia berlebihan.",
		products: []demoProduct{
			{"Beras Pandan Wangi Cianjur 5 kg", 85_000, 150, 5000, false, motifGrains,
				"Beras pandan wangi asli yang pulen dan harum, digiling dari padi panen terbaru."},
			{"Beras Pandan Wangi Cianjur 10 kg", 165_000, 100, 10000, false, motifGrains,
				"Beras pandan wangi kemasan karung kecil untuk keluarga dan rumah makan."},
			{"Beras Merah Organik 2 kg", 45_000, 80, 2000, false, motifGrains,
				"Beras merah organik yang ditanam tanpa pestisida, kaya serat."},
		},
	},
}
