/**
 * `npm run team -- add <identity>` | `remove <identity>` | `list`  [--env <path to .env>]
 * Manages who may sign in: the `TEAM` variable of `.env`, continued in TEAM_2, … past
 * Twilio's 450 bytes per variable. The passcode is asked for
 * twice on a terminal (hidden), or read from the first line of stdin when piped.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hashPasscode, isValidIdentity, parseTeam, teamText, teamVariables } from '../src/lib/config/passcodes';
import { ROOT } from '../build/build';
import { EnvFile } from '../build/env-file';

const MIN_PASSCODE_LENGTH = 8;
const TEAM_COMMENT = [
  'description: Who may sign in: identity:passhash pairs, managed with `npm run team`',
  'format: identity:scrypt$salt$key,identity:scrypt$salt$key',
  'required: true',
];

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

export async function runTeam(args: readonly string[], envPath = join(ROOT, '.env')): Promise<string> {
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
    default:
      throw new Error('Usage: npm run team -- add <identity> | remove <identity> | list  [--env <path>]');
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
