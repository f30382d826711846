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
  /** Moments noted by observers, read later. */
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

    /** Notes when the call history first shows `rows` calls (arm before signing in; read with `historyShown`). */
    watchHistory(rows) {
      const list = byId('history-list');
      const observer = new MutationObserver(() => {
        if (list.children.length < rows) return;
        observer.disconnect();
        callee.historyAt = performance.now();
      });
      observer.observe(list, { childList: true });
    },

    /** Resolves with the performance.now() at which `watchHistory`'s rows showed. */
    historyShown(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (callee.historyAt !== undefined) return resolve(callee.historyAt);
          if (performance.now() > deadline) return reject(new Error(`the history did not show within ${timeoutMs} ms`));
          setTimeout(poll, 20);
        };
        poll();
      });
    },

    /** Waits for the first voicemail message, clicks its Play; resolves with the ms until the audio plays. */
    playToPlaying(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const audio = byId('voicemail-audio');
        const poll = () => {
          const play = document.querySelector('#voicemail-list .play');
          if (!play) {
            if (performance.now() > deadline) return reject(new Error(`no voicemail message within ${timeoutMs} ms`));
            return setTimeout(poll, 20);
          }
          const start = performance.now();
          audio.addEventListener('playing', () => resolve(performance.now() - start), { once: true });
          setTimeout(() => reject(new Error(`the message did not play within ${timeoutMs} ms`)), timeoutMs);
          play.click();
        };
        poll();
      });
    },

    /**
     * Clicks Play on the call recording `id` in the call history, then moves its position to
     * `seekTo` seconds; resolves with the ms from each to the audio playing past it (the first
     * `timeupdate` of a playing element beyond that point).
     */
    async playAndSeek(id, seekTo, timeoutMs) {
      const item = document.querySelector(`[data-recording="${id}"]`);
      if (!item) throw new Error(`no call recording ${id} in the history`);
      const playingPast = (seconds) =>
        new Promise((resolve, reject) => {
          const start = performance.now();
          const timer = setTimeout(() => reject(new Error(`no audio past ${seconds} s within ${timeoutMs} ms`)), timeoutMs);
          const check = (event) => {
            if (event.target.paused || event.target.currentTime <= seconds) return;
            clearTimeout(timer);
            document.removeEventListener('timeupdate', check, true);
            resolve(performance.now() - start);
          };
          document.addEventListener('timeupdate', check, true);
        });
      const started = playingPast(0);
      item.querySelector('.play').click();
      const play = await started;
      const moved = playingPast(seekTo);
      const position = item.querySelector('.position');
      position.value = String(seekTo);
      position.dispatchEvent(new Event('input'));
      return { play, seek: await moved };
    },

    /** URLs of everything the page had loaded by `until` (performance.now() ms), the document first. */
    loadedBy(until) {
      const resources = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= until);
      return [location.href, ...resources.map((r) => r.name)];
    },
  };
})();
