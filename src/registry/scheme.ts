import { isIPv4 } from 'node:net';
import { registryApiHost } from './docker-hub.js';

/**
 * The base URL for a registry's API. HTTPS always, except for loopback (which the engine also
 * treats as insecure) and registries the user lists as insecure, by `host:port`, by host, or by an
 * IPv4 CIDR range (`10.0.0.0/8`) as in the engine's `insecure-registries`.
 */
export function registryBaseUrl(
  registry: string,
  insecureRegistries: readonly string[] = [],
): string {
  const host = registryApiHost(registry);
  const scheme = isLoopback(host) || isListedInsecure(host, insecureRegistries) ? 'http' : 'https';
  return `${scheme}://${host}`;
}

function hostname(hostWithPort: string): string {
  if (hostWithPort.startsWith('[')) return hostWithPort.slice(1, hostWithPort.indexOf(']'));
  return hostWithPort.split(':')[0] ?? hostWithPort;
}

function isLoopback(hostWithPort: string): boolean {
  const name = hostname(hostWithPort).toLowerCase();
  return name === 'localhost' || name === '::1' || (isIPv4(name) && name.startsWith('127.'));
}

function isListedInsecure(hostWithPort: string, listed: readonly string[]): boolean {
  const name = hostname(hostWithPort);
  return listed.some((entry) => {
    const bare = entry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (bare === hostWithPort || bare === name) return true;
    return bare.includes('/') && isIPv4(name) && inCidr(name, bare);
  });
}

function inCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const bits = Number(bitsText);
  if (!isIPv4(base) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toNumber(address) & mask) >>> 0 === (toNumber(base) & mask) >>> 0;
}

function toNumber(address: string): number {
  return address.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}
