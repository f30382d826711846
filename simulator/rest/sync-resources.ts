/**
 * Twilio Sync's REST API (`sync.twilio.com/v1`, OpenAPI `twilio_sync_v1.json`) on the simulator's
 * Sync store: Services, Documents, Maps and Map Items, with the parameters and headers the
 * `twilio` client sends (form fields `Data` as JSON text, `Ttl`, `ItemTtl`, `CollectionTtl`,
 * `UniqueName`, `Key`; the `If-Match` header) and the answers it reads (snake_case JSON, the
 * revision as `ETag`, v1 paging at most 100 a page). Lists, Streams and Permissions are not
 * simulated: they answer 501. While the store is not `available`, every request answers 503.
 */
import { booleanValue, WEB_URL } from './form-values';
import { pageV1 } from './paging';
import { iso8601 } from './rest-dates';
import { badParameter, RestError } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';
import type { JsonObject, SyncDocumentState, SyncItemState, SyncMapState, SyncServiceSettings, SyncServiceState, SyncStore } from './sync-store';

const MAX_PAGE_SIZE = 100;
const SERVICE = '/Services/(IS[0-9a-f]{32})';
const DOCUMENT = `${SERVICE}/Documents/([^/]+)`;
const MAP = `${SERVICE}/Maps/([^/]+)`;
const ITEM = `${MAP}/Items/([^/]+)`;

/** A path segment as the client meant it (`%20` → space); 400 when it does not decode. */
function segment(request: RestRequest, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badParameter(20001, `${request.path.slice(0, 200)} is not a valid path`);
  }
}

/** A TTL parameter: whole seconds, or NaN for the store to refuse (54011); undefined when absent. */
function ttlParameter(form: URLSearchParams, ...names: string[]): number | undefined {
  const raw = names.map((name) => form.get(name)).find((value) => value !== null);
  if (raw === undefined || raw === null) return undefined;
  return /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
}

/** `Data`: a JSON object (54008 otherwise); undefined when absent. */
function dataParameter(form: URLSearchParams): JsonObject | undefined {
  const raw = form.get('Data');
  if (raw === null) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badParameter(54008, 'Data is not valid JSON');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw badParameter(54008, 'Data must be a JSON object');
  return data as JsonObject;
}

/** A Service's settings from a create or update. */
function serviceSettings(form: URLSearchParams): Partial<SyncServiceSettings> {
  const settings: Partial<SyncServiceSettings> = {};
  const friendlyName = form.get('FriendlyName');
  if (friendlyName !== null) settings.friendly_name = friendlyName;
  const webhookUrl = form.get('WebhookUrl');
  if (webhookUrl !== null) {
    if (webhookUrl && !WEB_URL.test(webhookUrl)) throw badParameter(20001, 'WebhookUrl is not a valid URL');
    settings.webhook_url = webhookUrl || null;
  }
  const flags = {
    ReachabilityWebhooksEnabled: 'reachability_webhooks_enabled',
    AclEnabled: 'acl_enabled',
    ReachabilityDebouncingEnabled: 'reachability_debouncing_enabled',
    WebhooksFromRestEnabled: 'webhooks_from_rest_enabled',
  } as const;
  for (const [name, field] of Object.entries(flags)) {
    const raw = form.get(name);
    if (raw !== null) settings[field] = booleanValue(name, raw);
  }
  const window = form.get('ReachabilityDebouncingWindow');
  if (window !== null) settings.reachability_debouncing_window = /^\d{1,6}$/.test(window) ? Number(window) : NaN;
  return settings;
}

/** The If-Match header, when the request has one. */
const ifMatch = (request: RestRequest) => (typeof request.headers['if-match'] === 'string' ? request.headers['if-match'] : undefined);

/** The Sync routes on `store` for the account `accountSid`. */
export function syncRoutes(accountSid: string, store: SyncStore): RestRoute[] {
  const url = (request: RestRequest, path: string) => `${request.origin}/v1${path}`;
  const common = (serviceSid: string) => ({ account_sid: accountSid, service_sid: serviceSid });
  const times = (object: { date_created: number; date_updated: number; date_expires: number | null }) => ({
    date_expires: iso8601(object.date_expires),
    date_created: iso8601(object.date_created),
    date_updated: iso8601(object.date_updated),
  });

  const serviceJson = (request: RestRequest, service: SyncServiceState) => {
    const path = `/Services/${service.sid}`;
    return {
      sid: service.sid,
      unique_name: null,
      account_sid: accountSid,
      friendly_name: service.friendly_name,
      date_created: iso8601(service.date_created),
      date_updated: iso8601(service.date_updated),
      url: url(request, path),
      webhook_url: service.webhook_url,
      webhooks_from_rest_enabled: service.webhooks_from_rest_enabled,
      reachability_webhooks_enabled: service.reachability_webhooks_enabled,
      acl_enabled: service.acl_enabled,
      reachability_debouncing_enabled: service.reachability_debouncing_enabled,
      reachability_debouncing_window: service.reachability_debouncing_window,
      links: Object.fromEntries(['Documents', 'Lists', 'Maps', 'Streams'].map((name) => [name.toLowerCase(), url(request, `${path}/${name}`)])),
    };
  };
  /** A Document or a Map: `links` names its nested resources; a Document carries its data. */
  const objectJson = (request: RestRequest, serviceSid: string, collection: 'Documents' | 'Maps', object: SyncDocumentState | SyncMapState, links: string[]) => {
    const path = `/Services/${serviceSid}/${collection}/${object.sid}`;
    return {
      sid: object.sid,
      unique_name: object.unique_name,
      ...common(serviceSid),
      url: url(request, path),
      links: Object.fromEntries(links.map((name) => [name.toLowerCase(), url(request, `${path}/${name}`)])),
      revision: String(object.revision),
      ...('data' in object ? { data: object.data } : {}),
      ...times(object),
      created_by: 'system',
    };
  };
  const documentJson = (request: RestRequest, serviceSid: string, document: SyncDocumentState) => objectJson(request, serviceSid, 'Documents', document, ['Permissions']);
  const mapJson = (request: RestRequest, serviceSid: string, map: SyncMapState) => objectJson(request, serviceSid, 'Maps', map, ['Items', 'Permissions']);
  const itemJson = (request: RestRequest, serviceSid: string, mapSid: string, item: SyncItemState) => ({
    key: item.key,
    ...common(serviceSid),
    map_sid: mapSid,
    url: url(request, `/Services/${serviceSid}/Maps/${mapSid}/Items/${encodeURIComponent(item.key)}`),
    revision: String(item.revision),
    data: item.data,
    ...times(item),
    created_by: 'system',
  });

  const documentAnswer = (request: RestRequest, serviceSid: string, document: SyncDocumentState, status = 200): RestAnswer => ({
    status,
    json: documentJson(request, serviceSid, document),
    etag: String(document.revision),
  });
  const itemAnswer = (request: RestRequest, serviceSid: string, mapId: string, item: SyncItemState, status = 200): RestAnswer => ({
    status,
    json: itemJson(request, serviceSid, store.mapSid(serviceSid, mapId), item),
    etag: String(item.revision),
  });
  const itemQuery = (query: URLSearchParams) => {
    const order = query.get('Order') ?? undefined;
    const bounds = query.get('Bounds') ?? undefined;
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw badParameter(20001, 'Order must be asc or desc');
    if (bounds !== undefined && bounds !== 'inclusive' && bounds !== 'exclusive') throw badParameter(20001, 'Bounds must be inclusive or exclusive');
    return { order, bounds, from: query.get('From') ?? undefined } as const;
  };
  const noneGiven = (what: string) => badParameter(54010, `Nothing to update: give ${what}`);
  const removed = (remove: () => void): RestAnswer => {
    remove();
    return { status: 204 };
  };

  const routes: RestRoute[] = [
    // Services
    {
      method: 'GET',
      pattern: /^\/Services$/,
      handle: (request) => ({
        status: 200,
        json: pageV1(
          'services',
          store.services().map((s) => serviceJson(request, s)),
          request,
          MAX_PAGE_SIZE,
        ),
      }),
    },
    { method: 'POST', pattern: /^\/Services$/, handle: (request) => ({ status: 201, json: serviceJson(request, store.createService(serviceSettings(request.form))) }) },
    { method: 'GET', pattern: new RegExp(`^${SERVICE}$`), handle: (request, [sid]) => ({ status: 200, json: serviceJson(request, store.service(sid)) }) },
    { method: 'POST', pattern: new RegExp(`^${SERVICE}$`), handle: (request, [sid]) => ({ status: 200, json: serviceJson(request, store.updateService(sid, serviceSettings(request.form))) }) },
    { method: 'DELETE', pattern: new RegExp(`^${SERVICE}$`), handle: (_request, [sid]) => removed(() => store.deleteService(sid)) },

    // Documents
    {
      method: 'GET',
      pattern: new RegExp(`^${SERVICE}/Documents$`),
      handle: (request, [sid]) => ({
        status: 200,
        json: pageV1(
          'documents',
          store.documents(sid).map((d) => documentJson(request, sid, d)),
          request,
          MAX_PAGE_SIZE,
        ),
      }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${SERVICE}/Documents$`),
      handle: (request, [sid]) =>
        documentAnswer(
          request,
          sid,
          store.createDocument(sid, { uniqueName: request.form.get('UniqueName') ?? undefined, data: dataParameter(request.form), ttl: ttlParameter(request.form, 'Ttl') }),
          201,
        ),
    },
    { method: 'GET', pattern: new RegExp(`^${DOCUMENT}$`), handle: (request, [sid, id]) => documentAnswer(request, sid, store.document(sid, segment(request, id))) },
    {
      method: 'POST',
      pattern: new RegExp(`^${DOCUMENT}$`),
      handle: (request, [sid, id]) => {
        const write = { data: dataParameter(request.form), ttl: ttlParameter(request.form, 'Ttl'), ifMatch: ifMatch(request) };
        if (write.data === undefined && write.ttl === undefined) throw noneGiven('Data or Ttl');
        return documentAnswer(request, sid, store.updateDocument(sid, segment(request, id), write));
      },
    },
    { method: 'DELETE', pattern: new RegExp(`^${DOCUMENT}$`), handle: (request, [sid, id]) => removed(() => store.deleteDocument(sid, segment(request, id), ifMatch(request))) },

    // Maps: `CollectionTtl` wins over its alias `Ttl`.
    {
      method: 'GET',
      pattern: new RegExp(`^${SERVICE}/Maps$`),
      handle: (request, [sid]) => ({
        status: 200,
        json: pageV1(
          'maps',
          store.maps(sid).map((m) => mapJson(request, sid, m)),
          request,
          MAX_PAGE_SIZE,
        ),
      }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${SERVICE}/Maps$`),
      handle: (request, [sid]) => ({
        status: 201,
        json: mapJson(request, sid, store.createMap(sid, { uniqueName: request.form.get('UniqueName') ?? undefined, ttl: ttlParameter(request.form, 'CollectionTtl', 'Ttl') })),
      }),
    },
    { method: 'GET', pattern: new RegExp(`^${MAP}$`), handle: (request, [sid, id]) => ({ status: 200, json: mapJson(request, sid, store.map(sid, segment(request, id))) }) },
    {
      method: 'POST',
      pattern: new RegExp(`^${MAP}$`),
      handle: (request, [sid, id]) => {
        const ttl = ttlParameter(request.form, 'CollectionTtl', 'Ttl');
        if (ttl === undefined) throw noneGiven('Ttl or CollectionTtl');
        return { status: 200, json: mapJson(request, sid, store.updateMap(sid, segment(request, id), ttl)) };
      },
    },
    { method: 'DELETE', pattern: new RegExp(`^${MAP}$`), handle: (request, [sid, id]) => removed(() => store.deleteMap(sid, segment(request, id))) },

    // Map Items: `ItemTtl` wins over its alias `Ttl`.
    {
      method: 'GET',
      pattern: new RegExp(`^${MAP}/Items$`),
      handle: (request, [sid, id]) => {
        const mapId = segment(request, id);
        const items = store.items(sid, mapId, itemQuery(request.query));
        const mapSid = store.mapSid(sid, mapId);
        return {
          status: 200,
          json: pageV1(
            'items',
            items.map((item) => itemJson(request, sid, mapSid, item)),
            request,
            MAX_PAGE_SIZE,
          ),
        };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${MAP}/Items$`),
      handle: (request, [sid, id]) => {
        const key = request.form.get('Key');
        const data = dataParameter(request.form);
        if (key === null) throw badParameter(54209, 'Key is required');
        if (data === undefined) throw badParameter(54206, 'Data is required');
        const mapId = segment(request, id);
        const item = store.createItem(sid, mapId, key, { data, ttl: ttlParameter(request.form, 'ItemTtl', 'Ttl'), collectionTtl: ttlParameter(request.form, 'CollectionTtl') });
        return itemAnswer(request, sid, mapId, item, 201);
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${ITEM}$`),
      handle: (request, [sid, id, key]) => {
        const mapId = segment(request, id);
        return itemAnswer(request, sid, mapId, store.item(sid, mapId, segment(request, key)));
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${ITEM}$`),
      handle: (request, [sid, id, key]) => {
        const write = { data: dataParameter(request.form), ttl: ttlParameter(request.form, 'ItemTtl', 'Ttl'), collectionTtl: ttlParameter(request.form, 'CollectionTtl'), ifMatch: ifMatch(request) };
        // Twilio takes CollectionTtl on an Item only beside a change of the Item itself.
        if (write.data === undefined && write.ttl === undefined) throw noneGiven('Data, Ttl or ItemTtl');
        const mapId = segment(request, id);
        return itemAnswer(request, sid, mapId, store.updateItem(sid, mapId, segment(request, key), write));
      },
    },
    { method: 'DELETE', pattern: new RegExp(`^${ITEM}$`), handle: (request, [sid, id, key]) => removed(() => store.deleteItem(sid, segment(request, id), segment(request, key), ifMatch(request))) },

    // Not simulated: refused plainly rather than answered wrongly.
    ...(['GET', 'POST', 'DELETE'] as const).map((method) => ({
      method,
      pattern: new RegExp(`^${SERVICE}/(Lists|Streams|(?:Documents|Maps)/[^/]+/Permissions)(/.*)?$`),
      handle: (): RestAnswer => {
        throw new RestError(501, 20001, 'The simulator serves Sync Documents and Maps; Lists, Streams and Permissions are not simulated');
      },
    })),
  ];
  return routes.map((route) => ({
    ...route,
    handle: (request, params) => {
      if (!store.available) throw new RestError(503, 20503, 'Service Unavailable: Sync is down; retry later');
      return route.handle(request, params);
    },
  }));
}
