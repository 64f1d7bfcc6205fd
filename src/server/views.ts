import type { ImageReport, ServiceReport } from '../report/index.js';
import type { RunRecord, StateStore } from '../state/index.js';

/** One watched service as the API and the dashboard show it. */
export interface ServiceRow {
  key: string;
  kind: ServiceReport['kind'];
  id: string;
  name: string;
  project: string;
  environment: string;
  appName: string;
  status: string;
  reason?: string;
  lastCheck: string;
  runId: string;
  images: ImageReport[];
  /** When the service last changed image, from the newest run that updated it. */
  lastUpdate?: string;
}

export function serviceRows(store: StateStore): ServiceRow[] {
  const rows = store.listServiceStates().map((state): ServiceRow => {
    const r = state.report;
    const row: ServiceRow = {
      key: state.target,
      kind: r.kind,
      id: r.id,
      name: r.name,
      project: r.project,
      environment: r.environment,
      appName: r.appName,
      status: state.status,
      lastCheck: state.at,
      runId: state.runId,
      images: r.images,
    };
    if (r.reason) row.reason = r.reason;
    return row;
  });
  addLastUpdates(store, rows);
  return rows.sort((a, b) => `${a.project}/${a.name}`.localeCompare(`${b.project}/${b.name}`));
}

export interface RunRow extends RunRecord {
  durationSeconds?: number;
}

export function runHistory(store: StateStore, limit: number): RunRow[] {
  return store.listRuns({ limit }).map((run) => {
    if (!run.finishedAt) return run;
    const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
    return { ...run, durationSeconds: Math.max(0, Math.round(seconds * 10) / 10) };
  });
}

// Recent history is enough: the last update of a service that has not moved for 50 runs is shown
// as unknown rather than costing a scan of every stored report.
function addLastUpdates(store: StateStore, rows: ServiceRow[]): void {
  const wanted = new Map(rows.map((row) => [row.key, row]));
  for (const run of store.listRuns({ limit: 50 })) {
    if (!run.summary?.updated) continue;
    const report = store.getRun(run.id)?.report;
    for (const service of report?.services ?? []) {
      const row = wanted.get(`${service.kind}:${service.id}`);
      if (row && !row.lastUpdate && service.images.some((i) => i.status === 'updated')) {
        row.lastUpdate = report?.finishedAt ?? run.finishedAt ?? run.startedAt;
      }
    }
  }
}
