import type Docker from 'dockerode';

/** A swarm service as far as updates go: the image its spec names and the labels on it. */
export interface SwarmService {
  id: string;
  name: string;
  /** `Spec.TaskTemplate.ContainerSpec.Image`: `tag@digest` after `docker stack deploy`. */
  specImage: string;
  /** Service labels and container-spec labels together (opt-outs may sit on either). */
  labels: Record<string, string>;
}

/** A task swarm wants running, with the image it was started from. */
export interface SwarmTask {
  id: string;
  /** The task's own spec image; swarm pins `tag@digest` here when the spec had a digest. */
  image: string;
  state: string;
  /** Set once the task's container exists on some node. */
  containerId?: string;
}

const STACK_LABEL = 'com.docker.stack.namespace';

interface ServiceInfo {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    TaskTemplate?: { ContainerSpec?: { Image?: string; Labels?: Record<string, string> } };
  };
}

function toService(info: ServiceInfo): SwarmService {
  const container = info.Spec?.TaskTemplate?.ContainerSpec;
  return {
    id: info.ID,
    name: info.Spec?.Name ?? info.ID,
    specImage: container?.Image ?? '',
    labels: { ...(info.Spec?.Labels ?? {}), ...(container?.Labels ?? {}) },
  };
}

/** One service by name, or undefined when the engine has none of that name. */
export async function inspectSwarmService(
  docker: Docker,
  name: string,
): Promise<SwarmService | undefined> {
  try {
    return toService((await docker.getService(name).inspect()) as ServiceInfo);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** The services of one stack, as `docker stack deploy` labels them. */
export async function listStackServices(docker: Docker, stack: string): Promise<SwarmService[]> {
  const rows = (await docker.listServices({
    filters: { label: [`${STACK_LABEL}=${stack}`] },
  })) as ServiceInfo[];
  return rows.map(toService);
}

/** Tasks swarm wants running for a service (desired state `running`), whatever their state now. */
export async function listRunningTasks(docker: Docker, serviceId: string): Promise<SwarmTask[]> {
  const rows = (await docker.listTasks({
    filters: { service: [serviceId], 'desired-state': ['running'] },
  })) as Array<{
    ID: string;
    Spec?: { ContainerSpec?: { Image?: string } };
    Status?: { State?: string; ContainerStatus?: { ContainerID?: string } };
  }>;
  return rows.map((row) => ({
    id: row.ID,
    image: row.Spec?.ContainerSpec?.Image ?? '',
    state: row.Status?.State ?? 'unknown',
    ...(row.Status?.ContainerStatus?.ContainerID
      ? { containerId: row.Status.ContainerStatus.ContainerID }
      : {}),
  }));
}

/** The image ID a task's container runs, when that container is on this engine's node. */
export async function containerImageId(
  docker: Docker,
  containerId: string,
): Promise<string | undefined> {
  try {
    return (await docker.getContainer(containerId).inspect()).Image;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
