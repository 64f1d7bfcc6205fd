import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { beginStep, endStep } from './journal.js';
import type { PreviousImages } from './rollback.js';

/**
 * `--cleanup`, after a verified update only: removes the images the service ran before when no
 * container (running or stopped, of any project) still uses them. The engine refuses to remove an
 * image another tag or container holds, and that refusal is reported, never forced.
 */
export async function removeUnusedImages(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  previous: PreviousImages,
  expected: Map<ImageVerdict, string | undefined>,
): Promise<string[]> {
  const current = new Set([...expected.values()]);
  const old = new Set(
    changed.map((i) => previous.get(i.service)).filter((id): id is string => !!id),
  );
  const notes: string[] = [];
  for (const imageId of old) {
    if (current.has(imageId)) continue;
    const step = beginStep(ctx, plan.target, 'cleanup', imageId);
    try {
      const users = await ctx.docker.listContainers({
        all: true,
        filters: { ancestor: [imageId] },
      });
      if (users.length > 0) {
        notes.push(`kept ${short(imageId)}: used by ${users.length} container(s)`);
        endStep(ctx, step, 'done');
        continue;
      }
      await ctx.docker.getImage(imageId).remove();
      notes.push(`removed ${short(imageId)}`);
      endStep(ctx, step, 'done');
    } catch (error) {
      notes.push(`kept ${short(imageId)}: ${describeError(error)}`);
      endStep(ctx, step, 'failed');
    }
  }
  return notes;
}

function short(imageId: string): string {
  return imageId.slice(0, 19);
}
