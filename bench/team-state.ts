/**
 * Figure "team state": what a teammate's page costs while it only waits for calls, visible and
 * hidden (Function invocations, and the Voice API and Sync requests behind them, token renewals
 * included), next to what the old polling cost (`/voicemail` every 7 s and `/calls` every 30 s,
 * visible or not); and how long a change (a do-not-disturb switch, a presence change, a new
 * voicemail) takes to show on a visible teammate's page.
 *
 * The page's own code (TeamFreshness, TokenKeeper, the records requests) runs here in Node on a
 * virtual clock: its timers fire in order, and each update's requests go over real HTTP to the
 * built Functions in the simulator, which count what they cost: every request to the Functions is
 * one invocation, and the simulator hears every REST request they send (Sync's clock is the
 * virtual one, so `seen` writes and lapses happen as they would in an hour). An hour then takes
 * seconds. The old polling is priced the same way: one `/voicemail` and one `/calls` are sent as
 * today's page sends them, counted, and multiplied by its schedule.
 */
import { performance } from 'node:perf_hooks';
import { startSimulator, type Simulator } from '../simulator';
import { basicAuthorization, requestToken, TokenKeeper, type Timers } from '../src/client/api/session';
import { fetchHistory, fetchVoicemail, type RecordsTransport } from '../src/client/api/team-records';
import { TeamFreshness, VISIBLE_UPDATE_MS } from '../src/client/team/team-freshness';
import type { TeamState } from '../src/lib/contract/team';
import { leaveVoicemail, missedCall, phoneFor } from '../tests/support/team-calls';
import { postWebhook } from '../tests/support/webhook';
import type { Figure } from './report';
import { summarize, type Summary } from './stats';

export interface TeamStateOptions {
  /** Virtual minutes each idle page is watched (60: an hour; less is scaled to an hour, and says so). */
  idleMinutes: number;
  /** Rounds of each kind of change timed on a visible page (an even number: switches go and come back). */
  rounds: number;
}

const HOUR_MS = 3600_000;
/** The old polling: `/voicemail` every 7 s and `/calls` every 30 s, whether the page was visible or not. */
const OLD_VOICEMAIL_MS = 7_000;
const OLD_HISTORY_MS = 30_000;
const GOALS = { visible: 250, hidden: 70 };
/** A change must show on a visible teammate's page within this long. */
const SHOWN_WITHIN_S = 15;
/** Phones whose missed calls fill the history the old polling read (one of them leaves a voicemail). */
const PHONES = ['+14155550181', '+14155550182', '+14155550183'];

/** What a set of requests cost: Function invocations, and the REST requests behind them. */
interface Cost {
  invocations: number;
  voice: number;
  sync: number;
}

const NO_COST: Cost = { invocations: 0, voice: 0, sync: 0 };
const add = (a: Cost, b: Cost): Cost => ({ invocations: a.invocations + b.invocations, voice: a.voice + b.voice, sync: a.sync + b.sync });
const times = (a: Cost, n: number): Cost => ({ invocations: a.invocations * n, voice: a.voice * n, sync: a.sync * n });

/** A request of the page's code (which asks for paths, e.g. `/team`) sent to the simulator's front URL. */
const toSimulator = (sim: Simulator, path: RequestInfo | URL, init?: RequestInit) => fetch(`${sim.url}${path as string}`, init);

/** A passcode sign-in, not counted (the idle page is already signed in). */
const signIn = (sim: Simulator, identity: string) => requestToken(basicAuthorization({ identity, passcode: sim.passcodes[identity] }), (path, init) => toSimulator(sim, path, init));

/** A clock that moves only when told: due timers fire in order, each run to its end (its requests answered) before the next. */
class VirtualClock implements Timers {
  private last = 0;
  private readonly due = new Map<number, { at: number; run: () => void }>();

  constructor(
    public now: number,
    /** Resolves once the requests a timer started are all answered. */
    private readonly settled: () => Promise<void>,
  ) {}

  readonly setTimer = (run: () => void, ms: number): number => {
    this.due.set(++this.last, { at: this.now + ms, run });
    return this.last;
  };

  readonly clearTimer = (timer: unknown): void => void this.due.delete(timer as number);

  /** Fires the next timer due by `until` (moving the clock to it) and waits for its requests; false when none is due. */
  async step(until = Infinity): Promise<boolean> {
    const [id, next] = [...this.due].reduce<[number, { at: number; run: () => void }] | [undefined, undefined]>((a, b) => (a[1] && a[1].at <= b[1].at ? a : b), [undefined, undefined]);
    if (id === undefined || next.at > until) return false;
    this.due.delete(id);
    this.now = next.at;
    next.run();
    await this.settled();
    return true;
  }

  /** Runs every timer due in the next `ms`, then moves the clock there. */
  async runFor(ms: number): Promise<void> {
    const end = this.now + ms;
    while (await this.step(end));
    this.now = end;
  }
}

/** The page's requests to the simulator's Functions, each counted with the REST requests the simulator served meanwhile. */
class CountingTransport {
  readonly costs = new Map<string, Cost>();
  private pending = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly served: readonly string[],
  ) {}

  /** The page's `fetch`: one request at a time reaches the Functions (the clock fires one timer at a time). */
  readonly fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = input as string;
    this.pending += 1;
    const before = this.served.length;
    try {
      const response = await toSimulator(this.sim, path, init);
      const body = response.status === 304 ? null : await response.arrayBuffer();
      const behind = this.served.slice(before);
      const name = path.split('?')[0];
      this.costs.set(
        name,
        add(this.costs.get(name) ?? NO_COST, {
          invocations: 1,
          voice: behind.filter((r) => r.includes(' api.twilio.com ')).length,
          sync: behind.filter((r) => r.includes(' sync.twilio.com ')).length,
        }),
      );
      return new Response(body, { status: response.status, headers: response.headers });
    } finally {
      this.pending -= 1;
    }
  }) as typeof fetch;

  /** Resolves once no request is under way and the page's code had a few turns to send the next. */
  async settled(): Promise<void> {
    for (let quiet = 0; quiet < 3; quiet = this.pending ? 0 : quiet + 1) await new Promise((resolve) => setImmediate(resolve));
  }

  total(): Cost {
    return [...this.costs.values()].reduce(add, NO_COST);
  }

  reset(): void {
    this.costs.clear();
  }
}

/** A signed-in teammate's page: its token kept, its picture of the team kept fresh, voicemail and history fetched when their tags move. */
class IdlePage {
  latest: TeamState | undefined;
  voicemailIds: string[] = [];
  /** What went wrong in the page's updates (none expected: the figures would not be an idle page's). */
  readonly failures: unknown[] = [];
  private readonly keeper: TokenKeeper;
  private readonly freshness: TeamFreshness;
  private token: string;

  private constructor(transport: CountingTransport, clock: VirtualClock, visible: boolean, signIn: Awaited<ReturnType<typeof requestToken>>) {
    this.token = signIn.token;
    this.keeper = new TokenKeeper({ onToken: (reply) => (this.token = reply.token), onRetry: () => undefined, onEnded: () => undefined }, transport.fetcher, Date.now, clock);
    this.keeper.schedule(signIn);
    const records: RecordsTransport = { fetcher: transport.fetcher, token: () => this.token };
    this.freshness = new TeamFreshness(
      records,
      {
        picture: (state) => (this.latest = state),
        changed: (which) =>
          void (which === 'voicemail' ? fetchVoicemail(records).then((list) => (this.voicemailIds = list.map((m) => m.id))) : fetchHistory(records)).catch((error: unknown) =>
            this.failures.push(error),
          ),
        failed: (error) => this.failures.push(error),
      },
      () => visible,
      clock,
    );
  }

  /** Signs `identity` in and takes the page's first picture. */
  static async open(sim: Simulator, transport: CountingTransport, clock: VirtualClock, identity: string, visible: boolean): Promise<IdlePage> {
    const page = new IdlePage(transport, clock, visible, await signIn(sim, identity));
    await page.freshness.now();
    return page;
  }

  get bearer(): string {
    return this.token;
  }

  /** Stops the page; throws what went wrong in its updates, if anything did. */
  close(): void {
    this.freshness.stop();
    this.keeper.stop();
    if (this.failures.length) throw new Error(`the page's updates failed: ${String(this.failures[0])}`);
  }
}

/** Fills the history: a few missed calls, the last with a voicemail. Returns their CallSids. */
async function fillHistory(sim: Simulator): Promise<string[]> {
  const phones = await Promise.all(PHONES.map((number) => phoneFor(sim, number)));
  try {
    const sids = await Promise.all(phones.map((phone, i) => missedCall(sim, phone, PHONES[i])));
    await leaveVoicemail(sim, sids[0], 2);
    return sids;
  } finally {
    for (const phone of phones) phone.close();
  }
}

/** What one `/voicemail` and one `/calls` cost today, as the page sends them (the median of three each). */
async function oldPollingCost(transport: CountingTransport, token: string): Promise<{ voicemail: Cost; history: Cost }> {
  const records: RecordsTransport = { fetcher: transport.fetcher, token: () => token };
  const measure = async (send: () => Promise<unknown>): Promise<Cost> => {
    const each: Cost[] = [];
    for (let i = 0; i < 3; i++) {
      transport.reset();
      await send();
      each.push(transport.total());
    }
    const median = (pick: (c: Cost) => number) => summarize(each.map(pick)).median;
    return { invocations: median((c) => c.invocations), voice: median((c) => c.voice), sync: median((c) => c.sync) };
  };
  return { voicemail: await measure(() => fetchVoicemail(records)), history: await measure(() => fetchHistory(records)) };
}

/** One idle page watched for `minutes` virtual minutes: its cost scaled to an hour, and token renewals apart. */
async function idleHour(sim: Simulator, transport: CountingTransport, clock: VirtualClock, visible: boolean, minutes: number): Promise<{ hour: Cost; renewals: Cost }> {
  transport.reset();
  const page = await IdlePage.open(sim, transport, clock, 'carol', visible);
  await clock.runFor(minutes * 60_000);
  page.close();
  const scale = 60 / minutes;
  return { hour: times(transport.total(), scale), renewals: times(transport.costs.get('/token') ?? NO_COST, scale) };
}

const one = (value: number): Summary => summarize([value]);

/** The rows of one visibility: invocations against the goal, REST requests; the old polling's figure as the baseline. */
function hourFigures(which: 'visible' | 'hidden', now: Cost, before: Cost, note: string): Figure[] {
  const name = (what: string) => `team state, idle ${which} hour: ${what}`;
  return [
    { name: name('Function invocations'), unit: '', value: one(now.invocations), baseline: one(before.invocations), goal: `≤ ${GOALS[which]}`, pass: now.invocations <= GOALS[which], note },
    { name: name('Voice API requests'), unit: '', value: one(now.voice), baseline: one(before.voice), goal: '', note },
    { name: name('Sync requests'), unit: '', value: one(now.sync), baseline: one(before.sync), goal: '', note },
  ];
}

type Change = 'do-not-disturb' | 'presence' | 'voicemail';

/**
 * Times `rounds` changes of each kind on a visible page (alice's) made by or about bob at a random
 * moment between two of its updates: the virtual wait until the update that brings it, plus the
 * real time that update's requests took (with the voicemail's body fetched).
 */
async function timeChanges(sim: Simulator, transport: CountingTransport, clock: VirtualClock, rounds: number, callSids: string[]): Promise<Record<Change, number[]>> {
  // bob's page keeps him online: an offline teammate shows as offline, whatever his switch.
  const [alice, bob] = [await IdlePage.open(sim, transport, clock, 'alice', true), await IdlePage.open(sim, transport, clock, 'bob', true)];
  const bobOf = () => alice.latest?.team.find((p) => p.identity === 'bob')?.presence;
  const webhook = async (path: string, params: Record<string, string>) => {
    const answer = await postWebhook(`${sim.url}${path}`, { AccountSid: sim.env.ACCOUNT_SID, ApiVersion: '2010-04-01', ...params }, { authToken: sim.env.AUTH_TOKEN });
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
  };
  const leg = { CallSid: `CA${'b0'.repeat(16)}`, ParentCallSid: `CA${'b1'.repeat(16)}`, From: 'client:carol', To: 'client:bob', Direction: 'outbound-dial' };
  /** Makes the change; returns what tells it has shown on alice's page. */
  const changes: Record<Change, (round: number) => Promise<() => boolean>> = {
    'do-not-disturb': async (round) => {
      const on = round % 2 === 0;
      const answer = await fetch(`${sim.url}/do-not-disturb`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bob.bearer}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `on=${on}`,
      });
      if (answer.status !== 200) throw new Error(`/do-not-disturb answered ${answer.status}`);
      return () => (bobOf() === 'dnd') === on;
    },
    presence: async (round) => {
      const answered = round % 2 === 0;
      await webhook('/leg-status', { ...leg, CallStatus: answered ? 'in-progress' : 'completed', ...(answered ? {} : { CallDuration: '5' }) });
      return () => (bobOf() === 'on-call') === answered;
    },
    voicemail: async (round) => {
      const sid = await leaveVoicemail(sim, callSids[1 + (round % (callSids.length - 1))], 1);
      return () => alice.voicemailIds.includes(sid);
    },
  };
  const shown: Record<Change, number[]> = { 'do-not-disturb': [], presence: [], voicemail: [] };
  try {
    for (const kind of Object.keys(changes) as Change[]) {
      for (let round = 0; round < rounds; round++) {
        await clock.runFor(Math.random() * VISIBLE_UPDATE_MS);
        const madeAt = clock.now;
        const isShown = await changes[kind](round);
        // Timers of both pages fire in turn: a change shows within one update of alice's.
        for (let timers = 0; ; timers++) {
          if (timers > 6) throw new Error(`a ${kind} change did not show after ${timers} timers`);
          const started = performance.now();
          await clock.step();
          if (!isShown()) continue;
          shown[kind].push((clock.now - madeAt + performance.now() - started) / 1000);
          break;
        }
      }
    }
  } finally {
    alice.close();
    bob.close();
  }
  return shown;
}

/** Measures the idle pages' cost an hour against the old polling's, and how soon changes show. */
export async function measureTeamState({ idleMinutes, rounds }: TeamStateOptions): Promise<Figure[]> {
  const served: string[] = [];
  let clock: VirtualClock | undefined;
  const sim = await startSimulator({ env: { RING_TIMEOUT: '5' }, syncNow: () => clock?.now ?? Date.now(), observeRest: ({ method, host, path }) => void served.push(`${method} ${host} ${path}`) });
  try {
    const transport = new CountingTransport(sim, served);
    clock = new VirtualClock(Date.now(), () => transport.settled());
    const callSids = await fillHistory(sim);
    const old = await oldPollingCost(transport, (await signIn(sim, 'bob')).token);
    const visible = await idleHour(sim, transport, clock, true, idleMinutes);
    const hidden = await idleHour(sim, transport, clock, false, idleMinutes);
    // The old page renewed its token on the same schedule as today's.
    const before = add(add(times(old.voicemail, HOUR_MS / OLD_VOICEMAIL_MS), times(old.history, HOUR_MS / OLD_HISTORY_MS)), visible.renewals);
    const scaled = idleMinutes === 60 ? '' : `, counted over ${idleMinutes} virtual minutes and scaled to an hour`;
    const note =
      `the page's own code on a virtual clock${scaled}, its requests over real HTTP to the built Functions on the simulator, which counts the REST requests behind them; ` +
      `baseline: the old polling (${Math.round(HOUR_MS / OLD_VOICEMAIL_MS)} /voicemail and ${HOUR_MS / OLD_HISTORY_MS} /calls an hour, visible or hidden, at what one of each costs today: ` +
      `${old.voicemail.voice} Voice API and ${old.voicemail.sync} Sync, and ${old.history.voice} Voice API and ${old.history.sync} Sync requests) plus the same token renewals; the ratio is now/before`;
    const shown = await timeChanges(sim, transport, clock, rounds, callSids);
    const latencyNote = `on a visible page: the virtual wait from a change made at a random moment to the update that brings it, plus that update's real request time (a voicemail: its /voicemail body too); ${rounds} rounds each`;
    return [
      ...hourFigures('visible', visible.hour, before, note),
      ...hourFigures('hidden', hidden.hour, before, note),
      ...(Object.keys(shown) as Change[]).map((kind): Figure => {
        const value = summarize(shown[kind]);
        return { name: `team state: ${kind} change → shown`, unit: 's', value, goal: `p95 ≤ ${SHOWN_WITHIN_S} s`, pass: value.p95 <= SHOWN_WITHIN_S, note: latencyNote };
      }),
    ];
  } finally {
    await sim.stop();
  }
}
