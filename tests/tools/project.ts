/** A throwaway project folder and a recording terminal for the setup and doctor tests. */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../build/build';
import type { Io } from '../../tools/cli';
import type { SimAccount } from '../../simulator/rest/account';

export interface TestProject {
  readonly root: string;
  readonly envPath: string;
  readEnv(): string;
}

/**
 * A folder with `.env` text and, when `deployed` is given, the `.twiliodeployinfo` deploy leaves.
 * `linked` entries (e.g. `dist`, `src`) are symlinks to the real project's, for the build checks.
 */
export function makeProject(envText: string, deployed?: { account: SimAccount; serviceSid: string; buildSid: string; region?: string }, linked: readonly string[] = []): TestProject {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-setup-'));
  for (const name of linked) symlinkSync(join(ROOT, name), join(root, name));
  const envPath = join(root, '.env');
  writeFileSync(envPath, envText);
  if (deployed) {
    const info = { [`${deployed.account.sid}:${deployed.region ?? 'us1'}`]: { serviceSid: deployed.serviceSid, latestBuild: deployed.buildSid } };
    writeFileSync(join(root, '.twiliodeployinfo'), JSON.stringify(info, null, 2));
  }
  return { root, envPath, readEnv: () => readFileSync(envPath, 'utf8') };
}

/** An Io that records what is printed and answers questions from a script (a "terminal"). */
export function recordingIo(answers?: string[]): Io & { lines: string[]; questions: string[]; text(): string } {
  const lines: string[] = [];
  const questions: string[] = [];
  const io: Io & { lines: string[]; questions: string[]; text(): string } = { lines, questions, print: (line) => lines.push(line), text: () => lines.join('\n') };
  if (answers) {
    io.ask = (question) => {
      questions.push(question);
      const answer = answers.shift();
      return answer === undefined ? Promise.reject(new Error(`unexpected question: ${question}`)) : Promise.resolve(answer);
    };
    io.askPasscode = () => Promise.resolve('correct horse battery');
  }
  return io;
}
