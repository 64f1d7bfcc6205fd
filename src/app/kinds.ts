import type { Target } from '../dokploy/index.js';
import type { ServiceFacts, ServicePlan } from '../plan/index.js';
import { chainCredentialStores, parseReference, staticCredentialStore } from '../registry/index.js';
import { type AppliedService, applyService } from './apply.js';
import { applySwarm } from './apply-swarm.js';
import type { RunContext } from './context.js';
import { createEngineContexts } from './engines.js';
import { describeError } from './errors.js';
import { observeTarget } from './observe.js';
import { observeApplication, observeStack } from './observe-swarm.js';
import { serviceOptOut } from './opt-out.js';
import { createRemoteDigests, type RemoteDigests } from './remote.js';
import { targetInfo } from './targets.js';

export interface Kinds {
  /** Facts for every target, each observed on its own server's engine. */
  observe(targets: Target[], errors: string[]): Promise<ServiceFacts[]>;
  /** Carries out one service's redeploy plan the way its kind needs. */
  apply(plan: ServicePlan): Promise<AppliedService>;
}

/**
 * Routes each service shape to its observe and apply steps: compose projects (pull, then
 * `compose.redeploy`), stacks and docker-image applications (swarm; Dokploy's deploy fetches the
 * image), on the Dokploy host or on a remote server reached over SSH.
 */
export function createKinds(ctx: RunContext): Kinds {
  const engines = createEngineContexts(ctx);
  const byId = new Map<string, Target>();
  const remote = createRemoteDigests(ctx.registry);

  async function observeOne(target: Target): Promise<ServiceFacts> {
    const info = targetInfo(target);
    const optOut = serviceOptOut(ctx.config, target);
    if (optOut) return { target: info, images: [], skip: optOut };
    let engine: RunContext;
    try {
      engine = await engines(target.serverId);
    } catch (error) {
      return { target: info, images: [], error: describeError(error) };
    }
    if (target.kind === 'application') {
      return observeApplication(engine, target, digestsFor(ctx, target, remote));
    }
    if (target.composeType === 'stack') return observeStack(engine, target, remote);
    return observeTarget(engine, target, remote);
  }

  return {
    async observe(targets, errors) {
      for (const target of targets) byId.set(targetInfo(target).id, target);
      const local = targets.filter((t) => t.serverId === null);
      try {
        if (local.length > 0) await ctx.docker.ping();
      } catch (error) {
        const reason = `the Docker engine ${ctx.engine} cannot be reached: ${describeError(error)}`;
        errors.push(reason);
        const remoteOnes = targets.filter((t) => t.serverId !== null);
        const down = local.map((t) => ({ target: targetInfo(t), images: [], error: reason }));
        return [...down, ...(await Promise.all(remoteOnes.map(observeOne)))];
      }
      return Promise.all(targets.map(observeOne));
    },

    async apply(plan) {
      const target = byId.get(plan.target.id);
      const engine = await engines(plan.target.serverId);
      const swarm =
        target?.kind === 'application' ||
        (target?.kind === 'compose' && target.composeType === 'stack');
      return swarm ? applySwarm(engine, plan) : applyService(engine, plan);
    },
  };
}

/**
 * The login Dokploy holds for an application comes before docker's config.json, for that
 * application's image only: a separate digest cache, since the answer may differ by login.
 */
function digestsFor(ctx: RunContext, target: Target, shared: RemoteDigests): RemoteDigests {
  if (target.kind !== 'application' || !target.registryLogin) return shared;
  const login = target.registryLogin;
  let registry: string;
  try {
    registry = loginHost(login.registryUrl) ?? parseReference(target.dockerImage).registry;
  } catch {
    return shared;
  }
  const credentials = chainCredentialStores(
    staticCredentialStore({ [registry]: { username: login.username, password: login.password } }),
    ctx.credentials,
  );
  const logger = ctx.logger.child({ module: 'registry', application: target.name });
  return createRemoteDigests(ctx.registry.withCredentials(credentials, logger));
}

// Dokploy stores what the user typed: `ghcr.io`, `https://index.docker.io/v1/`, or nothing.
function loginHost(registryUrl: string): string | undefined {
  const host = registryUrl.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  if (host === '') return undefined;
  return /(^|\.)docker\.io$/.test(host) ? 'docker.io' : host;
}
