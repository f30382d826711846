/**
 * The built Functions in twilio-run whose `context.getTwilioClient()` reaches the simulator's REST
 * API and Sync through its interception proxy, as deployed Functions reach Twilio's; one per test
 * file. Sync's clock is the test's (`now`): windows and rate limits move only when a test moves it.
 */
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { SyncStore } from '../../simulator/rest/sync-store';
import { testEnv } from './fixtures';
import { perFile } from './per-file';
import { RestSimulator } from './rest-simulator';

export interface SyncRuntime {
  sim: RestSimulator;
  /** The Sync Service the Functions use (SYNC_SERVICE_SID). */
  serviceSid: string;
  runtime: LocalRuntime;
}

/** Starts the Functions with a Sync Service of their own. */
export async function startWithService(sim: RestSimulator): Promise<{ serviceSid: string; runtime: LocalRuntime }> {
  const serviceSid = sim.sync.createService({ friendly_name: 'Switchboard' }).sid;
  const env = await testEnv({ ACCOUNT_SID: sim.account.sid, AUTH_TOKEN: sim.account.state.authToken, SYNC_SERVICE_SID: serviceSid });
  return { serviceSid, runtime: await startRuntime(env, { restProxy: sim.restProxy }) };
}

/** The simulator's REST service and the Functions, started once for the test file. */
export function syncRuntimePerFile(now: () => number): () => SyncRuntime {
  return perFile(
    async () => {
      const sim = await RestSimulator.start({ sync: new SyncStore({ now }) });
      return { sim, ...(await startWithService(sim)) };
    },
    async ({ sim, runtime }) => {
      await runtime.stop();
      await sim.stop();
    },
  );
}
