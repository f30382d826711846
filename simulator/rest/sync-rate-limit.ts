/**
 * Twilio Sync's rate limits on one object (a Document, or a Map with all its Items): about 20
 * requests a second, sustained, with a 10-second burst window. Modelled as a bucket of 200
 * requests that refills at 20 a second; a request the bucket cannot pay is refused with 429 and
 * error 54009 and costs nothing. Time comes from the store's clock, so a test that stops the clock
 * can flood an object past the limit deterministically.
 */
import { RestError } from './rest-errors';

/** Sustained requests per second per object, and the burst window Sync allows on top (Twilio's Sync limits). */
export const SYNC_RATE = { perSecond: 20, burstSeconds: 10 } as const;
const CAPACITY = SYNC_RATE.perSecond * SYNC_RATE.burstSeconds;
/** Past this many buckets, full ones (the same as none) are dropped. */
const PRUNE_ABOVE = 10_000;

export class SyncRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Pays one request of `object` (e.g. `IS…/MP…:write`), or throws 429 (54009) when its budget is spent. */
  take(object: string): void {
    const at = this.now();
    const bucket = this.buckets.get(object);
    const tokens = bucket ? Math.min(CAPACITY, bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * SYNC_RATE.perSecond) : CAPACITY;
    if (tokens < 1) {
      this.buckets.set(object, { tokens, at });
      throw new RestError(429, 54009, 'Rate limit exceeded: too many requests to this Sync object (about 20 a second, with a 10-second burst window); back off and retry');
    }
    this.buckets.set(object, { tokens: tokens - 1, at });
    if (this.buckets.size > PRUNE_ABOVE) this.prune(at);
  }

  private prune(at: number): void {
    for (const [object, bucket] of this.buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * SYNC_RATE.perSecond >= CAPACITY) this.buckets.delete(object);
    }
  }
}
