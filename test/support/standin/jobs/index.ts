import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deployApplication } from './application-job.js';
import { deployCompose } from './compose-job.js';
import { contextForServer, type JobContext } from './context.js';
import { appendLog } from './exec.js';

export type { JobContext } from './context.js';

export type Job =
  | { kind: 'compose'; composeId: string; title: string; description: string }
  | {
      kind: 'application';
      applicationId: string;
      pull: boolean;
      title: string;
      description: string;
    };

/** `2026-12-04:15:44:34`, the stamp Dokploy puts in log file names. */
function logStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ':');
}

/**
 * Dokploy's deployment worker: jobs run one at a time in arrival order, and a deployment row
 * exists only from the moment its job starts.
 */
export class JobQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly ctx: JobContext) {}

  enqueue(job: Job): void {
    this.waiting += 1;
    this.tail = this.tail
      .then(() => this.run(job))
      .finally(() => {
        this.waiting -= 1;
      });
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.waiting;
  }

  /** Resolves once every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }

  private async run(job: Job): Promise<void> {
    const { state } = this.ctx;
    if (job.kind === 'compose') {
      const compose = state.composes.get(job.composeId);
      if (!compose) return;
      await this.track(
        job,
        compose.appName,
        { composeId: compose.composeId },
        {
          work: (logPath) =>
            deployCompose(compose, contextForServer(this.ctx, compose.serverId), logPath),
          setStatus: (status) => {
            compose.composeStatus = status;
          },
        },
      );
    } else {
      const app = state.applications.get(job.applicationId);
      if (!app) return;
      await this.track(
        job,
        app.appName,
        { applicationId: app.applicationId },
        {
          work: (logPath) =>
            deployApplication(app, job.pull, contextForServer(this.ctx, app.serverId), logPath),
          setStatus: (status) => {
            app.applicationStatus = status;
          },
        },
      );
    }
  }

  /** Opens the deployment row and log, runs the work, and records how it ended. */
  private async track(
    job: Job,
    appName: string,
    owner: { composeId: string } | { applicationId: string },
    steps: { work: (logPath: string) => Promise<void>; setStatus: (status: string) => void },
  ): Promise<void> {
    const logDir = join(this.ctx.workDir, 'logs', appName);
    mkdirSync(logDir, { recursive: true });
    const logPath = join(logDir, `${appName}-${logStamp(new Date())}.log`);
    const row = this.ctx.state.addDeployment(owner, { ...job, logPath });
    steps.setStatus('running');
    try {
      await steps.work(logPath);
      this.ctx.state.finishDeployment(row, {});
      steps.setStatus('done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      appendLog(logPath, `${message}\nError occurred ❌, check the logs for details.`);
      this.ctx.state.finishDeployment(row, { error: message });
      steps.setStatus('error');
    }
  }
}
