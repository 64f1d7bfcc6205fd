/**
 * `WWW-Authenticate` challenges (RFC 7235 §4.1) as registries send them:
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
 * scope="repository:library/nginx:pull"` (one line) or `Basic realm="Registry Realm"`. Traps
 * handled here: quoted values contain commas and colons (`scope="repository:a:pull,push"`),
 * escaped quotes, parameter names in any case, spaces around `=` and `,`, and several challenges
 * in one header when fetch joins repeated headers with ", ".
 */
export interface Challenge {
  /** Lower-cased: `basic`, `bearer`, or whatever else a server invents. */
  scheme: string;
  /** Lower-cased names; values unquoted. */
  params: Record<string, string>;
}

export function parseChallenges(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  const input = header ?? '';
  let at = 0;
  let current: Challenge | undefined;

  const skip = (pattern: RegExp) => {
    while (at < input.length && pattern.test(input.charAt(at))) at++;
  };

  while (at < input.length) {
    skip(/[\s,]/);
    const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(input.slice(at))?.[0];
    if (!token) break;
    at += token.length;
    skip(/\s/);
    if (input.charAt(at) === '=' && current) {
      at++;
      skip(/\s/);
      current.params[token.toLowerCase()] = readValue();
      continue;
    }
    // A token not followed by `=` starts a new challenge (token68 credentials are not used here).
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;

  function readValue(): string {
    if (input.charAt(at) !== '"') {
      const bare = /^[^\s,]*/.exec(input.slice(at))?.[0] ?? '';
      at += bare.length;
      return bare;
    }
    let value = '';
    at++;
    while (at < input.length && input.charAt(at) !== '"') {
      if (input.charAt(at) === '\\') at++;
      value += input.charAt(at);
      at++;
    }
    at++;
    return value;
  }
}

/** The challenge to answer: Bearer when offered (it needs a realm), else Basic. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
  return bearer ?? challenges.find((c) => c.scheme === 'basic');
}
