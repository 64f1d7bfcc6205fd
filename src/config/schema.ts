import { z } from 'zod';
import { safetyOptions } from './safety.js';

/**
 * The one configuration schema. Flags, environment variables and the config file all feed it, so
 * types, defaults and the messages a user sees for bad input come from one place.
 */
export const configSchema = z
  .object({
    dokployUrl: z
      .url({
        protocol: /^https?$/,
        error: (issue) =>
          issue.input === undefined
            ? 'is required: the address of your Dokploy, e.g. http://localhost:3000'
            : 'must be an http(s) URL such as http://localhost:3000',
      })
      // fetch refuses such URLs, and the error it gives would print the password.
      .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), {
        message: 'must not carry a user or password: the API key goes in DOKPLOY_API_KEY',
      })
      .describe('Dokploy base URL (without /api). Env: DOKPLOY_URL.'),
    dokployApiKey: z
      .string({ error: 'is required: create one in Dokploy under Settings → Profile → API/CLI' })
      .min(1, 'is empty')
      .describe('Dokploy API key. Env: DOKPLOY_API_KEY or DOKPLOY_API_KEY_FILE.'),
    projects: z.array(z.string().min(1)).default([]).describe('Dokploy project names to watch.'),
    composeIds: z.array(z.string().min(1)).default([]).describe('Compose service IDs to watch.'),
    environments: z
      .array(z.string().min(1))
      .default([])
      .describe('Environment names within the projects; default: all of them.'),
    services: z
      .array(z.string().min(1))
      .default([])
      .describe('Only these services (compose or application names as Dokploy lists them).'),
    excludeServices: z
      .array(z.string().min(1))
      .default([])
      .describe('Leave these services out of the run entirely.'),
    all: z.boolean().default(false).describe('Watch everything the API key can see.'),
    skip: z
      .object({
        projects: z.array(z.string().min(1)).default([]),
        services: z.array(z.string().min(1)).default([]),
        images: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({})
      .describe(
        'Opt-outs, reported as skipped: project names, service names, and images (a repository ' +
          'matches every tag, `repo:tag` only that tag).',
      ),
    servers: z
      .record(
        z.string().min(1),
        z
          .object({
            host: z.string().min(1).optional(),
            port: z.number().int().positive().max(65_535).optional(),
            username: z.string().min(1).optional(),
            privateKeyFile: z.string().min(1).optional(),
            hostKeySha256: z
              .string()
              .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, {
                message: 'must be a fingerprint as `ssh-keygen -lf <host key>` prints it: SHA256:…',
              })
              .optional(),
          })
          .strict(),
      )
      .default({})
      .describe(
        'SSH access to remote servers, by Dokploy server name. Host, port and user default to ' +
          "what Dokploy's server.all says; the key to sshPrivateKeyFile. hostKeySha256 pins " +
          "the server's host key (without it the host key is not checked, and a warning says so).",
      ),
    sshPrivateKeyFile: z
      .string()
      .min(1)
      .optional()
      .describe('Private key for every remote server without its own privateKeyFile.'),
    images: z
      .array(z.string().min(1))
      .default([])
      .describe('With one compose ID: watch only these images instead of the compose file.'),
    dockerHost: z
      .string()
      .optional()
      .describe('Engine of the Dokploy host. Env: DOCKER_HOST. Default: the local socket.'),
    dockerConfig: z
      .string()
      .optional()
      .describe('Folder of docker config.json for registry credentials. Env: DOCKER_CONFIG.'),
    insecureRegistries: z
      .array(z.string())
      .default([])
      .describe('Registries spoken to over plain HTTP (loopback ones always are).'),
    dryRun: z.boolean().default(false).describe('Report what would change; change nothing.'),
    json: z.boolean().default(false).describe('Print the report as JSON on stdout.'),
    deployTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .max(86_400)
      .default(600)
      .describe('How long to wait for one Dokploy deployment to finish.'),
    pollSeconds: z
      .number()
      .positive()
      .max(300)
      .default(3)
      .describe('How often to ask Dokploy about a running deployment.'),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Log level. Env: LOG_LEVEL.'),
    serve: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Options of the serve command, checked by it (docs/serve.md).'),
    ...safetyOptions,
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.projects.length === 0 && config.composeIds.length === 0 && !config.all) {
      ctx.addIssue({
        code: 'custom',
        path: ['projects'],
        message: 'nothing to watch: name at least one --project or --compose-id, or pass --all',
      });
    }
    if (config.images.length > 0 && config.composeIds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['images'],
        message: '--image needs exactly one --compose-id, the service those images belong to',
      });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
