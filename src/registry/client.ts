import { createHash } from 'node:crypto';
import { createHostLimiter } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { createAuthorizer } from './auth.js';
import type { CredentialStore } from './credentials.js';
import { isDigest } from './digests.js';
import type { EngineRegistrySettings } from './engine-settings.js';
import { ManifestNotFoundError, RegistryUnavailableError } from './errors.js';
import { MANIFEST_ACCEPT } from './manifest.js';
import { DOCKER_HUB, type ImageReference } from './reference.js';
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
  /** The engine's own registry settings (`docker info`), read once before the first request. */
  engineSettings?: () => Promise<EngineRegistrySettings | undefined>;
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
  /**
   * A client with the same settings that logs in with other credentials. It keeps its own token
   * cache, since tokens differ by login, but shares the one read of the engine's settings.
   */
  withCredentials(credentials: CredentialStore, logger?: Logger): RegistryClient;
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
    baseUrl: (registry) =>
      mirrorUrls.get(registry) ?? registryBaseUrl(registry, [...insecure, ...engine.insecure]),
  });
  const log = options.logger?.child({ module: 'registry' });
  const insecure = options.insecureRegistries ?? [];
  let engine: EngineRegistrySettings = { insecure: [], mirrors: [] };
  const mirrorUrls = new Map<string, string>();
  let settled: Promise<void> | undefined;

  // Read lazily: a run that asks no registry never asks the engine either.
  function engineReady(): Promise<void> {
    settled ??= (async () => {
      engine = (await options.engineSettings?.().catch(() => undefined)) ?? engine;
      for (const mirror of engine.mirrors)
        mirrorUrls.set(new URL(mirror).host, new URL(mirror).origin);
    })();
    return settled;
  }

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
    async fetchManifest(ref, reference) {
      await engineReady();
      return limiter.run(ref.registry, () => fetchManifest(ref, reference));
    },

    async fetchDigest(ref) {
      await engineReady();
      // Like the engine, ask Hub's mirrors first and Hub itself only when none of them can answer.
      if (ref.registry === DOCKER_HUB) {
        for (const host of mirrorUrls.keys()) {
          try {
            return await digestOf({ ...ref, registry: host });
          } catch (error) {
            if (
              !(error instanceof RegistryUnavailableError || error instanceof ManifestNotFoundError)
            ) {
              throw error;
            }
            log?.warn({ mirror: host, err: error.message }, 'Docker Hub mirror could not answer');
          }
        }
      }
      return digestOf(ref);
    },

    stats: () => ({ ...counters }),

    withCredentials(credentials, logger) {
      return createRegistryClient({
        ...options,
        credentials,
        logger: logger ?? options.logger,
        engineSettings: async () => {
          await engineReady();
          return engine;
        },
      });
    },
  };

  function digestOf(ref: ImageReference): Promise<RemoteDigest> {
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
  }
}

function contentType(response: Response): string | undefined {
  return response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
}
