import type Docker from 'dockerode';

export interface ServiceContainer {
  id: string;
  name: string;
  service: string;
  /** The image as the container was created with it (`Config.Image`), e.g. `nginx:latest`. */
  configImage: string;
  imageId: string;
  composeProject: string;
  /** Container labels, where owners put opt-outs such as `dokploy-autoupdate.enable=false`. */
  labels: Record<string, string>;
}

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

/** Running containers of one compose project, as compose labels them. */
export async function listComposeContainers(
  docker: Docker,
  appName: string,
): Promise<ServiceContainer[]> {
  const rows = await docker.listContainers({
    filters: { label: [`${PROJECT_LABEL}=${appName}`], status: ['running'] },
  });
  return Promise.all(rows.map((row) => describeContainer(docker, row.Id)));
}

/** Every running compose container on the engine: to name the others a moved tag will affect. */
export async function listAllComposeContainers(docker: Docker): Promise<ServiceContainer[]> {
  const rows = await docker.listContainers({
    filters: { label: [PROJECT_LABEL], status: ['running'] },
  });
  return Promise.all(rows.map((row) => describeContainer(docker, row.Id)));
}

// The list endpoint shows the image *name* only while the tag still points at the running image;
// after a pull it shows the bare ID. Inspect gives the name the container was created with.
async function describeContainer(docker: Docker, id: string): Promise<ServiceContainer> {
  const info = await docker.getContainer(id).inspect();
  const labels = info.Config.Labels ?? {};
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    service: labels[SERVICE_LABEL] ?? '',
    composeProject: labels[PROJECT_LABEL] ?? '',
    configImage: info.Config.Image,
    imageId: info.Image,
    labels,
  };
}
