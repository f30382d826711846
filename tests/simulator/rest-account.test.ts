/**
 * The account's own resources in the simulator's REST API, beyond what the setup and doctor tests
 * walk through: API keys per region, TwiML Apps and numbers checked as Twilio checks them, verified
 * caller IDs, the Serverless environments' Variables with Twilio's limits, and the demo account
 * holding what its configuration names. The real `twilio` client through the interception proxy;
 * every answer is checked against Twilio's OpenAPI description of its host.
 */
import fc from 'fast-check';
import { demoAccount, demoConfig } from '../../simulator/demo-config';
import { SimAccount } from '../../simulator/rest/account';
import { SyncStore } from '../../simulator/rest/sync-store';
import { anyValue } from '../security/hostile-values';
import { perFile } from '../support/per-file';
import { pathSegment, RestSimulator, sendJunk } from '../support/rest-simulator';

const shared = perFile(
  () => RestSimulator.start({ account: new SimAccount({ friendlyName: 'Acme Support' }) }),
  (sim) => sim.stop(),
);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { status: number; code: number }) => ({ status: error.status, code: error.code }),
  );
const NO_APP = `AP${'0'.repeat(32)}`;

test('the Account: its fields, never its auth token; another account’s path is 401 (20003) even with good credentials', async () => {
  const { account } = shared();
  const fetched = await shared().client().api.v2010.accounts(account.sid).fetch();
  expect(fetched).toMatchObject({ sid: account.sid, friendlyName: 'Acme Support', type: 'Full', status: 'active', authToken: null });
  expect(
    await failure(
      shared()
        .client()
        .api.v2010.accounts(`AC${'0'.repeat(32)}`)
        .fetch(),
    ),
  ).toEqual({ status: 401, code: 20003 });
});

test('API keys: the secret only in the creation answer; each key lists, signs in and is found only in its own region; a deleted key stops working', async () => {
  const { account } = shared();
  const client = shared().client();
  const key = await client.newKeys.create({ friendlyName: 'ci' });
  expect(key.secret).toMatch(/^[0-9a-f]{32}$/);
  expect(JSON.stringify(await client.keys(key.sid).fetch())).not.toContain(key.secret);
  expect((await client.keys(key.sid).update({ friendlyName: 'renamed' })).friendlyName).toBe('renamed');
  const dublin = shared().client({ region: 'ie1' });
  expect(await failure(dublin.keys(key.sid).fetch())).toEqual({ status: 404, code: 20404 });
  expect((await dublin.keys.list()).map((k) => k.sid)).not.toContain(key.sid);
  const withKey = (region?: 'ie1') => shared().clientFactory(key.sid, key.secret, { accountSid: account.sid, region }).api.v2010.accounts(account.sid).fetch();
  expect((await withKey()).sid).toBe(account.sid);
  expect(await failure(withKey('ie1'))).toEqual({ status: 401, code: 20003 });
  expect(await client.keys(key.sid).remove()).toBe(true);
  expect(await failure(withKey())).toEqual({ status: 401, code: 20003 });
});

test('TwiML Apps: URLs and methods checked (21402, 20001), an unknown parameter refused (501), FriendlyName matched exactly', async () => {
  const client = shared().client();
  const app = await client.applications.create({ friendlyName: 'Switchboard', voiceUrl: 'https://x.twil.io/voice', voiceMethod: 'post' });
  expect(app).toMatchObject({ voiceUrl: 'https://x.twil.io/voice', voiceMethod: 'POST', voiceFallbackUrl: '', statusCallbackMethod: 'POST', apiVersion: '2010-04-01' });
  expect(await failure(client.applications(app.sid).update({ voiceUrl: 'x.twil.io/voice' }))).toEqual({ status: 400, code: 21402 });
  expect(await failure(client.applications(app.sid).update({ voiceMethod: 'PUT' }))).toEqual({ status: 400, code: 20001 });
  expect(await failure(client.applications(app.sid).update({ apiVersion: '2008-08-01' }))).toEqual({ status: 501, code: 20001 });
  await client.applications.create({ friendlyName: 'Switchboard 2' });
  expect((await client.applications.list({ friendlyName: 'Switchboard' })).map((a) => a.sid)).toEqual([app.sid]);
  expect(await client.applications(app.sid).remove()).toBe(true);
  expect(await failure(client.applications(app.sid).fetch())).toEqual({ status: 404, code: 20404 });
});

test('numbers: PhoneNumber matches part of a number; VoiceApplicationSid must be an app of the account; a released number is gone; buying is not simulated', async () => {
  const { account } = shared();
  const client = shared().client();
  const number = account.addNumber('+14155550142');
  account.addNumber('+442079460142');
  expect((await client.incomingPhoneNumbers.list({ phoneNumber: '0142' })).map((n) => n.phoneNumber).sort()).toEqual(['+14155550142', '+442079460142']);
  expect((await client.incomingPhoneNumbers(number.sid).fetch()).friendlyName).toBe('(415) 555-0142');
  expect(await failure(client.incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: NO_APP }))).toEqual({ status: 400, code: 20001 });
  const app = await client.applications.create({ friendlyName: 'IVR' });
  expect((await client.incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: app.sid })).voiceApplicationSid).toBe(app.sid);
  expect((await client.incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: '' })).voiceApplicationSid).toBeNull();
  expect(await failure(client.incomingPhoneNumbers.create({ phoneNumber: '+14155550199' }))).toEqual({ status: 501, code: 20001 });
  expect(await client.incomingPhoneNumbers(number.sid).remove()).toBe(true);
  expect((await client.incomingPhoneNumbers.list({ phoneNumber: '+14155550142' })).length).toBe(0);
});

test('verified caller IDs: PhoneNumber matches exactly; rename and delete', async () => {
  const { account } = shared();
  const client = shared().client();
  const callerId = account.addCallerId('+14155550177');
  account.addCallerId('+14155550178');
  expect((await client.outgoingCallerIds.list({ phoneNumber: '+14155550177' })).map((c) => c.sid)).toEqual([callerId.sid]);
  expect((await client.outgoingCallerIds(callerId.sid).update({ friendlyName: 'Front desk' })).friendlyName).toBe('Front desk');
  expect(await client.outgoingCallerIds(callerId.sid).remove()).toBe(true);
  expect(await client.outgoingCallerIds.list({ phoneNumber: '+14155550177' })).toEqual([]);
});

test('Serverless: a service by SID or unique name, its environments, and Variables with Twilio’s limits (key 128 characters, value 450 bytes, one per key)', async () => {
  const { account } = shared();
  const client = shared().client();
  const deployed = account.addServerlessService('switchboard-1234-dev.twil.io', 'switchboard-accounts');
  expect((await client.serverless.v1.services('switchboard-accounts').fetch()).sid).toBe(deployed.serviceSid);
  expect((await client.serverless.v1.services(deployed.serviceSid).fetch()).domainBase).toBe('switchboard-1234');
  const environment = client.serverless.v1.services(deployed.serviceSid).environments(deployed.environmentSid);
  expect(await environment.fetch()).toMatchObject({ domainName: 'switchboard-1234-dev.twil.io', buildSid: deployed.buildSid });
  const variable = await environment.variables.create({ key: 'TEAM', value: 'v'.repeat(450) });
  expect(await failure(environment.variables.create({ key: 'TEAM', value: 'again' }))).toEqual({ status: 400, code: 20001 });
  expect(await failure(environment.variables.create({ key: 'K'.repeat(129), value: 'x' }))).toEqual({ status: 400, code: 20001 });
  expect(await failure(environment.variables(variable.sid).update({ value: 'é'.repeat(226) }))).toEqual({ status: 400, code: 20001 });
  expect((await environment.variables(variable.sid).update({ value: 'short' })).value).toBe('short');
  expect(await environment.variables(variable.sid).remove()).toBe(true);
  expect(await environment.variables.list()).toEqual([]);
  expect(await failure(client.serverless.v1.services('no-such-service').environments.list())).toEqual({ status: 404, code: 20404 });
});

test('the demo account holds what the demo configuration names, as npm run setup leaves a real one', async () => {
  const { env } = await demoConfig();
  const sync = new SyncStore();
  const account = demoAccount(env, 'us1', 'http://localhost:4321', sync);
  const sim = await RestSimulator.start({ account, sync });
  try {
    const client = sim.clientFactory(env.ACCOUNT_SID, env.AUTH_TOKEN);
    expect((await client.keys(env.API_KEY).fetch()).sid).toBe(env.API_KEY);
    expect((await sim.clientFactory(env.API_KEY, env.API_SECRET, { accountSid: env.ACCOUNT_SID }).api.v2010.accounts(env.ACCOUNT_SID).fetch()).sid).toBe(env.ACCOUNT_SID);
    expect(await client.applications(env.TWIML_APP_SID).fetch()).toMatchObject({
      voiceUrl: 'http://localhost:4321/voice',
      voiceFallbackUrl: 'http://localhost:4321/fallback',
      statusCallback: 'http://localhost:4321/status',
    });
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: env.CALLER_ID });
    expect([number.phoneNumber, number.voiceApplicationSid]).toEqual([env.CALLER_ID, env.TWIML_APP_SID]);
    expect((await client.sync.v1.services(env.SYNC_SERVICE_SID).fetch()).friendlyName).toBe('Switchboard');
  } finally {
    await sim.stop();
  }
});

test('junk parameters and SIDs on the account and Serverless routes: always an answer Twilio could give, never a 5xx', async () => {
  const { account } = shared();
  const deployed = account.addServerlessService('switchboard-9999-dev.twil.io', 'switchboard-junk');
  const app = account.addApplication({ friendly_name: 'junk' });
  const number = account.addNumber('+14155550166');
  const api = `https://api.twilio.com/2010-04-01/Accounts/${account.sid}`;
  const environment = `https://serverless.twilio.com/v1/Services/${deployed.serviceSid}/Environments/${deployed.environmentSid}`;
  const variable = account.addVariable(deployed.environmentSid, 'JUNK', 'x');
  const sid = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(app.sid, number.sid, variable.sid) }, { weight: 1, arbitrary: anyValue.map(pathSegment) });
  const uri = fc.oneof(
    fc.constantFrom(
      `${api}.json`,
      `${api}/Keys.json`,
      `${api}/Applications.json`,
      `${api}/IncomingPhoneNumbers.json`,
      `${api}/OutgoingCallerIds.json`,
      `${environment}/Variables`,
      'https://serverless.twilio.com/v1/Services',
    ),
    sid.map((id) => `${api}/Applications/${id}.json`),
    sid.map((id) => `${api}/IncomingPhoneNumbers/${id}.json`),
    sid.map((id) => `${environment}/Variables/${id}`),
    sid.map((id) => `https://serverless.twilio.com/v1/Services/${id}/Environments`),
  );
  const field = fc.constantFrom('FriendlyName', 'VoiceUrl', 'VoiceMethod', 'VoiceApplicationSid', 'VoiceCallerIdLookup', 'PhoneNumber', 'Key', 'Value', 'PageSize', 'Page', 'Colour');
  // (Buying a number and verifying a caller ID answer a deliberate 501: not junk's business.)
  const request = fc
    .record({ uri, method: fc.constantFrom('get' as const, 'post' as const), fields: fc.array(fc.tuple(field, anyValue), { minLength: 1, maxLength: 4 }) })
    .filter(({ uri, method }) => !(method === 'post' && /(IncomingPhoneNumbers|OutgoingCallerIds)\.json$/.test(uri)));
  const statuses = await sendJunk(shared(), 'junk to the account and Serverless routes', request);
  // The junk reached the rules, not only the router.
  for (const status of [200, 400, 404]) expect(statuses.get(status)).toBeGreaterThan(0);
});
