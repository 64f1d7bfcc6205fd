import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One request to the token endpoint, as the test sees it afterwards. */
export interface TokenRequest {
  scopes: string[];
  /** The Basic login name, or undefined for an anonymous request. */
  account?: string;
  granted: boolean;
}

export interface TokenServerOptions {
  /** Folder for the signing key and the certificate the registry trusts. */
  dir: string;
  /** Logins allowed pull and push; anyone else gets pull only when `anonymousPull`. */
  users?: Record<string, string>;
  anonymousPull?: boolean;
  expiresInSeconds?: number;
}

export interface TokenServer {
  /** `http://127.0.0.1:PORT/token`, the realm the registry names in its challenge. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate of the signing key: the registry's `rootcertbundle`. */
  certFile: string;
  requests: TokenRequest[];
  /** Answers instead of the server when it returns true: for faults a real one would not show. */
  hook?: (req: IncomingMessage, res: ServerResponse) => boolean;
  close(): Promise<void>;
}

/**
 * A token service as distribution's `auth: token` expects one: it signs JWTs with an ECDSA P-256
 * key generated here, carrying the certificate in the `x5c` header so the registry can check it
 * against its `rootcertbundle`. https://distribution.github.io/distribution/spec/auth/jwt/
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyFile = join(options.dir, 'token-key.pem');
  const certFile = join(options.dir, 'token-cert.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  execFileSync('openssl', [
    'req',
    '-new',
    '-x509',
    '-key',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=dokploy-autoupdate test token issuer',
  ]);
  const certDer = pemBody(readFileSync(certFile, 'utf8'));
  const issuer = 'test-token-issuer';
  const service = 'test-registry';
  const requests: TokenRequest[] = [];

  const server = createServer((req, res) => {
    if (handle.hook?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') return void res.writeHead(404).end();
    const account = login(req, options.users ?? {});
    const scopes = url.searchParams.getAll('scope');
    if (account === null) {
      requests.push({ scopes, granted: false });
      res.writeHead(401, { 'content-type': 'application/json' });
      return void res.end('{"details":"wrong username or password"}');
    }
    const actions = account ? ['pull', 'push'] : options.anonymousPull ? ['pull'] : [];
    requests.push({ scopes, ...(account ? { account } : {}), granted: actions.length > 0 });
    const expiresIn = options.expiresInSeconds ?? 300;
    const token = signToken(privateKey, certDer, {
      iss: issuer,
      sub: account ?? '',
      aud: url.searchParams.get('service') ?? service,
      exp: Math.floor(Date.now() / 1000) + expiresIn,
      nbf: Math.floor(Date.now() / 1000) - 10,
      iat: Math.floor(Date.now() / 1000),
      jti: randomBytes(8).toString('hex'),
      access: scopes.flatMap((scope) => grant(scope, actions)),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, expires_in: expiresIn }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const handle: TokenServer = {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}

/** The login name, undefined for anonymous, null for a wrong password. */
function login(req: IncomingMessage, users: Record<string, string>): string | undefined | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const pair = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  const user = pair.slice(0, colon);
  return colon > 0 && users[user] === pair.slice(colon + 1) ? user : null;
}

// `repository:owner/app:pull,push` → the granted subset of those actions.
function grant(scope: string, allowed: string[]) {
  const [type, ...rest] = scope.split(':');
  const wanted = (rest.pop() ?? '').split(',');
  const name = rest.join(':');
  if (type !== 'repository' || !name) return [];
  const actions = wanted.filter((action) => allowed.includes(action));
  return actions.length > 0 ? [{ type, name, actions }] : [];
}

function signToken(key: KeyObject, certDer: string, claims: Record<string, unknown>): string {
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer] };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = `${encode(header)}.${encode(claims)}`;
  // JOSE wants the raw r||s pair, not the DER structure node produces by default.
  const signature = sign('sha256', Buffer.from(payload), { key, dsaEncoding: 'ieee-p1363' });
  return `${payload}.${signature.toString('base64url')}`;
}

function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}
