import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsConfigError, loadCredentialStore } from '../../../src/registry/index.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'registry-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(config: unknown): Promise<void> {
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
}

/** A credential helper speaking the real protocol; it logs every server it is asked about. */
async function writeHelper(name: string, answers: Record<string, object>): Promise<string> {
  const log = join(dir, `${name}.log`);
  const script = `#!/usr/bin/env node
const answers = ${JSON.stringify(answers)};
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  require('node:fs').appendFileSync(${JSON.stringify(log)}, process.argv[2] + ' ' + input + '\\n');
  const answer = answers[input];
  if (!answer) {
    process.stdout.write('credentials not found in native keychain');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(answer));
});
`;
  const path = join(dir, `docker-credential-${name}`);
  await writeFile(path, script);
  await chmod(path, 0o755);
  return log;
}

const env = () => ({ PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir });

describe('loadCredentialStore', () => {
  it('reads auths: base64 auth, username/password, identitytoken, Docker Hub key', async () => {
    await writeConfig({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pass').toString('base64') },
        'localhost:5000': { username: 'alice', password: 'wonderland' },
        'https://ghcr.io': { identitytoken: 'refresh-token-xyz' },
      },
    });

    const store = await loadCredentialStore({ configDir: dir, env: env() });

    expect(await store.get('docker.io')).toEqual({ username: 'hubuser', password: 'hub:pass' });
    expect(await store.get('localhost:5000')).toEqual({
      username: 'alice',
      password: 'wonderland',
    });
    expect(await store.get('ghcr.io')).toEqual({ identityToken: 'refresh-token-xyz' });
    expect(await store.get('quay.io')).toBeUndefined();
  });

  it('12: asks the credHelper named for a host, only for it; credsStore for the rest', async () => {
    const ecrLog = await writeHelper('ecr-test', {
      [ECR]: { ServerURL: ECR, Username: 'AWS', Secret: 'ecr-secret-1' },
    });
    const storeLog = await writeHelper('store-test', {
      'https://index.docker.io/v1/': { Username: 'hubby', Secret: 'hub-secret-2' },
      'ghcr.io': { Username: '<token>', Secret: 'identity-3' },
    });
    await writeConfig({ credsStore: 'store-test', credHelpers: { [ECR]: 'ecr-test' } });

    const store = await loadCredentialStore({ configDir: dir, env: env() });

    expect(await store.get(ECR)).toEqual({ username: 'AWS', password: 'ecr-secret-1' });
    expect(await store.get('docker.io')).toEqual({ username: 'hubby', password: 'hub-secret-2' });
    expect(await store.get('ghcr.io')).toEqual({ identityToken: 'identity-3' });
    expect(await store.get('quay.io')).toBeUndefined();
    expect((await readFile(ecrLog, 'utf8')).trim().split('\n')).toEqual([`get ${ECR}`]);
    expect((await readFile(storeLog, 'utf8')).trim().split('\n')).toEqual([
      'get https://index.docker.io/v1/',
      'get ghcr.io',
      'get quay.io',
    ]);
  });

  it('falls back to auths when the helper has nothing', async () => {
    await writeHelper('empty', {});
    await writeConfig({
      credsStore: 'empty',
      auths: { 'registry.local:5000': { username: 'u', password: 'p-from-file' } },
    });

    const store = await loadCredentialStore({ configDir: dir, env: env() });

    expect(await store.get('registry.local:5000')).toEqual({
      username: 'u',
      password: 'p-from-file',
    });
  });

  it('treats a missing file as no credentials, and uses DOCKER_CONFIG', async () => {
    const store = await loadCredentialStore({ env: { DOCKER_CONFIG: dir } });

    expect(await store.get('docker.io')).toBeUndefined();
  });

  it('stays silent when the default ~/.docker does not exist', async () => {
    const store = await loadCredentialStore({ env: { HOME: join(dir, 'no-home') } });

    expect(await store.get('docker.io')).toBeUndefined();
  });

  it.each([
    ['DOCKER_CONFIG', (absent: string) => ({ env: { DOCKER_CONFIG: absent } })],
    ['--docker-config', (absent: string) => ({ configDir: absent, env: {} })],
  ])('refuses a folder named by %s that does not exist, naming it', async (_, options) => {
    const absent = join(dir, 'absent');

    const error = await loadCredentialStore(options(absent)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CredentialsConfigError);
    expect((error as Error).message).toContain(`docker config folder ${absent}`);
  });

  it('names the file when it is not JSON, without echoing its content', async () => {
    await writeFile(join(dir, 'config.json'), '{"auths": {"x": {"password": "leaky-value"');

    const error = await loadCredentialStore({ configDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CredentialsConfigError);
    expect((error as Error).message).toContain(join(dir, 'config.json'));
    expect((error as Error).message).not.toContain('leaky-value');
  });

  it('reports a helper that is not installed', async () => {
    await writeConfig({ credsStore: 'not-installed-anywhere' });

    const store = await loadCredentialStore({ configDir: dir, env: env() });

    await expect(store.get('docker.io')).rejects.toThrow(
      /docker-credential-not-installed-anywhere/,
    );
  });
});
