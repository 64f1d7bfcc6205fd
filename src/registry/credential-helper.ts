import { execFile } from 'node:child_process';
import { z } from 'zod';
import { registerSecret } from '../log/index.js';
import type { Credentials } from './credentials.js';
import { CredentialsConfigError } from './errors.js';

// docker-credential-helpers protocol: `get` reads the server URL on stdin and prints this object.
// https://github.com/docker/docker-credential-helpers#development
const HelperAnswer = z.object({
  Username: z.string().optional(),
  Secret: z.string().optional(),
});

/** Helpers answer "not found" on a non-zero exit with this text; any other failure is an error. */
const NOT_FOUND = /credentials not found/i;
const HELPER_TIMEOUT_MS = 15_000;

/** Asks `docker-credential-<name>` for one server's credentials. */
export function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      ['get'],
      { env, timeout: HELPER_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          if (NOT_FOUND.test(`${stdout}${stderr}`)) return resolve(undefined);
          const reason =
            (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : 'failed';
          return reject(
            new CredentialsConfigError(`credential helper ${program} ${reason} for ${serverUrl}`, {
              cause: error,
            }),
          );
        }
        resolve(parseAnswer(program, serverUrl, stdout));
      },
    );
    child.stdin?.end(serverUrl);
  });
}

function parseAnswer(program: string, serverUrl: string, stdout: string): Credentials | undefined {
  let answer: z.infer<typeof HelperAnswer>;
  try {
    answer = HelperAnswer.parse(JSON.parse(stdout));
  } catch (error) {
    // The output may hold the secret, so it stays out of the message.
    throw new CredentialsConfigError(
      `credential helper ${program} answered ${serverUrl} with something other than its JSON`,
      { cause: error instanceof SyntaxError ? undefined : error },
    );
  }
  registerSecret(answer.Secret);
  if (!answer.Secret) return undefined;
  // A helper stores an identity token (OAuth refresh token) under the username `<token>`.
  if (answer.Username === '<token>') return { identityToken: answer.Secret };
  return { username: answer.Username ?? '', password: answer.Secret };
}
