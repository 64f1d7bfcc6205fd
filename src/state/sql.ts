import { createRequire } from 'node:module';
import { StateError } from './errors.js';

/**
 * The little of SQLite the store uses, so better-sqlite3 and `node:sqlite` (Node 22.5+) fit behind
 * it alike. Only positional `?` parameters: the two libraries spell named ones differently.
 */
export type SqlValue = string | number | bigint | null;

export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}

export interface SqlDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

export type SqlOpener = (file: string) => SqlDatabase;

const require = createRequire(import.meta.url);

/**
 * The first SQLite library that loads here. better-sqlite3 is a native module, so a bundled
 * single-file build or an unsupported Node may lack it; `node:sqlite` then stands in where the
 * Node version has it. `undefined` when neither loads: the caller falls back to the JSON file.
 */
export function loadSqlite(): { name: string; open: SqlOpener } | undefined {
  const better = tryRequire('better-sqlite3') as (new (file: string) => SqlDatabase) | undefined;
  if (better) {
    try {
      // The binding loads lazily, on the first database: prove it works before choosing it.
      new better(':memory:').close();
      return { name: 'better-sqlite3', open: (file) => new better(file) };
    } catch {
      // A binary built for another Node ABI throws here; try the next one.
    }
  }
  const builtin = tryRequire('node:sqlite') as
    | { DatabaseSync: new (file: string) => SqlDatabase }
    | undefined;
  if (builtin?.DatabaseSync) {
    return { name: 'node:sqlite', open: (file) => new builtin.DatabaseSync(file) };
  }
  return undefined;
}

function tryRequire(name: string): unknown {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

/** Runs `work` in one write transaction: all of it lands, or none of it. */
export function transaction<T>(db: SqlDatabase, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export function openSqlite(open: SqlOpener, file: string): SqlDatabase {
  try {
    return open(file);
  } catch (error) {
    throw new StateError(`the state file ${file} cannot be opened: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
