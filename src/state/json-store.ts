import { join } from 'node:path';
import { defaultHistoryLimit, newRunRecord, type Redact } from './common.js';
import {
  fileStamp,
  type JsonStateData,
  readJsonState,
  type StoredRun,
  writeJsonState,
} from './json-file.js';
import type { BadDigest, StateStore } from './types.js';

export interface JsonStoreOptions {
  dir: string;
  redact: Redact;
  historyLimit?: number;
}

/**
 * The same store in one JSON file, for builds that cannot load a native SQLite module. Each call
 * re-reads the file when another process replaced it, and each change rewrites it atomically.
 */
export function createJsonStore(options: JsonStoreOptions): StateStore {
  const file = join(options.dir, 'state.json');
  const limit = options.historyLimit ?? defaultHistoryLimit;
  let data = readJsonState(file);
  let stamp = fileStamp(file);
  if (!stamp) save();

  function load(): JsonStateData {
    const now = fileStamp(file);
    if (now !== stamp) {
      data = readJsonState(file);
      stamp = now;
    }
    return data;
  }
  function save(): void {
    // Round-trip through the redactor so no registered secret reaches the disk in any field.
    data = JSON.parse(options.redact(JSON.stringify(data)));
    writeJsonState(file, data);
    stamp = fileStamp(file);
  }
  function change<T>(work: (state: JsonStateData) => T): T {
    const result = work(load());
    save();
    return result;
  }
  const sightings = () => load().sightings;
  const bad = () => load().badDigests;
  const services = () => load().services;
  const runs = () => load().runs;
  const operations = () => load().operations;
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    driver: 'json',
    file,

    noteSighting(reference, digest, at = new Date()) {
      const known = this.firstSeen(reference, digest);
      if (known) return known;
      const firstSeen = at.toISOString();
      change((state) => state.sightings.push({ reference, digest, firstSeen }));
      return firstSeen;
    },
    firstSeen(reference, digest) {
      return sightings().find((s) => s.reference === reference && s.digest === digest)?.firstSeen;
    },

    rememberBadDigest(entry) {
      change((state) => {
        state.badDigests = state.badDigests.filter((b) => !sameDigest(b, entry));
        state.badDigests.push(copy(entry));
      });
    },
    badDigest(target, reference, digest) {
      const found = bad().find((b) => sameDigest(b, { target, reference, digest }));
      return found && copy(found);
    },
    listBadDigests(target) {
      const rows = bad().filter((b) => target === undefined || b.target === target);
      return copy(rows.sort((a, b) => a.at.localeCompare(b.at)));
    },
    forgetBadDigest(target, reference, digest) {
      return change((state) => {
        const before = state.badDigests.length;
        state.badDigests = state.badDigests.filter(
          (b) =>
            !(b.target === target && b.reference === reference && (!digest || b.digest === digest)),
        );
        return before - state.badDigests.length;
      });
    },

    saveServiceState(entry) {
      change((state) => {
        state.services = state.services.filter((s) => s.target !== entry.target);
        state.services.push(copy(entry));
      });
    },
    getServiceState(target) {
      const found = services().find((s) => s.target === target);
      return found && copy(found);
    },
    listServiceStates() {
      return copy(services().sort((a, b) => compare(a.target, b.target)));
    },

    beginRun(newRun) {
      const record = newRunRecord(newRun);
      change((state) => {
        state.runs.push(copy(record));
        pruneHistory(state, limit);
      });
      return record;
    },
    finishRun(id, outcome) {
      change((state) => {
        const run = state.runs.find((r) => r.id === id);
        if (!run) return;
        run.status = outcome.status;
        run.exitCode = outcome.exitCode;
        run.finishedAt = outcome.finishedAt ?? new Date().toISOString();
        if (outcome.note) run.note = outcome.note;
        if (outcome.report) {
          run.summary = copy(outcome.report.summary);
          run.report = copy(outcome.report);
        }
      });
    },
    getRun(id) {
      const run = runs().find((r) => r.id === id);
      if (!run) return undefined;
      const ops = operations().filter((o) => o.runId === id);
      return copy({ ...run, operations: ops.sort((a, b) => a.id - b.id) });
    },
    listRuns(options = {}) {
      const offset = options.offset ?? 0;
      const sorted = newestFirst(runs()).slice(offset, offset + (options.limit ?? 50));
      return copy(sorted.map(({ report: _report, ...record }) => record));
    },
    unfinishedRuns() {
      const open = runs().filter((r) => r.status === 'running');
      const sorted = open.sort((a, b) => compare(a.startedAt, b.startedAt));
      return copy(sorted.map(({ report: _report, ...record }) => record));
    },

    startOperation(operation) {
      return change((state) => {
        const id = state.nextOperationId++;
        const startedAt = new Date().toISOString();
        state.operations.push({ ...operation, id, startedAt });
        return id;
      });
    },
    endOperation(id, outcome, detail) {
      change((state) => {
        const op = state.operations.find((o) => o.id === id);
        if (!op) return;
        op.outcome = outcome;
        op.finishedAt = new Date().toISOString();
        if (detail !== undefined) op.detail = detail;
      });
    },
    openOperations(runId) {
      const open = operations().filter((o) => !o.outcome && (!runId || o.runId === runId));
      return copy(open.sort((a, b) => a.id - b.id));
    },

    close() {},
  };
}

function sameDigest(a: Pick<BadDigest, 'target' | 'reference' | 'digest'>, b: typeof a): boolean {
  return a.target === b.target && a.reference === b.reference && a.digest === b.digest;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newestFirst(runs: StoredRun[]): StoredRun[] {
  return [...runs].sort((a, b) => compare(b.startedAt, a.startedAt) || compare(b.id, a.id));
}

function pruneHistory(state: JsonStateData, limit: number): void {
  const finished = newestFirst(state.runs).filter((r) => r.status !== 'running');
  const dropped = new Set(finished.slice(limit).map((r) => r.id));
  if (dropped.size === 0) return;
  state.runs = state.runs.filter((r) => !dropped.has(r.id));
  state.operations = state.operations.filter((o) => !dropped.has(o.runId));
}
