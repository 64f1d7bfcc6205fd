import type { Target } from '../dokploy/index.js';
import type { TargetInfo } from '../plan/index.js';

/**
 * What the plan and the report know of a target. A stack is a compose service to Dokploy, so the
 * report calls it so, with its appName.
 */
export function targetInfo(target: Target): TargetInfo {
  return {
    kind: target.kind,
    id: target.kind === 'application' ? target.applicationId : target.composeId,
    name: target.name,
    appName: target.appName,
    projectName: target.projectName,
    environmentName: target.environmentName ?? '',
    serverId: target.serverId,
  };
}
