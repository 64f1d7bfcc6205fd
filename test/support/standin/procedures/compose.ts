import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { StandInState } from '../store.js';
import { composeOneView, composeSearchItem } from '../views.js';
import { mutation, type Procedure, query } from './types.js';

const id = z.string().min(1);
const appName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-zA-Z0-9._-]+$/);
const composeType = z.enum(['docker-compose', 'stack']);
const optionalText = z.string().nullable().optional();

// Columns `compose.update` accepts besides the ones typed explicitly below, all nullable text in
// Dokploy's input schema. Anything else in the body is dropped, as zod's default object does.
const TEXT_COLUMNS = [
  'refreshToken',
  'repository',
  'owner',
  'branch',
  'gitlabRepository',
  'gitlabOwner',
  'gitlabBranch',
  'gitlabPathNamespace',
  'bitbucketRepository',
  'bitbucketRepositorySlug',
  'bitbucketOwner',
  'bitbucketBranch',
  'giteaRepository',
  'giteaOwner',
  'giteaBranch',
  'customGitUrl',
  'customGitBranch',
  'customGitSSHKeyId',
  'githubId',
  'gitlabId',
  'bitbucketId',
  'giteaId',
] as const;

const composeUpdateInput = z.object({
  composeId: z.string(),
  name: z.string().min(1).optional(),
  appName: appName.optional(),
  description: optionalText,
  env: optionalText,
  composeFile: z.string().optional(),
  sourceType: z.enum(['git', 'github', 'gitlab', 'bitbucket', 'gitea', 'raw']).optional(),
  composeType: composeType.optional(),
  autoDeploy: z.boolean().nullable().optional(),
  gitlabProjectId: z.number().nullable().optional(),
  command: z.string().optional(),
  enableSubmodules: z.boolean().optional(),
  composePath: z.string().min(1).optional(),
  suffix: z.string().optional(),
  randomize: z.boolean().optional(),
  isolatedDeployment: z.boolean().optional(),
  isolatedDeploymentsVolume: z.boolean().optional(),
  triggerType: z.enum(['push', 'tag']).nullable().optional(),
  composeStatus: z.enum(['idle', 'running', 'done', 'error']).optional(),
  environmentId: z.string().optional(),
  createdAt: z.string().optional(),
  watchPaths: z.array(z.string()).nullable().optional(),
  serviceNetworks: z.array(z.unknown()).nullable().optional(),
  ...Object.fromEntries(TEXT_COLUMNS.map((column) => [column, optionalText])),
});

const deployInput = z.object({
  composeId: id,
  title: z.string().optional(),
  description: z.string().optional(),
});

export function findCompose(state: StandInState, composeId: string) {
  const compose = state.composes.get(composeId);
  if (!compose) throw notFound('Compose not found');
  return compose;
}

function matches(value: unknown, needle: string | undefined): boolean {
  if (needle === undefined || needle === '') return true;
  return typeof value === 'string' && value.toLowerCase().includes(needle.toLowerCase());
}

export const composeProcedures: Record<string, Procedure> = {
  'compose.create': mutation(
    z.object({
      name: z.string().min(1),
      description: optionalText,
      environmentId: z.string(),
      composeType: composeType.optional(),
      appName: appName.optional(),
      serverId: optionalText,
      composeFile: z.string().optional(),
    }),
    (input, { state }) => {
      if (!state.environments.has(input.environmentId)) throw notFound('Environment not found');
      const { description, serverId, ...rest } = input;
      return state.addCompose({
        ...rest,
        description: description ?? null,
        serverId: serverId ?? null,
      });
    },
  ),

  'compose.update': mutation(composeUpdateInput, (input, { state }) => {
    const compose = findCompose(state, input.composeId);
    // Dokploy ignores appName on update: renaming would orphan the running project.
    const { appName: _ignored, composeId: _id, ...changes } = input;
    for (const [column, value] of Object.entries(changes)) {
      if (value !== undefined) compose[column] = value;
    }
    return compose;
  }),

  'compose.one': query(z.object({ composeId: id }), ({ composeId }, { state, version }) =>
    composeOneView(state, findCompose(state, composeId), version),
  ),

  // Dokploy answers with the file it would deploy, re-serialised; with no domains that is the
  // source file itself. Variables stay uninterpolated.
  'compose.getConvertedCompose': query(z.object({ composeId: id }), ({ composeId }, { state }) =>
    stringify(parse(findCompose(state, composeId).composeFile) ?? {}),
  ),

  'compose.deploy': mutation(deployInput, (input, { state, jobs }) => {
    findCompose(state, input.composeId);
    jobs.enqueue({
      kind: 'compose',
      composeId: input.composeId,
      title: input.title ?? 'Manual deployment',
      description: input.description ?? '',
    });
    return { success: true, message: 'Deployment queued', composeId: input.composeId };
  }),

  'compose.redeploy': mutation(deployInput, (input, { state, jobs }) => {
    findCompose(state, input.composeId);
    jobs.enqueue({
      kind: 'compose',
      composeId: input.composeId,
      title: input.title ?? 'Rebuild deployment',
      description: input.description ?? '',
    });
    return { success: true, message: 'Redeployment queued', composeId: input.composeId };
  }),

  'compose.search': query(
    z.object({
      q: z.string().optional(),
      name: z.string().optional(),
      appName: z.string().optional(),
      description: z.string().optional(),
      projectId: z.string().optional(),
      environmentId: z.string().optional(),
      limit: z.coerce.number().min(1).max(100).default(20),
      offset: z.coerce.number().min(0).default(0),
    }),
    (input, { state }) => {
      const found = [...state.composes.values()].filter((compose) => {
        const projectId = state.environments.get(compose.environmentId)?.projectId;
        const anyText = [compose.name, compose.appName, compose.description];
        return (
          (input.q === undefined || anyText.some((value) => matches(value, input.q))) &&
          matches(compose.name, input.name) &&
          matches(compose.appName, input.appName) &&
          matches(compose.description, input.description) &&
          (input.projectId === undefined || projectId === input.projectId) &&
          (input.environmentId === undefined || compose.environmentId === input.environmentId)
        );
      });
      found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const page = found.slice(input.offset, input.offset + input.limit);
      return { items: page.map(composeSearchItem), total: found.length };
    },
  ),
};
