import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { z } from 'zod';
import { connectEngine, EngineAddressError } from '../docker/index.js';
import { errorCode, type Finding } from './doctor-report.js';

export interface EngineSettings {
  dockerHost?: string;
  dockerConfig?: string;
  insecureRegistries: string[];
}

/** The engine answers; returns it for the next checks, or undefined with a finding saying why. */
export async function checkEngine(settings: EngineSettings, findings: Finding[]) {
  let address: { docker: Docker; description: string };
  try {
    address = connectEngine(settings.dockerHost);
  } catch (error) {
    if (!(error instanceof EngineAddressError)) throw error;
    const fix = 'Use unix:///var/run/docker.sock, tcp://host:2375 or leave DOCKER_HOST unset.';
    findings.push({ check: 'Docker engine', ok: false, detail: error.message, fix });
    return undefined;
  }
  try {
    const version = (await address.docker.version()) as { Version?: string };
    const detail = `Docker ${version.Version ?? '?'} at ${address.description}`;
    findings.push({ check: 'Docker engine', ok: true, detail });
    return address.docker;
  } catch (error) {
    findings.push({
      check: 'Docker engine',
      ok: false,
      ...engineProblem(address.description, error),
    });
    return undefined;
  }
}

function engineProblem(where: string, error: unknown): { detail: string; fix: string } {
  const code = errorCode(error);
  if (code === 'ENOENT') {
    return {
      detail: `no Docker socket at ${where}`,
      fix:
        'Run on the Dokploy host, mount /var/run/docker.sock into the container, ' +
        'or set DOCKER_HOST.',
    };
  }
  if (code === 'EACCES') {
    return {
      detail: `permission denied on ${where}`,
      fix:
        'Run as root or as a member of the docker group ' +
        '(in a container: --group-add <the socket group id>).',
    };
  }
  return {
    detail: `${where} does not answer (${code ?? (error as Error).message})`,
    fix: 'Check DOCKER_HOST.',
  };
}

const DockerConfigSchema = z.looseObject({
  auths: z.record(z.string(), z.unknown()).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});

/** Names the registries docker's config.json holds logins for; never the logins themselves. */
export function checkCredentials(settings: EngineSettings, findings: Finding[]): void {
  const dir = settings.dockerConfig ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    findings.push({
      check: 'docker credentials',
      ok: true,
      detail: `no ${file}: anonymous pulls only`,
    });
    return;
  }
  const parsed = DockerConfigSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    const fix = 'Fix or remove the file; `docker login` rewrites it.';
    findings.push({ check: 'docker credentials', ok: false, detail: `${file} is not valid`, fix });
    return;
  }
  const registries = [
    ...Object.keys(parsed.data.auths ?? {}),
    ...Object.keys(parsed.data.credHelpers ?? {}),
  ];
  const store = parsed.data.credsStore
    ? `, helper docker-credential-${parsed.data.credsStore}`
    : '';
  const detail = `${file}: logins for ${registries.join(', ') || 'no registry'}${store}`;
  findings.push({ check: 'docker credentials', ok: true, detail });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
