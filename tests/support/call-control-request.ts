/** `POST /call-control` as a teammate's page sends it: their access token as Bearer, a JSON body. */
import type { Simulator } from '../../simulator';
import { tokenFor } from '../simulator/helpers';
import type { Reply } from './reply';

/** Asks `/call-control` for `body` as `identity`; the answer's status and JSON body. */
export async function callControl(sim: Simulator, identity: string, body: Record<string, string>): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${sim.url}/call-control`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenFor(sim, identity)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
