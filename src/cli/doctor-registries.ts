import type Docker from 'dockerode';
import {
  type CredentialStore,
  CredentialsConfigError,
  InvalidReferenceError,
  ManifestNotFoundError,
  parseReference,
  RegistryAuthError,
  type RegistryClient,
} from '../registry/index.js';
import { createEngineRegistryClient } from './context.js';
import type { Finding } from './doctor-report.js';

export interface RegistrySettings {
  /** Undefined when docker's config cannot be used: the credentials finding says why. */
  credentials: CredentialStore | undefined;
  insecureRegistries: string[];
}

/**
 * Asks each registry the running containers use for one of their images' digest (one HEAD, no
 * pull): the surest test that the address, TLS and credentials all work.
 */
export async function checkRegistries(
  docker: Docker,
  settings: RegistrySettings,
  appNames: string[] | undefined,
  findings: Finding[],
): Promise<void> {
  // With projects named, only their containers: other images on the host are not ours to judge.
  const lists = appNames
    ? await Promise.all(
        appNames.map((name) =>
          docker.listContainers({ filters: { label: [`com.docker.compose.project=${name}`] } }),
        ),
      )
    : [await docker.listContainers()];
  const byRegistry = new Map<string, string>();
  for (const container of lists.flat()) {
    try {
      const reference = parseReference(container.Image);
      if (!byRegistry.has(reference.registry)) byRegistry.set(reference.registry, container.Image);
    } catch (error) {
      // An image ID or a locally built name is not a registry reference: nothing to check.
      if (!(error instanceof InvalidReferenceError)) throw error;
    }
  }
  if (byRegistry.size === 0) {
    findings.push({
      check: 'registries',
      ok: true,
      detail: 'no running container uses a registry image',
    });
    return;
  }
  if (!settings.credentials) {
    findings.push({
      check: 'registries',
      ok: false,
      detail: `not checked (${[...byRegistry.keys()].join(', ')}): docker credentials unusable`,
      fix: 'Fix the docker credentials above, then run doctor again.',
    });
    return;
  }
  const client = createEngineRegistryClient({
    docker,
    credentials: settings.credentials,
    insecureRegistries: settings.insecureRegistries,
  });
  for (const [registry, image] of byRegistry) {
    findings.push(await registryFinding(client, registry, image));
  }
}

async function registryFinding(
  client: RegistryClient,
  registry: string,
  image: string,
): Promise<Finding> {
  const check = `registry ${registry}`;
  try {
    await client.fetchDigest(parseReference(image));
    return { check, ok: true, detail: `answers for ${image}` };
  } catch (error) {
    if (error instanceof ManifestNotFoundError) {
      return { check, ok: true, detail: `answers, but has no ${image} any more` };
    }
    if (error instanceof RegistryAuthError || error instanceof CredentialsConfigError) {
      const fix =
        `Log in where Dokploy keeps its logins: docker login ${registry} ` +
        '(or Dokploy → Registry).';
      return { check, ok: false, detail: `refused our credentials for ${image}`, fix };
    }
    const fix =
      'Check that this host reaches the registry (DNS, firewall, proxy); ' +
      'a registry on plain HTTP needs --insecure-registry.';
    return { check, ok: false, detail: `unreachable: ${(error as Error).message}`, fix };
  }
}
