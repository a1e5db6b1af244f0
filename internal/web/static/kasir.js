// Gerai cashier (an expo booth, a mall stall): sales are made here, on the
// device, each with an id of its own, and kept in a queue in localStorage
// until the server has them. The page gives where to sync, the products,
// the texts and the bounds (#kasir-data), so one script serves every till.
// The queue and its sync are the offline clients' shared ones
// (static/offline.js); syncing the same sale twice stores it once (the
// server knows its id).
(function () {
  "use strict";
  var offline = window.GeraiOffline;
  var data = JSON.parse(document.getElementById("kasir-data").textContent);
  var store = new offline.Queue("gerai-kasir-queue-" + data.queue);
  var cart = [];
  var $ = function (id) { return document.getElementById(id); };
  var msg = data.messages;
  var rupiah = function (n) { return (n < 0 ? "-" : "") + "Rp" + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, msg.thousands); };
  // fill puts values in a message's {name} places.
  var fill = function (text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); };

  // parseRupiah reads a typed amount by the rules of idn.ParseRupiah on the
  // server (the offline page cannot ask it): "5000", "5.000", "Rp 5.000",
  // "Rp. 5.000" and "5.000,00" are 5000; dots group thousands in threes
  // ("1.5" and "50.00" are refused), a comma only before zeros ("5,5" is
  // refused), no sign; "" is 0. It answers null for what it refuses.
  function parseRupiah(s) {
    s = String(s).trim();
    if (/^rp/i.test(s)) s = s.slice(2).replace(/^\./, "").trim();
    if (s === "") return 0;
    var m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,0+)?$/.exec(s);
    if (!m) return null;
    var n = Number(m[1].replace(/\./g, ""));
    return Number.isSafeInteger(n) ? n : null;
  }
  window.geraiParseRupiah = parseRupiah; // for the browser tests

  // Stock left on each tile: what the server counted when it made the page,
  // less what is queued here and what this page has sent since.
  var sentHere = {};
  function stockLeft(productID) {
    var n = sentHere[productID] || 0;
    queue().forEach(function (sale) {
      sale.items.forEach(function (it) { if (it.product_id === productID) n += it.quantity; });
    });
    return n;
  }

  function queue() { return store.all(); }

  // The bounds of one sale (expo.MaxSaleLines and the rest), checked here
  // too, so the cashier sees at once what the server would refuse.
  var limits = data.limits;
  function whole(n, lo, hi) { return Number.isInteger(n) && n >= lo && n <= hi; }
  function withinLimits(items) {
    return items.length <= limits.lines && total(items) <= limits.total && items.every(function (it) {
      return whole(it.quantity, 1, limits.quantity) && whole(it.price, 0, limits.price);
    });
  }

  function add(item) {
    var next = cart.slice(), merged = false;
    for (var i = 0; i < next.length; i++) {
      if (item.product_id && next[i].product_id === item.product_id) {
        next[i] = { product_id: item.product_id, name: next[i].name, quantity: next[i].quantity + item.quantity, price: next[i].price };
        merged = true;
      }
    }
    if (!merged) next.push(item);
    if (!withinLimits(next)) { $("pay-error").textContent = limits.message; return false; }
    $("pay-error").textContent = "";
    cart = next;
    render();
    return true;
  }

  // QRIS: a dynamic payload (amount and bill number set) made from the
  // UMKM's static one, as internal/payment/qris.Dynamic does on the server:
  // tag 01 = 12, tag 54 = the amount, tag 62 sub 01 = the bill number, and
  // the CRC-16/CCITT-FALSE in tag 63. It needs no connection.
  function tlv(s) {
    var out = [], i = 0;
    while (i + 4 <= s.length) {
      var len = parseInt(s.substr(i + 2, 2), 10);
      out.push({ tag: s.substr(i, 2), value: s.substr(i + 4, len) });
      i += 4 + len;
    }
    return out;
  }
  function encode(fields) {
    return fields.map(function (f) { return f.tag + (f.value.length < 10 ? "0" : "") + f.value.length + f.value; }).join("");
  }
  function setField(fields, f) {
    for (var i = 0; i < fields.length; i++) if (fields[i].tag === f.tag) { fields[i] = f; return fields; }
    var at = 0;
    while (at < fields.length && fields[at].tag < f.tag) at++;
    fields.splice(at, 0, f);
    return fields;
  }
  function crc16(s) {
    var crc = 0xffff;
    for (var i = 0; i < s.length; i++) {
      crc ^= s.charCodeAt(i) << 8;
      for (var b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return ("000" + crc.toString(16).toUpperCase()).slice(-4);
  }
  function dynamicQRIS(staticPayload, amount, bill) {
    var fields = tlv(staticPayload).filter(function (f) { return ["54", "55", "56", "57", "63"].indexOf(f.tag) < 0; });
    setField(fields, { tag: "01", value: "12" });
    setField(fields, { tag: "54", value: String(amount) });
    var add = fields.filter(function (f) { return f.tag === "62"; })[0];
    var sub = setField(add ? tlv(add.value) : [], { tag: "01", value: bill });
    setField(fields, { tag: "62", value: encode(sub) });
    var body = encode(fields) + "6304";
    return body + crc16(body);
  }
  function showQRIS(sale) {
    var box = $("qris-pay");
    box.hidden = true;
    // Without the UMKM's static QRIS there is no code to make: #qris-missing
    // (shown while QRIS is chosen) says so instead of a broken QR.
    if (sale.payment_method !== "qris" || !data.staticQRIS || typeof qrcode !== "function") return;
    var payload = dynamicQRIS(data.staticQRIS, total(sale.items), data.billPrefix + "-" + sale.id.slice(0, 8).toUpperCase());
    var qr = qrcode(0, "M");
    qr.addData(payload);
    qr.make();
    $("qris-code").innerHTML = qr.createSvgTag(5, 4);
    $("qris-code").setAttribute("data-qris", payload);
    box.hidden = false;
  }

  function total(items) { return items.reduce(function (s, it) { return s + it.quantity * it.price; }, 0); }

  function render() {
    var list = $("cart");
    list.innerHTML = "";
    cart.forEach(function (it, i) {
      var li = document.createElement("li");
      li.textContent = it.name + " × " + it.quantity + " = " + rupiah(it.quantity * it.price) + " ";
      var rm = document.createElement("button");
      rm.type = "button"; rm.className = "secondary"; rm.textContent = "×";
      rm.setAttribute("aria-label", fill(msg.remove, { name: it.name }));
      rm.onclick = function () { cart.splice(i, 1); $("pay-error").textContent = ""; render(); };
      li.appendChild(rm);
      list.appendChild(li);
    });
    $("cart-total").textContent = rupiah(total(cart));
    $("pay").disabled = cart.length === 0;
    var n = queue().length;
    $("queue-count").textContent = String(n);
    $("queue").className = n ? "note queued" : "note";
    $("net-status").textContent = navigator.onLine ? msg.online : msg.offline;
    document.querySelectorAll("[data-product][data-stock]").forEach(function (b) {
      var left = Number(b.dataset.stock) - stockLeft(Number(b.dataset.product));
      b.querySelector(".stock-left").textContent = String(left);
      b.classList.toggle("sold-out", left <= 0);
    });
    var method = $("method").value;
    $("qris-missing").hidden = !(method === "qris" && !data.staticQRIS);
    $("cash-box").hidden = method !== "cash";
    var got = cash();
    $("change").textContent = got.typed && got.amount !== null && got.amount >= total(cart) && cart.length ? rupiah(got.amount - total(cart)) : "–";
  }

  // cash is the amount typed in "Uang diterima" (amount null when it does
  // not read as rupiah).
  function cash() {
    var v = $("received").value.trim();
    return { typed: v !== "", amount: v === "" ? 0 : parseRupiah(v) };
  }

  function receipt(sale, paid) {
    var lines = [data.title, data.name + (data.badge ? " (" + data.badge + ")" : ""),
      new Date(sale.sold_at).toLocaleString("id-ID"), ""];
    sale.items.forEach(function (it) { lines.push(it.name + " " + it.quantity + " × " + rupiah(it.price) + " = " + rupiah(it.quantity * it.price)); });
    lines.push("", msg.total + " " + rupiah(total(sale.items)) + " (" + $("method").selectedOptions[0].textContent + ")");
    if (paid !== null) lines.push(msg.received + " " + rupiah(paid), msg.change + " " + rupiah(paid - total(sale.items)));
    lines.push(fill(msg.receiptNo, { no: sale.id.slice(0, 8) }), msg.thanks);
    var text = lines.join("\n");
    $("receipt-text").textContent = text;
    $("receipt-wa").href = "https://wa.me/?text=" + encodeURIComponent(text);
    $("receipt").hidden = false;
  }

  function pay() {
    if (!cart.length || !withinLimits(cart)) return;
    var paid = null, got = cash();
    if ($("method").value === "cash" && got.typed) {
      if (got.amount === null) { $("pay-error").textContent = msg.receivedBad; return; }
      if (got.amount < total(cart)) { $("pay-error").textContent = msg.short; return; }
      paid = got.amount;
    }
    $("pay-error").textContent = "";
    var sale = { id: offline.uuid(), sold_at: new Date().toISOString(), payment_method: $("method").value, items: cart };
    store.push(sale);
    receipt(sale, paid);
    showQRIS(sale);
    cart = [];
    $("received").value = "";
    render();
    sync();
  }

  var sync = offline.syncer({
    queue: store, url: data.syncURL, csrf: data.csrf,
    pick: function (q) { return q.slice(0, 500); },
    body: function (batch) { return { sales: batch }; },
    stored: function (body, batch) {
      var sent = {}, refused = {};
      // A rejected sale leaves the queue too: it would be refused again.
      var rejected = body.rejected || [];
      rejected.forEach(function (s) { refused[s.id] = true; });
      batch.forEach(function (s) {
        sent[s.id] = true;
        if (!refused[s.id]) s.items.forEach(function (it) { if (it.product_id) sentHere[it.product_id] = (sentHere[it.product_id] || 0) + it.quantity; });
      });
      store.drop(sent);
      $("sync-message").textContent = fill(msg.synced, { accepted: body.accepted, duplicates: body.duplicates }) +
        (body.flagged ? fill(msg.syncFlagged, { flagged: body.flagged }) : "") +
        (rejected.length ? fill(msg.syncRejected, { rejected: rejected.length, no: rejected[0].id.slice(0, 8), reason: rejected[0].reason }) : "") + ".";
    },
    refused: function (r) { $("sync-message").textContent = fill(msg.syncFailed, { status: r.status, detail: r.body.detail || msg.tryAgain }); },
    unreachable: function () { $("sync-message").textContent = msg.syncOffline; },
    idle: function () { render(); }
  });

  document.querySelectorAll("[data-product]").forEach(function (b) {
    b.addEventListener("click", function () {
      add({ product_id: Number(b.dataset.product), name: b.dataset.name, quantity: 1, price: Number(b.dataset.price) });
    });
  });
  $("adhoc-add").addEventListener("click", function () {
    var name = $("adhoc-name").value.trim(), typed = $("adhoc-price").value.trim(), qty = Number($("adhoc-qty").value || 1);
    if (!name || !typed || !whole(qty, 1, Infinity)) { $("adhoc-error").textContent = msg.adhocMissing; return; }
    var price = parseRupiah(typed);
    if (price === null) { $("adhoc-error").textContent = msg.priceBad; return; }
    $("adhoc-error").textContent = "";
    if (!add({ name: name, quantity: qty, price: price })) return;
    $("adhoc-name").value = ""; $("adhoc-price").value = ""; $("adhoc-qty").value = "1";
  });
  $("pay").addEventListener("click", pay);
  $("method").addEventListener("change", render);
  $("received").addEventListener("input", render);
  $("sync-now").addEventListener("click", sync);
  $("receipt-print").addEventListener("click", function () { window.print(); });
  document.getElementById("kasir-js").hidden = false;
  document.getElementById("kasir-nojs").hidden = true;
  offline.registerWorker("/kasir/sw.js", "/kasir/");
  render();
  offline.keepSyncing(sync, render);
})();
