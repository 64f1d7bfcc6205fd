import { readFileSync } from 'node:fs';

/** The Dokploy template of the service mode: deploy/dokploy-autoupdate/ in the repository. */
export interface Blueprint {
  /** docker-compose.yml, as text. */
  compose: string;
  /** template.toml, as text. */
  config: string;
}

/**
 * Set by scripts/bundle.ts: the single-file bundle carries the blueprint inside it, since no
 * deploy/ folder travels with it.
 */
declare const DOKPLOY_AUTOUPDATE_BLUEPRINT: Blueprint | undefined;

/** Reads the blueprint beside the package: `../../deploy` from both `src/cli` and `dist/cli`. */
export function readBlueprint(): Blueprint {
  if (typeof DOKPLOY_AUTOUPDATE_BLUEPRINT === 'object') return DOKPLOY_AUTOUPDATE_BLUEPRINT;
  const folder = new URL('../../deploy/dokploy-autoupdate/', import.meta.url);
  return {
    compose: readFileSync(new URL('docker-compose.yml', folder), 'utf8'),
    config: readFileSync(new URL('template.toml', folder), 'utf8'),
  };
}

/**
 * The string Dokploy's compose Advanced → Import accepts, made as the templates site makes it:
 * `btoa(unescape(encodeURIComponent(json)))` in a browser, which is base64 of the JSON's UTF-8
 * bytes, with the JSON indented by two spaces.
 */
export function importString(blueprint: Blueprint): string {
  const json = JSON.stringify({ compose: blueprint.compose, config: blueprint.config }, null, 2);
  return Buffer.from(json, 'utf8').toString('base64');
}
