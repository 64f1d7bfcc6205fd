import type { ImageStatus, ServiceAction } from '../plan/index.js';

/** One run's outcome: what `--json` prints, what history keeps, what notifications summarise. */
export interface RunReport {
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  dokploy: { url: string; version?: string; calls: number };
  engine: string;
  services: ServiceReport[];
  registry: { requests: Record<string, number> };
  warnings: string[];
  /** Failures of the run as a whole (Dokploy unreachable), beside per-service ones. */
  errors: string[];
  summary: RunSummary;
  exitCode: 0 | 1;
  /** The run stopped early (SIGTERM): what it was doing and what it left undone. */
  interrupted?: string;
}

export interface ServiceReport {
  kind: 'compose' | 'application' | 'database';
  id: string;
  name: string;
  project: string;
  environment: string;
  appName: string;
  /** The service as a whole: worst of its images, or its own failure. */
  status: ImageStatus;
  action: ServiceAction;
  reason?: string;
  images: ImageReport[];
  redeploy?: RedeployReport;
  /** Other compose projects on the engine whose containers use a tag this run moved. */
  alsoAffected: Array<{ appName: string; service: string; image: string }>;
}

export interface ImageReport {
  service: string;
  image: string;
  status: ImageStatus;
  reason?: string;
  currentDigest?: string;
  remoteDigest?: string;
  pulled: boolean;
}

export interface RedeployReport {
  method: 'compose.redeploy' | 'application.deploy';
  title: string;
  deployment?: { id: string; status: string; errorMessage?: string | null };
  /** The service's containers were seen running the new image after the deployment. */
  verified: boolean;
  error?: string;
  /** What the post-update check saw: healthy, settled, or why not. */
  verification?: string;
  rollback?: RollbackReport;
  /** Previous image IDs removed after a verified update (`--cleanup`), or why they were kept. */
  cleanup?: string[];
}

export interface RollbackReport {
  status: 'rolled-back' | 'rollback-failed';
  /** How the previous image was restored: `compose.redeploy` or `service.update`. */
  method: string;
  /** The digests the update went from and to; the rollback returns to `toDigest`'s predecessor. */
  images: Array<{ service: string; image: string; newDigest?: string; restoredDigest?: string }>;
  reason: string;
  /** Swarm services only: Dokploy's next deploy moves the service to the tag again. */
  note?: string;
}

export interface RunSummary {
  services: number;
  images: number;
  upToDate: number;
  updated: number;
  updateAvailable: number;
  skipped: number;
  errors: number;
  /** Updates undone because the new image failed its check (failed rollbacks count as errors). */
  rolledBack?: number;
}
