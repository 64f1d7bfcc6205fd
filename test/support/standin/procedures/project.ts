import { z } from 'zod';
import { notFound } from '../errors.js';
import type { StandInState } from '../store.js';
import { environmentView, projectAllView, projectOneView } from '../views.js';
import { mutation, type Procedure, query } from './types.js';

const id = z.string().min(1);

function findProject(state: StandInState, projectId: string) {
  const project = state.projects.get(projectId);
  if (!project) throw notFound('Project not found');
  return project;
}

function findEnvironment(state: StandInState, environmentId: string) {
  const environment = state.environments.get(environmentId);
  if (!environment) throw notFound('Environment not found');
  return environment;
}

export const projectProcedures: Record<string, Procedure> = {
  'settings.getDokployVersion': query(z.object({}), (_input, { version }) => version),

  // Dokploy lists the organization's servers; the SSH key itself never leaves it.
  'server.all': query(z.object({}), (_input, { state }) => [...state.servers.values()]),

  'project.all': query(z.object({}), (_input, { state, version }) =>
    projectAllView(state, version),
  ),

  'project.one': query(z.object({ projectId: id }), ({ projectId }, { state }) =>
    projectOneView(state, findProject(state, projectId)),
  ),

  'project.create': mutation(
    z.object({
      name: z.string().min(1),
      description: z.string().nullable().optional(),
      env: z.string().optional(),
    }),
    (input, { state }) => state.addProject(input),
  ),

  'environment.byProjectId': query(
    z.object({ projectId: z.string() }),
    ({ projectId }, { state }) =>
      [...state.environments.values()]
        .filter((env) => env.projectId === projectId)
        .map((env) => environmentView(state, env, 'list')),
  ),

  'environment.one': query(z.object({ environmentId: id }), ({ environmentId }, { state }) =>
    environmentView(state, findEnvironment(state, environmentId), 'one'),
  ),

  'environment.create': mutation(
    z.object({ name: z.string().min(1), description: z.string().optional(), projectId: id }),
    (input, { state }) => {
      findProject(state, input.projectId);
      return state.addEnvironment(input);
    },
  ),
};
