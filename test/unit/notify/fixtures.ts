import type { RunReport, ServiceReport } from '../../../src/report/index.js';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

export function service(overrides: Partial<ServiceReport> = {}): ServiceReport {
  return {
    kind: 'compose',
    id: 'c1',
    name: 'shop',
    project: 'prod',
    environment: 'production',
    appName: 'prod-shop-abc',
    status: 'updated',
    action: 'redeploy',
    images: [
      {
        service: 'web',
        image: 'registry.example/shop/web:2.1',
        status: 'updated',
        currentDigest: OLD,
        remoteDigest: NEW,
        pulled: true,
      },
    ],
    alsoAffected: [],
    ...overrides,
  };
}

export function runReport(services: ServiceReport[], errors: string[] = []): RunReport {
  return {
    dryRun: false,
    startedAt: '2025-01-01T04:00:00.000Z',
    finishedAt: '2025-01-01T04:00:12.000Z',
    dokploy: { url: 'http://dokploy.local', calls: 3 },
    engine: 'local socket',
    services,
    registry: { requests: {} },
    warnings: [],
    errors,
    summary: {
      services: services.length,
      images: 1,
      upToDate: 0,
      updated: 1,
      updateAvailable: 0,
      skipped: 0,
      errors: 0,
    },
    exitCode: 0,
  };
}

export const digests = { OLD, NEW };
