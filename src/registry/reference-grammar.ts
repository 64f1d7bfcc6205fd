/**
 * The grammar of image references as Docker's reference library defines it
 * (github.com/distribution/reference, regexp.go), expressed as JavaScript regular expressions.
 * JavaScript alternation is leftmost-first like Go's RE2 in Perl mode, so the optional domain group
 * claims the first path part whenever it can, exactly as `reference.Parse` does.
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
// Bracketed IPv6 only; zones (`%eth0`) and embedded IPv4 are not accepted by Docker either.
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;

const referenceRe = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const anchoredNameRe = new RegExp(
  `^(?:(${domainAndPort})/)?(${pathComponent}(?:/${pathComponent})*)$`,
);
const identifierRe = /^[a-f0-9]{64}$/;

/** Docker caps the path (not the domain) at 255 characters. */
export const MAX_PATH_LENGTH = 255;

/** Hex lengths of the digest algorithms a Docker engine accepts. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export type ReferenceProblem =
  | 'empty'
  | 'format'
  | 'uppercase'
  | 'too-long'
  | 'hex-identifier'
  | 'digest-format'
  | 'digest-algorithm'
  | 'digest-length'
  | 'domain';

export const PROBLEM_TEXT: Record<ReferenceProblem, string> = {
  empty: 'repository name must have at least one component',
  format: 'invalid reference format',
  uppercase: 'repository name must be lowercase',
  'too-long': `repository name must not be more than ${MAX_PATH_LENGTH} characters`,
  'hex-identifier': 'a 64-character hexadecimal string is an image ID, not a repository name',
  'digest-format': 'invalid checksum digest format',
  'digest-algorithm': 'unsupported digest algorithm',
  'digest-length': 'invalid checksum digest length',
  domain: 'the part before the first "/" looks like a registry host but is not a valid one',
};

/** A reference split into its parts, before any Docker Hub normalisation. */
export interface RawReference {
  domain?: string;
  path: string;
  tag?: string;
  digest?: string;
}

export type RawParse = { ok: true; value: RawReference } | { ok: false; problem: ReferenceProblem };

/** The equivalent of `reference.Parse`: no implicit registry, no `library/`. */
export function parseRawReference(input: string): RawParse {
  const match = referenceRe.exec(input);
  if (!match) {
    if (input === '') return { ok: false, problem: 'empty' };
    if (referenceRe.test(input.toLowerCase())) return { ok: false, problem: 'uppercase' };
    return { ok: false, problem: 'format' };
  }
  const [, fullName = '', tagPart, digestPart] = match;
  const nameMatch = anchoredNameRe.exec(fullName);
  const domain = nameMatch?.[1];
  const path = nameMatch?.[2] ?? fullName;
  if (path.length > MAX_PATH_LENGTH) return { ok: false, problem: 'too-long' };
  if (digestPart !== undefined) {
    const problem = digestProblem(digestPart);
    if (problem) return { ok: false, problem };
  }
  const value: RawReference = { path };
  if (domain !== undefined) value.domain = domain;
  if (tagPart !== undefined) value.tag = tagPart;
  if (digestPart !== undefined) value.digest = digestPart;
  return { ok: true, value };
}

/** What go-digest's `Validate` would reject in `algorithm:hex`, or undefined when it is valid. */
export function digestProblem(value: string): ReferenceProblem | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return 'digest-format';
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const expected = DIGEST_HEX_LENGTH[algorithm];
  if (expected === undefined) return 'digest-algorithm';
  if (hex.length !== expected) return 'digest-length';
  if (!/^[a-f0-9]+$/.test(hex)) return 'digest-format';
  return undefined;
}

export function isHexIdentifier(input: string): boolean {
  return identifierRe.test(input);
}
