/**
 * routing.json in the real local runtime: built into a private asset that is never
 * served, read by /voice and the routing steps, with webhooks signed as Twilio signs them.
 */
import { DIST, ROOT } from '../../build/build';
import { routedCopy } from '../../build/routing-build';
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { testEnv } from '../support/fixtures';
import { closedNow, TEAM_23, teamEnv } from '../support/routing';
import { descendants, parseTwiml, type TwimlNode } from '../support/twiml';
import { inboundParams, postWebhook } from '../support/webhook';

const GROUPS = { sales: ['alice', 'bob'], support: ['carol'], floor: TEAM_23.slice(3) };
const OPEN = {
  groups: GROUPS,
  menu: { prompt: 'For sales press 1. For support press 2.', options: { '1': 'sales', '2': 'support', '3': 'floor', '0': 'everyone', '9': 'voicemail' } },
};

async function runtimeWith(routing: object, label: string): Promise<LocalRuntime> {
  const { functionsFolder, assetsFolder } = await routedCopy(ROOT, DIST, routing, label);
  return startRuntime({ ...(await testEnv()), ...(await teamEnv(TEAM_23)) }, { functionsFolder, assetsFolder });
}

const caller = inboundParams('+12025550123');
const post = async (runtime: LocalRuntime, path: string, extra: Record<string, string> = {}): Promise<TwimlNode> => {
  const response = await postWebhook(`${runtime.url}${path}`, { ...caller, ...extra });
  expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, expect.stringMatching(/^text\/xml/)]);
  return parseTwiml(await response.text());
};
const dials = (twiml: TwimlNode) => descendants(twiml).filter((n) => n.name === 'Dial');
const ringing = (twiml: TwimlNode) => dials(twiml).flatMap((d) => d.children.map((c) => c.children.find((x) => x.name === 'Identity')?.text ?? c.text));

describe('an open line with a menu, groups and a team of 23', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await runtimeWith(OPEN, 'integration-open');
  }, 60_000);
  afterAll(() => runtime?.stop());

  it('never serves routing.json: the private asset answers 403 and names nobody', async () => {
    for (const path of ['/routing.json', '/routing.private.json', '/assets/routing.json']) {
      const response = await fetch(`${runtime.url}${path}`);
      const body = await response.text();
      expect([path, response.status >= 400 && response.status < 500]).toEqual([path, true]);
      expect(body).not.toMatch(/sales|agent01|prompt/);
    }
    expect((await fetch(`${runtime.url}/routing.json`)).status).toBe(403);
  });

  it('answers the team number with the menu; key 2 rings the support group only', async () => {
    const menu = await post(runtime, '/voice');
    expect(menu.children.map((c) => c.name)).toEqual(['Gather', 'Redirect']);
    const action = menu.children[0].attrs.action;
    expect(action).toBe('/routing/menu-1');
    expect(ringing(await post(runtime, action, { Digits: '2' }))).toEqual(['carol']);
    expect(ringing(await post(runtime, action, { Digits: '1' }))).toEqual(['alice', 'bob']);
  });

  it('repeats the prompt after no key and an unlisted key (3 plays), then rings everyone in waves of ≤ 10', async () => {
    let twiml = await post(runtime, '/voice');
    for (const digits of [{}, { Digits: '7' }, {}] as Record<string, string>[]) twiml = await post(runtime, twiml.children[0].attrs.action, digits);
    const waves: string[][] = [];
    for (;;) {
      const [dial] = dials(twiml);
      expect(dial.children.length).toBeLessThanOrEqual(10);
      waves.push(ringing(twiml));
      if (dial.attrs.action === '/dial-complete') break;
      twiml = await post(runtime, dial.attrs.action, { DialCallStatus: 'no-answer' });
    }
    expect(waves).toEqual([TEAM_23.slice(0, 10), TEAM_23.slice(10, 20), TEAM_23.slice(20)]);
    // After the last wave, /dial-complete as today: voicemail (no FORWARD_TO here).
    expect((await post(runtime, '/dial-complete', { DialCallStatus: 'no-answer' })).children.map((c) => c.name)).toContain('Record');
  });

  it('a group of 20 rings in two waves; an answered wave ends the call', async () => {
    const first = await post(runtime, '/routing/menu-2', { Digits: '3' });
    expect(ringing(first)).toEqual(TEAM_23.slice(3, 13));
    expect(dials(first)[0].attrs.action).toBe('/routing/ring-floor-2');
    expect(ringing(await post(runtime, '/routing/ring-floor-2', { DialCallStatus: 'busy' }))).toEqual(TEAM_23.slice(13));
    expect((await post(runtime, '/routing/ring-floor-2', { DialCallStatus: 'completed' })).children.map((c) => c.name)).toEqual(['Hangup']);
  });

  it('answers junk keys and statuses with valid TwiML: the next prompt or a ring, never a 500', async () => {
    const junk = ['', '#', '*', '12', '٣', '1 ', '<Dial>', '\u0000', 'x'.repeat(5000)];
    for (const value of junk) {
      const menu = await post(runtime, '/routing/menu-1', { Digits: value });
      expect([JSON.stringify(value).slice(0, 20), menu.children[0].name]).toEqual([JSON.stringify(value).slice(0, 20), 'Gather']);
      const wave = await post(runtime, '/routing/ring-everyone-2', { DialCallStatus: value });
      expect(ringing(wave)).toEqual(TEAM_23.slice(10, 20));
    }
  });

  it('refuses unsigned and forged requests to the routing steps (403)', async () => {
    for (const path of ['/routing/menu-1', '/routing/ring-everyone-2']) {
      expect((await postWebhook(`${runtime.url}${path}`, { ...caller, Digits: '1' }, { signature: null })).status).toBe(403);
      expect((await postWebhook(`${runtime.url}${path}`, { ...caller, Digits: '1' }, { signedUrl: `${runtime.url}/routing/menu-2` })).status).toBe(403);
    }
  });
});

describe('a closed line', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await runtimeWith({ ...OPEN, ...closedNow() }, 'integration-closed');
  }, 60_000);
  afterAll(() => runtime?.stop());

  it('plays the closed message and records a voicemail, ringing nobody', async () => {
    const twiml = await post(runtime, '/voice');
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(twiml.children[0].text).toBe('Sorry, we are closed. Please leave a message.');
    expect(dials(twiml)).toEqual([]);
  });
});
