/**
 * Twilio's Serverless API (`serverless.twilio.com/v1`, OpenAPI `twilio_serverless_v1.json`) as
 * setup and doctor use it: the deployed Services and their Environments (read only: deploying is
 * `twilio-run`'s business, not the simulator's) and each Environment's Variables, which Twilio
 * applies to the running Functions without a redeploy. A Variable's key has at most 128
 * characters, its value at most 450 bytes.
 */
import { newSid, type ResourceState, type ServerlessEnvironmentState, type ServerlessServiceState, type SimAccount } from './account';
import { pageV1 } from './paging';
import { iso8601 } from './rest-dates';
import { badParameter, notFound } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';

const MAX_PAGE_SIZE = 1000;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_BYTES = 450;
const SERVICE = '/Services/([^/]+)';
const ENVIRONMENT = `${SERVICE}/Environments/(ZE[0-9a-f]{32})`;
const VARIABLE = `${ENVIRONMENT}/Variables/(ZV[0-9a-f]{32})`;

/** The Serverless routes of `account`. */
export function serverlessRoutes(account: SimAccount): RestRoute[] {
  const url = (request: RestRequest, path: string) => `${request.origin}/v1${path}`;
  const dates = (item: ResourceState) => ({ date_created: iso8601(item.date_created), date_updated: iso8601(item.date_updated) });
  const serviceJson = (request: RestRequest, service: ServerlessServiceState) => {
    const path = `/Services/${service.sid}`;
    return {
      sid: service.sid,
      account_sid: account.sid,
      friendly_name: service.friendly_name,
      unique_name: service.unique_name,
      include_credentials: service.include_credentials,
      ui_editable: service.ui_editable,
      domain_base: service.domain_base,
      ...dates(service),
      url: url(request, path),
      links: Object.fromEntries(['Functions', 'Assets', 'Environments', 'Builds'].map((name) => [name.toLowerCase(), url(request, `${path}/${name}`)])),
    };
  };
  const environmentJson = (request: RestRequest, service: ServerlessServiceState, environment: ServerlessEnvironmentState) => {
    const path = `/Services/${service.sid}/Environments/${environment.sid}`;
    return {
      sid: environment.sid,
      account_sid: account.sid,
      service_sid: service.sid,
      build_sid: environment.build_sid,
      unique_name: environment.unique_name,
      domain_suffix: environment.domain_suffix,
      domain_name: environment.domain_name,
      ...dates(environment),
      url: url(request, path),
      links: Object.fromEntries(['Variables', 'Deployments', 'Logs'].map((name) => [name.toLowerCase(), url(request, `${path}/${name}`)])),
    };
  };
  const variableJson = (request: RestRequest, service: ServerlessServiceState, environment: ServerlessEnvironmentState, variable: ResourceState) => ({
    sid: variable.sid,
    account_sid: account.sid,
    service_sid: service.sid,
    environment_sid: environment.sid,
    key: variable.key,
    value: variable.value,
    ...dates(variable),
    url: url(request, `/Services/${service.sid}/Environments/${environment.sid}/Variables/${variable.sid}`),
  });

  // A Service is named by its SID or its unique name.
  const service = (request: RestRequest, id: string) => {
    const found = account.state.serverlessServices.find((s) => s.sid === id || s.unique_name === id);
    if (!found) throw notFound(request.path);
    return found;
  };
  const environment = (request: RestRequest, serviceId: string, sid: string) => {
    const owner = service(request, serviceId);
    const found = owner.environments.find((e) => e.sid === sid);
    if (!found) throw notFound(request.path);
    return { service: owner, environment: found };
  };
  const variable = (request: RestRequest, serviceId: string, environmentSid: string, sid: string) => {
    const owner = environment(request, serviceId, environmentSid);
    const found = owner.environment.variables.find((v) => v.sid === sid);
    if (!found) throw notFound(request.path);
    return { ...owner, variable: found };
  };

  return [
    {
      method: 'GET',
      pattern: /^\/Services$/,
      handle: (request) => ({
        status: 200,
        json: pageV1(
          'services',
          account.state.serverlessServices.map((s) => serviceJson(request, s)),
          request,
          MAX_PAGE_SIZE,
        ),
      }),
    },
    { method: 'GET', pattern: new RegExp(`^${SERVICE}$`), handle: (request, [id]) => ({ status: 200, json: serviceJson(request, service(request, id)) }) },
    {
      method: 'GET',
      pattern: new RegExp(`^${SERVICE}/Environments$`),
      handle: (request, [id]) => {
        const owner = service(request, id);
        return {
          status: 200,
          json: pageV1(
            'environments',
            owner.environments.map((e) => environmentJson(request, owner, e)),
            request,
            MAX_PAGE_SIZE,
          ),
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${ENVIRONMENT}$`),
      handle: (request, [id, sid]) => {
        const found = environment(request, id, sid);
        return { status: 200, json: environmentJson(request, found.service, found.environment) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${ENVIRONMENT}/Variables$`),
      handle: (request, [id, sid]) => {
        const found = environment(request, id, sid);
        return {
          status: 200,
          json: pageV1(
            'variables',
            found.environment.variables.map((v) => variableJson(request, found.service, found.environment, v)),
            request,
            MAX_PAGE_SIZE,
          ),
        };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${ENVIRONMENT}/Variables$`),
      handle: (request, [id, sid]) => {
        const found = environment(request, id, sid);
        const { key, value } = readVariable(request.form, found.environment);
        if (key === undefined || value === undefined) throw badParameter(20001, 'Key and Value are required');
        const created = { sid: newSid('ZV'), key, value, date_created: new Date().toISOString(), date_updated: new Date().toISOString() };
        found.environment.variables.push(created);
        return { status: 201, json: variableJson(request, found.service, found.environment, created) };
      },
    },
    { method: 'GET', pattern: new RegExp(`^${VARIABLE}$`), handle: (request, [id, environmentSid, sid]) => variableAnswer(request, variable(request, id, environmentSid, sid)) },
    {
      method: 'POST',
      pattern: new RegExp(`^${VARIABLE}$`),
      handle: (request, [id, environmentSid, sid]) => {
        const found = variable(request, id, environmentSid, sid);
        Object.assign(found.variable, readVariable(request.form, found.environment, found.variable), { date_updated: new Date().toISOString() });
        return variableAnswer(request, found);
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^${VARIABLE}$`),
      handle: (request, [id, environmentSid, sid]): RestAnswer => {
        const found = variable(request, id, environmentSid, sid);
        found.environment.variables.splice(found.environment.variables.indexOf(found.variable), 1);
        return { status: 204 };
      },
    },
  ];

  function variableAnswer(request: RestRequest, found: { service: ServerlessServiceState; environment: ServerlessEnvironmentState; variable: ResourceState }): RestAnswer {
    return { status: 200, json: variableJson(request, found.service, found.environment, found.variable) };
  }
}

/** `Key` and `Value` of a create or update, checked; a key another Variable of the environment has is refused. */
function readVariable(form: URLSearchParams, environment: ServerlessEnvironmentState, self?: ResourceState): { key?: string; value?: string } {
  const key = form.get('Key') ?? undefined;
  const value = form.get('Value') ?? undefined;
  if (key !== undefined && (!key || key.length > MAX_KEY_LENGTH)) throw badParameter(20001, `Key must have 1 to ${MAX_KEY_LENGTH} characters`);
  if (key !== undefined && environment.variables.some((v) => v !== self && v.key === key)) throw badParameter(20001, `The environment already has a Variable ${key.slice(0, MAX_KEY_LENGTH)}`);
  if (value !== undefined && Buffer.byteLength(value) > MAX_VALUE_BYTES)
    throw badParameter(20001, `Value must be at most ${MAX_VALUE_BYTES} bytes (${String(key ?? self?.key)} has ${Buffer.byteLength(value)})`);
  return { ...(key !== undefined ? { key } : {}), ...(value !== undefined ? { value } : {}) };
}
