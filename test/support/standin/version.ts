/** Dokploy versions as comparable triples; `v0.30.2` and `0.30.2` both parse. */
export function parseVersion(version: string): [number, number, number] {
  const parts = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10));
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

export function isAtLeast(version: string, minimum: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** v0.25 moved services from projects into environments. */
export const hasEnvironments = (version: string): boolean => isAtLeast(version, 'v0.25.0');

/** v0.28.3 trimmed the service entries of `project.all` to id, name and status. */
export const trimsProjectAll = (version: string): boolean => isAtLeast(version, 'v0.28.3');
