/**
 * The simulator's Twilio Sync: Services (IS…) holding Documents (ET…) and Maps (MP…) of Items,
 * with the rules Twilio documents for them:
 * - data is a JSON object of at most 16 KiB, serialised (54006);
 * - TTLs are whole seconds from 0 to 31,536,000 (54011); 0 means "never expires"; an update keeps
 *   the expiry unless it sends a TTL again; what has expired is gone (a Map takes its Items along);
 * - every change makes a new revision; an `If-Match` with another revision is refused with 412
 *   (54103 for a Document, 54205 for a Map Item), one that is no revision at all with 400 (54003);
 * - unique names (1–320 characters, never shaped like a SID) are unique among a Service's
 *   Documents, and among its Maps (54301, 54302); Item keys have 1–320 characters and are unique
 *   in their Map (54208, 54209);
 * - each object has its own read and write budgets (sync-rate-limit.ts): a write to any Item is a
 *   write to its Map;
 * - what is not there is 404: 54050 (Service), 54100 (Document), 54200 (Map), 54201 (Map Item).
 * The state is plain data (`state`, serialisable with JSON); times are epoch milliseconds from the
 * store's clock, which tests may replace.
 */
import { newSid } from './account';
import { badParameter, RestError } from './rest-errors';
import { SyncRateLimit } from './sync-rate-limit';
import type { PersistentStore } from '../state/state-folder';

export type JsonObject = Record<string, unknown>;

/** When an object was made and changed, and when it expires (null: never), in epoch ms. */
interface Lifetime {
  revision: number;
  date_created: number;
  date_updated: number;
  date_expires: number | null;
}

export interface SyncItemState extends Lifetime {
  key: string;
  data: JsonObject;
}

export interface SyncDocumentState extends Lifetime {
  sid: string;
  unique_name: string | null;
  data: JsonObject;
}

export interface SyncMapState extends Lifetime {
  sid: string;
  unique_name: string | null;
  items: SyncItemState[];
}

/** A Service's settings, as its JSON names them. */
export interface SyncServiceSettings {
  friendly_name: string | null;
  webhook_url: string | null;
  webhooks_from_rest_enabled: boolean;
  reachability_webhooks_enabled: boolean;
  acl_enabled: boolean;
  reachability_debouncing_enabled: boolean;
  reachability_debouncing_window: number;
}

export interface SyncServiceState extends SyncServiceSettings {
  sid: string;
  date_created: number;
  date_updated: number;
  documents: SyncDocumentState[];
  maps: SyncMapState[];
}

export interface SyncState {
  services: SyncServiceState[];
}

/** Twilio's Sync limits. */
export const SYNC_LIMITS = { dataBytes: 16 * 1024, ttlSeconds: 31_536_000, nameLength: 320 } as const;

const DEFAULT_SETTINGS: SyncServiceSettings = {
  friendly_name: null,
  webhook_url: null,
  webhooks_from_rest_enabled: false,
  reachability_webhooks_enabled: false,
  acl_enabled: false,
  reachability_debouncing_enabled: false,
  reachability_debouncing_window: 5000,
};
const SID_SHAPE = /^[A-Z]{2}[a-f0-9]{32}$/;

/** What an update of an object's data and expiry asks for; undefined leaves it as it is. */
export interface SyncWrite {
  data?: JsonObject;
  /** Seconds from now (0: never expires). */
  ttl?: number;
  /** The revision the writer read (`If-Match`). */
  ifMatch?: string;
}

/** What an Item write asks for: its own data and TTL, and its Map's (`CollectionTtl`). */
export interface SyncItemWrite extends SyncWrite {
  collectionTtl?: number;
}

export interface SyncItemQuery {
  order?: 'asc' | 'desc';
  /** The first key to list (with `bounds`). */
  from?: string;
  bounds?: 'inclusive' | 'exclusive';
}

/** The simulator's Sync: every Service and what it holds; kept in the state folder as `sync`. */
export class SyncStore implements PersistentStore {
  readonly name = 'sync';
  readonly version = 1;
  readonly state: SyncState;
  /** False while Sync is down: every request to it answers 503 (a test's outage; not part of the state). */
  available = true;
  /** The store's clock (epoch ms): its TTLs, rate limits and the `Date` of its answers follow it. */
  readonly now: () => number;
  private readonly limit: SyncRateLimit;

  constructor(options: { now?: () => number; state?: SyncState } = {}) {
    this.now = options.now ?? Date.now;
    this.state = options.state ?? { services: [] };
    this.limit = new SyncRateLimit(this.now);
  }

  /** The state, with everything that has expired gone: what a snapshot should keep. */
  toJSON(): SyncState {
    for (const service of this.state.services) this.sweep(service);
    return this.state;
  }

  snapshot(): SyncState {
    return this.toJSON();
  }

  /** Loads a saved state; one that is not a list of Services with SIDs is refused whole. */
  restore(state: unknown): void {
    const services = (state as Partial<SyncState> | null)?.services;
    const isService = (value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as SyncServiceState).sid === 'string' &&
      Array.isArray((value as SyncServiceState).documents) &&
      Array.isArray((value as SyncServiceState).maps);
    if (!Array.isArray(services) || !services.every(isService)) throw new Error('the Sync state lacks its Services');
    this.state.services.splice(0, this.state.services.length, ...services);
  }

  // Services

  services(): SyncServiceState[] {
    return this.state.services;
  }

  createService(settings: Partial<SyncServiceSettings> = {}, sid = newSid('IS')): SyncServiceState {
    const service = { ...DEFAULT_SETTINGS, ...checkSettings(settings), sid, date_created: this.now(), date_updated: this.now(), documents: [], maps: [] };
    this.state.services.push(service);
    return service;
  }

  /** The Service `sid` (404, 54050 when there is none), with what has expired in it gone. */
  service(sid: string): SyncServiceState {
    const service = this.state.services.find((s) => s.sid === sid);
    if (!service) throw new RestError(404, 54050, `Sync Service ${sid.slice(0, 40)} not found`);
    return this.sweep(service);
  }

  updateService(sid: string, settings: Partial<SyncServiceSettings>): SyncServiceState {
    return Object.assign(this.service(sid), checkSettings(settings), { date_updated: this.now() });
  }

  deleteService(sid: string): void {
    this.state.services.splice(this.state.services.indexOf(this.service(sid)), 1);
  }

  // Documents

  documents(serviceSid: string): SyncDocumentState[] {
    return this.service(serviceSid).documents;
  }

  createDocument(serviceSid: string, create: { uniqueName?: string; data?: JsonObject; ttl?: number }): SyncDocumentState {
    const { documents } = this.service(serviceSid);
    return this.add(serviceSid, documents, { sid: newSid('ET'), unique_name: this.newUniqueName(documents, create.uniqueName), data: checkData(create.data ?? {}), ...this.born(create.ttl) });
  }

  /** Reads the Document `id` (SID or unique name). */
  document(serviceSid: string, id: string): SyncDocumentState {
    return this.read(serviceSid, this.findDocument(serviceSid, id));
  }

  updateDocument(serviceSid: string, id: string, write: SyncWrite): SyncDocumentState {
    const document = this.findDocument(serviceSid, id);
    const data = write.data && checkData(write.data);
    this.writeTo(serviceSid, document.sid, write.ttl);
    this.checkRevision(document, write.ifMatch, 54103, 'Document');
    if (data) document.data = data;
    return this.changed(document, write.ttl);
  }

  deleteDocument(serviceSid: string, id: string, ifMatch?: string): void {
    const document = this.findDocument(serviceSid, id);
    this.writeTo(serviceSid, document.sid);
    this.checkRevision(document, ifMatch, 54103, 'Document');
    const { documents } = this.service(serviceSid);
    documents.splice(documents.indexOf(document), 1);
  }

  // Maps

  maps(serviceSid: string): SyncMapState[] {
    return this.service(serviceSid).maps;
  }

  createMap(serviceSid: string, create: { uniqueName?: string; ttl?: number }): SyncMapState {
    const { maps } = this.service(serviceSid);
    return this.add(serviceSid, maps, { sid: newSid('MP'), unique_name: this.newUniqueName(maps, create.uniqueName), ...this.born(create.ttl), items: [] });
  }

  /** Reads the Map `id` (SID or unique name). */
  map(serviceSid: string, id: string): SyncMapState {
    return this.read(serviceSid, this.findMap(serviceSid, id));
  }

  /** The SID of the Map `id` (SID or unique name), without reading it. */
  mapSid(serviceSid: string, id: string): string {
    return this.findMap(serviceSid, id).sid;
  }

  /** Sets the Map's TTL (`Ttl` or `CollectionTtl`). */
  updateMap(serviceSid: string, id: string, ttl: number): SyncMapState {
    const map = this.findMap(serviceSid, id);
    this.writeTo(serviceSid, map.sid, ttl);
    return this.changed(map, ttl);
  }

  deleteMap(serviceSid: string, id: string): void {
    const map = this.findMap(serviceSid, id);
    this.writeTo(serviceSid, map.sid);
    const { maps } = this.service(serviceSid);
    maps.splice(maps.indexOf(map), 1);
  }

  // Map Items

  /** The Items of a Map in key order (one read of the Map). */
  items(serviceSid: string, mapId: string, query: SyncItemQuery = {}): SyncItemState[] {
    const map = this.map(serviceSid, mapId);
    const sign = query.order === 'desc' ? -1 : 1;
    const sorted = [...map.items].sort((a, b) => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { from } = query;
    if (from === undefined) return sorted;
    // The keys after `from` in the list's order, and `from` itself unless the bound is exclusive.
    return sorted.filter((item) => sign * (item.key < from ? -1 : item.key > from ? 1 : 0) > (query.bounds === 'exclusive' ? 0 : -1));
  }

  /** Reads one Item (one read of its Map); 404 (54201) when there is none. */
  item(serviceSid: string, mapId: string, key: string): SyncItemState {
    return findItem(this.map(serviceSid, mapId), key);
  }

  createItem(serviceSid: string, mapId: string, key: string, write: SyncItemWrite & { data: JsonObject }): SyncItemState {
    const map = this.findMap(serviceSid, mapId);
    checkName(key, 54209, 'Map Item key', false);
    const data = checkData(write.data);
    const born = this.born(write.ttl);
    this.writeTo(serviceSid, map.sid, write.collectionTtl);
    if (map.items.some((item) => item.key === key)) throw new RestError(409, 54208, `Map Item ${key.slice(0, 40)} already exists`);
    const item: SyncItemState = { key, data, ...born };
    map.items.push(item);
    this.changed(map, write.collectionTtl);
    return item;
  }

  updateItem(serviceSid: string, mapId: string, key: string, write: SyncItemWrite): SyncItemState {
    const map = this.findMap(serviceSid, mapId);
    const item = findItem(map, key);
    const data = write.data && checkData(write.data);
    if (write.ttl !== undefined) checkTtl(write.ttl);
    this.writeTo(serviceSid, map.sid, write.collectionTtl);
    this.checkRevision(item, write.ifMatch, 54205, 'Map Item');
    if (data) item.data = data;
    this.changed(map, write.collectionTtl);
    return this.changed(item, write.ttl);
  }

  deleteItem(serviceSid: string, mapId: string, key: string, ifMatch?: string): void {
    const map = this.findMap(serviceSid, mapId);
    const item = findItem(map, key);
    this.writeTo(serviceSid, map.sid);
    this.checkRevision(item, ifMatch, 54205, 'Map Item');
    map.items.splice(map.items.indexOf(item), 1);
    this.changed(map);
  }

  // The rules

  /** Drops what has expired in `service`. */
  private sweep(service: SyncServiceState): SyncServiceState {
    const now = this.now();
    const alive = (object: Lifetime) => object.date_expires === null || object.date_expires > now;
    service.documents = service.documents.filter(alive);
    service.maps = service.maps.filter(alive);
    for (const map of service.maps) map.items = map.items.filter(alive);
    return service;
  }

  private findDocument(serviceSid: string, id: string): SyncDocumentState {
    const document = this.service(serviceSid).documents.find((d) => d.sid === id || d.unique_name === id);
    if (!document) throw new RestError(404, 54100, `Document ${id.slice(0, 40)} not found`);
    return document;
  }

  private findMap(serviceSid: string, id: string): SyncMapState {
    const map = this.service(serviceSid).maps.find((m) => m.sid === id || m.unique_name === id);
    if (!map) throw new RestError(404, 54200, `Map ${id.slice(0, 40)} not found`);
    return map;
  }

  /** Adds a new object to `siblings`, paid from its own write budget. */
  private add<T extends { sid: string }>(serviceSid: string, siblings: T[], object: T): T {
    this.limit.take(`${serviceSid}/${object.sid}:write`);
    siblings.push(object);
    return object;
  }

  /** Pays one read of `object` from its read budget. */
  private read<T extends { sid: string }>(serviceSid: string, object: T): T {
    this.limit.take(`${serviceSid}/${object.sid}:read`);
    return object;
  }

  /** A new object's unique name, checked (undefined: none). */
  private newUniqueName(siblings: readonly { unique_name: string | null }[], name: string | undefined): string | null {
    if (name === undefined) return null;
    checkName(name, 54302, 'UniqueName', true);
    if (siblings.some((s) => s.unique_name === name)) throw new RestError(409, 54301, `Unique name ${name.slice(0, 40)} already exists`);
    return name;
  }

  /** Revision, dates and expiry of an object made now. */
  private born(ttl: number | undefined): Lifetime {
    const now = this.now();
    return { revision: 0, date_created: now, date_updated: now, date_expires: this.expiry(ttl) ?? null };
  }

  /** When an object with `ttl` expires: undefined when no TTL is given, null for 0 (never). */
  private expiry(ttl: number | undefined): number | null | undefined {
    if (ttl === undefined) return undefined;
    checkTtl(ttl);
    return ttl === 0 ? null : this.now() + ttl * 1000;
  }

  /** Checks a write's TTL, then pays for it from the object's write budget. */
  private writeTo(serviceSid: string, objectSid: string, ttl?: number): void {
    if (ttl !== undefined) checkTtl(ttl);
    this.limit.take(`${serviceSid}/${objectSid}:write`);
  }

  private checkRevision(object: Lifetime, ifMatch: string | undefined, code: number, what: string): void {
    if (ifMatch === undefined) return;
    const revision = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim())?.[1];
    if (revision === undefined) throw badParameter(54003, `If-Match ${ifMatch.slice(0, 40)} is not a revision of a Sync object`);
    if (Number(revision) !== object.revision) throw new RestError(412, code, `${what} revision mismatch: If-Match is ${revision}, the current revision is ${object.revision}`);
  }

  /** A new revision of `object`, its expiry moved only when the write gave a TTL. */
  private changed<T extends Lifetime>(object: T, ttl?: number): T {
    object.revision += 1;
    object.date_updated = this.now();
    const expires = this.expiry(ttl);
    if (expires !== undefined) object.date_expires = expires;
    return object;
  }
}

function findItem(map: SyncMapState, key: string): SyncItemState {
  const item = map.items.find((i) => i.key === key);
  if (!item) throw new RestError(404, 54201, `Map Item ${key.slice(0, 40)} not found`);
  return item;
}

function checkTtl(ttl: number): void {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > SYNC_LIMITS.ttlSeconds) throw badParameter(54011, `The TTL must be a whole number of seconds from 0 to ${SYNC_LIMITS.ttlSeconds}`);
}

function checkData(data: JsonObject): JsonObject {
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > SYNC_LIMITS.dataBytes) throw new RestError(413, 54006, `Data has ${bytes} bytes; a Sync object holds at most ${SYNC_LIMITS.dataBytes} (16 KiB)`);
  return data;
}

function checkName(name: string, code: number, what: string, unlikeSid: boolean): void {
  if (!name || name.length > SYNC_LIMITS.nameLength || (unlikeSid && SID_SHAPE.test(name))) {
    throw badParameter(code, `${what} must have 1 to ${SYNC_LIMITS.nameLength} characters${unlikeSid ? ' and not look like a SID' : ''}`);
  }
}

function checkSettings(settings: Partial<SyncServiceSettings>): Partial<SyncServiceSettings> {
  const window = settings.reachability_debouncing_window;
  if (window !== undefined && !(Number.isInteger(window) && window >= 1000 && window <= 30_000))
    throw badParameter(20001, 'ReachabilityDebouncingWindow must be whole milliseconds from 1000 to 30000');
  return settings;
}
