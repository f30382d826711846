/**
 * Reads and edits a `.env` file line by line, so tools (team, setup, start) change only the
 * variables they own and keep every comment, blank line and unknown variable as it was.
 * Values are written unquoted (twilio-run's dotenv keeps `$`, `:` and `,` as they are).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
}

export class EnvFile {
  private constructor(
    readonly path: string,
    private lines: string[],
  ) {}

  /** The file at `path`, or an empty one that `save()` will create. */
  static load(path: string): EnvFile {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return new EnvFile(path, lines);
  }

  private indexOf(name: string): number {
    return this.lines.findIndex((line) => ASSIGNMENT.exec(line)?.[1] === name);
  }

  get(name: string): string | undefined {
    const index = this.indexOf(name);
    return index < 0 ? undefined : unquote(ASSIGNMENT.exec(this.lines[index])![2]);
  }

  /** Every variable with its value, in file order. */
  entries(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const line of this.lines) {
      const match = ASSIGNMENT.exec(line);
      if (match) result[match[1]] = unquote(match[2]);
    }
    return result;
  }

  /** Sets a variable in place, or appends it (after `comment` lines, if given) when new. */
  set(name: string, value: string, comment: readonly string[] = []): void {
    if (/[\r\n]/.test(value)) throw new Error(`${name}: a value cannot contain a line break`);
    const index = this.indexOf(name);
    if (index >= 0) this.lines[index] = `${name}=${value}`;
    else this.lines.push(...comment.map((line) => `# ${line}`), `${name}=${value}`);
  }

  save(): void {
    writeFileSync(this.path, `${this.lines.join('\n')}\n`, { mode: 0o600 });
  }
}
