/**
 * The team's store: a small typed layer over one Twilio Sync Service (SYNC_SERVICE_SID), reached
 * with `context.getTwilioClient().sync.v1.services(sid)` as deployed. What lives where is
 * docs/team-state.md (names in team-layout.ts); this file only reads and writes:
 *
 * - every answer carries Sync's revision (for `If-Match`) and Sync's own clock (`Date`), so
 *   callers time things by one clock that every Function instance shares;
 * - a write names the revision it read, and a stale one (412), a name someone else took first
 *   (409) or an object that vanished meanwhile is a StoreConflict, for read-modify-write.ts to
 *   retry; anything missing on a read is `undefined`;
 * - everything else (429, 5xx, no answer before the deadline, a Service Sync does not know) is a
 *   StoreFailure the caller decides on.
 */
import type { Twilio } from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/sync/v1/service';
import type { SyncMapItemListInstancePageOptions } from 'twilio/lib/rest/sync/v1/service/syncMap/syncMapItem';
import { DeadlineError, withDeadline } from '../runtime/deadline';
import { StoreFailure } from './store-failure';

/** An object as Sync answered it. */
export interface Stored<T> {
  readonly data: T;
  /** Its revision, for `If-Match`. */
  readonly revision: string;
  /** When it was last written, by Sync's clock (epoch ms; Sync keeps whole seconds). */
  readonly updatedAt: number;
  /** Sync's clock when it answered (its `Date` header; epoch ms, whole seconds). */
  readonly seenAt: number;
}

/** A Map's Items as one read found them. */
export interface Listing<T> {
  readonly items: readonly (Stored<T> & { readonly key: string })[];
  /** Sync's clock when it answered (epoch ms). */
  readonly seenAt: number;
}

/** Items listed in one read: Sync's largest page. */
const LIST_PAGE = 100;

/** The object changed, was made or vanished since it was read: read again and decide again. */
export class StoreConflict extends Error {
  constructor(
    detail: string,
    /** Sync's "not found" code when the object (54100, 54201) or its Map (54200) is not there. */
    readonly missingCode?: number,
  ) {
    super(`the team's store changed under a write (${detail})`);
    this.name = 'StoreConflict';
  }

  get missing(): boolean {
    return this.missingCode !== undefined;
  }
}

/**
 * All of a Function's work with the store ends within this (Twilio cuts a Function at 10 s): a
 * sign-in's read, scrypt and write, with retries, or a session check before a data request.
 */
export const STORE_DEADLINE_MS = 4000;

/** Sync's "not found" codes of a Document, a Map and a Map Item; any other 404 means the Service itself. */
const MAP_MISSING = 54200;
const MISSING_OBJECT = new Set([54100, MAP_MISSING, 54201]);

interface SyncAnswer<I> {
  body: I;
  headers: Record<string, unknown>;
}

interface SyncObject {
  data: unknown;
  revision: string;
  dateUpdated: Date;
}

/** Opens the store of a Service for one invocation: `TeamStore.of` on the Function's own client. */
export type OpenStore = (serviceSid: string, deadlineMs?: number) => TeamStore;

/** The configured store, or undefined when SYNC_SERVICE_SID is not set. */
export function configuredStore(serviceSid: string | undefined, open: OpenStore, deadlineMs?: number): TeamStore | undefined {
  return serviceSid ? open(serviceSid, deadlineMs) : undefined;
}

/** A failed call as the `twilio` client throws it (RestException) or a network error. */
interface FailedCall {
  status?: unknown;
  code?: unknown;
}

/** The team's store on one Sync Service, for one Function invocation (or one CLI command). */
export class TeamStore {
  private readonly endsAt: number;

  /**
   * `service` is asked for lazily (making a client can throw on a malformed credential: a
   * StoreFailure then, like any other). Every call must end by `deadlineMs` from now.
   */
  constructor(
    /** SYNC_SERVICE_SID. */
    readonly serviceSid: string,
    private readonly service: () => ServiceContext,
    deadlineMs = STORE_DEADLINE_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.endsAt = clock() + deadlineMs;
  }

  /**
   * The store of `serviceSid` through `client` (the Functions' `context.getTwilioClient()`, the
   * CLI's own), made once, at the first request: one client's requests share its keep-alive
   * connection, where a client per request would open a TLS connection to Sync for each.
   */
  static of(client: () => Twilio, serviceSid: string, deadlineMs?: number): TeamStore {
    let made: Twilio | undefined;
    return new TeamStore(serviceSid, () => (made ??= client()).sync.v1.services(serviceSid), deadlineMs);
  }

  /** Sync's clock now (epoch ms), which also proves the Service exists. */
  async serviceTime(): Promise<number> {
    return this.seenAt(await this.call('fetch the service', (service) => service.fetchWithHttpInfo()));
  }

  // Documents, by unique name

  async readDocument<T>(name: string): Promise<Stored<T> | undefined> {
    return this.readOrMissing(`read ${name}`, (service) => service.documents(name).fetchWithHttpInfo());
  }

  async createDocument<T extends object>(name: string, data: T, ttl: number): Promise<Stored<T>> {
    return this.stored(await this.call(`create ${name}`, (service) => service.documents.createWithHttpInfo({ uniqueName: name, data, ttl }), true));
  }

  /** Replaces the data (and the TTL, from now) if the Document is still at revision `ifMatch`. */
  async updateDocument<T extends object>(name: string, data: T, ifMatch: string, ttl: number): Promise<Stored<T>> {
    return this.stored(await this.call(`update ${name}`, (service) => service.documents(name).updateWithHttpInfo({ data, ttl, ifMatch }), true));
  }

  /**
   * Deletes the Document; one already gone is fine. Sync takes no `If-Match` on a Document's
   * delete, so a write that lands between the caller's read and this delete is deleted with it.
   */
  async removeDocument(name: string): Promise<void> {
    await this.readOrMissing(`remove ${name}`, (service) => service.documents(name).removeWithHttpInfo());
  }

  // Map Items

  async readItem<T>(map: string, key: string): Promise<Stored<T> | undefined> {
    return this.readOrMissing(`read ${map}/${key}`, (service) => service.syncMaps(map).syncMapItems(key).fetchWithHttpInfo());
  }

  /**
   * Every Item of `map` (none when the Map is not there yet) in one read: the first page of up to
   * 100, which is why a Map read this way is kept under 100 Items (docs/team-state.md).
   */
  async listItems<T>(map: string): Promise<Listing<T>> {
    return (await this.listPage<T>(map, {})) ?? { items: [], seenAt: this.clock() };
  }

  /**
   * The Items of `map` whose keys run from `from` (the highest key when undefined) down to
   * `downTo`, both included, highest first: one read per 100 Items, at most `maxReads` reads (what
   * lies further down is left out). Keys that sort by time make this "the newest down to then".
   */
  async listItemsDown<T>(map: string, range: { readonly from?: string; readonly downTo: string }, maxReads: number): Promise<Listing<T>> {
    const items: Listing<T>['items'][number][] = [];
    let seenAt = this.clock();
    let from = range.from;
    for (let reads = 0; reads < maxReads; reads++) {
      const page = await this.listPage<T>(map, { order: 'desc', ...(from === undefined ? {} : { from, bounds: reads ? 'exclusive' : 'inclusive' }) });
      if (!page) break;
      seenAt = page.seenAt;
      items.push(...page.items.filter((item) => item.key >= range.downTo));
      const last = page.items.at(-1);
      if (page.items.length < LIST_PAGE || !last || last.key < range.downTo) break;
      from = last.key;
    }
    return { items, seenAt };
  }

  /** One page of up to 100 Items of `map` as `query` asks; undefined when the Map is not there yet. */
  private async listPage<T>(map: string, query: SyncMapItemListInstancePageOptions): Promise<Listing<T> | undefined> {
    try {
      const answer = await this.call(`list ${map}`, (service) => service.syncMaps(map).syncMapItems.pageWithHttpInfo({ ...query, pageSize: LIST_PAGE }));
      const items = answer.body.instances.map((item) => ({ key: item.key, ...this.stored<T>({ body: item, headers: answer.headers }) }));
      return { items, seenAt: this.seenAt(answer) };
    } catch (error) {
      if (error instanceof StoreConflict && error.missing) return undefined;
      throw error;
    }
  }

  /** Creates the Item, and its Map (never expiring) on first use. */
  async createItem<T extends object>(map: string, key: string, data: T, ttl: number): Promise<Stored<T>> {
    const create = () => this.call(`create ${map}/${key}`, (service) => service.syncMaps(map).syncMapItems.createWithHttpInfo({ key, data, itemTtl: ttl }), true);
    try {
      return this.stored(await create());
    } catch (error) {
      if (!(error instanceof StoreConflict && error.missingCode === MAP_MISSING)) throw error;
    }
    await this.createMap(map);
    return this.stored(await create());
  }

  /** Replaces the Item's data (and its TTL, from now) if it is still at revision `ifMatch`. */
  async updateItem<T extends object>(map: string, key: string, data: T, ifMatch: string, ttl: number): Promise<Stored<T>> {
    return this.stored(await this.call(`update ${map}/${key}`, (service) => service.syncMaps(map).syncMapItems(key).updateWithHttpInfo({ data, itemTtl: ttl, ifMatch }), true));
  }

  /**
   * Replaces the Item's data (and its TTL, from now) whatever it holds: no `If-Match`, so nothing
   * to read first and no conflict with another writer (the last write wins). StoreConflict when
   * the Item or its Map is not there.
   */
  async overwriteItem<T extends object>(map: string, key: string, data: T, ttl: number): Promise<Stored<T>> {
    return this.stored(await this.call(`overwrite ${map}/${key}`, (service) => service.syncMaps(map).syncMapItems(key).updateWithHttpInfo({ data, itemTtl: ttl }), true));
  }

  private async createMap(map: string): Promise<void> {
    try {
      await this.call(`create ${map}`, (service) => service.syncMaps.createWithHttpInfo({ uniqueName: map }), true);
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error; // made meanwhile by someone else: as good
    }
  }

  /** What `request` answers, or undefined when Sync has no such object (or it was just deleted). */
  private async readOrMissing<T>(what: string, request: (service: ServiceContext) => Promise<SyncAnswer<SyncObject | boolean>>): Promise<Stored<T> | undefined> {
    try {
      const answer = await this.call(what, request);
      return typeof answer.body === 'boolean' ? undefined : this.stored(answer as SyncAnswer<SyncObject>);
    } catch (error) {
      if (error instanceof StoreConflict && error.missing) return undefined;
      throw error;
    }
  }

  private stored<T>(answer: SyncAnswer<SyncObject>): Stored<T> {
    const { data, revision, dateUpdated } = answer.body;
    return { data: data as T, revision, updatedAt: dateUpdated.getTime(), seenAt: this.seenAt(answer) };
  }

  /** Sync's `Date`; this process's clock only if an answer had none. */
  private seenAt(answer: SyncAnswer<unknown>): number {
    const header = answer.headers.date ?? answer.headers.Date;
    const date = typeof header === 'string' ? Date.parse(header) : NaN;
    return Number.isNaN(date) ? this.clock() : date;
  }

  /**
   * One request within the deadline. Its failures: a missing object or a conflict (`write`)
   * is a StoreConflict carrying Sync's status and code; anything else a StoreFailure.
   */
  private async call<A extends SyncAnswer<unknown>>(what: string, request: (service: ServiceContext) => Promise<A>, write = false): Promise<A> {
    try {
      return await withDeadline(request(this.service()), this.endsAt - this.clock());
    } catch (error) {
      if (error instanceof DeadlineError) throw new StoreFailure('timeout', what);
      const { status, code } = (error ?? {}) as FailedCall;
      const detail = `${what}: ${typeof status === 'number' ? status : 'no answer'}${typeof code === 'number' || typeof code === 'string' ? ` ${code}` : ''}`;
      if (status === 404 && typeof code === 'number' && MISSING_OBJECT.has(code)) throw new StoreConflict(detail, code);
      if (status === 404) throw new StoreFailure('no-service', detail);
      if (write && (status === 409 || status === 412)) throw new StoreConflict(detail);
      throw new StoreFailure(status === 429 ? 'busy' : status === 401 || status === 403 ? 'denied' : 'down', detail);
    }
  }
}
