package seed

// Word banks of the synthetic data set: what Indonesian UMKM sell, what they
// are called and who runs them, by category and region.

// variant is a flavour, motif, size or package of a good, with its effect on
// price and weight.
type variant struct {
	name string
	mult float64
}

// good is a kind of product a UMKM of a category sells.
type good struct {
	noun     string    // product noun: "Keripik Pisang"
	theme    string    // word for the business name: "Keripik"
	min, max int64     // price range of the base variant, whole rupiah
	grams    int64     // weight of the base variant
	variants []variant // first part of the variation
	sizes    []variant // second part, optional
	material string    // for descriptions
	made     string    // how it is made, an affixed verb: "ditenun tangan"
}

// category is one of umkm.Categories with what its UMKM make and say.
type category struct {
	key      string
	weight   int // share of UMKM, in percent
	goods    []good
	prefixes []string // "Warung", "Galeri"…
	kbli     []string
	halal    int // percent of products marked halal
	// Description sentences; {noun}, {variant}, {place}, {material}, {made} are replaced.
	openers []string
	middles []string
}

var snackSizes = []variant{{"100 g", 0.45}, {"250 g", 1}, {"500 g", 1.85}, {"1 kg", 3.4}}
var snackFlavours = []variant{{"Original", 1}, {"Pedas", 1}, {"Balado", 1.05}, {"Pedas Manis", 1.05}, {"Keju", 1.15},
	{"Bawang", 1}, {"Jagung Bakar", 1.1}, {"Rumput Laut", 1.1}, {"Gurih", 1}, {"Daun Jeruk", 1.05}}
var kgSizes = []variant{{"1 kg", 1}, {"5 kg", 4.8}, {"10 kg", 9.4}}
var packSizes = []variant{{"250 g", 1}, {"500 g", 1.9}, {"1 kg", 3.6}}
var motifs = []variant{{"Motif Parang", 1}, {"Motif Kawung", 1}, {"Motif Truntum", 1.05}, {"Motif Mega Mendung", 1.1},
	{"Motif Pucuk Rebung", 1}, {"Motif Bunga Tanjung", 1.05}, {"Motif Sekar Jagad", 1.15}, {"Motif Gunungan", 1.1},
	{"Motif Cempaka", 1}, {"Motif Kapal Sanggat", 1.1}}
var colours = []variant{{"Merah Marun", 1}, {"Biru Dongker", 1}, {"Hijau Botol", 1}, {"Kuning Kunyit", 1},
	{"Hitam", 1}, {"Krem", 1}, {"Cokelat Soga", 1.05}, {"Ungu Terong", 1}}
var craftSizes = []variant{{"Ukuran Kecil", 0.65}, {"Ukuran Sedang", 1}, {"Ukuran Besar", 1.6}, {"Set isi 3", 2.4}}
var servicePackages = []variant{{"Paket Dasar", 1}, {"Paket Standar", 1.5}, {"Paket Lengkap", 2.2}, {"Layanan Ekspres", 1.3}}

var categories = []category{
	{
		key: "kuliner", weight: 42, halal: 92,
		prefixes: []string{"Warung", "Kedai", "Dapur", "Rumah", "Toko", "Sentra", "Pondok"},
		kbli:     []string{"10792", "10750", "10771", "56103", "10330"},
		goods: []good{
			{noun: "Keripik Pisang", theme: "Keripik", min: 15000, max: 28000, grams: 250, variants: snackFlavours, sizes: snackSizes, material: "pisang kepok pilihan", made: "diiris tipis lalu digoreng"},
			{noun: "Keripik Singkong", theme: "Keripik", min: 12000, max: 25000, grams: 250, variants: snackFlavours, sizes: snackSizes, material: "singkong segar", made: "diiris tipis lalu digoreng"},
			{noun: "Kemplang Ikan", theme: "Kemplang", min: 20000, max: 35000, grams: 250, variants: []variant{{"Panggang", 1}, {"Goreng", 1}, {"Pedas", 1.05}, {"Tenggiri", 1.2}}, sizes: snackSizes, material: "ikan tenggiri dan sagu", made: "dijemur lalu dipanggang"},
			{noun: "Kerupuk Udang", theme: "Kerupuk", min: 25000, max: 45000, grams: 250, variants: []variant{{"Original", 1}, {"Super", 1.3}, {"Mentah", 0.85}}, sizes: snackSizes, material: "udang segar", made: "dijemur lalu digoreng"},
			{noun: "Pempek Beku", theme: "Pempek", min: 75000, max: 150000, grams: 1000, variants: []variant{{"Paket Campur", 1}, {"Kapal Selam", 1.2}, {"Lenjer", 0.9}, {"Adaan dan Kulit", 0.9}}, material: "ikan tenggiri giling", made: "diuleni lalu direbus"},
			{noun: "Rendang Daging", theme: "Rendang", min: 85000, max: 160000, grams: 500, variants: []variant{{"Kering", 1}, {"Basah", 0.95}, {"Pedas", 1.05}}, material: "daging sapi dan santan kelapa", made: "dimasak berjam-jam"},
			{noun: "Sambal", theme: "Sambal", min: 25000, max: 45000, grams: 200, variants: []variant{{"Bawang", 1}, {"Cumi", 1.3}, {"Teri", 1.1}, {"Roa", 1.35}, {"Ijo", 1}, {"Terasi", 1}}, material: "cabai merah keriting", made: "diulek lalu ditumis"},
			{noun: "Abon Ikan", theme: "Abon", min: 35000, max: 60000, grams: 200, variants: []variant{{"Tuna", 1.1}, {"Lele", 1}, {"Gabus", 1.2}, {"Patin", 1}}, material: "daging ikan segar", made: "disuwir lalu disangrai"},
			{noun: "Dodol", theme: "Dodol", min: 20000, max: 40000, grams: 500, variants: []variant{{"Durian", 1.3}, {"Nanas", 1}, {"Ketan Hitam", 1}, {"Wijen", 1.05}, {"Original", 0.95}}, material: "tepung ketan dan gula aren", made: "diaduk berjam-jam di atas tungku"},
			{noun: "Kue Kering", theme: "Kue", min: 45000, max: 90000, grams: 500, variants: []variant{{"Nastar", 1.1}, {"Kastengel", 1.15}, {"Putri Salju", 1}, {"Lidah Kucing", 1}, {"Kue Bawang", 0.8}}, material: "mentega dan tepung terigu", made: "dicetak lalu dipanggang"},
			{noun: "Kopi Bubuk", theme: "Kopi", min: 35000, max: 90000, grams: 250, variants: []variant{{"Robusta", 1}, {"Arabika", 1.4}, {"Lanang", 1.3}, {"Tubruk", 0.9}}, sizes: packSizes, material: "biji kopi petik merah", made: "disangrai lalu digiling"},
			{noun: "Bolu", theme: "Bolu", min: 40000, max: 85000, grams: 600, variants: []variant{{"Pandan", 1}, {"Gulung Keju", 1.1}, {"Lapis Legit", 1.8}, {"Kojo", 1}, {"Pisang", 0.9}}, material: "telur ayam kampung dan mentega", made: "dikukus lalu dipanggang"},
			{noun: "Lempok Durian", theme: "Lempok", min: 35000, max: 70000, grams: 250, variants: []variant{{"Original", 1}, {"Kacang", 1.1}}, sizes: packSizes, material: "daging durian matang", made: "diaduk berjam-jam di atas tungku"},
		},
		openers: []string{
			"{noun} {variant} ini {made} dengan resep turun-temurun dari {place} menggunakan {material}.",
			"Kami mengolah {material} menjadi {noun} {variant} yang gurih dan renyah tanpa bahan pengawet.",
			"{noun} {variant} buatan rumahan dari {place}, {made} sedikit demi sedikit agar rasanya tetap terjaga.",
			"Olahan {material} khas {place} ini menjadi camilan favorit pembeli kami sejak bertahun-tahun lalu.",
		},
		middles: []string{
			"Setiap adonan ditimbang dan dipanggang dengan suhu yang dijaga sehingga hasilnya selalu seragam.",
			"Rasanya cocok dinikmati bersama keluarga, disajikan untuk tamu, atau dijadikan oleh-oleh.",
			"Bahan baku dibeli langsung dari petani dan nelayan setempat sehingga kesegarannya terjamin.",
			"Tanpa pewarna buatan dan penyedap berlebihan, aman untuk dikonsumsi anak-anak.",
			"Produk kami sudah dipasarkan ke berbagai kota dan banyak dipesan untuk hantaran.",
		},
	},
	{
		key: "fesyen", weight: 16, halal: 0,
		prefixes: []string{"Galeri", "Butik", "Rumah", "Sentra", "Toko", "Griya"},
		kbli:     []string{"14111", "13134", "13912", "15201", "14120"},
		goods: []good{
			{noun: "Kain Batik Tulis", theme: "Batik", min: 350000, max: 2500000, grams: 400, variants: motifs, sizes: colours, material: "kain katun primisima", made: "dibatik tulis"},
			{noun: "Kain Batik Cap", theme: "Batik", min: 150000, max: 450000, grams: 400, variants: motifs, sizes: colours, material: "kain katun", made: "dicap dan diwarnai"},
			{noun: "Kemeja Batik", theme: "Batik", min: 175000, max: 450000, grams: 300, variants: motifs, sizes: colours, material: "kain katun dan malam batik", made: "dibatik lalu dijahit rapi"},
			{noun: "Kain Songket", theme: "Songket", min: 1500000, max: 12000000, grams: 800, variants: []variant{{"Lepus", 1.4}, {"Tretes", 1}, {"Bungo Cino", 1.1}, {"Limar", 1.2}, {"Nago Besaung", 1.3}, {"Bintang Berakam", 1.25}}, sizes: colours, material: "benang sutra dan benang emas", made: "ditenun tangan"},
			{noun: "Kain Tenun Ikat", theme: "Tenun", min: 450000, max: 3500000, grams: 600, variants: motifs, sizes: colours, material: "benang katun pewarna alam", made: "diikat, dicelup, lalu ditenun"},
			{noun: "Sarung Tenun", theme: "Tenun", min: 150000, max: 650000, grams: 500, variants: motifs, sizes: colours, material: "benang katun", made: "ditenun dengan alat tenun bukan mesin"},
			{noun: "Kebaya Kutubaru", theme: "Kebaya", min: 250000, max: 750000, grams: 350, variants: colours, material: "kain brokat dan katun", made: "dijahit dan dibordir"},
			{noun: "Mukena Bordir", theme: "Bordir", min: 250000, max: 650000, grams: 500, variants: colours, material: "kain katun rayon", made: "dibordir dan dijahit"},
			{noun: "Kerudung Segi Empat", theme: "Kerudung", min: 45000, max: 125000, grams: 150, variants: colours, material: "kain voal", made: "dijahit dan diobras rapi"},
			{noun: "Kaos Sablon", theme: "Kaos", min: 75000, max: 150000, grams: 200, variants: []variant{{"Ukuran M", 1}, {"Ukuran L", 1}, {"Ukuran XL", 1.1}, {"Ukuran XXL", 1.15}}, sizes: colours, material: "katun combed 30s", made: "disablon manual"},
			{noun: "Jaket Kulit Domba", theme: "Kulit", min: 650000, max: 1800000, grams: 1200, variants: colours, material: "kulit domba samak", made: "dipotong dan dijahit"},
			{noun: "Kain Jumputan", theme: "Jumputan", min: 250000, max: 900000, grams: 400, variants: motifs, sizes: colours, material: "kain sutra dan katun", made: "diikat lalu dicelup"},
		},
		openers: []string{
			"{noun} {variant} ini {made} oleh perajin {place} dengan bahan {material}.",
			"Setiap {noun} {variant} {made} satu per satu oleh perajin berpengalaman dari {place}.",
			"Koleksi {noun} {variant} kami memadukan motif tradisional {place} dengan potongan yang nyaman dipakai.",
			"{noun} {variant} dibuat dari {material} pilihan dan diwarnai dengan pewarna alami.",
		},
		middles: []string{
			"Pengerjaannya memakan waktu berhari-hari sehingga setiap helai memiliki keunikan tersendiri.",
			"Jahitannya rapi, warnanya tidak mudah luntur, dan cocok dikenakan untuk acara resmi maupun sehari-hari.",
			"Kami memberdayakan ibu-ibu perajin di kampung untuk menenun, membatik, dan menjahit.",
			"Sebaiknya dicuci dengan tangan dan dijemur di tempat teduh agar warnanya tetap cerah.",
			"Tersedia juga pemesanan khusus untuk seragam kantor, sekolah, dan pernikahan.",
		},
	},
	{
		key: "kriya", weight: 14, halal: 0,
		prefixes: []string{"Galeri", "Sanggar", "Rumah", "Sentra", "Bengkel", "Griya"},
		kbli:     []string{"16292", "23931", "32909", "16291", "32111"},
		goods: []good{
			{noun: "Tas Anyaman Purun", theme: "Anyaman", min: 65000, max: 250000, grams: 400, variants: craftSizes, material: "purun kering", made: "dianyam"},
			{noun: "Tikar Pandan", theme: "Anyaman", min: 85000, max: 300000, grams: 1500, variants: craftSizes, material: "daun pandan duri", made: "dianyam"},
			{noun: "Ukiran Kayu", theme: "Ukiran", min: 150000, max: 2500000, grams: 2000, variants: []variant{{"Jati", 1.3}, {"Sonokeling", 1.5}, {"Mahoni", 1}}, sizes: craftSizes, material: "kayu jati tua", made: "diukir dan dipahat"},
			{noun: "Gerabah Hias", theme: "Gerabah", min: 45000, max: 350000, grams: 1500, variants: craftSizes, material: "tanah liat", made: "dibentuk lalu dibakar"},
			{noun: "Vas Bunga Keramik", theme: "Keramik", min: 75000, max: 400000, grams: 1200, variants: craftSizes, material: "tanah liat putih", made: "dibentuk lalu dibakar"},
			{noun: "Lampu Hias Bambu", theme: "Bambu", min: 120000, max: 450000, grams: 800, variants: craftSizes, material: "bambu apus", made: "dipotong dan dirangkai"},
			{noun: "Wayang Golek", theme: "Wayang", min: 250000, max: 1500000, grams: 700, variants: []variant{{"Arjuna", 1}, {"Semar", 1}, {"Cepot", 0.9}, {"Srikandi", 1.05}}, material: "kayu albasia", made: "diukir dan dilukis"},
			{noun: "Miniatur Perahu Bidar", theme: "Miniatur", min: 150000, max: 650000, grams: 900, variants: craftSizes, material: "kayu pulai", made: "dirakit dan dicat"},
			{noun: "Tempat Tisu Rotan", theme: "Rotan", min: 45000, max: 120000, grams: 300, variants: craftSizes, material: "rotan manau", made: "dianyam"},
			{noun: "Gantungan Kunci Kayu", theme: "Kerajinan", min: 10000, max: 25000, grams: 50, variants: []variant{{"Satuan", 1}, {"isi 12", 9}, {"isi 50", 32}}, material: "kayu sisa produksi", made: "dipotong dan diamplas"},
			{noun: "Kotak Hias Lakuer", theme: "Lakuer", min: 250000, max: 2500000, grams: 1500, variants: craftSizes, material: "kayu tembesu dan lak", made: "diukir lalu dilapisi lak"},
			{noun: "Keranjang Rotan", theme: "Rotan", min: 75000, max: 250000, grams: 700, variants: craftSizes, material: "rotan alam", made: "dianyam"},
		},
		openers: []string{
			"{noun} {variant} ini {made} oleh perajin {place} dari bahan {material}.",
			"Kerajinan {noun} {variant} khas {place}, {made} dan dihaluskan satu per satu di bengkel kami.",
			"Kami membuat {noun} {variant} dari {material} yang dikeringkan secara alami agar awet dan tidak berjamur.",
			"{noun} {variant} buatan perajin {place} ini cocok menjadi hiasan rumah maupun cendera mata.",
		},
		middles: []string{
			"Setiap kerajinan memiliki sedikit perbedaan karena dikerjakan manual, bukan dicetak mesin.",
			"Permukaannya dilapisi pelitur tipis sehingga tahan lama dan mudah dibersihkan.",
			"Kami menerima pesanan suvenir untuk pernikahan, seminar, dan kantor dalam jumlah besar.",
			"Penjualan kerajinan ini membantu puluhan perajin di desa kami tetap berkarya.",
			"Ukuran dan warna dapat disesuaikan sesuai keinginan pemesan.",
		},
	},
	{
		key: "pertanian", weight: 14, halal: 60,
		prefixes: []string{"Kebun", "Tani", "Kelompok Tani", "Toko", "UD", "Koperasi"},
		kbli:     []string{"01135", "01270", "01141", "01491", "46201"},
		goods: []good{
			{noun: "Beras Organik", theme: "Beras", min: 15000, max: 22000, grams: 1000, variants: []variant{{"Pandan Wangi", 1.2}, {"Merah", 1.3}, {"Hitam", 1.5}, {"Putih", 1}}, sizes: kgSizes, material: "padi organik", made: "ditanam dan dipanen"},
			{noun: "Biji Kopi Sangrai", theme: "Kopi", min: 60000, max: 150000, grams: 500, variants: []variant{{"Robusta", 1}, {"Arabika", 1.5}, {"Liberika", 1.2}}, sizes: packSizes, material: "biji kopi petik merah", made: "dipetik lalu disangrai"},
			{noun: "Green Bean Kopi", theme: "Kopi", min: 90000, max: 180000, grams: 1000, variants: []variant{{"Robusta", 1}, {"Arabika", 1.6}}, sizes: kgSizes, material: "biji kopi", made: "dipetik lalu dijemur"},
			{noun: "Madu Hutan", theme: "Madu", min: 85000, max: 200000, grams: 500, variants: []variant{{"Sialang", 1.2}, {"Kelulut", 1.6}, {"Randu", 1}}, material: "madu lebah liar", made: "dipanen dan disaring"},
			{noun: "Gula Aren Cetak", theme: "Gula Aren", min: 30000, max: 45000, grams: 1000, variants: []variant{{"Batok", 1}, {"Tabung", 1.05}}, sizes: kgSizes, material: "nira aren", made: "dimasak lalu dicetak"},
			{noun: "Gula Semut Aren", theme: "Gula Aren", min: 35000, max: 60000, grams: 500, variants: []variant{{"Original", 1}, {"Jahe", 1.1}}, sizes: packSizes, material: "nira aren", made: "dimasak lalu dikristalkan"},
			{noun: "Lada Putih", theme: "Lada", min: 60000, max: 120000, grams: 250, variants: []variant{{"Butiran", 1}, {"Bubuk", 1.1}}, sizes: packSizes, material: "lada pilihan", made: "direndam lalu dijemur"},
			{noun: "Cabai Kering", theme: "Cabai", min: 45000, max: 90000, grams: 250, variants: []variant{{"Utuh", 1}, {"Bubuk", 1.15}}, sizes: packSizes, material: "cabai merah", made: "dipetik lalu dikeringkan"},
			{noun: "Jahe Merah Bubuk", theme: "Rempah", min: 35000, max: 65000, grams: 250, variants: []variant{{"Murni", 1}, {"Gula Aren", 1.1}}, sizes: packSizes, material: "jahe merah", made: "dikeringkan lalu dihaluskan"},
			{noun: "Bibit Durian", theme: "Bibit", min: 45000, max: 150000, grams: 2000, variants: []variant{{"Montong", 1}, {"Bawor", 1.2}, {"Musang", 1.6}}, material: "bibit sambung pucuk", made: "disemai dan disambung"},
			{noun: "Duku", theme: "Duku", min: 15000, max: 25000, grams: 1000, variants: []variant{{"Super", 1.2}, {"Sedang", 1}}, sizes: kgSizes, material: "duku segar", made: "dipetik"},
			{noun: "Telur Ayam Kampung", theme: "Telur", min: 28000, max: 40000, grams: 600, variants: []variant{{"isi 10", 1}, {"isi 30", 2.8}}, material: "telur ayam kampung", made: "dikumpulkan setiap pagi"},
			{noun: "Pupuk Kompos", theme: "Kompos", min: 15000, max: 35000, grams: 5000, variants: []variant{{"Granul", 1}, {"Curah", 0.8}}, material: "kotoran ternak dan dedaunan", made: "difermentasi dan diayak"},
		},
		openers: []string{
			"{noun} {variant} {made} langsung oleh anggota kami di {place} lalu disortir dengan teliti.",
			"Kami menanam dan mengolah {material} sendiri menjadi {noun} {variant} berkualitas ekspor.",
			"{noun} {variant} hasil pertanian {place} yang ditanam tanpa pestisida berlebihan.",
			"Petani binaan kami di {place} merawat tanaman sejak pembibitan hingga pemanenan.",
		},
		middles: []string{
			"Setelah dipanen, hasil kebun dikeringkan dan disimpan di gudang yang bersih dan kering.",
			"Pembelian Anda membantu kesejahteraan petani kecil dan keberlanjutan pertanian di desa.",
			"Kami melayani pembelian eceran maupun grosir untuk rumah makan, kedai, dan pedagang.",
			"Kualitas hasil panen diperiksa oleh penyuluh pertanian setempat setiap musim.",
			"Stok mengikuti musim panen, jadi pesanan besar sebaiknya dikonfirmasi terlebih dahulu.",
		},
	},
	{
		key: "jasa", weight: 5, halal: 10,
		prefixes: []string{"Jasa", "Studio", "Bengkel", "Rumah", "Griya"},
		kbli:     []string{"96011", "74201", "95290", "18111", "56210"},
		goods: []good{
			{noun: "Jasa Jahit Kebaya", theme: "Jahit", min: 250000, max: 750000, variants: servicePackages, material: "kain milik pelanggan", made: "dijahit"},
			{noun: "Sablon Kaos per Lusin", theme: "Sablon", min: 350000, max: 900000, variants: servicePackages, material: "tinta plastisol", made: "disablon"},
			{noun: "Paket Katering Nasi Kotak", theme: "Katering", min: 25000, max: 45000, variants: servicePackages, material: "bahan masakan segar", made: "dimasak"},
			{noun: "Cuci Sepatu", theme: "Cuci Sepatu", min: 35000, max: 75000, variants: servicePackages, material: "sabun khusus", made: "dicuci dan dirawat"},
			{noun: "Servis Mesin Jahit", theme: "Servis", min: 75000, max: 200000, variants: servicePackages, material: "suku cadang asli", made: "diperbaiki"},
			{noun: "Desain Logo UMKM", theme: "Desain", min: 150000, max: 750000, variants: servicePackages, material: "berkas vektor", made: "dirancang"},
			{noun: "Foto Produk isi 10 Foto", theme: "Foto", min: 150000, max: 500000, variants: servicePackages, material: "kamera dan lampu studio", made: "difoto dan disunting"},
			{noun: "Cetak Undangan per 100 Lembar", theme: "Percetakan", min: 250000, max: 900000, variants: servicePackages, material: "kertas art carton", made: "dicetak"},
			{noun: "Laundry Kiloan", theme: "Laundry", min: 7000, max: 12000, variants: servicePackages, material: "deterjen ramah lingkungan", made: "dicuci dan disetrika"},
			{noun: "Rias Pengantin", theme: "Rias", min: 1500000, max: 6500000, variants: servicePackages, material: "kosmetik bersertifikat", made: "dirias"},
		},
		openers: []string{
			"Layanan {noun} {variant} dikerjakan oleh tim berpengalaman kami di {place}.",
			"Kami menyediakan {noun} {variant} dengan hasil rapi dan harga terjangkau untuk warga {place}.",
			"{noun} {variant}: pengerjaan cepat menggunakan {material}, bisa dijemput dan diantar.",
		},
		middles: []string{
			"Pemesanan dapat dilakukan lewat WhatsApp, lalu jadwal pengerjaan kami konfirmasikan.",
			"Pelanggan tetap mendapatkan potongan harga dan layanan penjemputan gratis di dalam kota.",
			"Hasil pekerjaan kami bergaransi, dan perbaikan ulang tidak dikenakan biaya.",
			"Kami telah melayani ratusan pelanggan perorangan, sekolah, dan perkantoran.",
		},
	},
	{
		key: "lainnya", weight: 9, halal: 30,
		prefixes: []string{"Toko", "Rumah", "Griya", "Warung", "Galeri"},
		kbli:     []string{"20232", "47722", "01302", "21022", "47191"},
		goods: []good{
			{noun: "Sabun Herbal", theme: "Sabun", min: 15000, max: 35000, grams: 100, variants: []variant{{"Sereh", 1}, {"Kopi", 1}, {"Madu", 1.1}, {"Zaitun", 1.15}, {"Arang Bambu", 1.1}, {"Beras", 1}}, material: "minyak kelapa murni", made: "diracik lalu dicetak"},
			{noun: "Minyak Kayu Putih", theme: "Minyak", min: 25000, max: 60000, grams: 100, variants: []variant{{"60 ml", 1}, {"120 ml", 1.8}}, material: "daun kayu putih", made: "disuling"},
			{noun: "Lilin Aromaterapi", theme: "Aromaterapi", min: 35000, max: 85000, grams: 200, variants: []variant{{"Lavender", 1}, {"Sereh Wangi", 1}, {"Cendana", 1.2}, {"Kopi", 1}}, material: "lilin kedelai", made: "dituang dan dicetak"},
			{noun: "Jamu", theme: "Jamu", min: 15000, max: 30000, grams: 300, variants: []variant{{"Kunyit Asam", 1}, {"Beras Kencur", 1}, {"Temulawak", 1.1}, {"Sirih", 1}}, material: "rimpang segar", made: "diracik dan direbus"},
			{noun: "Tanaman Hias", theme: "Tanaman", min: 35000, max: 250000, grams: 1500, variants: []variant{{"Monstera", 1.2}, {"Aglonema", 1.3}, {"Sansevieria", 0.8}, {"Anggrek Bulan", 1.5}}, material: "media tanam sekam", made: "dirawat"},
			{noun: "Pot Semen", theme: "Pot", min: 25000, max: 90000, grams: 2500, variants: craftSizes, material: "semen dan pasir halus", made: "dicetak lalu dicat"},
			{noun: "Minyak Atsiri", theme: "Atsiri", min: 45000, max: 150000, grams: 100, variants: []variant{{"Nilam", 1.4}, {"Sereh Wangi", 1}, {"Cengkih", 1.1}, {"Kayu Manis", 1.05}}, material: "daun dan batang pilihan", made: "disuling"},
			{noun: "Masker Kain", theme: "Masker", min: 10000, max: 25000, grams: 30, variants: []variant{{"Satuan", 1}, {"isi 5", 4.5}, {"isi 12", 10}}, material: "kain katun dua lapis", made: "dijahit"},
		},
		openers: []string{
			"{noun} {variant} ini {made} dalam jumlah kecil di {place} dari {material}.",
			"Kami meracik {noun} {variant} sendiri dengan bahan {material} tanpa campuran bahan kimia keras.",
			"{noun} {variant} buatan tangan warga {place}, cocok untuk kebutuhan sehari-hari maupun hadiah.",
		},
		middles: []string{
			"Setiap produk diperiksa sebelum dikemas sehingga kualitasnya tetap terjaga.",
			"Bahan-bahannya diperoleh dari petani dan pengepul di sekitar desa kami.",
			"Simpan di tempat sejuk dan terhindar dari sinar matahari langsung.",
			"Pembelian dalam jumlah banyak mendapatkan harga khusus untuk pengecer.",
		},
	},
}

// closers end every description; each mentions shipping (kirim), which
// tests rely on.
var closers = []string{
	"Dikemas rapi dan aman, siap dikirim ke seluruh Indonesia.",
	"Pesanan dikirim setiap hari kerja melalui jasa pengiriman pilihan Anda.",
	"Kami mengirimkan pesanan dengan kemasan berlapis agar tiba dalam keadaan baik.",
	"Pengiriman dilakukan dari {place} maksimal satu hari setelah pembayaran diterima.",
}

// virtues are the auspicious words of many business names.
var virtues = []string{"Berkah", "Barokah", "Makmur", "Mandiri", "Lestari", "Jaya", "Sejahtera", "Sentosa", "Abadi",
	"Rezeki", "Sumber Rejeki", "Cahaya", "Mulia", "Bersama", "Sehati", "Maju", "Harapan", "Mekar", "Amanah", "Sakinah"}

var streets = []string{"Jl. Merdeka", "Jl. Sudirman", "Jl. Diponegoro", "Jl. Pahlawan", "Jl. Kartini", "Jl. Pasar Baru",
	"Jl. Veteran", "Jl. Pemuda", "Jl. Gatot Subroto", "Jl. Ahmad Yani", "Jl. Kenanga", "Jl. Melati", "Jl. Mawar",
	"Jl. Cempaka", "Jl. Flamboyan", "Jl. Hasanuddin", "Jl. Imam Bonjol", "Jl. Cut Nyak Dien", "Jl. Raya", "Jl. Masjid"}

// people is a naming tradition: given names, second names and honorifics.
type people struct {
	female, male       []string
	femaleHon, maleHon []string
	second             []string // family names or second given names
}

var (
	malay = people{
		female:    []string{"Siti", "Nurhayati", "Rohani", "Zubaidah", "Maryam", "Fatimah", "Rosmala", "Yusnani", "Hasnah", "Ipah", "Aminah", "Laila"},
		male:      []string{"Ahmad", "Zulkifli", "Herman", "Syahrial", "Rusli", "Hamdan", "Ismail", "Abdullah", "Yusuf", "Mukhtar", "Rozali", "Jamal"},
		femaleHon: []string{"Cek", "Kak", "Wak", "Bu"}, maleHon: []string{"Cek", "Bang", "Wak", "Pak"},
		second: []string{"Aisyah", "Hasan", "Rahman", "Saleh", "Hanafi", "Yahya", "Ramli", "Usman", "Idris", "Effendi"},
	}
	minang = people{
		female:    []string{"Rahmi", "Yenni", "Nurmaini", "Desmawati", "Elvi", "Yusnimar", "Zurniati", "Fitri"},
		male:      []string{"Yusrizal", "Afrizal", "Syafrudin", "Hendri", "Zulhendri", "Rinaldi", "Asril", "Nofrizal"},
		femaleHon: []string{"Uni", "Bu"}, maleHon: []string{"Uda", "Pak"},
		second: []string{"Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang", "Caniago", "Jambak", "Melayu"},
	}
	batak = people{
		female:    []string{"Rosmawati", "Tiurma", "Lamria", "Dormauli", "Sondang", "Hotma", "Rugun", "Tiominar"},
		male:      []string{"Togar", "Parlindungan", "Binsar", "Horas", "Maruli", "Sahat", "Tumpal", "Jonner"},
		femaleHon: []string{"Bu", "Kak"}, maleHon: []string{"Bang", "Pak", "Opung"},
		second: []string{"Simanjuntak", "Sitorus", "Nainggolan", "Siregar", "Harahap", "Lubis", "Hutapea", "Sinaga", "Manurung", "Pardede"},
	}
	sunda = people{
		female:    []string{"Euis", "Dedeh", "Neneng", "Iis", "Enok", "Yayah", "Lilis", "Imas", "Nining", "Cucu", "Tati", "Entin"},
		male:      []string{"Asep", "Ujang", "Cecep", "Dadang", "Iwan", "Ade", "Encep", "Deden", "Yayat", "Dede", "Agus", "Jajang"},
		femaleHon: []string{"Teh", "Ceu", "Bu"}, maleHon: []string{"Kang", "Mang", "Pak"},
		second: []string{"Supriatna", "Hidayat", "Suryana", "Kurniawan", "Sudrajat", "Permana", "Rustandi", "Sukmawati", "Nurjanah", "Komalasari"},
	}
	jawa = people{
		female:    []string{"Sri", "Wahyuni", "Endang", "Sumarni", "Sulastri", "Tutik", "Rini", "Sumiati", "Dwi", "Yuli", "Ninik", "Suparmi"},
		male:      []string{"Budi", "Slamet", "Sutrisno", "Joko", "Bambang", "Agus", "Eko", "Heru", "Suparno", "Teguh", "Wahyu", "Sugeng"},
		femaleHon: []string{"Mbak", "Bu", "Mbok"}, maleHon: []string{"Mas", "Pak"},
		second: []string{"Rahayu", "Lestari", "Santoso", "Prasetyo", "Wibowo", "Susanto", "Wulandari", "Setiawan", "Hartono", "Purnomo"},
	}
	betawi = people{
		female:    []string{"Mimin", "Atun", "Rohaye", "Nur", "Romlah", "Salmah"},
		male:      []string{"Mamat", "Sabeni", "Udin", "Rojali", "Syamsudin", "Mansur"},
		femaleHon: []string{"Mpok", "Bu"}, maleHon: []string{"Bang", "Pak"},
		second: []string{"Naipin", "Saidi", "Rahmat", "Kamil", "Sanusi", "Hasbi"},
	}
	bali = people{
		female:    []string{"Ni Luh", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Wayan"},
		male:      []string{"I Made", "I Wayan", "I Nyoman", "I Ketut", "I Gede", "I Komang"},
		femaleHon: []string{"Mbok", "Bu"}, maleHon: []string{"Bli", "Pak"},
		second: []string{"Sari", "Suarta", "Sudarma", "Astiti", "Wirawan", "Darmayasa", "Ariani", "Mertayasa"},
	}
	nusa = people{
		female:    []string{"Maria", "Yohana", "Baiq Nurul", "Hj. Aminah", "Florentina", "Lusia"},
		male:      []string{"Yohanes", "Lalu Ahmad", "Fransiskus", "Hamzah", "Petrus", "Muhammad"},
		femaleHon: []string{"Bu", "Mama", "Kak"}, maleHon: []string{"Pak", "Bapa", "Bang"},
		second: []string{"Ndun", "Fanggidae", "Hidayat", "Zulkarnain", "Bria", "Seran", "Nggebu", "Saputra"},
	}
	kalimantan = people{
		female:    []string{"Nor", "Masniah", "Rusmini", "Halimah", "Dayang", "Arbainah"},
		male:      []string{"Anang", "Gusti", "Syahrani", "Rudiansyah", "Asmuni", "Ferdinan"},
		femaleHon: []string{"Acil", "Bu", "Kak"}, maleHon: []string{"Julak", "Pak", "Bang"},
		second: []string{"Hidayah", "Noor", "Fauzi", "Effendi", "Saputra", "Ramadhan", "Usop", "Kartika"},
	}
	sulawesi = people{
		female:    []string{"Andi Nurul", "Hasniah", "Marlina", "Sitti", "Jeane", "Nurhaedah"},
		male:      []string{"Andi", "Syamsul", "Muhammad", "Jefri", "Ridwan", "Arifuddin"},
		femaleHon: []string{"Bu", "Kak"}, maleHon: []string{"Daeng", "Pak"},
		second: []string{"Mappasessu", "Tandiayu", "Lamba", "Rahman", "Manoppo", "Paputungan", "Pangemanan", "Bakri"},
	}
	timur = people{
		female:    []string{"Yohana", "Martha", "Elisabeth", "Ribka", "Naomi", "Fransina"},
		male:      []string{"Yohanis", "Markus", "Yosias", "Frans", "Obed", "Simon"},
		femaleHon: []string{"Mama", "Bu", "Kaka"}, maleHon: []string{"Bapa", "Pak", "Kaka"},
		second: []string{"Wenda", "Kogoya", "Rumbiak", "Mandacan", "Latuconsina", "Pattimura", "Tuhuteru", "Karubaba"},
	}
)

// peopleOf returns the naming tradition most common in a province.
func peopleOf(province string) *people {
	switch province {
	case "12":
		return &batak
	case "13":
		return &minang
	case "31":
		return &betawi
	case "32", "36":
		return &sunda
	case "33", "34", "35":
		return &jawa
	case "51":
		return &bali
	case "52", "53":
		return &nusa
	case "61", "62", "63", "64", "65":
		return &kalimantan
	case "71", "72", "73", "74", "75", "76":
		return &sulawesi
	case "81", "82", "91", "92", "93", "94", "95", "96":
		return &timur
	}
	return &malay
}

// provinceWeight is how many UMKM a province gets relative to others
// beyond the first one per regency: roughly its share of Indonesia's UMKM.
func provinceWeight(province string) float64 {
	switch province {
	case "32", "35", "33":
		return 4
	case "31", "36", "12":
		return 2.5
	case "16", "18", "73", "34", "13", "51":
		return 1.8
	}
	return 1
}
