import type { ImageStatus } from '../plan/index.js';
import type { RunSummary, ServiceReport } from './types.js';

export function summarise(services: ServiceReport[]): RunSummary {
  const images = services.flatMap((service) => service.images);
  const count = (status: ImageStatus) => images.filter((image) => image.status === status).length;
  return {
    services: services.length,
    images: images.length,
    upToDate: count('up-to-date'),
    updated: count('updated'),
    updateAvailable: count('update-available'),
    skipped: count('skipped'),
    rolledBack: count('rolled-back'),
    errors:
      count('error') +
      count('rollback-failed') +
      services.filter((s) => s.status === 'error' && !s.images.length).length,
  };
}

/** 1 when anything failed; a dry run that finds updates is still a success. */
export function exitCodeFor(services: ServiceReport[], runErrors: string[]): 0 | 1 {
  if (runErrors.length > 0) return 1;
  const failed = new Set<ImageStatus>(['error', 'rolled-back', 'rollback-failed']);
  return services.some((s) => failed.has(s.status) || s.images.some((i) => failed.has(i.status)))
    ? 1
    : 0;
}

const severity: Record<ImageStatus, number> = {
  'up-to-date': 0,
  skipped: 0,
  'update-available': 1,
  updated: 2,
  'rolled-back': 3,
  error: 4,
  'rollback-failed': 5,
};

/** The status that stands for a whole service: the most severe of its images. */
export function serviceStatus(statuses: ImageStatus[]): ImageStatus {
  if (statuses.length === 0) return 'skipped';
  if (statuses.every((status) => status === 'skipped')) return 'skipped';
  return statuses.reduce((worst, status) => (severity[status] > severity[worst] ? status : worst));
}
