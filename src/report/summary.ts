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
    errors:
      count('error') + services.filter((s) => s.status === 'error' && !s.images.length).length,
  };
}

/** 1 when anything failed; a dry run that finds updates is still a success. */
export function exitCodeFor(services: ServiceReport[], runErrors: string[]): 0 | 1 {
  if (runErrors.length > 0) return 1;
  return services.some((s) => s.status === 'error' || s.images.some((i) => i.status === 'error'))
    ? 1
    : 0;
}

const severity: Record<ImageStatus, number> = {
  'up-to-date': 0,
  skipped: 0,
  'update-available': 1,
  updated: 2,
  error: 3,
};

/** The status that stands for a whole service: the most severe of its images. */
export function serviceStatus(statuses: ImageStatus[]): ImageStatus {
  if (statuses.length === 0) return 'skipped';
  if (statuses.every((status) => status === 'skipped')) return 'skipped';
  return statuses.reduce((worst, status) => (severity[status] > severity[worst] ? status : worst));
}
