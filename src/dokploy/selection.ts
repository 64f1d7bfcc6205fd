import { SelectionError } from './errors.js';
import {
  type ApplicationSummary,
  type ComposeSummary,
  DATABASE_KINDS,
  type DatabaseSummary,
  type ProjectSummary,
} from './schemas.js';

/** What the user asked to watch, as the CLI flags and the config file say it. */
export interface Selection {
  /** Dokploy project names, exact and case-sensitive. */
  projects: string[];
  /** Environment names; default: every environment of the selected projects. */
  environments?: string[];
  /** Service names (compose or application) as Dokploy lists them. */
  services?: string[];
  excludeServices?: string[];
  /** Everything the API key can see. */
  all?: boolean;
  /** Compose services by ID; these need no `project.all` call. */
  composeIds?: string[];
}

/** A service picked from `project.all`, before its details are fetched. */
export interface ServiceRef {
  /** `database`: listed so the report can say it is not applicable; never fetched. */
  kind: 'compose' | 'application' | 'database';
  id: string;
  name: string;
  projectName: string;
  /** null on Dokploy before v0.25, which had no environments. */
  environmentName: string | null;
}

interface EnvironmentView {
  name: string | null;
  compose: ComposeSummary[];
  applications: ApplicationSummary[];
  databases: Array<{ id: string; name: string }>;
}

/** Pure: narrows the project list to the services the selection names, or says what is unknown. */
export function selectServices(projects: ProjectSummary[], selection: Selection): ServiceRef[] {
  const chosen = selection.all ? projects : pickProjects(projects, selection.projects);
  const scoped = chosen.flatMap((project) =>
    pickEnvironments(project, environmentsOf(project), selection.environments, chosen),
  );
  let refs = scoped.flatMap(({ project, environment }) => [
    ...environment.compose.map((c) => ref('compose', c.composeId, c.name, project, environment)),
    ...environment.applications.map((a) =>
      ref('application', a.applicationId, a.name, project, environment),
    ),
    ...environment.databases.map((d) => ref('database', d.id, d.name, project, environment)),
  ]);

  const known = [...new Set(refs.map((r) => r.name))];
  if (selection.services?.length) {
    requireKnown('service', selection.services, known, '--service');
    refs = refs.filter((r) => selection.services?.includes(r.name));
  }
  if (selection.excludeServices?.length) {
    requireKnown('service', selection.excludeServices, known, '--exclude-service');
    refs = refs.filter((r) => !selection.excludeServices?.includes(r.name));
  }
  return refs;
}

function pickProjects(projects: ProjectSummary[], names: string[]): ProjectSummary[] {
  requireKnown(
    'project',
    names,
    projects.map((p) => p.name),
    '--project',
  );
  return projects.filter((p) => names.includes(p.name));
}

// Before v0.25 the service arrays hang off the project itself: one unnamed environment.
function environmentsOf(project: ProjectSummary): EnvironmentView[] {
  const list = project.environments ? project.environments : [{ ...project, name: null }];
  return list.map((e) => ({
    name: e.name,
    compose: e.compose ?? [],
    applications: e.applications ?? [],
    databases: DATABASE_KINDS.flatMap((kind) =>
      (e[kind] ?? []).map((row) => ({ id: databaseId(kind, row), name: row.name })),
    ),
  }));
}

// Each database kind names its key column after itself (`postgresId`, `redisId`, ...).
function databaseId(kind: string, row: DatabaseSummary): string {
  const id = row[`${kind}Id`];
  return typeof id === 'string' ? id : `${kind}:${row.name}`;
}

function pickEnvironments(
  project: ProjectSummary,
  environments: EnvironmentView[],
  wanted: string[] | undefined,
  chosen: ProjectSummary[],
) {
  if (wanted?.length) {
    if (!project.environments) {
      throw new SelectionError(
        `Project "${project.name}" has no environments (Dokploy before v0.25): drop --environment.`,
      );
    }
    const known = chosen.flatMap((p) => (p.environments ?? []).map((e) => e.name));
    requireKnown('environment', wanted, [...new Set(known)], '--environment');
  }
  return environments
    .filter((e) => !wanted?.length || (e.name !== null && wanted.includes(e.name)))
    .map((environment) => ({ project, environment }));
}

function ref(
  kind: ServiceRef['kind'],
  id: string,
  name: string,
  project: ProjectSummary,
  environment: EnvironmentView,
): ServiceRef {
  return { kind, id, name, projectName: project.name, environmentName: environment.name };
}

function requireKnown(what: string, names: string[], known: string[], flag: string): void {
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const list = known.length ? known.map((k) => `"${k}"`).join(', ') : '(none)';
  const hints = unknown
    .map((name) => known.find((k) => k.toLowerCase() === name.toLowerCase() && k !== name))
    .filter((hint): hint is string => hint !== undefined)
    .map((hint) => ` Did you mean "${hint}"? Names are case-sensitive.`)
    .join('');
  throw new SelectionError(
    `Unknown ${what} ${unknown.map((u) => `"${u}"`).join(', ')}. ` +
      `Known ${what}s visible to this API key: ${list}. ` +
      `Pass ${flag} with one of these exact names.${hints}`,
  );
}
