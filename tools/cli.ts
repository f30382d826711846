/**
 * Terminal plumbing shared by `npm run setup` and `npm run doctor`: how problems are worded
 * (from src/lib/contract/errors.ts), how questions are asked (only on a terminal) and how a command ends.
 */
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ERRORS, type ErrorCode } from '../src/lib/contract/errors';
import { askPasscode } from './team';
import { explain } from './twilio-api';

/** `Title: detail. What to do.` for one entry of the error table. */
export function describeProblem(code: ErrorCode, detail?: string): string {
  const { title, action } = ERRORS[code];
  return `${title}${detail ? `: ${detail}` : ''}. ${action}`;
}

/** A problem that stops a tool; its message already says what to do, then lists `listing` if given. */
export class ToolError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    listing?: readonly string[],
  ) {
    super(`${describeProblem(code, detail)}${listing?.length ? `\n${listing.map((line) => `  ${line}`).join('\n')}` : ''}`);
    this.name = 'ToolError';
  }
}

/** How a tool talks to the person running it. */
export interface Io {
  print(line: string): void;
  /** Asks a question and returns the answer; absent when stdin is not a terminal. */
  ask?(question: string): Promise<string>;
  /** Asks for a new passcode (hidden, twice); absent when stdin is not a terminal. */
  askPasscode?(identity: string): Promise<string>;
}

/** Parses a tool's flags; an unknown or malformed one is a plain error that shows the usage. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new Error(`${(error as Error).message.split('.')[0]}.\n${usage}`, { cause: error });
  }
}

/** True when the answer to a yes/no question is yes. */
export const isYes = (answer: string) => /^y(es)?$/i.test(answer.trim());

/** The terminal: stdout, and questions only when stdin is a TTY. */
export function terminalIo(): Io {
  const io: Io = { print: (line) => console.log(line) };
  if (process.stdin.isTTY) {
    io.ask = (question) =>
      new Promise((resolve) => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        rl.question(`${question} `, (answer) => {
          rl.close();
          resolve(answer);
        });
      });
    io.askPasscode = askPasscode;
  }
  return io;
}

/** Runs a tool as a command: exit code 0 when it succeeded, 1 with a plain message otherwise. */
export function runCommand(run: () => Promise<boolean>): void {
  run().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error instanceof ToolError ? error.message : explain(error));
      process.exit(1);
    },
  );
}
