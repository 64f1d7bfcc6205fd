import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOCS_PATH, renderConfigDocs } from '../../scripts/gen-config-docs.js';
import { configSchema } from '../../src/config/index.js';
import { serveOptionsSchema } from '../../src/server/index.js';

describe('docs/configuration.md', () => {
  it('is what the schema generates today (run `npm run docs:config` after a schema change)', () => {
    expect(readFileSync(CONFIG_DOCS_PATH, 'utf8')).toBe(renderConfigDocs());
  });

  it('has a row for every option, with its environment variables and defaults', () => {
    const docs = renderConfigDocs();

    for (const name of Object.keys(configSchema.shape)) expect(docs).toContain(`| \`${name}\` |`);
    for (const name of Object.keys(serveOptionsSchema.shape)) {
      expect(docs).toContain(`| \`${name}\` |`);
    }
    expect(docs).toMatch(/\| `dokployUrl` \| URL \| \*\*required\*\* \| `DOKPLOY_URL` \|/);
    expect(docs).toMatch(/`dokployApiKey` .*`DOKPLOY_API_KEY`, `DOKPLOY_API_KEY_FILE`/);
    expect(docs).toMatch(/\| `deployTimeoutSeconds` \| integer \(> 0, ≤ 86400\) \| `600` \|/);
    expect(docs).toMatch(/\| `apiToken` \| string \| {2}\| `AUTOUPDATE_API_TOKEN` \|/);
  });
});
