import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importString, readBlueprint } from '../../src/cli/blueprint.js';
import { parseToml, type Table } from './ship-toml.js';

// The rules of Dokploy's templates repository (README "General Requirements", CONTRIBUTING and
// its validate-template / validate-docker-compose scripts), checked on our blueprint folder.
const repoRoot = resolve(import.meta.dirname, '../..');
const folder = join(repoRoot, 'deploy/dokploy-autoupdate');
const DOMAIN = '$' + '{domain}';
const PASSWORD_32 = '$' + '{password:32}';
const HELPERS =
  /^(domain|password(:\d+)?|base64(:\d+)?|hash(:\d+)?|uuid|randomPort|email|username)$/;

interface ComposeFile {
  services: Record<string, Record<string, unknown>>;
  networks?: unknown;
  volumes?: Record<string, unknown>;
}

const compose = parseYaml(readFileSync(join(folder, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const toml = parseToml(readFileSync(join(folder, 'template.toml'), 'utf8'));
const config = toml.config as Table;
const variables = toml.variables as Record<string, string>;

describe('the Dokploy template blueprint', () => {
  it('has the files of a blueprint folder, with meta.json naming the folder and its logo', () => {
    const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as Record<
      string,
      unknown
    >;

    expect(readdirSync(folder)).toEqual(
      expect.arrayContaining(['docker-compose.yml', 'template.toml', 'meta.json']),
    );
    expect(meta.id).toBe('dokploy-autoupdate');
    expect(existsSync(join(folder, String(meta.logo)))).toBe(true);
    expect(meta).toMatchObject({ name: expect.any(String), version: expect.any(String) });
  });

  it('uses no container_name, no host port mapping and no networks', () => {
    expect(compose.networks).toBeUndefined();
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.container_name, name).toBeUndefined();
      expect(service.networks, name).toBeUndefined();
      const ports = (service.ports ?? []) as unknown[];
      expect(ports.filter((p) => /^\d+:\d+/.test(String(p)) || typeof p === 'object')).toEqual([]);
    }
    expect(readFileSync(join(folder, 'docker-compose.yml'), 'utf8')).not.toContain(
      'dokploy-network',
    );
  });

  it('declares a domain for a service of the compose file, on a valid port', () => {
    const domains = config.domains as Table[];

    expect(domains.length).toBeGreaterThan(0);
    for (const domain of domains) {
      expect(Object.keys(compose.services)).toContain(domain.serviceName);
      expect(domain.port).toBeGreaterThanOrEqual(1);
      expect(domain.port).toBeLessThanOrEqual(65_535);
      expect(String(domain.host)).toMatch(/\$\{\w+\}/);
    }
  });

  it('makes the dashboard token a 32-character password and the host the domain helper', () => {
    const env = config.env as Record<string, string>;

    expect(Object.values(variables)).toEqual(expect.arrayContaining([DOMAIN, PASSWORD_32]));
    expect(env.AUTOUPDATE_API_TOKEN).toMatch(/^\$\{\w+\}$/);
    expect(variables[env.AUTOUPDATE_API_TOKEN?.slice(2, -1) ?? '']).toBe(PASSWORD_32);
  });

  it('references only defined variables or known helpers', () => {
    const text = readFileSync(join(folder, 'template.toml'), 'utf8');

    for (const [, name] of text.matchAll(/\$\{([^}]+)\}/g)) {
      expect(name && (name in variables || HELPERS.test(name)), name).toBe(true);
    }
  });

  it('mounts every file of [[config.mounts]] from ../files into the service', () => {
    const mounts = (config.mounts ?? []) as Table[];
    const volumes = Object.values(compose.services).flatMap((s) => (s.volumes ?? []) as string[]);

    for (const mount of mounts) {
      expect(typeof mount.content).toBe('string');
      expect(volumes.some((v) => v.startsWith(`../files/${mount.filePath}:`))).toBe(true);
      expect(() => parseYaml(String(mount.content))).not.toThrow();
    }
  });

  it('prints the Import string: base64 of both files as JSON, as the templates site does', () => {
    const printed = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'template'],
      { cwd: repoRoot, encoding: 'utf8' },
    );

    expect(printed.status, printed.stderr).toBe(0);
    const json = JSON.parse(Buffer.from(printed.stdout.trim(), 'base64').toString('utf8'));
    expect(json).toEqual(readBlueprint());
    expect(printed.stdout.trim()).toBe(importString(readBlueprint()));
  });
});
