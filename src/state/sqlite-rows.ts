import type { SqlValue } from './sql.js';
import type { BadDigest, OperationRecord, RunRecord, ServiceState } from './types.js';

/** Rows of the SQLite tables, turned back into the store's records. */
export type Row = Record<string, SqlValue>;

function optional(value: SqlValue | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/**
 * The nullable text columns that hold text, under their record names (`{ field: 'column' }`). A
 * NULL or empty column leaves its field out, rather than present and undefined.
 */
function presentText<K extends string>(row: Row, columns: Record<K, string>) {
  const present: Partial<Record<K, string>> = {};
  for (const [field, column] of Object.entries(columns) as Array<[K, string]>) {
    const value = optional(row[column]);
    if (value) present[field] = value;
  }
  return present;
}

export function toBadDigest(row: Row): BadDigest {
  return {
    target: String(row.target),
    reference: String(row.reference),
    digest: String(row.digest),
    outcome: String(row.outcome) as BadDigest['outcome'],
    reason: String(row.reason),
    at: String(row.at),
    ...presentText(row, { previousDigest: 'previous_digest', runId: 'run_id' }),
  };
}

export function toServiceState(row: Row): ServiceState {
  return {
    target: String(row.target),
    runId: String(row.run_id),
    at: String(row.at),
    status: String(row.status) as ServiceState['status'],
    report: JSON.parse(String(row.report)),
  };
}

export function toRunRecord(row: Row): RunRecord {
  const record: RunRecord = {
    id: String(row.id),
    startedAt: String(row.started_at),
    status: String(row.status) as RunRecord['status'],
    trigger: String(row.trigger),
    dryRun: Number(row.dry_run) === 1,
    pid: Number(row.pid),
    host: String(row.host),
  };
  const finishedAt = optional(row.finished_at);
  if (finishedAt) record.finishedAt = finishedAt;
  if (row.exit_code !== null && row.exit_code !== undefined)
    record.exitCode = Number(row.exit_code);
  const summary = optional(row.summary);
  if (summary) record.summary = JSON.parse(summary);
  const note = optional(row.note);
  if (note) record.note = note;
  return record;
}

export function toOp(row: Row): OperationRecord {
  const ending = presentText(row, { finishedAt: 'finished_at', outcome: 'outcome' });
  return {
    id: Number(row.id),
    runId: String(row.run_id),
    target: String(row.target),
    kind: String(row.kind) as OperationRecord['kind'],
    detail: String(row.detail),
    startedAt: String(row.started_at),
    ...(ending as Pick<OperationRecord, 'finishedAt' | 'outcome'>),
  };
}
