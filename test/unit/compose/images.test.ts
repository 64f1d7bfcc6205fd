// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose syntax under test
import { describe, expect, it } from 'vitest';
import {
  ComposeFileError,
  ComposeInterpolationError,
  composeVariables,
  extractServices,
} from '../../../src/compose/index.js';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('extractServices', () => {
  it('lists image services, build services and pull settings in file order', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    pull_policy: always',
      '    platform: linux/arm64',
      '  api:',
      '    build: ./api',
      '  worker:',
      '    build: { context: ., dockerfile: Dockerfile.worker }',
      '    image: registry.local/worker:dev',
      '  cache:',
      '    image: redis:7',
      '    pull_policy: never',
    );

    const result = extractServices(text, {});

    expect(result.services).toEqual([
      {
        service: 'web',
        image: 'nginx:1.27',
        build: false,
        pullPolicy: 'always',
        platform: 'linux/arm64',
      },
      { service: 'api', build: true },
      { service: 'worker', image: 'registry.local/worker:dev', build: true },
      { service: 'cache', image: 'redis:7', build: false, pullPolicy: 'never' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('interpolates image references with the variables Dokploy gives compose', () => {
    const text = yaml(
      'services:',
      '  app:',
      '    image: ${REGISTRY}/app:${TAG:-latest}',
      '    container_name: ${APP_NAME}-app',
      '  db:',
      '    image: "postgres:${PG_VERSION-16}"',
      '  side:',
      "    image: 'busybox:$$literal'",
    );
    const variables = composeVariables({
      env: 'REGISTRY=${{project.REGISTRY}}\nTAG=',
      projectEnv: 'REGISTRY=127.0.0.1:5000',
      appName: 'shop-app',
    });

    const result = extractServices(text, variables);

    expect(result.services.map((service) => service.image)).toEqual([
      '127.0.0.1:5000/app:latest',
      'postgres:16',
      'busybox:$literal',
    ]);
  });

  it('refuses an alias used before its anchor, naming the line', () => {
    const text = yaml('services:', '  four:', '    image: *img', 'x-late: &img alpine:3');

    const run = () => extractServices(text, {});

    expect(run).toThrow(ComposeFileError);
    expect(run).toThrow(/alias \*img at line 3, column 12/);
  });

  it('reads anchors, aliases and merge keys, and skips top-level x- fields', () => {
    const text = yaml(
      'x-image: &img alpine:3.20',
      'x-base: &base',
      '  image: ${IMAGE:-ghcr.io/acme/base:1}',
      '  pull_policy: missing',
      'x-build: &build',
      '  build: .',
      'services:',
      '  one:',
      '    <<: *base',
      '  two:',
      '    <<: *base',
      '    image: ghcr.io/acme/two:2',
      '  three:',
      '    <<: [*base, *build]',
      '  four:',
      '    image: *img',
    );

    const result = extractServices(text, {});

    expect(result.services).toEqual([
      { service: 'one', image: 'ghcr.io/acme/base:1', build: false, pullPolicy: 'missing' },
      { service: 'two', image: 'ghcr.io/acme/two:2', build: false, pullPolicy: 'missing' },
      { service: 'three', image: 'ghcr.io/acme/base:1', build: true, pullPolicy: 'missing' },
      { service: 'four', image: 'alpine:3.20', build: false },
    ]);
  });

  it('honours compose !reset and !override tags', () => {
    const text = yaml(
      'x-base: &base',
      '  image: app:1',
      '  build: .',
      'services:',
      '  web:',
      '    <<: *base',
      '    build: !reset null',
      '  api:',
      '    <<: *base',
      '    image: !override app:2',
    );

    const result = extractServices(text, {});

    expect(result.services).toEqual([
      { service: 'web', image: 'app:1', build: false },
      { service: 'api', image: 'app:2', build: true },
    ]);
  });

  it('warns about unset variables and an image that interpolates to nothing', () => {
    const text = yaml(
      'x-note: ${UNUSED_IN_SERVICES}',
      'services:',
      '  web:',
      '    image: ${IMAGE}',
      '  idle:',
      '    command: sleep 1',
    );

    const result = extractServices(text, {});

    expect(result.services).toEqual([
      { service: 'web', build: false, image: '' },
      { service: 'idle', build: false },
    ]);
    expect(result.warnings).toEqual([
      'variable UNUSED_IN_SERVICES is not set; an empty string was substituted',
      'variable IMAGE is not set; an empty string was substituted',
      'service web: image is empty after interpolation; compose will reject it',
      'service idle has neither image nor build; compose will reject it',
    ]);
  });

  it('does not interpolate keys', () => {
    const result = extractServices(yaml('services:', '  $NAME:', '    image: a:1'), { NAME: 'x' });

    expect(result.services[0]?.service).toBe('$NAME');
  });

  it('fails like compose on a required variable, naming the variable and where it is', () => {
    const text = yaml('services:', '  web:', '    image: app:${TAG:?set TAG in Dokploy}');

    const thrown = catchError(() => extractServices(text, {}));

    expect(thrown).toBeInstanceOf(ComposeInterpolationError);
    expect(thrown).toMatchObject({
      variable: 'TAG',
      path: 'services.web.image',
      message: 'services.web.image: required variable TAG is not set: set TAG in Dokploy',
    });
  });

  it.each([
    ['an empty file', '', /no `services` section/],
    ['a file without services', yaml('version: "3.8"', 'volumes: {}'), /no `services` section/],
    ['an empty services key', yaml('services:'), /no `services` section/],
    ['services as a list', yaml('services:', '  - web'), /`services` must be a mapping/],
    ['a top-level list', yaml('- services'), /must be a mapping at the top level/],
    ['a scalar file', 'just text', /must be a mapping at the top level/],
    [
      'a service that is a string',
      yaml('services:', '  web: nginx'),
      /service web must be a mapping, not a string/,
    ],
    ['an empty service', yaml('services:', '  web:'), /service web must be a mapping, not empty/],
    [
      'an image that is a number',
      yaml('services:', '  web:', '    image: 5'),
      /`image` must be a string/,
    ],
    ['an unknown alias', yaml('services:', '  web: *nowhere'), /line 2/],
    ['a duplicate key', yaml('services:', '  web:', '    image: a', '    image: b'), /line 4/],
  ])('refuses %s with a ComposeFileError', (_case, text, message) => {
    const thrown = catchError(() => extractServices(text, {}));

    expect(thrown).toBeInstanceOf(ComposeFileError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('names the line of a YAML syntax error without quoting the file', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    environment: [PASSWORD=hunter2',
      'x: 1',
    );

    const thrown = catchError(() => extractServices(text, {}));

    expect(thrown).toBeInstanceOf(ComposeFileError);
    expect(thrown).toMatchObject({ line: 5 });
    expect((thrown as Error).message).toMatch(
      /^compose file is not valid YAML at line 5, column \d+: /,
    );
    expect((thrown as Error).message).not.toContain('hunter2');
    expect((thrown as Error).cause).toBeUndefined();
  });

  it('refuses alias bombs instead of expanding them', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const prev = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      levels.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }

    const run = () => extractServices(yaml(...levels, 'services: {}'), {});

    expect(run).toThrow(ComposeFileError);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
