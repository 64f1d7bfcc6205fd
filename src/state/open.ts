import { mkdirSync } from 'node:fs';
import type { Redact } from './common.js';
import { defaultStateDir } from './dir.js';
import { StateError } from './errors.js';
import { createJsonStore } from './json-store.js';
import { loadSqlite } from './sql.js';
import { createSqliteStore } from './sqlite-store.js';
import type { StateDriver, StateStore } from './types.js';

export interface OpenStateOptions {
  /** Default: see `defaultStateDir`. */
  dir?: string;
  /** Default: SQLite when a SQLite library loads here, else the JSON file. */
  driver?: StateDriver;
  /** Applied to everything written, so registered secrets never reach the disk. */
  redact?: Redact;
  /** Finished runs kept in history (default 1000). */
  historyLimit?: number;
}

/**
 * Opens (creating when needed) the state of one state folder. Asking for `sqlite` where no SQLite
 * library loads is a `StateError`; leaving the driver out falls back to JSON quietly, which is
 * what the bundled single-file build relies on.
 */
export function openStateStore(options: OpenStateOptions = {}): StateStore {
  const dir = options.dir ?? defaultStateDir();
  const redact = options.redact ?? ((text: string) => text);
  try {
    // 0700: reports name services, hosts and images; they are nobody else's business.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StateError(
      `the state folder ${dir} cannot be created (${(error as NodeJS.ErrnoException).code}): ` +
        'set stateDir to a writable folder',
      { cause: error },
    );
  }

  const common = { dir, redact, historyLimit: options.historyLimit };
  if (options.driver === 'json') return createJsonStore(common);

  const sqlite = loadSqlite();
  if (sqlite) return createSqliteStore({ ...common, open: sqlite.open });
  if (options.driver === 'sqlite') {
    throw new StateError(
      'no SQLite library loads here (better-sqlite3 or node:sqlite): use the JSON state driver',
    );
  }
  return createJsonStore(common);
}

/** Which SQLite library would be used, for `--version`-style diagnostics. */
export function sqliteLibrary(): string | undefined {
  return loadSqlite()?.name;
}
