import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { registerSecret } from '../log/index.js';
import { runCredentialHelper } from './credential-helper.js';
import type { CredentialStore, Credentials } from './credentials.js';
import { CredentialsConfigError } from './errors.js';
import { DOCKER_HUB } from './reference.js';

// The parts of docker's config.json we use; other keys (proxies, plugins, aliases) pass through.
// https://docs.docker.com/reference/cli/docker/#docker-cli-configuration-file-configjson-properties
const AuthEntry = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
const DockerConfigFile = z.object({
  auths: z.record(z.string(), AuthEntry).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});
type DockerConfigFile = z.infer<typeof DockerConfigFile>;

/** Docker Hub logins are stored under this legacy address, not under `docker.io`. */
const HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';
const HUB_HOSTS = ['index.docker.io', 'docker.io', 'registry-1.docker.io'];

export interface LoadCredentialStoreOptions {
  /** Directory holding config.json; defaults to $DOCKER_CONFIG, then ~/.docker. */
  configDir?: string;
  /** Environment for finding the file and running credential helpers (PATH); process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Credentials the way the docker CLI finds them: a `credHelpers` entry for the registry, else the
 * `credsStore` helper, else the `auths` entry. A helper that knows nothing falls back to `auths`,
 * as the CLI's native store also reads the file. A missing config.json means "no credentials";
 * a folder named by DOCKER_CONFIG or the caller that does not exist is a configuration error.
 */
export async function loadCredentialStore(
  options: LoadCredentialStoreOptions = {},
): Promise<CredentialStore> {
  const env = options.env ?? process.env;
  const explicitDir = options.configDir ?? (env.DOCKER_CONFIG || undefined);
  if (explicitDir) await requireFolder(explicitDir);
  const dir = explicitDir ?? join(env.HOME ?? homedir(), '.docker');
  const config = await readConfig(join(dir, 'config.json'));
  const answers = new Map<string, Promise<Credentials | undefined>>();

  return {
    get(registry) {
      let answer = answers.get(registry);
      if (!answer) {
        answer = lookUp(config, registry, env);
        answers.set(registry, answer);
      }
      return answer;
    },
  };
}

async function lookUp(
  config: DockerConfigFile,
  registry: string,
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  const isHub = registry === DOCKER_HUB;
  const serverUrl = isHub ? HUB_SERVER_ADDRESS : registry;
  const helper =
    config.credHelpers?.[serverUrl] ??
    (isHub ? undefined : config.credHelpers?.[registry]) ??
    config.credsStore;
  if (helper) {
    const found = await runCredentialHelper(helper, serverUrl, env);
    if (found) return found;
  }
  return fromAuths(config, isHub ? HUB_HOSTS : [registry]);
}

function fromAuths(config: DockerConfigFile, hosts: string[]): Credentials | undefined {
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!hosts.includes(hostOf(key))) continue;
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.auth) return decodeAuth(entry.auth);
    if (entry.username !== undefined || entry.password !== undefined) {
      return { username: entry.username ?? '', password: entry.password ?? '' };
    }
  }
  return undefined;
}

/** `https://index.docker.io/v1/` → `index.docker.io`; `host:5000` stays. Docker compares these. */
function hostOf(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
}

function decodeAuth(auth: string): Credentials | undefined {
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  const password = decoded.slice(colon + 1);
  registerSecret(password);
  return { username: decoded.slice(0, colon), password };
}

/**
 * A mistyped DOCKER_CONFIG would otherwise read as "no logins" and every private image as
 * unauthorised; the default ~/.docker may well be absent on a host that never logged in.
 */
async function requireFolder(dir: string): Promise<void> {
  const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw new CredentialsConfigError(`cannot read docker config folder ${dir}`, { cause: error });
  });
  if (found?.isDirectory()) return;
  throw new CredentialsConfigError(
    `docker config folder ${dir} (DOCKER_CONFIG / --docker-config) is not a folder that exists: ` +
      'point it at the folder holding config.json, or unset it to use ~/.docker',
  );
}

async function readConfig(file: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CredentialsConfigError(`cannot read docker config ${file}`, { cause: error });
  }
  let config: DockerConfigFile;
  try {
    config = DockerConfigFile.parse(JSON.parse(text));
  } catch (error) {
    // The zod issue lists paths and expected types, never values, so it is safe to keep as cause.
    const what =
      error instanceof SyntaxError ? 'is not valid JSON' : 'does not have the expected shape';
    throw new CredentialsConfigError(`docker config ${file} ${what}`, {
      cause: error instanceof SyntaxError ? undefined : error,
    });
  }
  for (const entry of Object.values(config.auths ?? {})) {
    registerSecret(entry.auth);
    registerSecret(entry.password);
    registerSecret(entry.identitytoken);
  }
  return config;
}
