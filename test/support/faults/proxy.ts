import {
  createServer,
  type IncomingMessage,
  type RequestOptions,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to a matching request: answer with a status of its own, never answer,
 * forward but cut the answer's body after some bytes (an interrupted pull), or drop the
 * connection at once.
 */
export type FaultAction =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true }
  | { cutAfterBytes: number }
  | { reset: true };

export interface FaultRule {
  method?: string;
  path: RegExp;
  action: FaultAction;
  /** How many requests it applies to; forever when left out. */
  times?: number;
}

export interface FaultProxy {
  /** `127.0.0.1:port`: point clients (registry references, DOKPLOY_URL, DOCKER_HOST) here. */
  host: string;
  /** `METHOD path` of every request, and `!` before the ones a rule answered. */
  log: string[];
  setRules(rules: FaultRule[]): void;
  /** Stops listening (connections refused, as a host that is down) until `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A streaming HTTP proxy for fault tests: forwards everything (bodies included, both ways) to
 * `upstream`, an `http://127.0.0.1:port` URL or a unix socket path such as dockerd's, unless a
 * rule says otherwise. Loopback only.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let rules: FaultRule[] = [];
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const target = upstreamOptions(upstream);

  const server = createServer((req, res) => {
    const rule = rules.find(
      (r) => (!r.method || r.method === req.method) && r.path.test(req.url ?? ''),
    );
    if (rule?.times !== undefined && --rule.times <= 0) rules = rules.filter((r) => r !== rule);
    log.push(`${rule ? '!' : ''}${req.method} ${req.url}`);
    const action = rule?.action;
    if (action && 'status' in action) {
      res.writeHead(action.status, action.headers ?? {}).end(action.body ?? '');
    } else if (action && 'hang' in action) {
      // Left open until the client gives up or the proxy closes.
    } else if (action && 'reset' in action) {
      req.socket.destroy();
    } else {
      forward(req, res, target, action && 'cutAfterBytes' in action ? action.cutAfterBytes : -1);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    log,
    setRules(next) {
      rules = next.map((rule) => ({ ...rule }));
    },
    pause: stop,
    resume: () => listen(port),
    close: stop,
  };
}

function upstreamOptions(upstream: string): RequestOptions {
  if (upstream.startsWith('/')) return { socketPath: upstream };
  const url = new URL(upstream);
  return { host: url.hostname, port: Number(url.port) };
}

function forward(req: IncomingMessage, res: ServerResponse, target: RequestOptions, cut: number) {
  const out = request(
    { ...target, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (cut < 0) {
        answer.pipe(res);
        return;
      }
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent + chunk.length > cut) {
          res.write(chunk.subarray(0, Math.max(0, cut - sent)));
          res.socket?.destroy();
          answer.destroy();
          return;
        }
        sent += chunk.length;
        res.write(chunk);
      });
      answer.on('end', () => res.end());
    },
  );
  out.on('error', () => res.socket?.destroy());
  req.pipe(out);
}
