/**
 * The facts a run gathers and the plan it makes from them. Plain serialisable data: the planner is a
 * pure function over these, so `--dry-run` and `--json` simply stop after planning.
 */

export interface TargetInfo {
  kind: 'compose' | 'application';
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
}

export type RemoteFacts = { digest: string } | { error: string; errorKind: RemoteErrorKind };
export type RemoteErrorKind = 'unavailable' | 'auth' | 'not-found' | 'invalid' | 'other';

export interface ImageFacts {
  /** The compose service this image belongs to, when known. */
  service: string;
  /** The reference as compose will use it, after interpolation. */
  reference: string;
  /** Why this image cannot be checked at all (build-only, unparsable reference). */
  unsupported?: { status: 'skipped' | 'error'; reason: string };
  /** Pinned by digest in the compose file: never updated by us. */
  pinnedDigest?: string;
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
}

export type ImageStatus = 'up-to-date' | 'update-available' | 'updated' | 'skipped' | 'error';

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
