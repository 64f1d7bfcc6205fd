import { describe, expect, it } from 'vitest';
import { serveOptionsSchema } from '../../../src/server/index.js';

describe('serve options', () => {
  it.each([
    ['apiToken', 'AUTOUPDATE_API_TOKEN'],
    ['webhookSecret', 'AUTOUPDATE_WEBHOOK_SECRET'],
  ])('names the environment variable when %s is too short', (key, variable) => {
    const result = serveOptionsSchema.safeParse({ [key]: 'short' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
    expect(result.error?.issues[0]?.message).toContain(
      `must be at least 16 characters: set ${variable}`,
    );
    expect(result.error?.issues[0]?.message).not.toContain('short');
  });

  it('accepts a token of 16 characters', () => {
    expect(serveOptionsSchema.safeParse({ apiToken: 'x'.repeat(16) }).success).toBe(true);
  });
});
