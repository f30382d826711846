/**
 * `npm run team -- add <identity>` | `remove <identity>` | `list` | `revoke <identity>`  [--env <path to .env>]
 * Manages who may sign in: the `TEAM` variable of `.env`, continued in TEAM_2, … past
 * Twilio's 450 bytes per variable. The passcode is asked for
 * twice on a terminal (hidden), or read from the first line of stdin when piped.
 * `revoke` ends every session a person has signed in so far, in the team's Sync store
 * (SYNC_SERVICE_SID, reached with ACCOUNT_SID and AUTH_TOKEN), as "Sign out everywhere" does.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { revokeSessions, untilRevocationHolds } from '../src/lib/auth/session-revocation';
import type { Region } from '../src/lib/config/config';
import { hashPasscode, isValidIdentity, parseTeam, teamText, teamVariables } from '../src/lib/config/passcodes';
import { StoreFailure } from '../src/lib/store/store-failure';
import { TeamStore } from '../src/lib/store/team-store';
import { ROOT } from '../build/build';
import { EnvFile } from '../build/env-file';
import { ToolError } from './cli';
import { createClient, type ClientFactory } from './twilio-api';

const MIN_PASSCODE_LENGTH = 8;
const TEAM_COMMENT = ['description: Who may sign in: identity:passhash pairs, managed with `npm run team`', 'format: identity:scrypt$salt$key,identity:scrypt$salt$key', 'required: true'];

/** Reads one line from stdin; on a terminal the typed characters are not echoed. */
function readSecret(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    const rl = createInterface({ input, output: process.stderr, terminal: input.isTTY });
    if (input.isTTY) {
      process.stderr.write(prompt);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    }
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      if (input.isTTY) process.stderr.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('close', () => answered || resolve(''));
  });
}

/** Asks for a passcode (hidden and twice on a terminal) and checks its length. */
export async function askPasscode(identity: string): Promise<string> {
  const passcode = await readSecret(`Passcode for ${identity}: `);
  if (process.stdin.isTTY && (await readSecret('Repeat it: ')) !== passcode) throw new Error('The two passcodes differ; nothing was changed.');
  if (passcode.length < MIN_PASSCODE_LENGTH) throw new Error(`A passcode needs at least ${MIN_PASSCODE_LENGTH} characters; nothing was changed.`);
  return passcode;
}

/** A command waits this long for Sync at most (a Function has its own, shorter deadline). */
const REVOKE_DEADLINE_MS = 30_000;

/**
 * Ends every session of `identity` that started until now. The moment is Sync's clock (Twilio's
 * time, which stamps sessions too), so a computer whose clock is off revokes neither too little
 * nor too much; the command ends once a new sign-in is no longer caught by it.
 */
async function revoke(identity: string, env: Readonly<Record<string, string>>, makeClient: ClientFactory): Promise<string> {
  const serviceSid = env.SYNC_SERVICE_SID?.trim();
  if (!serviceSid) throw new ToolError('SB_STORE_MISSING', 'SYNC_SERVICE_SID is not set in .env');
  if (!env.ACCOUNT_SID || !env.AUTH_TOKEN) throw new ToolError('SB_CREDENTIALS');
  const region = (env.REGION?.trim().toLowerCase() || undefined) as Region | undefined;
  const store = TeamStore.of(() => makeClient(env.ACCOUNT_SID, env.AUTH_TOKEN, { region }), serviceSid, REVOKE_DEADLINE_MS);
  try {
    const syncNow = await store.serviceTime();
    const before = await revokeSessions(store, identity, syncNow);
    const started = Date.now();
    await untilRevocationHolds(before, () => syncNow + Date.now() - started);
    const ttl = Number(env.TOKEN_TTL) || 3600;
    return [
      `Signed ${identity} out everywhere: every session that started before ${new Date(before * 1000).toISOString()} is refused at its next request (renewal, voicemail, history, call control), and their pages ask for the passcode.`,
      `A token already issued still lets its browser receive and place calls with Twilio until it expires: ${ttl} s at most (TOKEN_TTL).`,
    ].join('\n');
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    if (error.kind === 'no-service') throw new ToolError('SB_SYNC_SERVICE', error.detail);
    if (error.kind === 'denied') throw new ToolError(20003, error.detail);
    throw new ToolError('SB_STORE_UNAVAILABLE', error.detail);
  }
}

export async function runTeam(args: readonly string[], envPath = join(ROOT, '.env'), makeClient: ClientFactory = createClient): Promise<string> {
  const [command, identity] = args;
  const file = EnvFile.load(envPath);
  const current = file.entries();
  const team = parseTeam(teamText(current));
  const members = new Map(team.members);
  const save = () => {
    for (const [name, value] of Object.entries(teamVariables(members, current))) file.set(name, value, name === 'TEAM' ? TEAM_COMMENT : []);
    file.save();
  };
  const applyHint = 'Run `npm run setup` (or redeploy) for it to count on Twilio.';
  const warnings = team.problems.map((p) => `warning: TEAM ${p}\n`).join('');
  switch (command) {
    case 'list':
      return warnings + (members.size ? [...members.keys()].join('\n') : 'The team is empty. Add someone with: npm run team -- add <identity>');
    case 'add': {
      if (!identity || !isValidIdentity(identity)) throw new Error('An identity is 1–64 letters, digits or _ (the Voice SDK refuses anything else).');
      const existed = members.has(identity);
      members.set(identity, await hashPasscode(await askPasscode(identity)));
      save();
      return `${warnings}${existed ? 'Changed the passcode of' : 'Added'} ${identity} (${members.size} on the team). ${applyHint}`;
    }
    case 'remove': {
      if (!identity || !members.delete(identity)) throw new Error(`${identity ?? '(nobody)'} is not on the team.`);
      save();
      return `${warnings}Removed ${identity} (${members.size} left). ${applyHint}`;
    }
    case 'revoke': {
      if (!identity || !isValidIdentity(identity)) throw new Error('An identity is 1–64 letters, digits or _ (the Voice SDK refuses anything else).');
      const note = members.has(identity) ? '' : `\n(${identity} is not on TEAM: nobody can sign in with that name anyway.)`;
      return `${warnings}${await revoke(identity, current, makeClient)}${note}`;
    }
    default:
      throw new Error('Usage: npm run team -- add <identity> | remove <identity> | list | revoke <identity>  [--env <path>]');
  }
}

if (require.main === module) {
  // `--env <path>` edits another .env (as twilio-run's own --env flag reads one).
  const args = process.argv.slice(2);
  const envFlag = args.indexOf('--env');
  const envPath = envFlag >= 0 ? args.splice(envFlag, 2)[1] : undefined;
  runTeam(args, envPath).then(
    (message) => console.log(message),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
