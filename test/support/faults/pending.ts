import { makeImage, publishVersion, pushImage } from '../env/index.js';
import type { Scenario } from '../scenario.js';

/**
 * A compose service of a new project, deployed on v1, with v2 pushed upstream only (the engine
 * keeps v1 under the tag, as on a real host): every run has exactly one update to make.
 */
export async function pendingUpdate(scenario: Scenario, project: string) {
  const image = scenario.imageRef(project);
  await makeImage(scenario.env.engine, image, 'v1');
  await pushImage(scenario.env.engine, image);
  const { environmentId } = await scenario.createProject(project);
  const compose = await scenario.createCompose(
    environmentId,
    `${project}-app`,
    `services:\n  web:\n    image: ${image}\n`,
  );
  await scenario.deploy(compose.composeId);
  const v1Id = await scenario.imageId(image);
  await publishVersion(scenario.env.engine, image, 'v2');
  const v2Id = await scenario.imageId(image);
  const at = image.lastIndexOf(':');
  await scenario.docker.getImage(v1Id).tag({ repo: image.slice(0, at), tag: image.slice(at + 1) });
  await scenario.docker.getImage(v2Id).remove({ force: true });
  return { image, compose, v1Id, environmentId };
}

export function redeploysOf(scenario: Scenario, composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}
