import type Docker from 'dockerode';
import { connectEngine, EngineAddressError } from '../docker/index.js';
import { errorCode, type Finding } from './doctor-report.js';

/** The engine answers; returns it for the next checks, or undefined with a finding saying why. */
export async function checkEngine(dockerHost: string | undefined, findings: Finding[]) {
  let address: { docker: Docker; description: string };
  try {
    address = connectEngine(dockerHost);
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
