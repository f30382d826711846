/**
 * One row per figure, printed as one table and saved as `bench/results.json`. A figure with a
 * baseline is judged by its ratio to that baseline, measured in the same run, so a slow or noisy
 * machine moves both and the verdict survives.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Summary } from './stats';

/** One row of the table. */
export interface Figure {
  /** What is measured, e.g. "voice inbound, warm". */
  name: string;
  unit: string;
  /** Absent when the figure could not be measured in this run (see `note`). */
  value?: Summary;
  /** The same measurement of the minimal baseline, when the goal is a ratio to it. */
  baseline?: Summary;
  /** The goal in words, e.g. "≤ 1.3× baseline" or "< 10 s". */
  goal: string;
  /** Whether the goal was met; absent when there is no goal or no value. */
  pass?: boolean;
  note?: string;
}

/** Median over baseline median, when the figure has a baseline. */
export function ratio(figure: Figure): number | undefined {
  return figure.value && figure.baseline ? figure.value.median / figure.baseline.median : undefined;
}

/** A figure whose goal is at most `limit` times its baseline's median. */
export function againstBaseline(name: string, unit: string, value: Summary, baseline: Summary, limit: number, note?: string): Figure {
  return { name, unit, value, baseline, goal: `≤ ${limit}× baseline`, pass: value.median / baseline.median <= limit, note };
}

/** A figure whose goal is a bound on its median. */
export function againstLimit(name: string, unit: string, value: Summary, comparison: '<' | '≤' | '≥', limit: number, note?: string): Figure {
  const v = value.median;
  const pass = comparison === '<' ? v < limit : comparison === '≤' ? v <= limit : v >= limit;
  return { name, unit, value, goal: `${comparison} ${format(limit, unit)}`, pass, note };
}

/** A figure that could not be measured in this run, with the reason. */
export function notMeasured(name: string, unit: string, goal: string, reason: string): Figure {
  return { name, unit, goal, note: `not measured: ${reason}` };
}

/** A number with its unit, rounded to what the measurement can tell. */
export function format(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function verdict(figure: Figure): string {
  if (!figure.value) return 'not measured';
  if (figure.pass === undefined) return '—';
  return figure.pass ? 'pass' : 'FAIL';
}

/** The table as text: figure, median, p95, baseline median, ratio, goal, verdict; numbered notes below. */
export function formatTable(figures: readonly Figure[]): string {
  const notes = [...new Set(figures.map((f) => f.note).filter((note): note is string => Boolean(note)))];
  const header = ['figure', 'median', 'p95', 'baseline', 'ratio', 'goal', 'result'];
  const rows = figures.map((f) => [
    f.note ? `${f.name} [${notes.indexOf(f.note) + 1}]` : f.name,
    f.value ? format(f.value.median, f.unit) : '—',
    f.value ? format(f.value.p95, f.unit) : '—',
    f.baseline ? format(f.baseline.median, f.unit) : '',
    ratio(f) === undefined ? '' : `${ratio(f)!.toFixed(2)}×`,
    f.goal,
    verdict(f),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const footnotes = notes.map((note, i) => `[${i + 1}] ${note}`);
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ...(notes.length ? ['', ...footnotes] : [])].join('\n');
}

/** The machine, and how busy other processes kept it (1-minute load average at start and end). */
export interface Machine {
  cpus: number;
  cpu?: string;
  node: string;
  loadAverage: { start: number; end: number };
}

/** Describes the machine; call at the start of a run and `finish` it at the end. */
export function machine(): { finish(): Machine } {
  const start = loadavg()[0];
  return { finish: () => ({ cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage: { start, end: loadavg()[0] } }) };
}

/** One line under the table: a load average above the CPU count means the figures shared the machine. */
export function formatMachine(m: Machine): string {
  const busy = Math.max(m.loadAverage.start, m.loadAverage.end) > m.cpus ? ' (busy: other processes competed for the CPUs)' : '';
  return `${m.cpus} CPUs, Node ${m.node}, load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end${busy}`;
}

/** Writes the figures with what they were measured on. */
export function writeResults(path: string, figures: readonly Figure[], seconds: number, measuredOn: Machine): void {
  const rows = figures.map((f) => ({ ...f, ratio: ratio(f) }));
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), seconds, machine: measuredOn, figures: rows }, null, 2)}\n`);
}
