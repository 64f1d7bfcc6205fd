import { describe, expect, it } from 'vitest';
import { buildMessage } from '../../../src/notify/index.js';
import { runReport, service } from './fixtures.js';

describe('the run message', () => {
  it('names project, service, image, tag, both digests, outcome and the dashboard', () => {
    const message = buildMessage(runReport([service()]), {
      onAvailable: false,
      dashboardUrl: 'https://updates.example/',
    });

    expect(message?.title).toBe('dokploy-autoupdate: 1 updated');
    expect(message?.level).toBe('success');
    expect(message?.changes[0]).toMatchObject({
      project: 'prod',
      service: 'shop/web',
      image: 'registry.example/shop/web:2.1',
      tag: '2.1',
      outcome: 'updated',
    });
    expect(message?.text).toContain('updated: prod / shop/web: registry.example/shop/web:2.1');
    expect(message?.text).toContain('aaaaaaaaaaaa → bbbbbbbbbbbb');
    expect(message?.text).toContain('Dashboard: https://updates.example/');
  });

  it('says nothing when everything was up to date', () => {
    const quiet = service({
      status: 'up-to-date',
      images: [{ service: 'web', image: 'x:1', status: 'up-to-date', pulled: false }],
    });

    expect(buildMessage(runReport([quiet]), { onAvailable: true })).toBeUndefined();
  });

  it('tells of available updates only when asked to', () => {
    const available = service({
      status: 'update-available',
      images: [{ service: 'web', image: 'x:1', status: 'update-available', pulled: false }],
    });

    expect(buildMessage(runReport([available]), { onAvailable: false })).toBeUndefined();
    expect(buildMessage(runReport([available]), { onAvailable: true })?.title).toBe(
      'dokploy-autoupdate: 1 update(s) available',
    );
  });

  it('puts failures of the run and of services in one failure message', () => {
    const broken = service({
      status: 'error',
      images: [
        { service: 'web', image: 'x:1', status: 'error', reason: 'pull failed', pulled: false },
      ],
    });

    const message = buildMessage(runReport([broken], ['Dokploy down']), { onAvailable: false });

    expect(message?.level).toBe('failure');
    expect(message?.changes).toHaveLength(2);
    expect(message?.text).toContain('(pull failed)');
    expect(message?.text).toContain('Dokploy down');
  });
});
