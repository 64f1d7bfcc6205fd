import type { ImageFacts } from './types.js';

/**
 * Why the redeploy itself fetches a changed image, so that pulling first would be a second,
 * useless download; undefined when the engine needs our pull. Compose v2 pulls a
 * `pull_policy: always` service on every `up`.
 */
export function redeployPullReason(image: ImageFacts): string | undefined {
  if (image.redeployPulls) return image.redeployPulls;
  if (image.pullPolicy === 'always') return 'pull_policy: always (compose pulls on redeploy)';
  return undefined;
}

/** A custom Dokploy command that makes compose pull on every deploy (`up --pull always`). */
export function commandPullsAlways(command: string): boolean {
  return /(^|\s)--pull(=|\s+)always(\s|$)/.test(command);
}
