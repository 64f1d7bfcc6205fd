import { randomBytes, randomInt } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Words for generated app names. Dokploy strings three random tech words together; any words do,
// as long as the result matches `<prefix>-<words>-<6 chars>` and stays a valid compose project name.
const WORDS = [
  'amber',
  'anchor',
  'beacon',
  'binary',
  'cache',
  'cobalt',
  'delta',
  'ember',
  'fabric',
  'falcon',
  'gateway',
  'harbor',
  'index',
  'kernel',
  'lantern',
  'matrix',
  'meadow',
  'mobile',
  'nimbus',
  'orbit',
  'parse',
  'pixel',
  'quartz',
  'relay',
  'signal',
  'socket',
  'summit',
  'tensor',
  'vector',
  'willow',
];

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** A 21-character id in the alphabet Dokploy's nanoid ids use. */
export function newId(): string {
  return pick(ID_ALPHABET, 21);
}

/** `compose-<three words>-<6 chars>` or `app-…`, the way Dokploy names new services. */
export function newAppName(prefix: 'compose' | 'app'): string {
  const words = [0, 1, 2].map(() => WORDS[randomInt(WORDS.length)]);
  return `${prefix}-${words.join('-')}-${pick(SUFFIX_ALPHABET, 6)}`;
}

/** A user-supplied appName gets the same random suffix Dokploy appends. */
export function withAppNameSuffix(name: string): string {
  return `${name}-${pick(SUFFIX_ALPHABET, 6)}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
