import { StateError } from './errors.js';
import { type SqlDatabase, transaction } from './sql.js';

/**
 * Schema versions, in order; the database's `user_version` says how many are applied. Never edit
 * a released step: add one. Each runs in a transaction with the version bump, so a crash in the
 * middle leaves the previous version intact.
 */
const migrations: string[] = [
  `
  CREATE TABLE sightings (
    reference TEXT NOT NULL,
    digest TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (reference, digest)
  );
  CREATE TABLE bad_digests (
    target TEXT NOT NULL,
    reference TEXT NOT NULL,
    digest TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    previous_digest TEXT,
    at TEXT NOT NULL,
    run_id TEXT,
    PRIMARY KEY (target, reference, digest)
  );
  CREATE TABLE service_states (
    target TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    report TEXT NOT NULL
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    exit_code INTEGER,
    summary TEXT,
    note TEXT,
    report TEXT
  );
  CREATE INDEX runs_started ON runs (started_at DESC);
  CREATE TABLE operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT
  );
  CREATE INDEX operations_run ON operations (run_id);
  `,
];

export const schemaVersion = migrations.length;

export function migrate(db: SqlDatabase, file: string): void {
  const current = Number(
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
  );
  if (current > migrations.length) {
    throw new StateError(
      `the state file ${file} has schema version ${current}, newer than this version knows ` +
        `(${migrations.length}): upgrade dokploy-autoupdate or point it at another state folder`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    transaction(db, () => {
      db.exec(migrations[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
