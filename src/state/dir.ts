import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StateDirProbe {
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  home: () => string;
}

const realProbe: StateDirProbe = { env: process.env, exists: existsSync, home: homedir };

/**
 * Where state lives when the configuration does not say. Inside the Dokploy container only
 * `/etc/dokploy` survives a Dokploy upgrade (the host folder mounted in), so state goes there;
 * elsewhere the XDG state folder. A container is recognised by the marker file its runtime leaves.
 */
export function defaultStateDir(probe: StateDirProbe = realProbe): string {
  const inContainer = probe.exists('/.dockerenv') || probe.exists('/run/.containerenv');
  if (inContainer && probe.exists('/etc/dokploy')) return '/etc/dokploy/dokploy-autoupdate';

  const xdg = probe.env.XDG_STATE_HOME;
  // The XDG spec says a relative path in these variables is invalid and must be ignored.
  if (xdg?.startsWith('/')) return join(xdg, 'dokploy-autoupdate');
  return join(probe.home(), '.local', 'state', 'dokploy-autoupdate');
}
