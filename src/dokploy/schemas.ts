import { z } from 'zod';

/**
 * Permissive schemas for the Dokploy procedures we call. Only the fields in use are modelled and
 * unknown fields pass through, so a newer Dokploy that adds columns keeps working. Response shapes
 * follow the recordings of v0.30.2 (shared/dokploy/recorded), since the OpenAPI document leaves
 * response schemas empty.
 */

/** Nullable text columns (env, command) become '' so callers never branch on null vs empty. */
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

export const ComposeSummarySchema = z.looseObject({
  composeId: z.string(),
  name: z.string(),
  composeStatus: z.string().nullish(),
});
export type ComposeSummary = z.infer<typeof ComposeSummarySchema>;

export const ApplicationSummarySchema = z.looseObject({
  applicationId: z.string(),
  name: z.string(),
  applicationStatus: z.string().nullish(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

/** A database row; only its name matters, since databases are reported, never updated. */
const DatabaseSummarySchema = z.looseObject({ name: z.string() });
export type DatabaseSummary = z.infer<typeof DatabaseSummarySchema>;

/** The database arrays `project.all` carries beside compose and applications. */
export const DATABASE_KINDS = ['postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'libsql'] as const;

// v0.28.3+ trims these entries to id, name and status; older ones carry the full rows.
const serviceLists = {
  compose: z.array(ComposeSummarySchema).nullish(),
  applications: z.array(ApplicationSummarySchema).nullish(),
  ...Object.fromEntries(
    DATABASE_KINDS.map((kind) => [kind, z.array(DatabaseSummarySchema).nullish()]),
  ),
} as {
  compose: z.ZodOptional<z.ZodNullable<z.ZodArray<typeof ComposeSummarySchema>>>;
  applications: z.ZodOptional<z.ZodNullable<z.ZodArray<typeof ApplicationSummarySchema>>>;
} & Record<
  (typeof DATABASE_KINDS)[number],
  z.ZodOptional<z.ZodNullable<z.ZodArray<typeof DatabaseSummarySchema>>>
>;

export const EnvironmentSummarySchema = z.looseObject({
  environmentId: z.string().nullish(),
  name: z.string(),
  env: text,
  ...serviceLists,
});
export type EnvironmentSummary = z.infer<typeof EnvironmentSummarySchema>;

/**
 * `project.all`: v0.25+ nests services in `environments[]`; before v0.25 they hang off the
 * project.
 */
export const ProjectSummarySchema = z.looseObject({
  projectId: z.string(),
  name: z.string(),
  env: text,
  environments: z.array(EnvironmentSummarySchema).nullish(),
  ...serviceLists,
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const ProjectListSchema = z.array(ProjectSummarySchema);

const ProjectRefSchema = z.looseObject({ name: z.string(), env: text });

/** `compose.one`: the full row, with its environment and project (v0.25+) or project (older). */
export const ComposeDetailSchema = z.looseObject({
  composeId: z.string(),
  name: z.string(),
  appName: z.string(),
  composeType: z
    .string()
    .nullish()
    .transform((value) => value ?? 'docker-compose'),
  sourceType: z.string(),
  composeFile: text,
  composePath: z
    .string()
    .nullish()
    .transform((value) => value || './docker-compose.yml'),
  env: text,
  command: text,
  serverId: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  composeStatus: z.string().nullish(),
  environment: z.looseObject({ name: z.string(), env: text, project: ProjectRefSchema }).nullish(),
  project: ProjectRefSchema.nullish(),
});
export type ComposeDetail = z.infer<typeof ComposeDetailSchema>;

const RegistrySchema = z.looseObject({
  registryUrl: z.string().nullish(),
  imagePrefix: z.string().nullish(),
  username: z.string().nullish(),
  password: z.string().nullish(),
});

/**
 * `application.one`. For docker sources it carries registry credentials (`password`, and the
 * linked `registry` row): the client registers them as secrets right after parsing.
 */
export const ApplicationDetailSchema = z.looseObject({
  applicationId: z.string(),
  name: z.string(),
  appName: z.string(),
  sourceType: z.string(),
  dockerImage: z.string().nullish(),
  registryUrl: z.string().nullish(),
  username: z.string().nullish(),
  password: z.string().nullish(),
  registry: RegistrySchema.nullish(),
  serverId: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  applicationStatus: z.string().nullish(),
  environment: z.looseObject({ name: z.string(), project: ProjectRefSchema }).nullish(),
});
export type ApplicationDetail = z.infer<typeof ApplicationDetailSchema>;

/** Rows of `deployment.allByCompose` / `deployment.all`, newest first, the last 10 only. */
export const DeploymentSchema = z.looseObject({
  deploymentId: z.string(),
  title: text,
  /** `running` | `done` | `error` | `cancelled`; kept open for statuses added later. */
  status: z.string(),
  errorMessage: z.string().nullish(),
  createdAt: z.string(),
  startedAt: z.string().nullish(),
  finishedAt: z.string().nullish(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const DeploymentListSchema = z.array(DeploymentSchema);

/**
 * `server.all`: the remote servers Dokploy deploys to over SSH. Dokploy never hands out the
 * private key, only which key row it uses.
 */
export const ServerSchema = z.looseObject({
  serverId: z.string(),
  name: z.string(),
  ipAddress: z.string(),
  port: z.number().int().nullish(),
  username: z
    .string()
    .nullish()
    .transform((value) => value || 'root'),
});
export type Server = z.infer<typeof ServerSchema>;
export const ServerListSchema = z.array(ServerSchema);

/** `settings.getDokployVersion`, e.g. "v0.30.2". */
export const VersionSchema = z.string();

/** `compose.getConvertedCompose`: the YAML Dokploy deploys, `${VAR}` not yet interpolated. */
export const ConvertedComposeSchema = z.string();

/** Deploy mutations answer `{success, message}`, `true` or an empty body depending on version. */
export const MutationResultSchema = z.unknown();
