/** `GET /team` (src/lib/contract/team.ts) with the ETag of the last answer: the picture, or 'unchanged'. */
import type { TeamState } from '../../lib/contract/team';
import { RecordsError, request, type RecordsTransport } from './team-records';

export interface TeamAnswer {
  readonly state: TeamState;
  readonly etag: string;
}

const isTeamState = (body: unknown): body is TeamState => typeof body === 'object' && body !== null && Array.isArray((body as TeamState).team) && typeof (body as TeamState).identity === 'string';

/** The team's picture, or 'unchanged' (304) when it is still the one tagged `etag`. */
export async function fetchTeam(transport: RecordsTransport, etag?: string): Promise<TeamAnswer | 'unchanged'> {
  const response = await request(transport, '/team', { headers: etag ? { 'If-None-Match': etag } : {} }, true);
  if (response.status === 304) return 'unchanged';
  const body: unknown = await response.json().catch(() => undefined);
  if (!isTeamState(body)) throw new RecordsError('SB_NETWORK', response.status);
  return { state: body, etag: response.headers.get('ETag') ?? '' };
}
