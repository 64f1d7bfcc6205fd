/**
 * The facts a run gathers and the plan it makes from them. Plain serialisable data: the planner is
 * a pure function over these, so `--dry-run` and `--json` simply stop after planning.
 */

import type { DigestHolds } from './holds.js';

export interface TargetInfo {
  /** `database`: listed by Dokploy, never acted on (reported not applicable). */
  kind: 'compose' | 'application' | 'database';
  id: string;
  name: string;
  appName: string;
  projectName: string;
  environmentName: string;
  serverId: string | null;
}

/** A container of the service, and what the engine says of the image it runs. */
export interface ContainerFacts {
  id: string;
  name: string;
  imageId: string;
  /** Digests of the running image for the reference's repository (from RepoDigests). */
  digests: string[];
  /** The running image has RepoDigests at all; without any it was built or loaded locally. */
  fromRegistry: boolean;
  /** Present when the registry's index digest is not among `digests` (multi-arch images). */
  platformCheck?: PlatformCheck;
}

/**
 * The child manifests this container's platform pulls, from the index it runs and from the
 * registry's current index: a new index whose child for this platform is unchanged is no update.
 */
export interface PlatformCheck {
  /** `linux/arm/v7`, from the image the container runs. */
  platform: string;
  /** Undefined when the index the container runs could not be read back (deleted upstream). */
  running?: string;
  /** Undefined when the registry's current index has no image for the platform. */
  remote?: string;
  /** The registry could not answer the manifest requests; never read as "no update". */
  error?: string;
}

export type RemoteFacts =
  | { digest: string; mediaType?: string }
  | { error: string; errorKind: RemoteErrorKind };
export type RemoteErrorKind = 'unavailable' | 'auth' | 'not-found' | 'invalid' | 'other';

export interface ImageFacts {
  /** The compose service this image belongs to, when known. */
  service: string;
  /** The reference as compose will use it, after interpolation. */
  reference: string;
  /** Why this image cannot be checked at all (build-only, unparsable reference). */
  unsupported?: { status: 'skipped' | 'error'; reason: string };
  /**
   * Pinned by digest in the compose file: never updated by us. For `tag@digest`, `remote` holds
   * the tag's current digest, so the report can say whether the tag has moved on.
   */
  pinnedDigest?: string;
  /** The owner opted this image out (config or container label); the text says where. */
  optOut?: string;
  /** `pull_policy` as the compose file writes it. */
  pullPolicy?: string;
  /**
   * The redeploy itself fetches the new image (a custom command with `--pull always`, a swarm
   * stack, `application.deploy`), so we must not pull; the text says why.
   */
  redeployPulls?: string;
  containers: ContainerFacts[];
  /** The image the tag points to on the engine now (may differ from what containers run). */
  local?: { imageId: string; digests: string[] };
  remote?: RemoteFacts;
}

export interface ServiceFacts {
  target: TargetInfo;
  images: ImageFacts[];
  /** A failure that prevented observing this service at all (compose file broken, engine down). */
  error?: string;
  /** The service is selected but not something this tool acts on; the reason says why. */
  skip?: string;
}

export interface Policy {
  dryRun: boolean;
  /** Cooldown and remembered bad digests; without it every available update is applied. */
  holds?: DigestHolds;
}

/**
 * `rolled-back`: the update failed verification and the previous image runs again;
 * `rollback-failed`: it failed and restoring the previous image failed too (the worst outcome).
 */
export type ImageStatus =
  | 'up-to-date'
  | 'update-available'
  | 'updated'
  | 'skipped'
  | 'error'
  | 'rolled-back'
  | 'rollback-failed';

/** What the planner decided for one image. */
export interface ImageVerdict {
  service: string;
  reference: string;
  status: ImageStatus;
  reason?: string;
  /** The registry digest that the running containers were matched against. */
  currentDigest?: string;
  remoteDigest?: string;
  /** The image must be pulled before redeploying (false when the engine already has it). */
  pull: boolean;
  /** Why no pull of ours is needed although the registry moved: the redeploy fetches it. */
  pulledBy?: string;
  /** Which kind of change: the registry moved, or the engine has it and the container lags. */
  change?: 'registry' | 'stale-container';
}

export type ServiceAction = 'none' | 'redeploy' | 'skip' | 'error';

export interface ServicePlan {
  target: TargetInfo;
  action: ServiceAction;
  reason?: string;
  images: ImageVerdict[];
}

export interface Plan {
  dryRun: boolean;
  services: ServicePlan[];
}
