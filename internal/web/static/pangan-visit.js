// Gerai's field visit form (kunjungan pendampingan): a visit is made here,
// on the officer's phone, with an id of its own, and queued on the device
// (static/offline.js, the cashier's machinery) until there is signal; the
// page gives the household, its version, the programme's commodities and
// the texts (#visit-data). One queue per programme holds the visits of
// every household the officer recorded offline.
//
// Conflicts: a visit carries the household version it was made on (the
// version the device knows, plus one per visit to that household queued
// before it), so one officer's offline visits never conflict with each
// other, while a visit made on a version someone else has moved on comes
// back as a conflict. It then stays on the device, beside who visited last
// and when, until the officer sends it anyway or drops it: never a silent
// overwrite. The household's later visits wait behind it.
(function () {
  "use strict";
  var offline = window.GeraiOffline;
  var $ = function (id) { return document.getElementById(id); };
  var data = JSON.parse($("visit-data").textContent);
  var msg = data.messages;
  var fill = function (text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); };
  var store = new offline.Queue("gerai-pangan-visits-" + data.programme);
  var VERSIONS = "gerai-pangan-versions-" + data.programme;
  var form = $("visit-form");

  // parseQuantity reads a quantity by the rules of parseQuantity on the
  // server (pangan_visit.go): "2,5" and "2.5" are 2.5, "1.250" is 1250,
  // "1.250,5" is 1250.5; no sign, no letters (null).
  function parseQuantity(s) {
    s = String(s).trim();
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, "");
    else if (!/^\d+([.,]\d+)?$/.test(s)) return null;
    var n = Number(s.replace(",", "."));
    return isFinite(n) ? n : null;
  }
  window.geraiParseQuantity = parseQuantity; // for the browser tests

  // The household versions the device knows: from the pages it opened and
  // the visits it has had stored since.
  function versions() {
    try { return JSON.parse(localStorage.getItem(VERSIONS) || "{}"); } catch (e) { return {}; }
  }
  function known(hid) {
    var v = versions()[hid] || 0;
    return hid === data.household ? Math.max(v, data.version) : v;
  }
  function learn(hid, version) {
    var m = versions();
    if (!(m[hid] >= version)) { m[hid] = version; localStorage.setItem(VERSIONS, JSON.stringify(m)); }
  }
  // rebase puts a household's queued visits, in their order, on the
  // version the device knows (after a conflict was resolved or a visit dropped).
  function rebase(hid) {
    var n = known(hid);
    store.save(store.all().map(function (v) { if (v.household_id === hid) v.base_version = n++; return v; }));
  }

  // Times: the form's datetime field is the wall clock of the household's
  // province (the phone's own zone may differ).
  function provinceNow() { return new Date(Date.now() + data.offsetMinutes * 60000).toISOString().slice(0, 16); }
  function instant(local) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
    if (!m) return null;
    return new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) - data.offsetMinutes * 60000);
  }
  function local(iso) { return new Date(Date.parse(iso) + data.offsetMinutes * 60000).toISOString().slice(0, 16); }
  function shown(iso) { return local(iso).replace("T", " "); }

  function commodity(code) {
    for (var i = 0; i < data.commodities.length; i++) if (data.commodities[i].code === code) return data.commodities[i];
    return { code: code, name: code, unit: "" };
  }
  function summary(v) {
    return v.production.map(function (p) {
      var c = commodity(p.commodity);
      return c.name + " " + String(p.quantity).replace(".", msg.decimal) + " " + c.unit + " (" + msg["use_" + p.use] + ")";
    }).join(", ");
  }

  // Field errors beside the fields (the page has an error box under each).
  function clearErrors() {
    form.querySelectorAll(".field .error").forEach(function (e) { e.textContent = ""; });
    form.querySelectorAll(".field.invalid").forEach(function (f) { f.classList.remove("invalid"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (f) { f.removeAttribute("aria-invalid"); });
    $("form-message").hidden = true;
  }
  function fieldError(name, text) {
    var box = $("e-" + name), input = $("f-" + name);
    if (!box) return false;
    box.textContent = text;
    box.closest(".field").classList.add("invalid");
    if (input) input.setAttribute("aria-invalid", "true");
    return true;
  }
  function formMessage(text) { $("form-message").textContent = text; $("form-message").hidden = false; }
  function value(name) { var el = $("f-" + name); return el ? el.value.trim() : ""; }

  function record(e) {
    // The plain form's "send anyway" after a conflict posts as it is.
    if (e.submitter && e.submitter.name === "resolved") return;
    e.preventDefault();
    clearErrors();
    var at = instant(value("visited_at")), bad = false;
    if (!at || at.getTime() > Date.now() + 3600000 || at.getUTCFullYear() < data.startYear) { fieldError("visited_at", msg.timeBad); bad = true; }
    var v = { id: offline.uuid(), household_id: data.household, visited_at: at ? at.toISOString() : "", base_version: 0,
      notes: $("f-notes").value, production: [], statuses: [], confirm: $("f-confirm").checked, _label: data.label, _lines: [], _subjects: [] };
    for (var i = 0; i < data.lines; i++) {
      var c = value("commodity_" + i), q = value("quantity_" + i), qty = parseQuantity(q);
      if (!c && !q) continue;
      if (!c) { fieldError("commodity_" + i, msg.commodityMissing); bad = true; }
      else if (!q) { fieldError("quantity_" + i, msg.quantityMissing); bad = true; }
      else if (qty === null) { fieldError("quantity_" + i, msg.quantityBad); bad = true; }
      v.production.push({ commodity: c, quantity: qty, use: value("use_" + i) });
      v._lines.push(i);
    }
    data.subjects && data.subjects.forEach(function (s) {
      var st = value("status_" + s.key), reason = value("reason_" + s.key);
      if (!st) return;
      if (st === "failed" && !reason) { fieldError("reason_" + s.key, msg.reasonMissing); bad = true; }
      v.statuses.push({ subject: s.subject, id: s.id, line: s.line, status: st, reason: reason });
      v._subjects.push(s.key);
    });
    if (bad) { formMessage(msg.formError); return; }
    v.base_version = known(data.household) + store.all().filter(function (x) { return x.household_id === data.household; }).length;
    store.push(v);
    clearForm();
    $("sync-message").textContent = msg.queued;
    render();
    sync();
  }

  function clearForm() {
    for (var i = 0; i < data.lines; i++) {
      $("f-commodity_" + i).value = ""; $("f-quantity_" + i).value = ""; $("f-use_" + i).selectedIndex = 0;
    }
    (data.subjects || []).forEach(function (s) { $("f-status_" + s.key).value = ""; $("f-reason_" + s.key).value = ""; });
    $("f-notes").value = "";
    $("f-confirm").checked = false;
    $("confirm-box").hidden = true;
    $("f-visited_at").value = provinceNow();
  }

  // edit puts a rejected visit back into the form, its errors beside the
  // fields, to be corrected and recorded again.
  function edit(v) {
    drop(v);
    clearForm();
    clearErrors();
    $("f-visited_at").value = v.visited_at ? local(v.visited_at) : provinceNow();
    $("f-notes").value = v.notes;
    v.production.forEach(function (p, k) {
      var i = v._lines[k];
      $("f-commodity_" + i).value = p.commodity; $("f-quantity_" + i).value = p.quantity === null ? "" : String(p.quantity).replace(".", msg.decimal);
      $("f-use_" + i).value = p.use;
    });
    v.statuses.forEach(function (s, k) { $("f-status_" + v._subjects[k]).value = s.status; $("f-reason_" + v._subjects[k]).value = s.reason; });
    var errors = (v._rejection && v._rejection.errors) || [];
    var placed = false;
    errors.forEach(function (fe) {
      var m = /^(production|statuses)\[(\d+)\]\.(\w+)$/.exec(fe.field), name = fe.field;
      if (m && m[1] === "production") name = m[3] + "_" + v._lines[+m[2]];
      if (m && m[1] === "statuses") name = (m[3] === "reason" ? "reason_" : "status_") + v._subjects[+m[2]];
      // A quantity the server found unusual may be confirmed as harvested.
      if (m && m[1] === "production" && m[3] === "quantity") $("confirm-box").hidden = false;
      placed = fieldError(name, fe.message) || placed;
    });
    formMessage(placed ? msg.formError : (v._rejection ? v._rejection.reason : msg.formError));
    form.scrollIntoView();
  }

  function drop(v) {
    if (v._conflict) learn(v.household_id, v._conflict.current_version);
    var gone = {}; gone[v.id] = true;
    store.drop(gone);
    rebase(v.household_id);
    render();
  }

  // sendAnyway: the officer has seen the other visit; the household's
  // queued visits go on the version it now knows, this one marked resolved.
  function sendAnyway(v) {
    learn(v.household_id, v._conflict.current_version);
    store.update(v.id, function (x) { x.resolved = true; delete x._state; delete x._conflict; });
    rebase(v.household_id);
    render();
    sync();
  }

  function button(text, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text; b.onclick = onclick;
    return b;
  }
  function para(text, cls) {
    var p = document.createElement("p");
    p.textContent = text;
    if (cls) p.className = cls;
    return p;
  }

  function render() {
    var q = store.all();
    $("queue-count").textContent = String(q.length);
    $("visit-queue").className = q.length ? "note queued" : "note";
    $("net-status").textContent = navigator.onLine ? msg.online : msg.offline;
    $("household-version").textContent = String(known(data.household));
    var list = $("queue-list");
    list.innerHTML = "";
    q.forEach(function (v) {
      var li = document.createElement("li");
      li.id = "q-" + v.id;
      li.appendChild(para(v._label + " · " + (v.visited_at ? shown(v.visited_at) : "") + (v.production.length ? " · " + summary(v) : "")));
      if (v._state === "conflict") {
        var c = v._conflict;
        li.className = "conflict";
        li.appendChild(para(fill(msg.conflict, { by: c.latest_by || msg.someoneUnknown, at: c.latest_at ? shown(c.latest_at) : "", version: c.current_version })));
        li.appendChild(para(fill(msg.conflictMine, { at: v.visited_at ? shown(v.visited_at) : "", version: v.base_version }), "muted"));
        var p = document.createElement("p");
        p.appendChild(button(msg.sendAnyway, "send-anyway", function () { sendAnyway(v); }));
        p.appendChild(document.createTextNode(" "));
        p.appendChild(button(msg.dropMine, "secondary drop-mine", function () { drop(v); }));
        li.appendChild(p);
      } else if (v._state === "rejected") {
        li.className = "rejected";
        li.appendChild(para(fill(msg.rejected, { reason: v._rejection.reason }), "error"));
        var ul = document.createElement("ul");
        (v._rejection.errors || []).forEach(function (fe) { var e = document.createElement("li"); e.textContent = fe.message; ul.appendChild(e); });
        li.appendChild(ul);
        var pr = document.createElement("p");
        if (v.household_id === data.household) {
          pr.appendChild(button(msg.edit, "edit", function () { edit(v); }));
          pr.appendChild(document.createTextNode(" "));
        }
        pr.appendChild(button(msg.drop, "secondary drop", function () { drop(v); }));
        li.appendChild(pr);
      } else {
        li.appendChild(para(msg.waiting, "muted"));
      }
      list.appendChild(li);
    });
  }

  // pick is what the next sync sends: the waiting visits, except those of
  // a household with a conflict or a rejection still to settle (they were
  // made after it and go once it is settled).
  function pick(q) {
    var held = {};
    return q.filter(function (v) {
      if (v._state) held[v.household_id] = true;
      return !v._state && !held[v.household_id];
    }).slice(0, 200);
  }
  function strip(v) {
    var out = {};
    Object.keys(v).forEach(function (k) { if (k.charAt(0) !== "_") out[k] = v[k]; });
    return out;
  }

  var sync = offline.syncer({
    queue: store, url: data.syncURL, csrf: data.csrf, pick: pick,
    body: function (batch) { return { visits: batch.map(strip) }; },
    stored: function (body, batch) {
      var conflicts = {}, rejected = {}, stored = {};
      (body.conflicts || []).forEach(function (c) { conflicts[c.id] = c; });
      (body.rejected || []).forEach(function (r) { rejected[r.id] = r; });
      batch.forEach(function (v) {
        if (conflicts[v.id]) {
          store.update(v.id, function (x) { x._state = "conflict"; x._conflict = conflicts[v.id]; });
        } else if (rejected[v.id]) {
          store.update(v.id, function (x) { x._state = "rejected"; x._rejection = { reason: rejected[v.id].reason, errors: rejected[v.id].errors || [] }; });
        } else {
          stored[v.id] = true;
          learn(v.household_id, v.base_version + 1);
        }
      });
      store.drop(stored);
      $("sync-message").textContent = fill(msg.synced, { accepted: body.accepted, duplicates: body.duplicates,
        conflicts: (body.conflicts || []).length, rejected: (body.rejected || []).length });
    },
    refused: function (r) { $("sync-message").textContent = fill(msg.syncFailed, { status: r.status, detail: (r.body && r.body.detail) || msg.tryAgain }); },
    unreachable: function () { $("sync-message").textContent = msg.syncOffline; },
    idle: render
  });

  form.addEventListener("submit", record);
  $("sync-now").addEventListener("click", sync);
  $("visit-queue").hidden = false;
  if (!form.querySelector(".field.invalid") && $("form-message").hidden) $("f-visited_at").value = provinceNow();
  offline.registerWorker("/petugas/sw.js", "/petugas/");
  render();
  offline.keepSyncing(sync, render);
})();
