import { randomBytes } from 'node:crypto';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Blueprint } from './blueprint.js';

export const SERVICE = 'dokploy-autoupdate';
const CONFIG_MOUNT = '../files/';

export interface InstallSettings {
  /** Projects the new service keeps up to date; none means every service the key can see. */
  watch: string[];
  image?: string;
  /** How the service reaches Dokploy from inside its container. */
  dokployUrl: string;
  apiKey: string;
  schedule?: string;
}

/**
 * The blueprint's compose file, adapted for a service created through the API. The template gets
 * its config file from a Dokploy file mount (`[[config.mounts]]`), which the API cannot create in
 * the same call, so here the selection travels as `--project` flags instead. Edited as a YAML
 * document, so the comments of the blueprint stay.
 */
export function installCompose(blueprint: Blueprint, settings: InstallSettings): string {
  const doc = parseDocument(blueprint.compose);
  const command = doc.getIn(['services', SERVICE, 'command']) as YAMLSeq<unknown>;
  if (settings.watch.length === 0) command.add('--all');
  for (const project of settings.watch) {
    command.add('--project');
    command.add(project);
  }
  const environment = doc.getIn(['services', SERVICE, 'environment']) as YAMLMap;
  environment.delete('DOKPLOY_AUTOUPDATE_CONFIG');
  const volumes = doc.getIn(['services', SERVICE, 'volumes']) as YAMLSeq<{ value: string }>;
  volumes.items = volumes.items.filter((item) => !String(item.value).startsWith(CONFIG_MOUNT));
  return doc.toString({ lineWidth: 0 });
}

/** The service's environment, as KEY=VALUE lines for Dokploy's Environment tab. */
export function installEnv(settings: InstallSettings): string {
  const lines = [
    `DOKPLOY_URL=${settings.dokployUrl}`,
    `DOKPLOY_API_KEY=${settings.apiKey}`,
    // The dashboard's sign-in token; the user reads it in Dokploy, it is never printed.
    `AUTOUPDATE_API_TOKEN=${randomBytes(24).toString('base64url')}`,
    'LOG_LEVEL=info',
  ];
  if (settings.image) lines.push(`AUTOUPDATE_IMAGE=${settings.image}`);
  if (settings.schedule) lines.push(`SCHEDULE=${settings.schedule}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Dokploy publishes its API on port 3000 of the host. A loopback URL that works for the person
 * running `install` on the host means the host itself, which the container reaches under the
 * name the blueprint maps to the host gateway.
 */
export function urlFromContainer(dokployUrl: string): string {
  const url = new URL(dokployUrl);
  if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    url.hostname = 'host.docker.internal';
  }
  return url.href.replace(/\/+$/, '');
}
