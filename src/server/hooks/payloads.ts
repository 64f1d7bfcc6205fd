import { z } from 'zod';

/** What a push event tells us: which repository moved, and to which tag when it says so. */
export interface PushEvent {
  source: 'distribution' | 'dockerhub' | 'ghcr';
  /** The sender's event ID, when it gives one: a retried delivery repeats it. */
  id?: string;
  /** Registry host as the event names it; undefined when the payload does not say. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

// distribution's notification envelope (docs/notifications.md in distribution/distribution):
// `{ events: [{ id, action, target: { mediaType, digest, repository, tag?, url },
// request: { host } }] }`.
// Pushes of blobs come as events too; only manifest pushes mean a new image.
const distributionEnvelope = z.object({
  events: z.array(
    z.object({
      id: z.string().optional(),
      action: z.string(),
      target: z.object({
        mediaType: z.string().optional(),
        digest: z.string().optional(),
        repository: z.string(),
        tag: z.string().optional(),
        url: z.string().optional(),
      }),
      request: z.object({ host: z.string().optional() }).partial().optional(),
    }),
  ),
});

// Docker Hub's repository webhook: `{ push_data: { tag }, repository: { repo_name } }`.
const dockerHubPush = z.object({
  push_data: z.object({ tag: z.string().optional() }),
  repository: z.object({ repo_name: z.string() }),
});

// GitHub's `package` / `registry_package` webhook for a container published to ghcr.io.
const ghcrPackage = z.object({
  action: z.string(),
  package: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    package_type: z.string().optional(),
    owner: z.object({ login: z.string() }).optional(),
    package_version: z
      .object({
        version: z.string().optional(),
        container_metadata: z
          .object({
            tag: z
              .object({ name: z.string().optional(), digest: z.string().optional() })
              .optional(),
          })
          .optional(),
      })
      .optional(),
  }),
});

const MANIFEST_TYPES = /manifest|image\.index|oci\.image/;

/** Pushes named by a payload of any of the three shapes; an empty list for anything else. */
export function parsePushEvents(body: unknown): PushEvent[] {
  const distribution = distributionEnvelope.safeParse(body);
  if (distribution.success) {
    return distribution.data.events
      .filter((e) => e.action === 'push')
      .filter((e) => !e.target.mediaType || MANIFEST_TYPES.test(e.target.mediaType))
      .map((e) => ({
        source: 'distribution' as const,
        ...(e.id ? { id: e.id } : {}),
        repository: e.target.repository,
        ...(e.target.tag ? { tag: e.target.tag } : {}),
        ...(e.target.digest ? { digest: e.target.digest } : {}),
        ...(registryOf(e.request?.host, e.target.url) ?? {}),
      }));
  }

  const hub = dockerHubPush.safeParse(body);
  if (hub.success) {
    const name = hub.data.repository.repo_name;
    return [
      {
        source: 'dockerhub',
        registry: 'docker.io',
        repository: name.includes('/') ? name : `library/${name}`,
        ...(hub.data.push_data.tag ? { tag: hub.data.push_data.tag } : {}),
      },
    ];
  }

  const ghcr = ghcrPackage.safeParse(body);
  if (ghcr.success && ['published', 'updated'].includes(ghcr.data.action)) {
    const p = ghcr.data.package;
    if (p.package_type && p.package_type.toLowerCase() !== 'container') return [];
    const owner = p.owner?.login ?? p.namespace ?? '';
    const tag = p.package_version?.container_metadata?.tag;
    return [
      {
        source: 'ghcr',
        registry: 'ghcr.io',
        // ghcr.io names are lower case whatever the GitHub owner's spelling.
        repository: `${owner}/${p.name}`.toLowerCase(),
        ...(tag?.name ? { tag: tag.name } : {}),
        ...(tag?.digest ? { digest: tag.digest } : {}),
      },
    ];
  }
  return [];
}

function registryOf(
  host: string | undefined,
  url: string | undefined,
): { registry: string } | undefined {
  if (url) {
    try {
      return { registry: new URL(url).host };
    } catch {
      // A malformed URL says nothing; fall back to the request host.
    }
  }
  return host ? { registry: host } : undefined;
}
