/**
 * The simulator's REST service for one test file, its Sync store on a clock the tests move, and
 * fresh Sync Services on it: the team's store as a Function opens it, through the real `twilio`
 * client and the interception proxy.
 */
import { SyncStore } from '../../simulator/rest/sync-store';
import { TeamStore } from '../../src/lib/store/team-store';
import { perFile } from './per-file';
import { RestSimulator } from './rest-simulator';

export function syncSimulatorPerFile(now: () => number): { shared: () => RestSimulator; freshStore: (deadlineMs?: number) => TeamStore } {
  const shared = perFile(
    () => RestSimulator.start({ sync: new SyncStore({ now }) }),
    (sim) => sim.stop(),
  );
  /** A fresh Service and the store on it. */
  const freshStore = (deadlineMs?: number): TeamStore => {
    const sim = shared();
    return TeamStore.of(() => sim.client(), sim.sync.createService({ friendly_name: 'Switchboard' }).sid, deadlineMs);
  };
  return { shared, freshStore };
}
