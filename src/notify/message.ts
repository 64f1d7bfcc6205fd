import type { ImageReport, RunReport, ServiceReport } from '../report/index.js';

/** One run's news, rendered once and handed to every channel in the shape it wants. */
export interface NotificationMessage {
  title: string;
  /** Plain text, one line per changed image, for chat and email bodies. */
  text: string;
  /** The outcome that decides the tone (priority, colour). */
  level: 'success' | 'warning' | 'failure';
  changes: ChangeLine[];
  dashboardUrl?: string;
  report: { startedAt: string; finishedAt: string; summary: RunReport['summary'] };
}

export interface ChangeLine {
  project: string;
  service: string;
  image: string;
  tag: string;
  outcome: string;
  oldDigest?: string;
  newDigest?: string;
  reason?: string;
}

export interface MessageOptions {
  /** Also notify when updates were only found (check-only runs), not just applied or failed. */
  onAvailable: boolean;
  dashboardUrl?: string;
}

// Statuses that are news on their own; `update-available` only when the user asks for it.
const QUIET = new Set(['up-to-date', 'skipped']);

/** The message for a run, or undefined when nothing happened worth telling anyone. */
export function buildMessage(
  report: RunReport,
  options: MessageOptions,
): NotificationMessage | undefined {
  const changes = report.services.flatMap((service) => changesOf(service, options));
  for (const error of report.errors) {
    changes.push({ project: '', service: '', image: '', tag: '', outcome: 'error', reason: error });
  }
  if (changes.length === 0) return undefined;

  const failed = changes.filter((c) => c.outcome === 'error' || c.outcome.startsWith('roll'));
  const updated = changes.filter((c) => c.outcome === 'updated').length;
  const available = changes.filter((c) => c.outcome === 'update-available').length;
  const level = failed.length > 0 ? 'failure' : updated > 0 ? 'success' : 'warning';
  const parts = [
    updated ? `${updated} updated` : '',
    available ? `${available} update(s) available` : '',
    failed.length ? `${failed.length} failed` : '',
  ].filter(Boolean);

  const message: NotificationMessage = {
    title: `dokploy-autoupdate: ${parts.join(', ')}`,
    text: [...changes.map(describeChange), ...dashboardLine(options)].join('\n'),
    level,
    changes,
    report: { startedAt: report.startedAt, finishedAt: report.finishedAt, summary: report.summary },
  };
  if (options.dashboardUrl) message.dashboardUrl = options.dashboardUrl;
  return message;
}

function changesOf(service: ServiceReport, options: MessageOptions): ChangeLine[] {
  const lines = service.images
    .filter((image) => !QUIET.has(image.status))
    .filter((image) => image.status !== 'update-available' || options.onAvailable)
    .map((image) => changeLine(service, image));
  if (lines.length === 0 && service.status === 'error' && service.reason) {
    lines.push({
      project: service.project,
      service: service.name,
      image: '',
      tag: '',
      outcome: 'error',
      reason: service.reason,
    });
  }
  return lines;
}

function changeLine(service: ServiceReport, image: ImageReport): ChangeLine {
  const line: ChangeLine = {
    project: service.project,
    service: image.service ? `${service.name}/${image.service}` : service.name,
    image: image.image,
    tag: tagOf(image.image),
    outcome: image.status,
  };
  if (image.currentDigest) line.oldDigest = image.currentDigest;
  if (image.remoteDigest) line.newDigest = image.remoteDigest;
  if (image.reason) line.reason = image.reason;
  return line;
}

function describeChange(change: ChangeLine): string {
  if (!change.image) return `${change.outcome}: ${change.service || 'run'} ${change.reason ?? ''}`;
  const digests =
    change.oldDigest || change.newDigest
      ? ` ${short(change.oldDigest)} → ${short(change.newDigest)}`
      : '';
  const reason = change.reason ? ` (${change.reason})` : '';
  const where = `${change.project} / ${change.service}`;
  return `${change.outcome}: ${where}: ${change.image}${digests}${reason}`;
}

function dashboardLine(options: MessageOptions): string[] {
  return options.dashboardUrl ? [`Dashboard: ${options.dashboardUrl}`] : [];
}

function short(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '?';
}

function tagOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastPart = withoutDigest.split('/').pop() ?? '';
  return lastPart.includes(':') ? (lastPart.split(':').pop() ?? 'latest') : 'latest';
}
