import { readConfig, type Config } from '../../../src/lib/config/config';
import { checkRouting, type Routing } from '../../../src/lib/routing/file';
import { MAX_WAVES, menuPath, stepAt, stepPaths, wavePath } from '../../../src/lib/routing/paths';
import { routeStep, type RouteContext } from '../../../src/lib/routing/route-call';
import { answerCall } from '../../../src/lib/routing/voice-url';
import { testEnv } from '../../support/fixtures';
import { inboundParams } from '../../support/webhook';
import { descendants, parseTwiml, type TwimlNode } from '../../support/twiml';

let base: Config;
beforeAll(async () => {
  base = readConfig(await testEnv()).config!;
});

/** A configuration whose TEAM is `identities` (hashes play no part in routing). */
const withTeam = (identities: readonly string[], extra: Partial<Config> = {}): Config => ({ ...base, team: new Map(identities.map((id) => [id, 'hash'])), ...extra });
const team23 = Array.from({ length: 23 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);
const routingOf = (raw: object): Routing => checkRouting(raw).routing!;
const OPEN_NOW = new Date('2026-06-01T15:00:00Z'); // a Monday, 11:00 in New York
const menuRouting = () =>
  routingOf({
    timeZone: 'America/New_York',
    groups: { sales: ['alice', 'bob'], support: ['carol'], big: team23 },
    menu: { prompt: 'For sales press 1. For support press 2.', options: { '1': 'sales', '2': 'support', '3': 'big', '0': 'everyone', '9': 'voicemail' } },
    hours: { mon: '09:00-17:00' },
    holidays: ['2026-12-25'],
    closedMessage: 'We are closed. Leave a message.',
  });

const inbound = (config: Config, routing?: Routing, now = OPEN_NOW) => parseTwiml(answerCall(inboundParams('+12025550123'), config, routing, now).toString());
const step = (path: string, params: Record<string, string>, context: RouteContext) => parseTwiml(routeStep(stepAt(path)!, { ...inboundParams('+12025550123'), ...params }, context).toString());
const dials = (twiml: TwimlNode) => descendants(twiml).filter((n) => n.name === 'Dial');
const ringing = (twiml: TwimlNode) => dials(twiml).flatMap((d) => d.children.map((c) => c.children.find((x) => x.name === 'Identity')?.text ?? c.text));

/**
 * Follows unanswered waves from /voice to the end, as Twilio would, each wave ending `status`;
 * every <Dial> must hold ≤ 10 nouns.
 */
function followWaves(first: TwimlNode, context: RouteContext, status = 'no-answer'): { waves: string[][]; last: TwimlNode } {
  const waves: string[][] = [];
  let twiml = first;
  for (;;) {
    const [dial] = dials(twiml);
    if (!dial) return { waves, last: twiml };
    expect(dial.children.length).toBeLessThanOrEqual(10);
    waves.push(ringing(twiml));
    if (dial.attrs.action === '/dial-complete') return { waves, last: twiml };
    twiml = step(dial.attrs.action, { DialCallStatus: status }, context);
  }
}

describe('waves', () => {
  it('rings a team of 23 without routing.json in waves of 10, 10 and 3, each for RING_TIMEOUT, then /dial-complete', () => {
    const config = withTeam(team23);
    const { waves, last } = followWaves(inbound(config), { config, now: OPEN_NOW });
    expect(waves).toEqual([team23.slice(0, 10), team23.slice(10, 20), team23.slice(20)]);
    expect(dials(last)[0].attrs).toMatchObject({ action: '/dial-complete', timeout: '15' });
    // Caller details go along on every wave.
    expect(dials(last)[0].children[0].children).toContainEqual(expect.objectContaining({ name: 'Parameter', attrs: { name: 'callerNumber', value: '+12025550123' } }));
  });

  it('rings a team of 10 or fewer in one <Dial>, as before', () => {
    const { waves, last } = followWaves(inbound(base), { config: base, now: OPEN_NOW });
    expect(waves).toEqual([['alice', 'bob', 'carol']]);
    expect(dials(last)[0].attrs.action).toBe('/dial-complete');
  });

  it('goes on after a busy wave as after an unanswered one (a member on Do not disturb declined, or all of them)', () => {
    const config = withTeam(team23);
    const { waves, last } = followWaves(inbound(config), { config, now: OPEN_NOW }, 'busy');
    expect(waves).toEqual([team23.slice(0, 10), team23.slice(10, 20), team23.slice(20)]);
    expect(dials(last)[0].attrs.action).toBe('/dial-complete');
  });

  it('stops after an answered wave: the next step hangs up', () => {
    const config = withTeam(team23);
    for (const status of ['completed', 'answered', 'canceled']) {
      expect(step(wavePath('everyone', 2), { DialCallStatus: status }, { config, now: OPEN_NOW }).children.map((c) => c.name)).toEqual(['Hangup']);
    }
  });

  it('rings a group of 23 in waves too, and skips members who left TEAM', () => {
    const config = withTeam([...team23.filter((id) => id !== 'agent05'), 'alice', 'bob', 'carol']);
    const context = { config, routing: menuRouting(), now: OPEN_NOW };
    const { waves } = followWaves(step(menuPath(1), { Digits: '3' }, context), context);
    const expected = team23.filter((id) => id !== 'agent05');
    expect(waves).toEqual([expected.slice(0, 10), expected.slice(10, 20), expected.slice(20)]);
  });

  it('names each step by its path, and the build writes exactly the paths the routing reaches', () => {
    expect(stepAt('/routing/menu-2')).toEqual({ kind: 'menu', play: 2 });
    expect(stepAt('/routing/ring-big-3')).toEqual({ kind: 'wave', target: 'big', wave: 3 });
    for (const stray of ['/routing/menu-4', '/routing/ring-big-9', '/routing/ring-Big-2', '/voice', '/routing/menu-1?x=1']) expect(stepAt(stray)).toBeUndefined();
    expect(stepPaths(undefined)).toEqual([2, 3, 4].slice(0, MAX_WAVES - 1).map((w) => wavePath('everyone', w)));
    expect(stepPaths(menuRouting())).toEqual([...[2, 3, 4].map((w) => wavePath('everyone', w)), wavePath('big', 2), wavePath('big', 3), menuPath(1), menuPath(2), menuPath(3)]);
  });
});

describe('menu and hours', () => {
  const config = () => withTeam(['alice', 'bob', 'carol']);
  const context = (): RouteContext => ({ config: config(), routing: menuRouting(), now: OPEN_NOW });

  it('answers with a one-digit <Gather> around the prompt, then a <Redirect> to the same step for no key', () => {
    const twiml = inbound(config(), menuRouting());
    expect(twiml.children.map((c) => c.name)).toEqual(['Gather', 'Redirect']);
    expect(twiml.children[0].attrs).toMatchObject({ numDigits: '1', action: '/routing/menu-1', method: 'POST' });
    expect(twiml.children[0].children).toEqual([expect.objectContaining({ name: 'Say', text: 'For sales press 1. For support press 2.' })]);
    expect(twiml.children[1]).toMatchObject({ text: '/routing/menu-1', attrs: { method: 'POST' } });
  });

  it.each([
    ['1', ['alice', 'bob']],
    ['2', ['carol']],
    ['0', ['alice', 'bob', 'carol']],
  ])('routes key %s to its group', (digits, members) => {
    expect(ringing(step(menuPath(1), { Digits: digits }, context()))).toEqual(members);
  });

  it('tells every ringing page what the caller chose: the key and the group on the first wave, the group on the next; nothing when nobody chose', () => {
    /** The `<Parameter>`s of each `<Client>` of the first `<Dial>`. */
    const chosen = (twiml: TwimlNode) =>
      dials(twiml)[0].children.map((client) =>
        Object.fromEntries(client.children.filter((n) => n.name === 'Parameter' && ['menuKey', 'ringGroup'].includes(n.attrs.name)).map((n) => [n.attrs.name, n.attrs.value])),
      );
    expect(chosen(step(menuPath(1), { Digits: '1' }, context()))).toEqual([
      { menuKey: '1', ringGroup: 'sales' },
      { menuKey: '1', ringGroup: 'sales' },
    ]);
    expect(chosen(step(menuPath(2), { Digits: '0' }, context()))).toEqual(Array(3).fill({ menuKey: '0', ringGroup: 'everyone' }));
    const big = { ...context(), config: withTeam(team23) };
    expect(new Set(chosen(step(wavePath('big', 2), { DialCallStatus: 'no-answer' }, big)).map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify({ ringGroup: 'big' })]));
    // No key after three plays: everyone rings with nothing chosen, as without a menu.
    expect(chosen(step(menuPath(3), {}, context()))).toEqual(Array(3).fill({}));
    expect(chosen(inbound(config()))).toEqual(Array(3).fill({}));
  });

  it('takes key 9 to voicemail', () => {
    const twiml = step(menuPath(2), { Digits: '9' }, context());
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
  });

  it('repeats the prompt twice after no key or an unlisted key (3 plays), then rings everyone', () => {
    const plays: string[] = [];
    let twiml = inbound(config(), menuRouting());
    for (const digits of ['', '7', '']) {
      const gather = twiml.children.find((c) => c.name === 'Gather')!;
      plays.push(gather.attrs.action);
      twiml = step(gather.attrs.action, digits ? { Digits: digits } : {}, context());
    }
    expect(plays).toEqual(['/routing/menu-1', '/routing/menu-2', '/routing/menu-3']);
    expect(ringing(twiml)).toEqual(['alice', 'bob', 'carol']);
  });

  it('when closed (a weekday not listed, after hours, a holiday): the closed message, then voicemail', () => {
    for (const now of ['2026-06-02T15:00:00Z', '2026-06-01T21:00:00Z', '2026-12-25T15:00:00Z'].map((iso) => new Date(iso))) {
      const twiml = inbound(config(), menuRouting(), now);
      expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      expect(twiml.children[0].text).toBe('We are closed. Leave a message.');
      expect(dials(twiml)).toEqual([]);
    }
  });

  it('sends a group with nobody left on TEAM to FORWARD_TO, else voicemail', () => {
    const gone = { ...context(), config: withTeam(['alice', 'bob']) };
    expect(step(menuPath(1), { Digits: '2' }, gone).children.map((c) => c.name)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    const forwarding = { ...gone, config: withTeam(['alice', 'bob'], { forwardTo: '+14155550199' }) };
    expect(descendants(step(menuPath(1), { Digits: '2' }, forwarding)).find((n) => n.name === 'Number')?.text).toBe('+14155550199');
  });
});
