import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { ApplicationRow } from '../store.js';
import { cliEnv, type JobContext } from './context.js';
import { parseEnvLines } from './env-file.js';
import { appendLog, runLogged } from './exec.js';

const NETWORK = 'dokploy-network';

function registryHost(app: ApplicationRow, image: string): string {
  if (app.registryUrl) return app.registryUrl;
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && /[.:]|^localhost$/.test(first)
    ? first
    : 'https://index.docker.io/v1/';
}

/** `docker pull`, with a throw-away DOCKER_CONFIG when the application carries credentials. */
async function pullImage(app: ApplicationRow, image: string, ctx: JobContext, logPath: string) {
  appendLog(logPath, `Pulling ${image}`);
  let configDir: string | undefined;
  if (app.username && app.password) {
    configDir = await mkdtemp(join(tmpdir(), 'standin-docker-config-'));
    const auth = Buffer.from(`${app.username}:${app.password}`).toString('base64');
    const config = { auths: { [registryHost(app, image)]: { auth } } };
    await writeFile(join(configDir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
  }
  try {
    const env = cliEnv(ctx, configDir ? { DOCKER_CONFIG: configDir } : {});
    await runLogged(ctx.dockerBinary, ['pull', image], { env, logPath });
  } finally {
    if (configDir) await rm(configDir, { recursive: true, force: true });
  }
  appendLog(logPath, '✅ Pulling image completed.');
}

/**
 * Dokploy creates this overlay at install time. Test engines share one network namespace, and
 * every swarm numbers its first overlay VXLAN 4097, so a second engine's tasks fail with "error
 * creating vxlan interface: file exists"; a random VXLAN id keeps them apart.
 */
async function ensureNetwork(docker: Docker): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [NETWORK] } });
  if (existing.some((network) => network.Name === NETWORK)) return;
  await docker.createNetwork({
    Name: NETWORK,
    Driver: 'overlay',
    Attachable: true,
    Options: {
      'com.docker.network.driver.overlay.vxlanid_list': String(randomInt(10_000, 16_000_000)),
    },
  });
}

/**
 * Creates the swarm service, or updates it with ForceUpdate raised by one, the way Dokploy's
 * docker-source path does. The tag stays unpinned, so swarm itself resolves it per new task.
 */
async function mechanize(app: ApplicationRow, image: string, ctx: JobContext) {
  const spec = {
    Name: app.appName,
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Env: parseEnvLines(app.env).map(([key, value]) => `${key}=${value}`),
      },
      Networks: [{ Target: NETWORK }],
      ForceUpdate: 0,
    },
    Mode: { Replicated: { Replicas: app.replicas } },
    UpdateConfig: { Parallelism: 1, FailureAction: 'rollback', Monitor: 5e9, Order: 'start-first' },
  };
  const authconfig =
    app.username && app.password
      ? { username: app.username, password: app.password, serveraddress: registryHost(app, image) }
      : undefined;
  const service = ctx.docker.getService(app.appName);
  const current = await service.inspect().catch((error: { statusCode?: number }) => {
    if (error.statusCode === 404) return undefined;
    throw error;
  });
  if (!current) {
    await ctx.docker.createService({ ...spec, ...(authconfig ? { authconfig } : {}) });
    return;
  }
  const forceUpdate = (current.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1;
  await service.update({
    ...(authconfig ? { authconfig } : {}),
    version: current.Version.Index,
    ...spec,
    TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: forceUpdate },
  });
}

export async function deployApplication(
  app: ApplicationRow,
  pull: boolean,
  ctx: JobContext,
  logPath: string,
) {
  appendLog(logPath, 'Initializing deployment');
  if (app.sourceType !== 'docker' || !app.dockerImage) {
    throw new Error('Only applications with a docker image are supported by the stand-in');
  }
  if (pull) await pullImage(app, app.dockerImage, ctx, logPath);
  const info = (await ctx.docker.info()) as { Swarm?: { LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') {
    throw new Error(
      'Docker swarm is not active on this engine: applications run as swarm services',
    );
  }
  await ensureNetwork(ctx.docker);
  await mechanize(app, app.dockerImage, ctx);
}
