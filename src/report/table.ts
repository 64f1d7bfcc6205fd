import type { RunReport, ServiceReport } from './types.js';

/** A short table per service, for people: image, current digest, registry digest, outcome. */
export function formatHuman(report: RunReport): string {
  const lines: string[] = [];
  for (const service of report.services) lines.push(...formatService(service), '');

  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  for (const error of report.errors) lines.push(`error: ${error}`);
  if (report.interrupted) lines.push(`interrupted: ${report.interrupted}`);

  if (report.dokploy.version)
    lines.push(`Dokploy ${report.dokploy.version} at ${report.dokploy.url}`);
  const s = report.summary;
  const verb = report.dryRun ? 'dry run' : 'run';
  lines.push(
    `${verb}: ${s.services} service(s), ${s.images} image(s): ${s.upToDate} up to date, ` +
      `${s.updated} updated, ${s.updateAvailable} update(s) available, ${s.skipped} skipped, ` +
      `${s.errors} error(s)`,
  );
  return `${lines.join('\n')}\n`;
}

function formatService(service: ServiceReport): string[] {
  const path = `${service.project}/${service.environment}/${service.name}`;
  const header = `${path} (${service.appName}): ${service.status}`;
  const lines = [service.reason ? `${header}: ${service.reason}` : header];

  const rows = service.images.map((image) => [
    image.service,
    image.image,
    short(image.currentDigest),
    short(image.remoteDigest),
    image.reason ? `${image.status}: ${image.reason}` : image.status,
  ]);
  if (rows.length > 0) {
    lines.push(...alignColumns([['SERVICE', 'IMAGE', 'CURRENT', 'REGISTRY', 'OUTCOME'], ...rows]));
  }

  const redeploy = service.redeploy;
  if (redeploy) {
    const deployment = redeploy.deployment;
    const state = deployment ? `deployment ${deployment.status}` : 'no deployment seen';
    const verified = redeploy.verified ? ', new image running' : '';
    const error = redeploy.error ? `: ${redeploy.error}` : '';
    lines.push(`  redeployed via ${redeploy.method}: ${state}${verified}${error}`);
    const rollback = redeploy.rollback;
    if (rollback) {
      const digests = rollback.images.map(
        (i) => `${i.service} ${short(i.newDigest)} -> ${short(i.restoredDigest)}`,
      );
      const note = rollback.note ? ` (${rollback.note})` : '';
      lines.push(`  ${rollback.status} via ${rollback.method}: ${digests.join(', ')}${note}`);
    }
    for (const line of redeploy.cleanup ?? []) lines.push(`  cleanup: ${line}`);
  }
  for (const other of service.alsoAffected) {
    lines.push(
      `  note: ${other.appName}/${other.service} also uses ${other.image}; ` +
        'it moves to the new image at its next deploy',
    );
  }
  return lines;
}

function short(digest: string | undefined): string {
  if (!digest) return '-';
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths?.[column] ?? 0),
        )
        .join('  ')}`,
  );
}
