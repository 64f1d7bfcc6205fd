import { z } from 'zod';
import type { DeploymentRow } from '../store.js';
import { type Procedure, query } from './types.js';

const id = z.string().min(1);

const newestFirst = (rows: DeploymentRow[]): DeploymentRow[] =>
  rows.map((row) => ({ ...row })).reverse();

interface ContainerSummary {
  containerId: string;
  name: string;
  state: string;
  status: string;
}

export const deploymentProcedures: Record<string, Procedure> = {
  // An unknown id answers 200 `[]`, not 404 (recorded 460).
  'deployment.allByCompose': query(z.object({ composeId: id }), ({ composeId }, { state }) =>
    newestFirst(state.deploymentsOf({ composeId })),
  ),

  'deployment.all': query(z.object({ applicationId: id }), ({ applicationId }, { state }) =>
    newestFirst(state.deploymentsOf({ applicationId })),
  ),

  // Dokploy shells out to `docker ps -a` with a label filter for compose projects and stacks,
  // and a name match otherwise; the engine API gives the same rows.
  'docker.getContainersByAppNameMatch': query(
    z.object({
      appType: z.enum(['stack', 'docker-compose']).optional(),
      appName: z
        .string()
        .min(1)
        .regex(/^[a-zA-Z0-9.\-_]+$/),
      serverId: z.string().optional(),
    }),
    async ({ appType, appName }, { docker }): Promise<ContainerSummary[]> => {
      const filters: Record<string, string[]> =
        appType === 'docker-compose'
          ? { label: [`com.docker.compose.project=${appName}`] }
          : appType === 'stack'
            ? { label: [`com.docker.stack.namespace=${appName}`] }
            : { name: [appName] };
      const containers = await docker.listContainers({ all: true, filters });
      return containers.map((container) => ({
        containerId: container.Id.slice(0, 12),
        name: (container.Names[0] ?? '').replace(/^\//, ''),
        state: container.State,
        status: container.Status,
      }));
    },
  ),
};
