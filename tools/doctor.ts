/**
 * `npm run doctor [-- --domain <host>] [--offline]` — "why doesn't my browser ring?"
 * Checks the local configuration (.env, the build, a token minted and decoded as a self-test)
 * and, with credentials, the live account: the API key (and its REGION), the TwiML App's URLs,
 * the team number's routing, CALLER_ID, the Sync Service, and the deployed variables. Prints each problem with
 * its fix; exits 1 when there is one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig, REGION_EDGES, type Config, type Region } from '../src/lib/config/config';
import { unknownCountries } from '../src/lib/numbers/full-metadata';
import { ConfigError } from '../src/lib/config/config-error';
import { ERRORS } from '../src/lib/contract/errors';
import { createVoiceToken } from '../src/lib/auth/voice-token';
import { ROOT } from '../build/build';
import { describeProblem, parseFlags, runCommand, terminalIo, type Io } from './cli';
import { CONTEXT_LIMIT_BYTES, contextBytes, deployManifest, deployProblems, oversizedVariables, uploadedVariables } from './deploy-manifest';
import { deployedEnvironment, environmentVariables, normalizeDomain, webhookDifferences, webhookSettings, type DeployedEnvironment, type WebhookSettings } from './deployed-service';
import { EnvFile } from '../build/env-file';
import { readRoutingFile, RoutingFileError, ROUTING_FILE, routingSummary, teamOf } from '../build/routing-build';
import { currentUse, lookUpNumber, verifiedOnly } from './phone-numbers';
import { createClient, errorCode, explain, unlessMissing, type ClientFactory, type TwilioClient } from './twilio-api';

export interface DoctorOptions {
  readonly args: readonly string[];
  readonly io: Io;
  readonly root?: string;
  readonly envPath?: string;
  readonly createClient?: ClientFactory;
}

/** Where a SID with this prefix belongs, to explain a SID pasted into the wrong variable. */
const SID_HOMES: Record<string, { variable: string; hint: string }> = {
  AC: { variable: 'ACCOUNT_SID', hint: 'An AC… SID is an Account SID: it belongs in ACCOUNT_SID.' },
  SK: { variable: 'API_KEY', hint: 'An SK… SID is an API key: it belongs in API_KEY (its secret in API_SECRET).' },
  AP: { variable: 'TWIML_APP_SID', hint: 'An AP… SID is a TwiML App: it belongs in TWIML_APP_SID.' },
  CR: { variable: 'PUSH_CREDENTIAL_SID', hint: 'A CR… SID is a push credential: it belongs in PUSH_CREDENTIAL_SID_IOS or PUSH_CREDENTIAL_SID_ANDROID.' },
  PN: { variable: '', hint: 'A PN… SID names a phone number; CALLER_ID and FORWARD_TO take the number itself, e.g. +14155550100.' },
  IS: { variable: 'SYNC_SERVICE_SID', hint: 'An IS… SID is a Sync Service: it belongs in SYNC_SERVICE_SID.' },
};

/** The TwiML App settings as the Console names them. */
const WEBHOOK_LABELS: Record<keyof WebhookSettings, string> = {
  voiceUrl: 'Voice URL',
  voiceMethod: 'Voice method',
  voiceFallbackUrl: 'Voice Fallback URL',
  voiceFallbackMethod: 'Voice Fallback method',
  statusCallback: 'Status Callback URL',
  statusCallbackMethod: 'Status Callback method',
};

/** Collects findings and prints them as they come. */
class Report {
  problems = 0;
  constructor(private readonly io: Io) {}

  section(title: string): void {
    this.io.print(`\n${title}`);
  }

  ok(line: string): void {
    this.io.print(`  ✓ ${line}`);
  }

  note(line: string): void {
    this.io.print(`  ! ${line}`);
  }

  problem(line: string): void {
    this.problems += 1;
    this.io.print(`  ✗ ${line}`);
  }
}

function checkVariables(report: Report, env: Record<string, string>): Config | undefined {
  const { config, problems } = readConfig(env);
  for (const problem of problems) {
    const home = SID_HOMES[/^([A-Z]{2})[0-9a-fA-F]{32}$/.exec(env[problem.variable]?.trim() ?? '')?.[1] ?? ''];
    const hint = home && !problem.variable.startsWith(home.variable || '-') ? ` ${home.hint}` : '';
    report.problem(`${problem.message}.${hint} ${ERRORS.SB_CONFIG.action}`);
  }
  if (!env.AUTH_TOKEN?.trim()) report.problem(new ConfigError('AUTH_TOKEN', 'is missing; it signs the webhooks the local runtime checks and lets setup and doctor reach Twilio').message);
  const unknown = config ? unknownCountries(config.allowedCountries) : [];
  if (unknown.length) report.problem(new ConfigError('ALLOWED_COUNTRIES', `has codes no phone number has: ${unknown.join(', ')} (the United Kingdom is GB); calls there are refused`).message);
  if (config) report.ok(`Configuration reads cleanly: ${config.team.size} on the team, caller ID ${config.callerId}${config.region ? `, region ${config.region}` : ''}`);
  return config;
}

async function checkBuild(report: Report, root: string, envPath: string): Promise<void> {
  const manifest = await deployManifest(root, envPath);
  const problems = deployProblems(root, manifest);
  for (const problem of problems) report.problem(problem);
  if (!problems.length)
    report.ok(`dist has ${manifest.functions.length} Functions and ${manifest.assets.length} assets; @twilio/runtime-handler pinned at ${manifest.dependencies['@twilio/runtime-handler']}`);
  const bytes = contextBytes(manifest.env);
  if (bytes > CONTEXT_LIMIT_BYTES) report.problem(`${describeProblem(82006)} (Twilio error 82006: about ${bytes} of ${CONTEXT_LIMIT_BYTES} bytes)`);
  for (const name of oversizedVariables(manifest.env)) report.problem(describeProblem('SB_VARIABLE_TOO_LONG', `${name} has ${Buffer.byteLength(manifest.env[name])} bytes`));
}

/** routing.json, when the project has one: every problem with its field, teammates checked against TEAM. */
function checkRouting(report: Report, root: string, env: Record<string, string>): void {
  try {
    const file = readRoutingFile(root, teamOf(env));
    if (!file) return report.ok(`No ${ROUTING_FILE}: every call to the team number rings everyone (routing.example.json shows a menu, groups and hours)`);
    report.ok(`${ROUTING_FILE} reads cleanly: ${routingSummary(file.routing)}`);
  } catch (error) {
    if (!(error instanceof RoutingFileError)) throw error;
    for (const problem of error.problems) report.problem(problem.message);
  }
}

/** The claims of a Voice access token that doctor checks (docs/voice-sdk-protocol.md). */
interface TokenClaims {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  grants: { identity?: string; voice?: { incoming?: { allow?: boolean }; outgoing?: { application_sid?: string } } };
}

/** Mints a token as /token does, then decodes and verifies it the way Twilio would. */
function checkToken(report: Report, config: Config): void {
  const identity = config.team.keys().next().value ?? 'doctor';
  const { token } = createVoiceToken(config, identity);
  const [head, body, signature] = token.split('.');
  const decode = <T>(part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Partial<T>;
  const header = decode<{ alg: string; cty: string }>(head);
  const claims = decode<TokenClaims>(body);
  const expected = createHmac('sha256', config.apiSecret).update(`${head}.${body}`).digest();
  const wrong: string[] = [];
  const actual = Buffer.from(signature, 'base64url');
  if (header.alg !== 'HS256' || actual.length !== expected.length || !timingSafeEqual(actual, expected)) wrong.push('the HS256 signature with API_SECRET');
  if (header.cty !== 'twilio-fpa;v=1') wrong.push(`header cty ${header.cty}`);
  if (claims.iss !== config.apiKey) wrong.push(`iss ${claims.iss} (API_KEY is ${config.apiKey})`);
  if (claims.sub !== config.accountSid) wrong.push(`sub ${claims.sub} (ACCOUNT_SID is ${config.accountSid})`);
  // A fresh session's first token lives TOKEN_TTL, or the whole session when SESSION_MAX_HOURS is shorter.
  const lifetime = Math.min(config.tokenTtl, config.sessionMaxSeconds);
  const lived = (claims.exp ?? 0) - (claims.iat ?? 0);
  if (lived !== lifetime) wrong.push(`lifetime ${lived} s (TOKEN_TTL is ${config.tokenTtl}, SESSION_MAX_HOURS ${config.sessionMaxSeconds / 3600})`);
  if (claims.grants?.identity !== identity) wrong.push('the identity grant');
  if (claims.grants?.voice?.incoming?.allow !== true) wrong.push('incoming calls in the voice grant');
  if (claims.grants?.voice?.outgoing?.application_sid !== config.twimlAppSid) wrong.push('the TwiML App in the voice grant');
  if (wrong.length) report.problem(describeProblem('SB_TOKEN', wrong.join(', ')));
  else report.ok(`Token self-test: minted for ${identity} and decoded: signed by ${config.apiKey}, account ${config.accountSid}, calls through ${config.twimlAppSid}, ${config.tokenTtl} s`);
}

async function checkApiKey(report: Report, client: TwilioClient, makeClient: ClientFactory, env: Record<string, string>, region: Region | undefined): Promise<void> {
  const { API_KEY: apiKey, API_SECRET: apiSecret, ACCOUNT_SID: accountSid } = env;
  if (!/^SK[0-9a-f]{32}$/i.test(apiKey ?? '')) return;
  const signsIn = (where: Region | undefined) =>
    makeClient(apiKey, apiSecret ?? '', { accountSid, region: where })
      .api.v2010.accounts(accountSid)
      .fetch()
      .then(
        () => true,
        (error: unknown) => {
          if (errorCode(error) === 20003) return false;
          throw error;
        },
      );
  if (!(await unlessMissing(client.keys(apiKey).fetch()))) {
    // Regions are isolated (a US1 auth token fails in IE1), so ask each region with the key itself.
    for (const other of Object.keys(REGION_EDGES) as Region[]) {
      if (other !== (region ?? 'us1') && (await signsIn(other)))
        return report.problem(`${describeProblem('SB_API_KEY_MISSING', `${apiKey} was made in ${other}, but REGION is ${region ?? 'unset (us1)'}`)} Set REGION=${other}.`);
    }
    return report.problem(describeProblem('SB_API_KEY_MISSING', `${apiKey} does not exist on ${accountSid}`));
  }
  if (await signsIn(region)) report.ok(`API key ${apiKey} exists${region ? ` in ${region}` : ''} and API_SECRET signs in with it`);
  else report.problem(describeProblem('SB_API_SECRET', `Twilio refused ${apiKey} with this secret`));
}

async function checkApp(report: Report, client: TwilioClient, appSid: string, domain: string | undefined): Promise<void> {
  const app = await unlessMissing(client.applications(appSid).fetch());
  if (!app) return report.problem(`${describeProblem(20404, `TWIML_APP_SID ${appSid} is not on this account`)} \`npm run setup\` creates the app.`);
  if (!domain) {
    report.note(`Not deployed (no .twiliodeployinfo), so the TwiML App's Voice URL ${app.voiceUrl || '(unset)'} cannot be compared; pass --domain to check it.`);
    return;
  }
  const wanted = webhookSettings(domain);
  const differs = webhookDifferences(app, domain);
  if (!differs.length) return report.ok(`TwiML App ${appSid} sends calls to https://${domain}/voice, /fallback and /status (POST)`);
  report.problem(describeProblem('SB_WEBHOOKS', differs.map((field) => `${WEBHOOK_LABELS[field]} is ${app[field] || '(unset)'}, should be ${wanted[field]}`).join('; ')));
}

async function checkNumber(report: Report, client: TwilioClient, callerId: string, appSid: string | undefined, trial: boolean): Promise<void> {
  const { owned: number, verified } = await lookUpNumber(client, callerId);
  if (number) {
    if (appSid && number.voiceApplicationSid === appSid) report.ok(`${callerId} is on the account and rings the team through ${appSid}`);
    else report.problem(describeProblem('SB_NUMBER_ROUTING', `${callerId} is answered by ${currentUse(number) ?? "Twilio's demo answer"}`));
  } else if (verified) {
    report.note(verifiedOnly(callerId));
  } else {
    report.problem(`${describeProblem(13214, `CALLER_ID ${callerId} is neither a number on this account nor a verified caller ID`)} (Twilio error 13214)`);
  }
  if (trial) report.note(`${describeProblem(21219)} (Twilio error 21219: trial account)`);
}

/** SYNC_SERVICE_SID: optional (calls work without it), but when set it must be a Sync Service of the account. */
async function checkSyncService(report: Report, client: TwilioClient, sid: string | undefined): Promise<void> {
  if (!sid) return report.note('SYNC_SERVICE_SID is not set: calls work, but the team has no shared state on Twilio Sync. `npm run setup` creates the Sync Service.');
  if (!/^IS[0-9a-f]{32}$/i.test(sid)) return; // the configuration check has named it
  const service = await unlessMissing(client.sync.v1.services(sid).fetch());
  if (service) report.ok(`Sync Service ${sid} (${service.friendlyName ?? 'no name'}) exists`);
  else report.problem(describeProblem('SB_SYNC_SERVICE', `${sid} is not on ${client.accountSid}`));
}

async function checkDeployedVariables(report: Report, client: TwilioClient, deployed: DeployedEnvironment, env: Record<string, string>): Promise<void> {
  const live = new Map((await environmentVariables(client, deployed).list()).map((v) => [v.key, v.value]));
  const local = uploadedVariables(env);
  const stale = Object.keys(local).filter((name) => live.get(name) !== local[name]);
  if (stale.length) report.problem(describeProblem('SB_STALE_DEPLOY', `${stale.join(', ')} differ on ${deployed.domain}`));
  else report.ok(`The deployed environment (${deployed.domain}) has the variables of .env`);
}

async function checkAccount(report: Report, env: Record<string, string>, options: { root: string; domainFlag?: string; makeClient: ClientFactory }): Promise<void> {
  const region = env.REGION?.trim().toLowerCase() as Region | undefined;
  const validRegion = region && region in REGION_EDGES ? region : undefined;
  const client = options.makeClient(env.ACCOUNT_SID, env.AUTH_TOKEN, { region: validRegion });
  let trial: boolean;
  try {
    const account = await client.api.v2010.accounts(env.ACCOUNT_SID).fetch();
    trial = account.type === 'Trial';
    report.ok(`Credentials work: ${account.friendlyName} (${account.type} account)`);
  } catch (error) {
    return report.problem(explain(error));
  }
  await checkApiKey(report, client, options.makeClient, env, validRegion);
  const deployed = await deployedEnvironment(client, options.root, env.ACCOUNT_SID, validRegion);
  const domain = (options.domainFlag && normalizeDomain(options.domainFlag)) || deployed?.domain;
  if (/^AP[0-9a-f]{32}$/i.test(env.TWIML_APP_SID ?? '')) await checkApp(report, client, env.TWIML_APP_SID, domain);
  if (env.CALLER_ID?.trim()) await checkNumber(report, client, env.CALLER_ID.trim(), env.TWIML_APP_SID, trial);
  await checkSyncService(report, client, env.SYNC_SERVICE_SID?.trim() || undefined);
  if (deployed) await checkDeployedVariables(report, client, deployed, env);
}

/** Runs every check; true when nothing needs fixing. */
export async function runDoctor(options: DoctorOptions): Promise<boolean> {
  const { values: flags } = parseFlags(options.args, { domain: { type: 'string' }, offline: { type: 'boolean' } }, 'Usage: npm run doctor [-- --domain <service>.twil.io] [--offline]');
  const root = options.root ?? ROOT;
  const envPath = options.envPath ?? join(root, '.env');
  const env = EnvFile.load(envPath).entries();
  const report = new Report(options.io);
  options.io.print('Switchboard doctor');

  report.section(`Configuration (${envPath})`);
  const hasEnv = existsSync(envPath);
  if (!hasEnv) report.problem('There is no .env: copy .env.example to .env, put ACCOUNT_SID and AUTH_TOKEN in it, then run `npm run setup`.');
  const config = hasEnv ? checkVariables(report, env) : undefined;
  if (config) checkToken(report, config);
  report.section(`Call routing (${ROUTING_FILE})`);
  checkRouting(report, root, env);
  report.section('Build (what `npm run deploy` uploads)');
  await checkBuild(report, root, envPath);

  report.section('Twilio account');
  if (flags.offline) report.note('Skipped (--offline).');
  else if (!/^AC[0-9a-f]{32}$/i.test(env.ACCOUNT_SID ?? '') || !env.AUTH_TOKEN) report.note('Skipped: needs ACCOUNT_SID and AUTH_TOKEN in .env.');
  else {
    try {
      await checkAccount(report, env, { root, domainFlag: flags.domain, makeClient: options.createClient ?? createClient });
    } catch (error) {
      report.problem(explain(error));
    }
  }
  options.io.print(report.problems ? `\n${report.problems} problem(s) found; fix them from the top, then run \`npm run doctor\` again.` : '\nNo problems found.');
  return report.problems === 0;
}

if (require.main === module) runCommand(() => runDoctor({ args: process.argv.slice(2), io: terminalIo() }));
