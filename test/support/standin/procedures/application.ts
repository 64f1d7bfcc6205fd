import { z } from 'zod';
import { notFound } from '../errors.js';
import type { StandInState } from '../store.js';
import { applicationOneView } from '../views.js';
import { mutation, type Procedure, query } from './types.js';

const id = z.string().min(1);
const optionalText = z.string().nullable().optional();

const deployInput = z.object({
  applicationId: id,
  title: z.string().optional(),
  description: z.string().optional(),
});

function findApplication(state: StandInState, applicationId: string) {
  const application = state.applications.get(applicationId);
  if (!application) throw notFound('Application not found');
  return application;
}

export const applicationProcedures: Record<string, Procedure> = {
  'application.create': mutation(
    z.object({
      name: z.string().min(1),
      appName: z
        .string()
        .min(1)
        .max(63)
        .regex(/^[a-zA-Z0-9._-]+$/)
        .optional(),
      description: optionalText,
      environmentId: z.string(),
      serverId: optionalText,
    }),
    (input, { state }) => {
      if (!state.environments.has(input.environmentId)) throw notFound('Environment not found');
      const { description, serverId, ...rest } = input;
      return state.addApplication({
        ...rest,
        description: description ?? null,
        serverId: serverId ?? null,
      });
    },
  ),

  'application.saveDockerProvider': mutation(
    z.object({
      dockerImage: z.string().nullable(),
      applicationId: z.string(),
      username: z.string().nullable(),
      password: z.string().nullable(),
      registryUrl: z.string().nullable(),
    }),
    (input, { state }) => {
      const application = findApplication(state, input.applicationId);
      application.sourceType = 'docker';
      application.dockerImage = input.dockerImage;
      application.username = input.username;
      application.password = input.password;
      application.registryUrl = input.registryUrl;
      return true;
    },
  ),

  'application.one': query(z.object({ applicationId: id }), ({ applicationId }, { state }) =>
    applicationOneView(state, findApplication(state, applicationId)),
  ),

  // Both answer 200 with an empty body once the job is queued (recorded 240, 300).
  'application.deploy': mutation(deployInput, (input, { state, jobs }) => {
    findApplication(state, input.applicationId);
    jobs.enqueue({
      kind: 'application',
      applicationId: input.applicationId,
      pull: true,
      title: input.title ?? 'Manual deployment',
      description: input.description ?? '',
    });
    return undefined;
  }),

  'application.redeploy': mutation(deployInput, (input, { state, jobs }) => {
    findApplication(state, input.applicationId);
    jobs.enqueue({
      kind: 'application',
      applicationId: input.applicationId,
      pull: false,
      title: input.title ?? 'Rebuild deployment',
      description: input.description ?? '',
    });
    return undefined;
  }),
};
