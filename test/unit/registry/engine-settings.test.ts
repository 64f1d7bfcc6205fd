import { describe, expect, it } from 'vitest';
import { engineRegistrySettings, registryBaseUrl } from '../../../src/registry/index.js';

describe('engineRegistrySettings', () => {
  it("reads the daemon's insecure registries and Hub mirrors from docker info", () => {
    const info = {
      RegistryConfig: {
        InsecureRegistryCIDRs: ['127.0.0.0/8', '10.20.0.0/16'],
        IndexConfigs: {
          'docker.io': { Secure: true, Mirrors: ['https://mirror.example/'] },
          '10.0.0.5:5000': { Secure: false, Mirrors: [] },
          'registry.lan:5000': { Secure: true },
        },
        Mirrors: ['https://mirror.example/', 'not a url'],
      },
    };

    const settings = engineRegistrySettings(info);

    expect(settings).toEqual({
      insecure: ['127.0.0.0/8', '10.20.0.0/16', '10.0.0.5:5000'],
      mirrors: ['https://mirror.example/'],
    });
    expect(registryBaseUrl('10.0.0.5:5000', settings.insecure)).toBe('http://10.0.0.5:5000');
    expect(registryBaseUrl('10.20.3.4:5000', settings.insecure)).toBe('http://10.20.3.4:5000');
    expect(registryBaseUrl('registry.lan:5000', settings.insecure)).toBe(
      'https://registry.lan:5000',
    );
  });

  it.each([[undefined], [{}], [{ RegistryConfig: null }], [{ RegistryConfig: { Mirrors: 3 } }]])(
    'takes an engine without settings (%j) as none',
    (info) => {
      expect(engineRegistrySettings(info)).toEqual({ insecure: [], mirrors: [] });
    },
  );
});
