import { describe, expect, it } from 'vitest';
import { defaultStateDir } from '../../../src/state/index.js';

function probe(files: string[], env: NodeJS.ProcessEnv = {}) {
  return { env, exists: (path: string) => files.includes(path), home: () => '/home/ann' };
}

describe('defaultStateDir', () => {
  it('uses /etc/dokploy inside the Dokploy container, where state survives upgrades', () => {
    expect(defaultStateDir(probe(['/.dockerenv', '/etc/dokploy']))).toBe(
      '/etc/dokploy/dokploy-autoupdate',
    );
  });

  it('uses XDG_STATE_HOME on a host, even one with /etc/dokploy', () => {
    expect(defaultStateDir(probe(['/etc/dokploy'], { XDG_STATE_HOME: '/var/st' }))).toBe(
      '/var/st/dokploy-autoupdate',
    );
  });

  it('ignores a relative XDG_STATE_HOME, as the spec says', () => {
    expect(defaultStateDir(probe([], { XDG_STATE_HOME: 'rel' }))).toBe(
      '/home/ann/.local/state/dokploy-autoupdate',
    );
  });
});
