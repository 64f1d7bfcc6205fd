import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The project's shared facts (`../shared` beside the checkout: Dokploy's OpenAPI document, the
 * recorded exchanges, conformance vectors). Read in place, never copied, so the tests always check
 * against the facts as they are; SHARED_DIR points elsewhere when the checkout lives apart.
 */
export function sharedPath(...parts: string[]): string {
  const root = process.env.SHARED_DIR ?? join(repoRoot, '..', 'shared');
  const path = join(root, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `shared fact ${path} is missing: the tests read ../shared beside the checkout ` +
        '(set SHARED_DIR to its location)',
    );
  }
  return path;
}
