import type { RegistryFacts } from './registry.js';

// Both manifest families, single-image and multi-platform, as the distribution spec names them.
const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * The digest the registry holds for `repo:tag`, read with a manifest HEAD (the same request the
 * product makes), or undefined when the tag does not exist. Uses the registry's own credentials.
 */
export async function registryDigest(
  registry: RegistryFacts,
  repo: string,
  tag: string,
): Promise<string | undefined> {
  const headers: Record<string, string> = { accept: MANIFEST_ACCEPT };
  if (registry.user && registry.password) {
    headers.authorization = basicAuth(registry.user, registry.password);
  }
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers,
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`registry HEAD ${repo}:${tag} answered ${res.status}`);
  return res.headers.get('docker-content-digest') ?? undefined;
}
