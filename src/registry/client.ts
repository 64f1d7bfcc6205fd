import { createHash } from 'node:crypto';
import { createHostLimiter } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { createAuthorizer } from './auth.js';
import type { CredentialStore } from './credentials.js';
import { isDigest } from './digests.js';
import { RegistryUnavailableError } from './errors.js';
import { MANIFEST_ACCEPT } from './manifest.js';
import type { ImageReference } from './reference.js';
import { registryBaseUrl } from './scheme.js';
import { createTransport } from './transport.js';

export interface RegistryClientOptions {
  credentials: CredentialStore;
  /** Registries reached over plain HTTP (`host:port`, host, or IPv4 CIDR); loopback always is. */
  insecureRegistries?: readonly string[];
  logger?: Logger;
  timeoutMs?: number;
  /** Requests in flight per registry; registries throttle per client. */
  maxConcurrencyPerRegistry?: number;
  /** The longest `Retry-After` worth waiting for; a longer one fails the check as rate-limited. */
  maxRetryWaitMs?: number;
}

export interface RemoteDigest {
  digest: string;
  mediaType?: string;
  /** `get` when the registry left out `Docker-Content-Digest` and the body had to be hashed. */
  via: 'head' | 'get';
}

export interface RegistryStats {
  ping: number;
  head: number;
  get: number;
  token: number;
  retries: number;
}

export interface RegistryClient {
  /** The digest a pull of `ref` would record now, asked without pulling. */
  fetchDigest(ref: ImageReference): Promise<RemoteDigest>;
  /** A manifest's exact bytes and digest (`reference` is a tag or a digest). */
  fetchManifest(ref: ImageReference, reference: string): Promise<RemoteManifest>;
  stats(): RegistryStats;
}

export interface RemoteManifest {
  digest: string;
  mediaType?: string;
  body: Buffer;
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const counters = { ping: 0, head: 0, get: 0, token: 0, retries: 0 };
  const limiter = createHostLimiter(options.maxConcurrencyPerRegistry ?? 6);
  const send = createTransport({
    credentials: options.credentials,
    authorize: createAuthorizer({ timeoutMs, counters }),
    counters,
    timeoutMs,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    baseUrl: (registry) => registryBaseUrl(registry, options.insecureRegistries),
  });
  const log = options.logger?.child({ module: 'registry' });

  async function fetchManifest(ref: ImageReference, reference: string): Promise<RemoteManifest> {
    const path = `/v2/${ref.repository}/manifests/${reference}`;
    const response = await send(ref, 'GET', path, MANIFEST_ACCEPT);
    const mediaType = contentType(response);
    const body = Buffer.from(await response.arrayBuffer());
    // A proxy or captive portal answering 200 with a web page is not a manifest.
    if (mediaType === 'text/html' || body.subarray(0, 64).toString().trimStart().startsWith('<')) {
      throw new RegistryUnavailableError(
        ref.registry,
        `${ref.registry} answered HTML, not a manifest`,
      );
    }
    // The digest is the hash of the exact bytes served, never an ETag or a header we cannot check.
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    return { digest, ...(mediaType ? { mediaType } : {}), body };
  }

  return {
    fetchManifest: (ref, reference) =>
      limiter.run(ref.registry, () => fetchManifest(ref, reference)),

    fetchDigest(ref) {
      return limiter.run(ref.registry, async function fetchDigest(): Promise<RemoteDigest> {
        const reference = ref.tag ?? ref.digest ?? 'latest';
        const path = `/v2/${ref.repository}/manifests/${reference}`;
        const head = await send(ref, 'HEAD', path, MANIFEST_ACCEPT);
        const header = head.headers.get('docker-content-digest');
        const mediaType = contentType(head);
        if (header && isDigest(header)) {
          log?.debug({ registry: ref.registry, repository: ref.repository, via: 'head' }, 'digest');
          return { digest: header, ...(mediaType ? { mediaType } : {}), via: 'head' };
        }
        const manifest = await fetchManifest(ref, reference);
        log?.debug({ registry: ref.registry, repository: ref.repository, via: 'get' }, 'digest');
        const { digest } = manifest;
        return {
          digest,
          ...(manifest.mediaType ? { mediaType: manifest.mediaType } : {}),
          via: 'get',
        };
      });
    },

    stats: () => ({ ...counters }),
  };
}

function contentType(response: Response): string | undefined {
  return response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
}
