import type { RunReport, RunSummary, ServiceReport } from '../report/index.js';

/**
 * What survives between runs. One interface, two drivers (SQLite, JSON file) that must behave the
 * same: the contract tests run against both. Times are ISO-8601 strings: records serialise as is.
 */

/** `${kind}:${id}` of a Dokploy service, e.g. `compose:abc123`: stable across renames. */
export type TargetKey = string;

export function targetKey(kind: string, id: string): TargetKey {
  return `${kind}:${id}`;
}

/** The first time a run saw the registry answer this digest for this reference. */
export interface Sighting {
  reference: string;
  digest: string;
  firstSeen: string;
}

/**
 * A digest that must not be tried again for one service until the registry moves past it:
 * the update failed verification, was rolled back, or the rollback itself failed.
 */
export interface BadDigest {
  target: TargetKey;
  reference: string;
  digest: string;
  outcome: 'failed' | 'rolled-back' | 'rollback-failed';
  reason: string;
  /** The digest the service ran before, when known. */
  previousDigest?: string;
  at: string;
  runId?: string;
}

/** The last outcome of one service, as the dashboard and `status` show it. */
export interface ServiceState {
  target: TargetKey;
  runId: string;
  at: string;
  status: ServiceReport['status'];
  report: ServiceReport;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface NewRun {
  id?: string;
  startedAt?: string;
  /** What started it: `cli`, `schedule`, `webhook`, `api`… free text, shown in history. */
  trigger: string;
  dryRun: boolean;
}

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  trigger: string;
  dryRun: boolean;
  pid: number;
  host: string;
  exitCode?: number;
  summary?: RunSummary;
  /** Why a run ended as it did when the report cannot say (signal, crash found later). */
  note?: string;
}

export interface RunDetail extends RunRecord {
  report?: RunReport;
  operations: OperationRecord[];
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  exitCode: number;
  report?: RunReport;
  note?: string;
  finishedAt?: string;
}

export type OperationKind = 'pull' | 'redeploy' | 'verify' | 'rollback' | 'cleanup';
export type OperationOutcome = 'done' | 'failed' | 'abandoned';

/**
 * A step that changes something outside us, written before it starts and closed after it ends:
 * an operation still open after its run stopped is what a killed run left behind.
 */
export interface OperationRecord {
  id: number;
  runId: string;
  target: TargetKey;
  kind: OperationKind;
  detail: string;
  startedAt: string;
  finishedAt?: string;
  outcome?: OperationOutcome;
}

export interface NewOperation {
  runId: string;
  target: TargetKey;
  kind: OperationKind;
  detail: string;
}

export interface ListRunsOptions {
  limit?: number;
  offset?: number;
}

export interface StateStore {
  readonly driver: StateDriver;
  /** The file holding the state, for messages. */
  readonly file: string;

  /** Records a sighting unless one exists; returns the first sighting's time either way. */
  noteSighting(reference: string, digest: string, at?: Date): string;
  firstSeen(reference: string, digest: string): string | undefined;

  rememberBadDigest(entry: BadDigest): void;
  badDigest(target: TargetKey, reference: string, digest: string): BadDigest | undefined;
  listBadDigests(target?: TargetKey): BadDigest[];
  /** Lets a digest be tried again; without a digest, every bad digest of that reference. */
  forgetBadDigest(target: TargetKey, reference: string, digest?: string): number;

  saveServiceState(state: ServiceState): void;
  getServiceState(target: TargetKey): ServiceState | undefined;
  listServiceStates(): ServiceState[];

  beginRun(run: NewRun): RunRecord;
  finishRun(id: string, outcome: RunOutcome): void;
  getRun(id: string): RunDetail | undefined;
  /** Newest first. */
  listRuns(options?: ListRunsOptions): RunRecord[];
  unfinishedRuns(): RunRecord[];

  startOperation(operation: NewOperation): number;
  endOperation(id: number, outcome: OperationOutcome, detail?: string): void;
  /** Operations never closed, oldest first; of one run or of all. */
  openOperations(runId?: string): OperationRecord[];

  close(): void;
}

export type StateDriver = 'sqlite' | 'json';
