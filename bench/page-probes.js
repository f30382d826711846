/**
 * Timers that run inside the softphone page, added to every benchmark page as an init script
 * (`window.__benchProbes`), so figures are timed where the person sits: from a click to a change
 * the page shows, or to audio in getStats. They only observe the DOM and the simulator's
 * `window.__simPeers`; the page itself is unchanged. Plain JavaScript, so no compiler helper
 * ends up in code the browser runs. Times are epoch ms (`performance.timeOrigin + performance.now()`),
 * comparable across the two pages of a call.
 */
(() => {
  const epoch = () => performance.timeOrigin + performance.now();
  const byId = (id) => document.getElementById(id);
  const callee = {};

  window.__benchProbes = {
    /** Clicks Sign in; resolves with the ms until the status badge says `registered`, and when (performance.now()). */
    signInToRegistered(timeoutMs) {
      return new Promise((resolve, reject) => {
        const presence = byId('presence');
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (presence.dataset.state !== 'registered') return;
          observer.disconnect();
          resolve({ ms: performance.now() - start, registeredAt: performance.now() });
        });
        observer.observe(presence, { attributes: true, attributeFilter: ['data-state'] });
        setTimeout(() => reject(new Error(`not registered within ${timeoutMs} ms (presence: ${presence.dataset.state})`)), timeoutMs);
        byId('sign-in').click();
      });
    },

    /** Arms the callee: when the incoming banner shows, note the time and click Accept at once. */
    acceptWhenOffered() {
      const banner = byId('incoming');
      const observer = new MutationObserver(() => {
        if (banner.hidden) return;
        observer.disconnect();
        callee.incomingAt = epoch();
        byId('accept').click();
        callee.acceptAt = epoch();
      });
      observer.observe(banner, { attributes: true, attributeFilter: ['hidden'] });
    },

    /** `{incomingAt, acceptAt}` noted by `acceptWhenOffered`. */
    calleeTimes() {
      return callee;
    },

    /** Clicks Call; returns when. */
    clickCall() {
      const at = epoch();
      byId('call').click();
      return at;
    },

    /** Resolves with the moment inbound audio bytes first arrive on a live peer connection. */
    firstAudio(timeoutMs) {
      const deadline = epoch() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = async () => {
          let bytes = 0;
          for (const pc of (window.__simPeers || []).filter((p) => p.connectionState !== 'closed')) {
            (await pc.getStats()).forEach((report) => {
              if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived || 0;
            });
          }
          if (bytes > 0) return resolve(epoch());
          if (epoch() > deadline) return reject(new Error(`no inbound audio within ${timeoutMs} ms`));
          setTimeout(poll, 10);
        };
        poll();
      });
    },

    /** URLs of everything the page had loaded by `until` (performance.now() ms), the document first. */
    loadedBy(until) {
      const resources = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= until);
      return [location.href, ...resources.map((r) => r.name)];
    },
  };
})();
