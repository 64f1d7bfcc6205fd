import { readFileSync } from 'node:fs';

/**
 * Set by scripts/bundle.ts through esbuild's `define`: the single-file bundle has no package.json
 * beside it, so the version is written into the file when it is built.
 */
declare const DOKPLOY_AUTOUPDATE_VERSION: string | undefined;

/** The version from package.json, found relative to this file in both `src/` and `dist/`. */
export function packageVersion(): string {
  if (typeof DOKPLOY_AUTOUPDATE_VERSION === 'string') return DOKPLOY_AUTOUPDATE_VERSION;
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
