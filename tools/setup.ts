/**
 * `npm run setup [-- --dry-run] [--domain <host>] [--number <E.164>] [--force]`
 * From a Twilio account (ACCOUNT_SID/AUTH_TOKEN) and a deployed Switchboard to a working team
 * line: a Standard API key, the TwiML App "Switchboard" pointing at our Functions, the team
 * number pointing at the app, the Sync Service "Switchboard" for the team's shared state, `.env`
 * written (comments and unknown lines kept) and the deployed environment's variables updated,
 * which Twilio applies without a redeploy. Idempotent: a second
 * run makes no write request and says so. `--dry-run` prints the plan and writes nothing.
 */
import { join } from 'node:path';
import type { ApplicationInstance } from 'twilio/lib/rest/api/v2010/account/application';
import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber';
import { REGION_EDGES, type Env, type Region } from '../src/lib/config/config';
import { hashPasscode, isValidIdentity, parseTeam, teamText, teamVariables } from '../src/lib/config/passcodes';
import { ROOT } from '../build/build';
import { describeProblem, isYes, parseFlags, runCommand, terminalIo, ToolError, type Io } from './cli';
import { CONTEXT_LIMIT_BYTES, contextBytes, oversizedVariables, uploadedVariables } from './deploy-manifest';
import { deployedEnvironment, environmentVariables, normalizeDomain, readDeployInfo, webhookDifferences, webhookSettings, type DeployedEnvironment } from './deployed-service';
import { EnvFile } from '../build/env-file';
import { currentUse, listNumbers, lookUpNumber, verifiedOnly } from './phone-numbers';
import { createClient, errorCode, unlessMissing, type ClientFactory, type TwilioClient } from './twilio-api';

export const APP_NAME = 'Switchboard';
const E164 = /^\+[1-9]\d{6,14}$/;
/** Stand-ins a dry run plans with (sized like the real values) for what it does not create. */
const PLANNED_KEY = { API_KEY: `SK${'0'.repeat(32)}`, API_SECRET: '0'.repeat(32) };
const PLANNED_APP_SID = `AP${'0'.repeat(32)}`;
const PLANNED_SYNC_SERVICE_SID = `IS${'0'.repeat(32)}`;

export interface SetupOptions {
  /** Command-line arguments after `npm run setup --`. */
  readonly args: readonly string[];
  readonly io: Io;
  /** Project root holding `.twiliodeployinfo`. */
  readonly root?: string;
  readonly envPath?: string;
  readonly createClient?: ClientFactory;
  /** Where ACCOUNT_SID/AUTH_TOKEN come from when `.env` lacks them. */
  readonly env?: Env;
}

const USAGE = 'Usage: npm run setup [-- --dry-run] [--domain <service>.twil.io] [--number +14155550100] [--force]';

/** One run of setup: what it found, what it changes, and the `.env` it edits. */
class Setup {
  private changes = 0;
  private readonly file: EnvFile;

  constructor(
    private readonly io: Io,
    envPath: string,
    private readonly dryRun: boolean,
    private readonly force: boolean,
  ) {
    this.file = EnvFile.load(envPath);
  }

  get changeCount(): number {
    return this.changes;
  }

  ok(line: string): void {
    this.io.print(`✓ ${line}`);
  }

  warn(line: string): void {
    this.io.print(`! ${line}`);
  }

  /** Runs a write, or in a dry run only says what it would do. */
  async change<T>(plan: string, done: (result: T) => string, write: () => Promise<T>): Promise<T | undefined> {
    this.changes += 1;
    if (this.dryRun) {
      this.io.print(`→ would ${plan}`);
      return undefined;
    }
    const result = await write();
    this.io.print(`✓ ${done(result)}`);
    return result;
  }

  /**
   * Sets `.env` variables and saves at once, so a new API secret is never lost to a later
   * failure. A dry run only keeps them in memory, so later steps plan with them.
   */
  writeEnv(values: Record<string, string>): void {
    const changed = Object.entries(values).filter(([name, value]) => this.file.get(name) !== value);
    for (const [name, value] of changed) this.file.set(name, value);
    if (changed.length && !this.dryRun) this.file.save();
  }

  get(name: string): string | undefined {
    return this.file.get(name)?.trim() || undefined;
  }

  entries(): Record<string, string> {
    return this.file.entries();
  }

  /** Asks before taking over something that serves another purpose; refuses without a terminal. */
  async confirmTakeover(what: string): Promise<void> {
    if (this.force) return;
    if (this.dryRun) {
      this.warn(`${what}: setup will ask before re-pointing it (or pass --force)`);
      return;
    }
    if (!this.io.ask) throw new ToolError('SB_IN_USE', what);
    if (!isYes(await this.io.ask(`${what}. Re-point it to ${APP_NAME}? [y/N]`))) throw new ToolError('SB_IN_USE', `${what} (you said no)`);
  }
}

async function verifyCredentials(client: TwilioClient, setup: Setup, accountSid: string): Promise<void> {
  try {
    const account = await client.api.v2010.accounts(accountSid).fetch();
    setup.ok(`Credentials: ${account.friendlyName} (${accountSid}, ${account.type} account)`);
    if (account.type === 'Trial') setup.warn(describeProblem(21219));
  } catch (error) {
    if (errorCode(error) === 20003 || errorCode(error) === 20404) throw new ToolError('SB_CREDENTIALS', 'Twilio refused ACCOUNT_SID/AUTH_TOKEN (error 20003)');
    throw error;
  }
}

async function resolveDomain(
  client: TwilioClient,
  setup: Setup,
  root: string,
  accountSid: string,
  region: Region | undefined,
  domainFlag?: string,
): Promise<{ domain: string; deployed?: DeployedEnvironment }> {
  if (domainFlag !== undefined) {
    const domain = normalizeDomain(domainFlag);
    if (!domain) throw new ToolError('SB_NOT_DEPLOYED', `--domain "${domainFlag}" is not a host name such as switchboard-1234-dev.twil.io`);
    setup.ok(`Deployed domain: ${domain} (from --domain)`);
    return { domain };
  }
  const deployed = await deployedEnvironment(client, root, accountSid, region);
  if (!deployed) throw new ToolError('SB_NOT_DEPLOYED', readDeployInfo(root, accountSid, region) ? 'the service in .twiliodeployinfo no longer exists' : 'no .twiliodeployinfo for this account');
  setup.ok(`Deployed domain: ${deployed.domain} (from .twiliodeployinfo)`);
  return { domain: deployed.domain, deployed };
}

/** Reuses API_KEY/API_SECRET when the key exists and the secret works; otherwise makes a new key. */
async function ensureApiKey(client: TwilioClient, setup: Setup, accountSid: string, region: Region | undefined, makeClient: ClientFactory): Promise<void> {
  const apiKey = setup.get('API_KEY');
  const apiSecret = setup.get('API_SECRET');
  let reason = 'none in .env';
  if (apiKey && apiSecret && /^SK[0-9a-f]{32}$/i.test(apiKey)) {
    const key = await unlessMissing(client.keys(apiKey).fetch());
    if (key) {
      try {
        await makeClient(apiKey, apiSecret, { accountSid, region }).api.v2010.accounts(accountSid).fetch();
        setup.ok(`API key: ${apiKey} (${key.friendlyName}) reused`);
        return;
      } catch (error) {
        if (errorCode(error) !== 20003) throw error;
        reason = `API_SECRET does not match ${apiKey}; delete that key in the Console if nothing else uses it`;
      }
    } else {
      reason = `${apiKey} is not on this account${region ? ` in ${region}` : ''}`;
    }
  }
  const key = await setup.change(
    `create a Standard API key "${APP_NAME}" (${reason}) and write API_KEY, API_SECRET`,
    (created) => `API key: created ${created.sid} (${reason}); API_KEY and API_SECRET written to .env`,
    () => client.newKeys.create({ friendlyName: APP_NAME }),
  );
  setup.writeEnv(key ? { API_KEY: key.sid, API_SECRET: key.secret } : PLANNED_KEY);
}

/** The TwiML App: TWIML_APP_SID if it exists, else one named "Switchboard", else a new one. */
async function ensureApp(client: TwilioClient, setup: Setup, domain: string): Promise<string | undefined> {
  const wanted = webhookSettings(domain);
  const described = `Voice ${wanted.voiceUrl}, Fallback ${wanted.voiceFallbackUrl}, Status ${wanted.statusCallback} (all POST)`;
  const sid = setup.get('TWIML_APP_SID');
  let app: ApplicationInstance | undefined = sid && /^AP[0-9a-f]{32}$/i.test(sid) ? await unlessMissing(client.applications(sid).fetch()) : undefined;
  if (!app) {
    const named = (await client.applications.list({ friendlyName: APP_NAME })).filter((a) => a.friendlyName === APP_NAME);
    app = named.find((a) => a.voiceUrl === wanted.voiceUrl) ?? named[0];
  }
  if (!app) {
    const created = await setup.change(
      `create the TwiML App "${APP_NAME}": ${described}, and write TWIML_APP_SID`,
      (a) => `TwiML App: created ${a.sid}: ${described}`,
      () => client.applications.create({ friendlyName: APP_NAME, ...wanted }),
    );
    setup.writeEnv({ TWIML_APP_SID: created?.sid ?? PLANNED_APP_SID });
    return created?.sid;
  }
  const current = app;
  if (!webhookDifferences(current, domain).length) setup.ok(`TwiML App: ${current.sid} (${current.friendlyName}) already points at ${domain}`);
  else {
    const voicePath = current.voiceUrl ? new URL(current.voiceUrl, 'https://x').pathname : '';
    if (current.voiceUrl && voicePath !== '/voice') await setup.confirmTakeover(`TwiML App ${current.sid} (${current.friendlyName}) serves ${current.voiceUrl}`);
    await setup.change(
      `update the TwiML App ${current.sid}: ${described}`,
      () => `TwiML App: ${current.sid} now points at ${domain} (was ${current.voiceUrl || 'unset'})`,
      () => client.applications(current.sid).update(wanted),
    );
  }
  setup.writeEnv({ TWIML_APP_SID: current.sid });
  return current.sid;
}

async function chooseNumber(client: TwilioClient, setup: Setup, io: Io, wanted?: string): Promise<IncomingPhoneNumberInstance | undefined> {
  if (wanted) {
    if (!E164.test(wanted)) throw new ToolError('SB_NUMBER_NOT_OWNED', `"${wanted}" is not an E.164 number such as +14155550100`);
    const { owned, verified } = await lookUpNumber(client, wanted);
    if (owned) return owned;
    if (verified) {
      setup.warn(verifiedOnly(wanted));
      setup.writeEnv({ CALLER_ID: wanted });
      return undefined;
    }
    const all = await client.incomingPhoneNumbers.list();
    throw new ToolError('SB_NUMBER_NOT_OWNED', wanted, all.length ? ['The account has:', ...listNumbers(all)] : []);
  }
  const all = (await client.incomingPhoneNumbers.list()).filter((n) => n.capabilities?.voice !== false);
  if (!all.length) throw new ToolError('SB_NO_NUMBER');
  if (all.length === 1) return all[0];
  if (!io.ask) throw new ToolError('SB_NUMBER_AMBIGUOUS', `${all.length} of them`, listNumbers(all));
  io.print(
    `The account has ${all.length} numbers:\n${listNumbers(all)
      .map((line, i) => `  ${i + 1}. ${line}`)
      .join('\n')}`,
  );
  const answer = (await io.ask('Which one is the team number? (number in the list or +E.164)')).trim();
  const chosen = all[Number(answer) - 1] ?? all.find((n) => n.phoneNumber === answer);
  if (!chosen) throw new ToolError('SB_NUMBER_AMBIGUOUS', `"${answer}" is none of them`);
  return chosen;
}

async function pointNumber(client: TwilioClient, setup: Setup, number: IncomingPhoneNumberInstance, appSid: string | undefined): Promise<void> {
  if (appSid && number.voiceApplicationSid === appSid) {
    setup.writeEnv({ CALLER_ID: number.phoneNumber });
    setup.ok(`Number: ${number.phoneNumber} already rings the team through ${appSid}`);
    return;
  }
  const use = currentUse(number);
  if (use) await setup.confirmTakeover(`${number.phoneNumber} is answered by ${use}`);
  setup.writeEnv({ CALLER_ID: number.phoneNumber });
  await setup.change(
    `point ${number.phoneNumber} at ${appSid ?? 'the new TwiML App'} and write CALLER_ID`,
    () => `Number: ${number.phoneNumber} now rings the team through ${appSid} (was ${use ?? "Twilio's demo answer"})`,
    () => client.incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: appSid }),
  );
}

/**
 * The Sync Service holding the team's shared state: SYNC_SERVICE_SID if it exists, else one named
 * "Switchboard" (a Sync Service's unique name cannot be set through the API), else a new one.
 */
async function ensureSyncService(client: TwilioClient, setup: Setup): Promise<void> {
  const sid = setup.get('SYNC_SERVICE_SID');
  const current = sid && /^IS[0-9a-f]{32}$/i.test(sid) ? await unlessMissing(client.sync.v1.services(sid).fetch()) : undefined;
  if (current) return setup.ok(`Sync Service: ${current.sid} (${current.friendlyName}) reused`);
  const named = (await client.sync.v1.services.list()).find((service) => service.friendlyName === APP_NAME);
  if (named) {
    setup.writeEnv({ SYNC_SERVICE_SID: named.sid });
    return setup.ok(`Sync Service: ${named.sid} (${APP_NAME}) reused; SYNC_SERVICE_SID written to .env`);
  }
  const reason = sid ? `${sid} is not on this account` : 'none in .env';
  const created = await setup.change(
    `create the Sync Service "${APP_NAME}" (${reason}) and write SYNC_SERVICE_SID`,
    (service) => `Sync Service: created ${service.sid} (${reason}); SYNC_SERVICE_SID written to .env`,
    () => client.sync.v1.services.create({ friendlyName: APP_NAME }),
  );
  setup.writeEnv({ SYNC_SERVICE_SID: created?.sid ?? PLANNED_SYNC_SERVICE_SID });
}

async function ensureTeam(setup: Setup, io: Io, dryRun: boolean): Promise<void> {
  const team = parseTeam(teamText(setup.entries()));
  for (const problem of team.problems) setup.warn(`TEAM ${problem}`);
  if (team.members.size) {
    setup.ok(`Team: ${[...team.members.keys()].join(', ')}`);
    return;
  }
  if (dryRun || !io.ask || !io.askPasscode) {
    setup.warn('TEAM is empty: nobody can sign in yet. Add yourself with `npm run team -- add <identity>`.');
    return;
  }
  const identity = (await io.ask('Nobody is on the team yet. Your identity (letters, digits, _; empty to skip):')).trim();
  if (!identity) return setup.warn('TEAM is empty: add someone later with `npm run team -- add <identity>`.');
  if (!isValidIdentity(identity)) throw new ToolError('SB_CONFIG', 'an identity is 1–64 letters, digits or _ (the Voice SDK refuses anything else)');
  const members = new Map([[identity, await hashPasscode(await io.askPasscode(identity))]]);
  setup.writeEnv(teamVariables(members, setup.entries()));
  setup.ok(`Team: added ${identity}`);
}

/** Copies every variable deploy would upload into the deployed environment where it differs. */
async function syncDeployedVariables(client: TwilioClient, setup: Setup, deployed: DeployedEnvironment | undefined, planned: Record<string, string>): Promise<void> {
  if (!deployed) {
    setup.warn('Run `npm run deploy` again so the deployed Functions get the new .env values (--domain names no environment to update).');
    return;
  }
  const variables = environmentVariables(client, deployed);
  const existing = new Map((await variables.list()).map((v) => [v.key, v]));
  const stale = Object.keys(planned).filter((name) => existing.get(name)?.value !== planned[name]);
  if (!stale.length) return setup.ok(`Deployed environment: variables match .env (${deployed.domain})`);
  await setup.change(
    `set ${stale.join(', ')} on the deployed environment ${deployed.environmentSid}`,
    () => `Deployed environment: set ${stale.join(', ')} (live without a redeploy)`,
    async () => {
      for (const key of stale) {
        const variable = existing.get(key);
        if (variable) await variables(variable.sid).update({ value: planned[key] });
        else await variables.create({ key, value: planned[key] });
      }
    },
  );
}

function checkEnvironmentSize(setup: Setup, planned: Record<string, string>): void {
  const bytes = contextBytes(planned);
  if (bytes > CONTEXT_LIMIT_BYTES) setup.warn(`${describeProblem(82006)} (Twilio error 82006: about ${bytes} of ${CONTEXT_LIMIT_BYTES} bytes)`);
  for (const name of oversizedVariables(planned)) setup.warn(describeProblem('SB_VARIABLE_TOO_LONG', `${name} has ${Buffer.byteLength(planned[name])} bytes`));
}

/** Runs setup; true when the account is (or in a dry run would be) ready. */
export async function runSetup(options: SetupOptions): Promise<boolean> {
  const { io } = options;
  const { values: flags } = parseFlags(
    options.args,
    { 'dry-run': { type: 'boolean' }, domain: { type: 'string' }, number: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
    USAGE,
  );
  if (flags.help) {
    io.print(USAGE);
    return true;
  }
  const root = options.root ?? ROOT;
  const envPath = options.envPath ?? join(root, '.env');
  const dryRun = flags['dry-run'] === true;
  const file = EnvFile.load(envPath);
  const processEnv = options.env ?? process.env;
  const accountSid = (file.get('ACCOUNT_SID') || processEnv.ACCOUNT_SID || '').trim();
  const authToken = (file.get('AUTH_TOKEN') || processEnv.AUTH_TOKEN || '').trim();
  if (!accountSid || !authToken) throw new ToolError('SB_CREDENTIALS', 'ACCOUNT_SID or AUTH_TOKEN is missing');
  if (!/^AC[0-9a-f]{32}$/i.test(accountSid))
    throw new ToolError('SB_CREDENTIALS', `ACCOUNT_SID must start with AC${/^[A-Z]{2}/.test(accountSid) ? ` (this one starts with ${accountSid.slice(0, 2)})` : ''}`);
  const regionValue = file.get('REGION')?.trim().toLowerCase() || undefined;
  if (regionValue && !(regionValue in REGION_EDGES)) throw new ToolError('SB_CONFIG', `REGION must be one of ${Object.keys(REGION_EDGES).join(', ')}`);
  const region = regionValue as Region | undefined;

  const makeClient = options.createClient ?? createClient;
  const client = makeClient(accountSid, authToken, { region });
  const setup = new Setup(io, envPath, dryRun, flags.force === true);
  io.print(`${APP_NAME} setup${dryRun ? ' (dry run: nothing is changed)' : ''}`);

  await verifyCredentials(client, setup, accountSid);
  const { domain, deployed } = await resolveDomain(client, setup, root, accountSid, region, flags.domain);
  await ensureApiKey(client, setup, accountSid, region, makeClient);
  const appSid = await ensureApp(client, setup, domain);
  const number = await chooseNumber(client, setup, io, flags.number ?? setup.get('CALLER_ID'));
  if (number) await pointNumber(client, setup, number, appSid);
  await ensureSyncService(client, setup);
  await ensureTeam(setup, io, dryRun);

  const planned = uploadedVariables(setup.entries());
  checkEnvironmentSize(setup, planned);
  await syncDeployedVariables(client, setup, deployed, planned);

  if (dryRun)
    io.print(
      setup.changeCount ? `Dry run: ${setup.changeCount} change(s) planned, nothing written. Run \`npm run setup\` to apply them.` : 'Dry run: nothing to change; everything is already set up.',
    );
  else if (!setup.changeCount) io.print(`Nothing to change: everything is already set up. Open https://${domain}/ and sign in.`);
  else io.print(`Done: ${setup.changeCount} change(s). Open https://${domain}/ and sign in.`);
  return true;
}

if (require.main === module) runCommand(() => runSetup({ args: process.argv.slice(2), io: terminalIo() }));
