import { z } from 'zod';
import { type ConfigInput, configSchema, loadConfigWith } from '../config/index.js';

export interface DoctorFlags {
  config?: string;
  project?: string[];
  dokployUrl?: string;
  dockerHost?: string;
  dockerConfig?: string;
  insecureRegistry?: string[];
  logLevel?: ConfigInput['logLevel'];
}

const { logLevel, ...runFields } = configSchema.shape;

/**
 * The run's options without the run's rules: doctor needs no selection, reports a missing URL or
 * key as a finding so that the engine checks still run, and stays quiet unless a level is given.
 */
const doctorSchema = z
  .object({ ...runFields, logLevel: logLevel.removeDefault().optional() })
  .strict()
  .partial({ dokployUrl: true, dokployApiKey: true });

export type DoctorConfig = z.output<typeof doctorSchema>;

/** The same sources as `run`: --config or DOKPLOY_AUTOUPDATE_CONFIG, the environment, flags. */
export function loadDoctorConfig(flags: DoctorFlags, env = process.env): DoctorConfig {
  return loadConfigWith(doctorSchema, {
    flags: {
      projects: flags.project,
      dokployUrl: flags.dokployUrl,
      dockerHost: flags.dockerHost,
      dockerConfig: flags.dockerConfig,
      insecureRegistries: flags.insecureRegistry,
      logLevel: flags.logLevel,
    },
    env,
    configFile: flags.config ?? (env.DOKPLOY_AUTOUPDATE_CONFIG || undefined),
  });
}
