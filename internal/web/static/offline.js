// Gerai's offline clients share this (DESIGN.md "Offline clients": the
// expo and stall cashier, static/kasir.js, and the field officer's visit
// form, static/pangan-visit.js): records made on the device with ids of
// their own (UUIDs), a queue in localStorage that survives closing the page
// and losing the connection, and a sync that posts what the queue holds
// (with the page's CSRF token) whenever the connection is there. The
// server stores each record once by its id, so sending again is harmless.
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Queue is a list of records kept under one localStorage key.
  function Queue(key) { this.key = key; }
  Queue.prototype.all = function () {
    try { return JSON.parse(localStorage.getItem(this.key) || "[]"); } catch (e) { return []; }
  };
  Queue.prototype.save = function (list) { localStorage.setItem(this.key, JSON.stringify(list)); };
  Queue.prototype.push = function (item) { var q = this.all(); q.push(item); this.save(q); };
  // drop takes the records whose ids are keys of gone out of the queue.
  Queue.prototype.drop = function (gone) { this.save(this.all().filter(function (x) { return !gone[x.id]; })); };
  // update changes the record id in place (change returns nothing).
  Queue.prototype.update = function (id, change) {
    this.save(this.all().map(function (x) { if (x.id === id) change(x); return x; }));
  };

  // syncer returns sync(): it posts the batch o.pick chooses from o.queue
  // to o.url as o.body(batch) and hands the answer to o.stored (2xx, the
  // body read as JSON) or o.refused ({status, body}); o.unreachable when
  // there was no answer; o.idle after every attempt (and when there was
  // nothing to send). While each round takes records off the queue, it
  // goes on with the rest.
  function syncer(o) {
    var busy = false;
    var idle = o.idle || function () {};
    function sync() {
      var all = o.queue.all(), batch = o.pick(all);
      if (busy || !batch.length || !navigator.onLine) { idle(); return; }
      busy = true;
      fetch(o.url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": o.csrf },
        body: JSON.stringify(o.body(batch))
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
      }).then(function (r) {
        if (r.ok) o.stored(r.body, batch); else o.refused(r);
      }).catch(function () {
        o.unreachable();
      }).then(function () {
        busy = false;
        idle();
        var now = o.queue.all();
        if (o.pick(now).length && navigator.onLine && now.length < all.length) sync();
      });
    }
    return sync;
  }

  // keepSyncing runs sync when the connection comes back, every interval,
  // and now.
  function keepSyncing(sync, onChange, interval) {
    window.addEventListener("online", function () { onChange(); sync(); });
    window.addEventListener("offline", onChange);
    setInterval(sync, interval || 15000);
    sync();
  }

  // registerWorker installs the offline service worker for scope (its
  // pages then open without a connection once they have been opened with one).
  function registerWorker(url, scope) {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register(url, { scope: scope });
  }

  window.GeraiOffline = { uuid: uuid, Queue: Queue, syncer: syncer, keepSyncing: keepSyncing, registerWorker: registerWorker };
})();
