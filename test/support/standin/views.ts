import {
  APPLICATION_ONE_RELATIONS,
  COMPOSE_ONE_RELATIONS,
  SERVICE_ARRAY_KEYS,
} from './fixtures.js';
import type {
  ApplicationRow,
  ComposeRow,
  EnvironmentRow,
  ProjectRow,
  StandInState,
} from './store.js';
import { hasEnvironments, trimsProjectAll } from './version.js';

// Response shapes, one function per recorded shape. Key sets follow the recorded exchanges; key
// order does not matter to clients but is kept close to Dokploy's for easier diffing by eye.

type ServiceArrays = Record<(typeof SERVICE_ARRAY_KEYS)[number], unknown[]>;

function serviceArrays(
  state: StandInState,
  environmentIds: string[],
  trimmed: boolean,
): ServiceArrays {
  const arrays = Object.fromEntries(
    SERVICE_ARRAY_KEYS.map((key) => [key, [] as unknown[]]),
  ) as ServiceArrays;
  for (const app of state.applications.values()) {
    if (!environmentIds.includes(app.environmentId)) continue;
    arrays.applications.push(
      trimmed
        ? {
            applicationId: app.applicationId,
            name: app.name,
            applicationStatus: app.applicationStatus,
          }
        : { ...app },
    );
  }
  for (const compose of state.composes.values()) {
    if (!environmentIds.includes(compose.environmentId)) continue;
    arrays.compose.push(
      trimmed
        ? { composeId: compose.composeId, name: compose.name, composeStatus: compose.composeStatus }
        : { ...compose },
    );
  }
  return arrays;
}

function environmentsOf(state: StandInState, projectId: string): EnvironmentRow[] {
  return [...state.environments.values()].filter((env) => env.projectId === projectId);
}

export function projectAllView(state: StandInState, version: string): unknown[] {
  return [...state.projects.values()].map((project) => {
    const environments = environmentsOf(state, project.projectId);
    if (!hasEnvironments(version)) {
      // Before v0.25 the service arrays hung off the project itself, with full rows.
      const ids = environments.map((env) => env.environmentId);
      return { ...project, ...serviceArrays(state, ids, false), projectTags: [] };
    }
    const trimmed = trimsProjectAll(version);
    return {
      ...project,
      environments: environments.map((env) => ({
        ...(trimmed
          ? { name: env.name, environmentId: env.environmentId, isDefault: env.isDefault }
          : env),
        ...serviceArrays(state, [env.environmentId], trimmed),
      })),
      projectTags: [],
    };
  });
}

export function projectOneView(state: StandInState, project: ProjectRow): unknown {
  return {
    ...project,
    environments: environmentsOf(state, project.projectId).map((env) => ({
      ...env,
      ...serviceArrays(state, [env.environmentId], false),
    })),
    projectTags: [],
  };
}

export function environmentView(
  state: StandInState,
  env: EnvironmentRow,
  detail: 'list' | 'one',
): unknown {
  const head = { name: env.name, description: env.description, environmentId: env.environmentId };
  const extra = detail === 'one' ? { projectId: env.projectId, env: env.env } : {};
  return {
    ...head,
    isDefault: env.isDefault,
    ...extra,
    ...serviceArrays(state, [env.environmentId], false),
    project: state.projects.get(env.projectId),
  };
}

function environmentWithProject(state: StandInState, environmentId: string): unknown {
  const env = state.environments.get(environmentId);
  return env ? { ...env, project: state.projects.get(env.projectId) } : null;
}

export function composeOneView(state: StandInState, compose: ComposeRow, version: string): unknown {
  const deployments = state.deploymentsOf({ composeId: compose.composeId }).map((row) => ({
    ...row,
  }));
  if (!hasEnvironments(version)) {
    const { environmentId, ...row } = compose;
    const projectId = state.environments.get(environmentId)?.projectId ?? null;
    const project = projectId ? state.projects.get(projectId) : null;
    return { ...row, projectId, project, deployments, ...COMPOSE_ONE_RELATIONS };
  }
  return {
    ...compose,
    environment: environmentWithProject(state, compose.environmentId),
    deployments,
    ...COMPOSE_ONE_RELATIONS,
  };
}

export function applicationOneView(state: StandInState, app: ApplicationRow): unknown {
  return {
    ...app,
    environment: environmentWithProject(state, app.environmentId),
    deployments: state
      .deploymentsOf({ applicationId: app.applicationId })
      .map((row) => ({ ...row })),
    ...APPLICATION_ONE_RELATIONS,
  };
}

export function composeSearchItem(compose: ComposeRow): unknown {
  return {
    composeId: compose.composeId,
    name: compose.name,
    appName: compose.appName,
    description: compose.description,
    environmentId: compose.environmentId,
    composeStatus: compose.composeStatus,
    sourceType: compose.sourceType,
    createdAt: compose.createdAt,
  };
}
