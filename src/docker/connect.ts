import Docker from 'dockerode';

/** Where the engine is, as the user gave it, for messages ("no container on unix:///var/run/…"). */
export interface EngineAddress {
  docker: Docker;
  description: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Connects to the engine named by `--docker-host` / `DOCKER_HOST`, or the local socket. Only the
 * forms dockerode understands natively are accepted, so a typo fails here, not mid-run.
 */
export function connectEngine(host: string | undefined): EngineAddress {
  if (!host) {
    return {
      docker: new Docker({ socketPath: DEFAULT_SOCKET }),
      description: `unix://${DEFAULT_SOCKET}`,
    };
  }

  if (host.startsWith('unix://')) {
    return { docker: new Docker({ socketPath: host.slice('unix://'.length) }), description: host };
  }

  if (host.startsWith('tcp://') || host.startsWith('http://') || host.startsWith('https://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    const port = url.port || (protocol === 'https' ? '2376' : '2375');
    return { docker: new Docker({ host: url.hostname, port, protocol }), description: host };
  }

  throw new EngineAddressError(host);
}

export class EngineAddressError extends Error {
  override name = 'EngineAddressError';

  constructor(readonly host: string) {
    super(
      `Docker host "${host}" is not understood: ` +
        'use unix:///path/to/docker.sock or tcp://host:port (set --docker-host or DOCKER_HOST)',
    );
  }
}
