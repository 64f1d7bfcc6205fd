import type { ApplicationTarget, ComposeTarget } from '../dokploy/index.js';
import type { TargetInfo } from '../plan/index.js';

/** A stack is a compose service to Dokploy; the report calls it so, with its appName. */
export function stackInfo(target: ComposeTarget): TargetInfo {
  return {
    kind: 'compose',
    id: target.composeId,
    name: target.name,
    appName: target.appName,
    projectName: target.projectName,
    environmentName: target.environmentName ?? '',
    serverId: target.serverId,
  };
}

export function applicationInfo(target: ApplicationTarget): TargetInfo {
  return {
    kind: 'application',
    id: target.applicationId,
    name: target.name,
    appName: target.appName,
    projectName: target.projectName,
    environmentName: target.environmentName ?? '',
    serverId: target.serverId,
  };
}
