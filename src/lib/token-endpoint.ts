import { loadConfig, PLATFORMS, type Config, type Env, type Platform } from './config';
import { ConfigError, describeError, type ErrorCode } from './errors';
import { authenticateMember } from './team-auth';
import { createVoiceToken } from './tokens';

/** A plain HTTP answer, turned into the runtime's Response by the Function. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: object;
}

export interface TokenRequest {
  /** The `Authorization` header, '' when absent. */
  authorization: string;
  /** `?platform=`, '' for the browser. */
  platform: string;
  /** True for the page's own fetches: they get a 401 that does not pop up the browser's login box. */
  fromScript: boolean;
}

const NO_STORE = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' };

function failure(status: number, code: ErrorCode, extra: Record<string, string> = {}, message?: string): HttpAnswer {
  const info = describeError(code)!;
  return { status, headers: { ...NO_STORE, ...extra }, body: { error: { code, message: message ?? info.title, action: info.action } } };
}

/**
 * `GET /token` (design §4): a team member's Basic credentials → a Voice AccessToken, the team
 * directory and the dialling policy the page checks numbers against. Strangers get 401.
 */
export async function answerTokenRequest(env: Env, request: TokenRequest): Promise<HttpAnswer> {
  if (request.platform && !(PLATFORMS as readonly string[]).includes(request.platform)) return failure(400, 'SB_PLATFORM');
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Switchboard configuration: ${error.message}`);
    return failure(503, 'SB_CONFIG', {}, `Switchboard is not configured: ${error.variable} needs fixing (see the Function's log).`);
  }
  const identity = await authenticateMember(request.authorization, config.team);
  if (!identity) {
    const challenge = request.fromScript ? 'Switchboard realm="Switchboard"' : 'Basic realm="Switchboard", charset="UTF-8"';
    return failure(401, 'SB_AUTH', { 'WWW-Authenticate': challenge });
  }
  const reply = createVoiceToken(config, identity, (request.platform || undefined) as Platform | undefined);
  return {
    status: 200,
    headers: NO_STORE,
    body: { ...reply, team: [...config.team.keys()], allowedCountries: config.allowedCountries, teamNumber: config.callerId },
  };
}
