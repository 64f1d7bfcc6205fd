import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { NewRun, RunRecord } from './types.js';

export type Redact = (text: string) => string;

/** Sortable by time, readable in a log line: `20250102T040000Z-1a2b3c`. */
export function newRunId(startedAt: string): string {
  const compact = startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${compact}-${randomBytes(3).toString('hex')}`;
}

export function newRunRecord(run: NewRun): RunRecord {
  const startedAt = run.startedAt ?? new Date().toISOString();
  return {
    id: run.id ?? newRunId(startedAt),
    startedAt,
    status: 'running',
    trigger: run.trigger,
    dryRun: run.dryRun,
    pid: process.pid,
    host: hostname(),
  };
}

/**
 * Serialises for storage with every registered secret scrubbed out: reports carry error messages
 * from Dokploy and registries, and the store is one more place they must never reach.
 */
export function toStoredJson(value: unknown, redact: Redact): string {
  return redact(JSON.stringify(value));
}

export const defaultHistoryLimit = 1000;
