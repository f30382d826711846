/**
 * The simulator's state folder: what Twilio keeps for an account (calls, recordings, conferences,
 * the account's own credentials …) outlives a restart of the simulator, as it outlives anything
 * at Twilio. Each kind of record is a `PersistentStore` registered with the folder; the folder
 * restores it at registration and writes its snapshot back while the simulator runs and when it
 * stops. Without a folder (tests, benchmarks) nothing is read or written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files of one store beside its JSON snapshot, in `<state folder>/<store name>/`: for data that
 * JSON holds badly (recording audio). Names are plain file names (letters, digits, `.`, `-`, `_`).
 */
export interface StoreFiles {
  /**
   * Keeps the file `name` in this snapshot: `contents` is asked for only when the file is not on
   * disk yet (files are written once; give a changed file a new name). Every file of the store
   * that a snapshot does not `keep` is deleted after it.
   */
  keep(name: string, contents: () => Uint8Array): void;
  /** The file `name` as an earlier snapshot kept it, or undefined. */
  read(name: string): Buffer | undefined;
}

/**
 * A store that lives in the state folder. To add one: implement this interface and register it
 * (`stateFolder.register(store)`) before the simulator serves requests; that call restores it.
 *
 * - `snapshot` is called every few seconds and at stop; it must be cheap and must not change the
 *   store. What it returns is written as `<name>.json` only when its JSON text changed.
 * - `restore` is called once, with what an earlier `snapshot` of the same `version` returned. It
 *   must accept anything a JSON file can hold (a person may have edited it): when it throws, the
 *   file is set aside as `<name>.json.unreadable` and the store starts empty.
 * - Records that were live when the simulator stopped (a call in progress, a running conference)
 *   are restored as Twilio would show them afterwards: ended.
 */
export interface PersistentStore {
  /** Unique in the folder; names the snapshot file (`<name>.json`) and the store's own folder. */
  readonly name: string;
  /** The format of the snapshot; a file of another version is set aside, not restored. */
  readonly version: number;
  /** Everything the store keeps, as data `JSON.stringify` can write. */
  snapshot(files: StoreFiles): unknown;
  /** Loads an earlier snapshot into the (still empty) store. */
  restore(state: unknown, files: StoreFiles): void;
}

/** The file that marks a folder as a state folder, so starting afresh never deletes anything else. */
const MARKER = '.simulator-state';

/** How often snapshots are written while the simulator runs. */
const SAVE_INTERVAL_MS = 2000;
const FILE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

interface Registered {
  store: PersistentStore;
  /** The JSON text last written (nothing is written while it stays the same). */
  written?: string;
}

/**
 * Writes `data` to `path` through a temporary file, so a crash never leaves half a file; readable
 * by its owner only (the demo account's secrets and passcodes are made up, but still its own).
 */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The state folder and the stores registered with it. */
export class StateFolder {
  private readonly stores: Registered[] = [];
  private timer?: NodeJS.Timeout;

  /**
   * Opens (and creates) the folder `path`; `note` hears what could not be restored. Call
   * `start()` once every store is registered.
   */
  constructor(
    readonly path: string,
    private readonly note: (line: string) => void = () => undefined,
  ) {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, MARKER), 'The local Twilio simulator keeps its account here (npm start -- --fresh starts afresh).\n');
  }

  /**
   * Deletes the state folder at `path` (starting afresh). Throws, deleting nothing, when `path`
   * holds files but is not a state folder, so a mistyped path never costs anyone their files.
   */
  static erase(path: string): void {
    if (!existsSync(path)) return;
    const entries = readdirSync(path);
    if (entries.length && !entries.includes(MARKER)) throw new Error(`${path} is not a simulator state folder (it has no ${MARKER}); nothing was deleted`);
    rmSync(path, { recursive: true, force: true });
  }

  /** Restores `store` from the folder (when it holds a snapshot of it) and saves it from now on. */
  register(store: PersistentStore): void {
    if (!FILE_NAME.test(store.name) || this.stores.some((s) => s.store.name === store.name)) throw new Error(`state store name "${store.name}" is not a unique plain name`);
    const entry: Registered = { store };
    this.stores.push(entry);
    const file = join(this.path, `${store.name}.json`);
    if (!existsSync(file)) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; state?: unknown };
      if (saved.version !== store.version) throw new Error(`it is version ${String(saved.version)}, this simulator reads version ${store.version}`);
      store.restore(saved.state, this.files(store.name, new Set()));
      entry.written = JSON.stringify({ version: store.version, state: store.snapshot(this.files(store.name, new Set())) });
    } catch (error) {
      renameSync(file, `${file}.unreadable`);
      this.note(`${file} could not be restored (${(error as Error).message}); it was set aside as ${store.name}.json.unreadable and ${store.name} starts empty`);
    }
  }

  /** Saves every few seconds until `close()`. */
  start(intervalMs = SAVE_INTERVAL_MS): void {
    this.timer ??= setInterval(() => this.save(), intervalMs).unref();
  }

  /** Writes the snapshot of every store whose state changed, and the files they keep. */
  save(): void {
    for (const entry of this.stores) {
      const { store } = entry;
      try {
        const kept = new Set<string>();
        const text = JSON.stringify({ version: store.version, state: store.snapshot(this.files(store.name, kept)) });
        this.removeUnkept(store.name, kept);
        if (text === entry.written) continue;
        writeAtomically(join(this.path, `${store.name}.json`), text);
        entry.written = text;
      } catch (error) {
        this.note(`could not save ${store.name} in ${this.path}: ${(error as Error).message}`);
      }
    }
  }

  /** Stops the periodic saves and saves a last time. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.save();
  }

  private folderOf(name: string): string {
    return join(this.path, name);
  }

  private files(storeName: string, kept: Set<string>): StoreFiles {
    const folder = this.folderOf(storeName);
    const path = (name: string) => {
      if (!FILE_NAME.test(name) || name.endsWith('.tmp')) throw new Error(`"${name}" is not a plain file name`);
      return join(folder, name);
    };
    return {
      keep: (name, contents) => {
        kept.add(name);
        if (existsSync(path(name))) return;
        mkdirSync(folder, { recursive: true });
        writeAtomically(path(name), contents());
      },
      read: (name) => {
        try {
          return readFileSync(path(name));
        } catch {
          return undefined;
        }
      },
    };
  }

  /** Deletes the store's files that its last snapshot no longer keeps (a deleted recording's audio). */
  private removeUnkept(storeName: string, kept: ReadonlySet<string>): void {
    const folder = this.folderOf(storeName);
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder)) if (!kept.has(name)) rmSync(join(folder, name), { force: true });
  }
}
