import { join } from 'node:path';
import { defaultHistoryLimit, newRunRecord, type Redact, toStoredJson } from './common.js';
import { migrate } from './migrations.js';
import { openSqlite, type SqlDatabase, type SqlOpener, type SqlValue, transaction } from './sql.js';
import { type Row, toBadDigest, toOp, toRunRecord, toServiceState } from './sqlite-rows.js';
import type { RunDetail, StateStore } from './types.js';

export interface SqliteStoreOptions {
  dir: string;
  open: SqlOpener;
  redact: Redact;
  historyLimit?: number;
}

/**
 * The store in one SQLite file. WAL lets a reader (the dashboard) look while a run writes, and
 * each write is one transaction, so a process killed at any moment leaves the last committed state.
 */
export function createSqliteStore(options: SqliteStoreOptions): StateStore {
  const file = join(options.dir, 'state.db');
  const db = openSqlite(options.open, file);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a run that reported "redeployed" must still have that row after a power cut.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db, file);

  const { redact } = options;
  const limit = options.historyLimit ?? defaultHistoryLimit;
  const one = (sql: string, ...params: SqlValue[]) =>
    db.prepare(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: SqlValue[]) => db.prepare(sql).all(...params) as Row[];
  const run = (sql: string, ...params: SqlValue[]) => db.prepare(sql).run(...params);

  return {
    driver: 'sqlite',
    file,

    noteSighting(reference, digest, at = new Date()) {
      run(
        'INSERT OR IGNORE INTO sightings (reference, digest, first_seen) VALUES (?, ?, ?)',
        reference,
        digest,
        at.toISOString(),
      );
      return String(this.firstSeen(reference, digest));
    },
    firstSeen(reference, digest) {
      const row = one(
        'SELECT first_seen FROM sightings WHERE reference = ? AND digest = ?',
        reference,
        digest,
      );
      return row ? String(row.first_seen) : undefined;
    },

    rememberBadDigest(entry) {
      run(
        `INSERT OR REPLACE INTO bad_digests
          (target, reference, digest, outcome, reason, previous_digest, at, run_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        entry.target,
        entry.reference,
        entry.digest,
        entry.outcome,
        redact(entry.reason),
        entry.previousDigest ?? null,
        entry.at,
        entry.runId ?? null,
      );
    },
    badDigest(target, reference, digest) {
      const row = one(
        'SELECT * FROM bad_digests WHERE target = ? AND reference = ? AND digest = ?',
        target,
        reference,
        digest,
      );
      return row ? toBadDigest(row) : undefined;
    },
    listBadDigests(target) {
      const rows = target
        ? all('SELECT * FROM bad_digests WHERE target = ? ORDER BY at', target)
        : all('SELECT * FROM bad_digests ORDER BY at');
      return rows.map(toBadDigest);
    },
    forgetBadDigest(target, reference, digest) {
      const result = digest
        ? run(
            'DELETE FROM bad_digests WHERE target = ? AND reference = ? AND digest = ?',
            target,
            reference,
            digest,
          )
        : run('DELETE FROM bad_digests WHERE target = ? AND reference = ?', target, reference);
      return Number(result.changes);
    },

    saveServiceState(state) {
      run(
        `INSERT OR REPLACE INTO service_states (target, run_id, at, status, report)
          VALUES (?, ?, ?, ?, ?)`,
        state.target,
        state.runId,
        state.at,
        state.status,
        toStoredJson(state.report, redact),
      );
    },
    getServiceState(target) {
      const row = one('SELECT * FROM service_states WHERE target = ?', target);
      return row ? toServiceState(row) : undefined;
    },
    listServiceStates() {
      return all('SELECT * FROM service_states ORDER BY target').map(toServiceState);
    },

    beginRun(newRun) {
      const record = newRunRecord(newRun);
      transaction(db, () => {
        run(
          `INSERT INTO runs (id, started_at, status, trigger, dry_run, pid, host)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
          record.id,
          record.startedAt,
          record.status,
          record.trigger,
          record.dryRun ? 1 : 0,
          record.pid,
          record.host,
        );
        pruneHistory(db, limit);
      });
      return record;
    },
    finishRun(id, outcome) {
      run(
        `UPDATE runs SET status = ?, exit_code = ?, finished_at = ?, summary = ?, note = ?,
          report = ? WHERE id = ?`,
        outcome.status,
        outcome.exitCode,
        outcome.finishedAt ?? new Date().toISOString(),
        outcome.report ? toStoredJson(outcome.report.summary, redact) : null,
        outcome.note ? redact(outcome.note) : null,
        outcome.report ? toStoredJson(outcome.report, redact) : null,
        id,
      );
    },
    getRun(id) {
      const row = one('SELECT * FROM runs WHERE id = ?', id);
      if (!row) return undefined;
      const detail: RunDetail = {
        ...toRunRecord(row),
        operations: all('SELECT * FROM operations WHERE run_id = ? ORDER BY id', id).map(toOp),
      };
      if (row.report) detail.report = JSON.parse(String(row.report));
      return detail;
    },
    listRuns(options = {}) {
      return all(
        'SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?',
        options.limit ?? 50,
        options.offset ?? 0,
      ).map(toRunRecord);
    },
    unfinishedRuns() {
      return all("SELECT * FROM runs WHERE status = 'running' ORDER BY started_at").map(
        toRunRecord,
      );
    },

    startOperation(operation) {
      const result = run(
        `INSERT INTO operations (run_id, target, kind, detail, started_at)
          VALUES (?, ?, ?, ?, ?)`,
        operation.runId,
        operation.target,
        operation.kind,
        redact(operation.detail),
        new Date().toISOString(),
      );
      return Number(result.lastInsertRowid);
    },
    endOperation(id, outcome, detail) {
      run(
        `UPDATE operations SET outcome = ?, finished_at = ?, detail = COALESCE(?, detail)
          WHERE id = ?`,
        outcome,
        new Date().toISOString(),
        detail === undefined ? null : redact(detail),
        id,
      );
    },
    openOperations(runId) {
      const rows = runId
        ? all('SELECT * FROM operations WHERE outcome IS NULL AND run_id = ? ORDER BY id', runId)
        : all('SELECT * FROM operations WHERE outcome IS NULL ORDER BY id');
      return rows.map(toOp);
    },

    close() {
      db.close();
    },
  };
}

// Keeps the newest `limit` runs; an unfinished run is kept whatever its age, it may need reporting.
function pruneHistory(db: SqlDatabase, limit: number): void {
  const old = `SELECT id FROM runs WHERE status != 'running'
    ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?`;
  db.prepare(`DELETE FROM operations WHERE run_id IN (${old})`).run(limit);
  db.prepare(`DELETE FROM runs WHERE id IN (${old})`).run(limit);
}
