import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../../src/dokploy/index.js';
import { SelectionError, selectServices } from '../../../src/dokploy/index.js';

const compose = (composeId: string, name: string) => ({ composeId, name, composeStatus: 'done' });
const app = (applicationId: string, name: string) => ({ applicationId, name });

// The v0.25+ shape, trimmed as v0.28.3+ answers it.
const current: ProjectSummary[] = [
  {
    projectId: 'p1',
    name: 'shop',
    env: '',
    environments: [
      {
        name: 'production',
        env: '',
        compose: [compose('c1', 'web')],
        applications: [app('a1', 'api')],
      },
      { name: 'staging', env: '', compose: [compose('c2', 'web')], applications: [] },
    ],
  },
  {
    projectId: 'p2',
    name: 'Blog',
    env: '',
    environments: [{ name: 'production', env: '', compose: [compose('c3', 'ghost')] }],
  },
];

// Before v0.25: no environments, services directly on the project.
const legacy: ProjectSummary[] = [
  { projectId: 'p9', name: 'old', env: '', compose: [compose('c9', 'db')], applications: [] },
];

const ids = (projects: ProjectSummary[], selection: Parameters<typeof selectServices>[1]) =>
  selectServices(projects, selection).map((ref) => `${ref.kind}:${ref.id}`);

describe('selectServices', () => {
  it.each([
    [
      'one project, every environment',
      { projects: ['shop'] },
      ['compose:c1', 'application:a1', 'compose:c2'],
    ],
    [
      'narrowed to an environment',
      { projects: ['shop'], environments: ['staging'] },
      ['compose:c2'],
    ],
    ['narrowed to a service name', { projects: ['shop'], services: ['api'] }, ['application:a1']],
    ['a service excluded', { projects: ['shop'], excludeServices: ['web'] }, ['application:a1']],
    [
      'everything',
      { projects: [], all: true },
      ['compose:c1', 'application:a1', 'compose:c2', 'compose:c3'],
    ],
  ])('%s', (_label, selection, expected) => {
    expect(ids(current, selection)).toEqual(expected);
  });

  it('reads projects from before v0.25 as one environment without a name', () => {
    const refs = selectServices(legacy, { projects: ['old'] });

    expect(refs).toEqual([
      { kind: 'compose', id: 'c9', name: 'db', projectName: 'old', environmentName: null },
    ]);
  });

  it('names the known projects when one is unknown, and hints at case', () => {
    const attempt = () => selectServices(current, { projects: ['blog'] });

    expect(attempt).toThrow(SelectionError);
    expect(attempt).toThrow(
      /Unknown project "blog".*"shop", "Blog".*--project.*Did you mean "Blog"/,
    );
  });

  it.each([
    ['environment', { projects: ['shop'], environments: ['prod'] }, /"production", "staging"/],
    [
      'service',
      { projects: ['shop'], services: ['ghost'] },
      /Unknown service "ghost".*"web", "api"/,
    ],
    ['excluded service', { projects: ['shop'], excludeServices: ['wbe'] }, /--exclude-service/],
  ])('rejects an unknown %s with the names that exist', (_label, selection, message) => {
    expect(() => selectServices(current, selection)).toThrow(message);
  });

  it('refuses --environment on a Dokploy without environments', () => {
    expect(() =>
      selectServices(legacy, { projects: ['old'], environments: ['production'] }),
    ).toThrow(/no environments.*drop --environment/);
  });
});
