import { readFileSync } from 'node:fs';

/** The version from package.json, found relative to this file in both `src/` and `dist/`. */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
