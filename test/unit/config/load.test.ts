import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const env = { DOKPLOY_URL: 'http://localhost:3000', DOKPLOY_API_KEY: 'key-123456' };

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cfg-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('reads the environment and applies defaults', () => {
    const config = loadConfig({ flags: { projects: ['demo'] }, env });

    expect(config).toMatchObject({
      dokployUrl: 'http://localhost:3000',
      dokployApiKey: 'key-123456',
      projects: ['demo'],
      dryRun: false,
      deployTimeoutSeconds: 600,
    });
  });

  it('lets flags win over the environment and the environment over the file', () => {
    const file = tempFile('c.yaml', 'dokployUrl: http://file:1\nprojects: [fromfile]\n');

    const config = loadConfig({
      flags: { dokployUrl: 'http://flag:2' },
      env: { DOKPLOY_API_KEY: 'k-abcdef', DOKPLOY_URL: 'http://env:3' },
      configFile: file,
    });

    expect(config.dokployUrl).toBe('http://flag:2');
    expect(config.projects).toEqual(['fromfile']);
  });

  it('reads the key from DOKPLOY_API_KEY_FILE without its trailing newline', () => {
    const keyFile = tempFile('key', 'secret-from-file\n');

    const config = loadConfig({
      flags: { projects: ['p'] },
      env: { DOKPLOY_URL: 'http://x:1', DOKPLOY_API_KEY_FILE: keyFile },
    });

    expect(config.dokployApiKey).toBe('secret-from-file');
  });

  it.each([
    [
      { flags: { projects: ['p'] }, env: { DOKPLOY_URL: 'http://x:1' } },
      /DOKPLOY_API_KEY.*required/,
    ],
    [{ flags: { projects: ['p'] }, env: { ...env, DOKPLOY_URL: 'ftp://x' } }, /DOKPLOY_URL/],
    [{ flags: {}, env }, /--project.*nothing to watch/],
    [{ flags: { composeIds: ['a', 'b'], images: ['x'] }, env }, /--image needs exactly one/],
    [
      {
        flags: { projects: ['p'] },
        env: { DOKPLOY_URL: 'http://x:1', DOKPLOY_API_KEY_FILE: '/nope/k' },
      },
      /DOKPLOY_API_KEY_FILE points to \/nope\/k/,
    ],
  ])('rejects bad input with a message naming it (%#)', (sources, message) => {
    const load = () => loadConfig(sources);

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('refuses a Dokploy URL with a password in it, without printing the password', () => {
    const load = () =>
      loadConfig({ flags: { projects: ['p'], dokployUrl: 'http://u:hunter2pw@x:1' }, env });

    expect(load).toThrow(/must not carry a user or password/);
    expect(load).not.toThrow(/hunter2pw/);
  });

  it('names unknown options in the config file', () => {
    const file = tempFile('c.json', '{"projects":["p"],"dokployURL":"http://x"}');

    expect(() => loadConfig({ flags: {}, env, configFile: file })).toThrow(
      /unknown option.*dokployURL/,
    );
  });

  it.each([
    ['deployTimeout: 5', 'deployTimeout (did you mean deployTimeoutSeconds?)'],
    ['project: shop', 'project (did you mean projects?)'],
    ['rolback: true', 'rolback (did you mean rollback?)'],
    ['dokployURL: http://x', 'dokployURL (did you mean dokployUrl?)'],
  ])('suggests the closest known key for %s', (line, expected) => {
    const file = tempFile('c.yml', `all: true\n${line}\n`);

    const load = () => loadConfig({ flags: {}, env, configFile: file });

    expect(load).toThrow(`config file ${file}: unknown option(s) ${expected}`);
    expect(load).toThrow('docs/configuration.md');
  });

  it('suggests nothing for a key unlike any known one', () => {
    const file = tempFile('c.yml', 'all: true\nbanana: 1\n');

    const load = () => loadConfig({ flags: {}, env, configFile: file });

    expect(load).toThrow(/unknown option\(s\) banana; the option names/);
  });

  it("names the file's key and the flag for a wrong type in the config file", () => {
    const file = tempFile('c.yml', 'all: true\ndeployTimeoutSeconds: soon\n');

    const load = () => loadConfig({ flags: {}, env, configFile: file });

    expect(load).toThrow(`deployTimeoutSeconds (--deploy-timeout) in ${file}: `);
  });

  it('names only the flag when a flag overrides the bad file value', () => {
    const file = tempFile('c.yml', 'all: true\ndeployTimeoutSeconds: soon\n');

    const load = () => loadConfig({ flags: { deployTimeoutSeconds: -1 }, env, configFile: file });

    expect(load).toThrow(/\n {2}--deploy-timeout: /);
  });

  it('never puts the API key in an error message', () => {
    const load = () =>
      loadConfig({ flags: {}, env: { ...env, DOKPLOY_API_KEY: 'super-secret-key' } });

    expect(load).toThrow(ConfigError);
    expect(() => load()).not.toThrow(/super-secret-key/);
  });
});
