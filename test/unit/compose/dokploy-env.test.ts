// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Dokploy syntax under test
import { describe, expect, it } from 'vitest';
import {
  composeVariables,
  DokployEnvReferenceError,
  resolveDokployReferences,
} from '../../../src/compose/index.js';

const project = 'DB_HOST=db.internal\nREGISTRY=ghcr.io/acme\nNESTED=${{environment.STAGE}}';
const environment = 'STAGE=production\nTAG="1.4"';

describe('resolveDokployReferences', () => {
  it.each([
    ['a project reference', '${{project.DB_HOST}}:5432', 'db.internal:5432'],
    ['an environment reference', 'app:${{environment.TAG}}', 'app:1.4'],
    ['both in one value', '${{project.REGISTRY}}/app:${{environment.TAG}}', 'ghcr.io/acme/app:1.4'],
    ['a reference to another service variable', '${{OWN}}-x', 'own-value-x'],
    ['a project value that refers to the environment', '${{project.NESTED}}', 'production'],
    ['compose syntax is left for compose', '${TAG:-x} $HOME', '${TAG:-x} $HOME'],
    ['no reference', 'plain', 'plain'],
  ])('resolves %s', (_case, value, expected) => {
    const resolved = resolveDokployReferences(
      { VALUE: value, OWN: 'own-value' },
      { project, environment },
    );

    expect(resolved.VALUE).toBe(expected);
  });

  it('takes a service self-reference as written, without resolving it again', () => {
    const vars = { A: '${{project.DB_HOST}}', B: '${{A}}' };

    const resolved = resolveDokployReferences(vars, { project });

    expect(resolved).toEqual({ A: 'db.internal', B: '${{project.DB_HOST}}' });
  });

  it.each([
    ['an unknown project variable', '${{project.MISSING}}', 'project.MISSING'],
    ['an unknown environment variable', '${{environment.MISSING}}', 'environment.MISSING'],
    ['an unknown service variable', '${{MISSING}}', 'MISSING'],
    ['an inherited object property', '${{project.constructor}}', 'project.constructor'],
    ['a reference with spaces', '${{ project.DB_HOST }}', ' project.DB_HOST '],
  ])('refuses %s, as Dokploy refuses to deploy it', (_case, value, reference) => {
    const action = () => resolveDokployReferences({ IMAGE: value }, { project, environment });

    expect(action).toThrow(DokployEnvReferenceError);
    expect(action).toThrow(expect.objectContaining({ variable: 'IMAGE', reference }));
  });

  it('treats a missing project or environment env as empty', () => {
    expect(() => resolveDokployReferences({ A: '${{project.X}}' }, {})).toThrow(
      DokployEnvReferenceError,
    );
    expect(resolveDokployReferences({ A: 'x' }, { project: null, environment: null })).toEqual({
      A: 'x',
    });
  });
});

describe('composeVariables', () => {
  it('gives docker compose the service env with APP_NAME, COMPOSE_PROJECT_NAME and DOCKER_CONFIG', () => {
    const variables = composeVariables({
      env: 'IMAGE=${{project.REGISTRY}}/web\n# comment\nTAG=${{environment.TAG}}',
      projectEnv: project,
      environmentEnv: environment,
      appName: 'shop-web-1a2b3c',
    });

    expect(variables).toEqual({
      APP_NAME: 'shop-web-1a2b3c',
      COMPOSE_PROJECT_NAME: 'shop-web-1a2b3c',
      IMAGE: 'ghcr.io/acme/web',
      TAG: '1.4',
      DOCKER_CONFIG: '/root/.docker',
    });
  });

  it('lets the service env override the names Dokploy adds', () => {
    const variables = composeVariables({ env: 'APP_NAME=mine\nDOCKER_CONFIG=/cfg', appName: 'a' });

    expect(variables).toMatchObject({
      APP_NAME: 'mine',
      COMPOSE_PROJECT_NAME: 'a',
      DOCKER_CONFIG: '/cfg',
    });
  });

  it('adds no DOCKER_CONFIG when the name appears anywhere in the env text, even in a comment', () => {
    const variables = composeVariables({ env: '# DOCKER_CONFIG is set by the host', appName: 'a' });

    expect(variables).not.toHaveProperty('DOCKER_CONFIG');
  });

  it('lets the service env refer to APP_NAME', () => {
    expect(composeVariables({ env: 'NAME=${{APP_NAME}}-db', appName: 'a' }).NAME).toBe('a-db');
  });

  it('adds COMPOSE_PREFIX when randomize is on', () => {
    expect(composeVariables({ appName: 'a', randomizeSuffix: 'x1y2' }).COMPOSE_PREFIX).toBe('x1y2');
  });

  it('gives compose nothing when Dokploy writes no env file', () => {
    expect(composeVariables({ env: 'A=1', appName: 'a', createEnvFile: false })).toEqual({});
  });

  it('gives a stack only the service env, without empty values or added names', () => {
    const variables = composeVariables({
      env: 'IMAGE=${{project.REGISTRY}}/web\nEMPTY=\nTAG=2',
      projectEnv: project,
      appName: 'a',
      composeType: 'stack',
    });

    expect(variables).toEqual({ IMAGE: 'ghcr.io/acme/web', TAG: '2' });
  });

  it('refuses an unknown reference without quoting any value', () => {
    const action = () =>
      composeVariables({ env: 'PASSWORD=hunter2\nURL=${{project.NOPE}}', appName: 'a' });

    expect(action).toThrow(DokployEnvReferenceError);
    expect(action).toThrow(/URL refers to \$\{\{project\.NOPE\}\}/);
    expect(action).not.toThrow(/hunter2/);
  });
});
