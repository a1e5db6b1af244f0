// Gerai's expo cashier service worker: the cashier page and its assets are
// served from the cache when the venue's connection is gone, so sales can
// still be recorded (they wait in the page's queue until the next sync).
const CACHE = "gerai-kasir-v1";

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
  if (url.pathname.startsWith("/kasir/")) {
    // The page: the network first (fresh stock and sales), the last copy when offline.
    e.respondWith(fetch(req).then((res) => {
      if (res.ok) caches.open(CACHE).then((c) => c.put(req, res.clone()));
      return res;
    }).catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || new Response(
      "<h1>Offline</h1><p>Halaman kasir belum pernah dibuka di perangkat ini.</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }))));
  }
});
