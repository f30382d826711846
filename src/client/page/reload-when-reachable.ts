/**
 * Brings back a part of the page that failed to load. A browser keeps a failed module import for
 * the document's whole life, so importing a chunk again after a network blip fails again without
 * a request (and after a new deploy the old chunk names are gone for good): without this, a page
 * whose calls chunk failed once would never ring again. Once the page's own address answers, a
 * reload brings every part back; the session survives it.
 */

/** When this tab last reloaded itself, so a part that can never load does not reload it in a loop. */
const RELOADED_AT_KEY = 'switchboard.reloadedAt';
/** At most one reload of this kind per tab in this long. */
const MIN_RELOAD_INTERVAL_MS = 5 * 60_000;
/** How often the page's address is asked whether it answers again. */
const PROBE_INTERVAL_MS = 5_000;

/** What the recovery needs from the page; the browser's own by default. */
export interface ReloadHost {
  storage: Storage;
  /** True when the page's address answers (any HTTP answer: the network is back). */
  reachable(): Promise<boolean>;
  reload(): void;
  /** False while a reload would cut something short (a call in progress). */
  mayReload(): boolean;
  now(): number;
  wait(ms: number): Promise<void>;
}

let pending: Promise<void> | undefined;

/**
 * Reloads the page once its address answers again and `host.mayReload()` allows it, unless this
 * tab already did so within the last five minutes. Asked several times, it waits only once.
 */
export function reloadWhenReachable(host: ReloadHost): Promise<void> {
  pending ??= waitThenReload(host).finally(() => (pending = undefined));
  return pending;
}

async function waitThenReload(host: ReloadHost): Promise<void> {
  const last = Number(host.storage.getItem(RELOADED_AT_KEY));
  if (Number.isFinite(last) && host.now() - last < MIN_RELOAD_INTERVAL_MS) return;
  while (!(host.mayReload() && (await host.reachable()))) await host.wait(PROBE_INTERVAL_MS);
  try {
    host.storage.setItem(RELOADED_AT_KEY, String(host.now()));
  } catch {
    // Storage refused: reload all the same; the page cannot work as it is.
  }
  host.reload();
}

/** The browser's own host: sessionStorage (per tab), a no-store HEAD of the page's address. */
export function browserReloadHost(mayReload: () => boolean): ReloadHost {
  return {
    storage: sessionStorage,
    reachable: () =>
      fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    reload: () => location.reload(),
    mayReload,
    now: Date.now,
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
