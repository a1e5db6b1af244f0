// Gerai's offline service worker, one file for every offline client
// (DESIGN.md "Offline clients"): the expo and stall cashier (registered as
// /kasir/sw.js, scope /kasir/) and the field officer's visit form
// (/petugas/sw.js, scope /petugas/). Pages under its scope are served from
// the network when there is one and from their last copy when there is
// none; the static assets (content-hashed URLs) from the cache first. What
// the page records meanwhile waits in its queue (static/offline.js) until
// the next sync.
const CACHE = "gerai-offline-v1";
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return; // syncs go to the network or fail (and stay queued)
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    // Versioned assets: the cache first.
    e.respondWith(caches.open(CACHE).then((c) => c.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) c.put(req, res.clone());
      return res;
    }))));
    return;
  }
  if (url.pathname.startsWith(SCOPE)) {
    // The page: the network first (fresh records), the last copy when offline.
    e.respondWith(fetch(req).then((res) => {
      if (res.ok) caches.open(CACHE).then((c) => c.put(req, res.clone()));
      return res;
    }).catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || new Response(
      "<h1>Offline</h1><p>Halaman ini belum pernah dibuka di perangkat ini. / This page has not been opened on this device yet.</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }))));
  }
});
