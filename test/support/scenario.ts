import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import type { RunReport } from '../../src/report/index.js';
import { testEnv } from './env/index.js';
import { type ApiKeyOption, createStandIn, type StandIn } from './standin/index.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cliEntry = join(repoRoot, 'src/cli/main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  report?: RunReport;
}

/**
 * One Dokploy stand-in on the shared private engine, plus the steps a user takes in Dokploy
 * (create a project, a raw compose service, deploy it) through the stand-in's real HTTP API.
 */
export class Scenario {
  readonly env = testEnv();
  readonly docker = new Docker({ socketPath: this.env.engine.host.replace('unix://', '') });
  private constructor(
    readonly standIn: StandIn,
    readonly apiKey: string,
    private readonly workDir: string,
  ) {}

  static async start(
    options: { dockerConfigDir?: string; extraKeys?: ApiKeyOption[] } = {},
  ): Promise<Scenario> {
    const env = testEnv();
    const workDir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const apiKey = `key-${randomBytes(12).toString('hex')}`;
    const standIn = await createStandIn({
      dockerHost: env.engine.host,
      apiKeys: [apiKey, ...(options.extraKeys ?? [])],
      workDir,
      dockerConfigDir: options.dockerConfigDir ?? env.dockerConfigDir,
    });
    return new Scenario(standIn, apiKey, workDir);
  }

  /** A unique image name in the open registry, so test files never share a tag. */
  imageRef(name: string, registry = this.env.registry.host): string {
    return `${registry}/${name}-${randomBytes(4).toString('hex')}:latest`;
  }

  async call<T = unknown>(procedure: string, input: Record<string, unknown> = {}): Promise<T> {
    const query = procedure.match(/\.(one|all|allByCompose|getDokployVersion)$/);
    const url = new URL(`/api/${procedure}`, this.standIn.url);
    const init: RequestInit = { headers: { 'x-api-key': this.apiKey } };
    if (query) {
      for (const [key, value] of Object.entries(input)) url.searchParams.set(key, String(value));
    } else {
      init.method = 'POST';
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(input);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`${procedure} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async createProject(name: string): Promise<{ projectId: string; environmentId: string }> {
    const created = await this.call<{
      project: { projectId: string };
      environment: { environmentId: string };
    }>('project.create', { name, description: 'e2e' });
    return {
      projectId: created.project.projectId,
      environmentId: created.environment.environmentId,
    };
  }

  async createCompose(
    environmentId: string,
    name: string,
    composeFile: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ composeId: string; appName: string }> {
    const row = await this.call<{ composeId: string; appName: string }>('compose.create', {
      name,
      environmentId,
      composeType: 'docker-compose',
      composeFile,
    });
    if (Object.keys(extra).length > 0) {
      await this.call('compose.update', { composeId: row.composeId, ...extra });
    }
    return row;
  }

  /** Deploys as a user pressing "Deploy" does, and waits until the deployment has finished. */
  async deploy(composeId: string): Promise<void> {
    await this.call('compose.deploy', { composeId });
    await this.standIn.idle();
    const rows = await this.call<Array<{ status: string; errorMessage: string | null }>>(
      'deployment.allByCompose',
      { composeId },
    );
    if (rows[0]?.status !== 'done') {
      throw new Error(`setup deploy failed: ${rows[0]?.status} ${rows[0]?.errorMessage ?? ''}`);
    }
  }

  /** The image IDs that the running containers of one compose service use. */
  async runningImageIds(appName: string, service: string): Promise<string[]> {
    const rows = await this.docker.listContainers({
      filters: {
        label: [`com.docker.compose.project=${appName}`, `com.docker.compose.service=${service}`],
        status: ['running'],
      },
    });
    return rows.map((row) => row.ImageID);
  }

  async imageId(reference: string): Promise<string> {
    return (await this.docker.getImage(reference).inspect()).Id;
  }

  /** The environment the CLI gets in tests: this stand-in, the private engine, its own state. */
  cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOKPLOY_URL: this.standIn.url,
      DOKPLOY_API_KEY: this.apiKey,
      DOCKER_HOST: this.env.engine.host,
      DOCKER_CONFIG: this.env.dockerConfigDir,
      LOG_LEVEL: 'info',
      // Each scenario has its own state (history, lock, first sightings), never the user's.
      XDG_STATE_HOME: join(this.workDir, 'state'),
      ...env,
    };
  }

  /** Runs the real CLI as a user would, against this stand-in and the private engine. */
  async cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    const childEnv = this.cliEnv(env);
    // A short settle time keeps update tests quick; tests of the settle check pass their own.
    const settle =
      args[0] === 'run' && !args.includes('--settle-time') ? ['--settle-time', '1'] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args, ...settle], {
      cwd: repoRoot,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    const result: CliResult = { code, stdout, stderr };
    if (args.includes('--json') && stdout.trim().startsWith('{')) {
      result.report = JSON.parse(stdout) as RunReport;
    }
    return result;
  }

  /**
   * Removes what this scenario's deploys left on the shared engine: each compose project has its
   * own network, and an engine has address pools for only a few dozen of them.
   */
  async close(): Promise<void> {
    await this.standIn.close();
    const appNames = [...this.standIn.state.composes.values()].map((row) => row.appName);
    for (const appName of appNames) {
      const label = `com.docker.compose.project=${appName}`;
      const containers = await this.docker.listContainers({
        all: true,
        filters: { label: [label] },
      });
      for (const c of containers) await this.docker.getContainer(c.Id).remove({ force: true });
      const networks = await this.docker.listNetworks({ filters: { label: [label] } });
      for (const n of networks) await this.docker.getNetwork(n.Id).remove();
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
