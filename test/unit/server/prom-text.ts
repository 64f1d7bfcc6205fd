/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`,
 * and samples `name{label="value",…} number`. Anything else is an error, so a malformed
 * /metrics fails the test instead of being skipped.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (!name || !type || !/^(counter|gauge|histogram|summary|untyped)$/.test(type)) {
        throw new Error(`line ${index + 1}: bad TYPE: ${line}`);
      }
      types.set(name, type);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = line.match(SAMPLE);
    if (!match) throw new Error(`line ${index + 1}: not a sample: ${line}`);
    const value =
      match[4] === '+Inf' ? Infinity : match[4] === '-Inf' ? -Infinity : Number(match[4]);
    if (Number.isNaN(value) && match[4] !== 'NaN') {
      throw new Error(`line ${index + 1}: bad value: ${line}`);
    }
    samples.push({ name: match[1] ?? '', labels: parseLabels(match[3] ?? '', index), value });
  }
  return { types, samples };
}

function parseLabels(text: string, index: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== start) throw new Error(`line ${index + 1}: bad labels: ${text}`);
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(.)/g, (_, c: string) =>
      c === 'n' ? '\n' : c,
    );
  }
  return labels;
}

/** The value of one sample whose labels include the given ones; throws when there is none. */
export function sampleValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number {
  const sample = exposition.samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (!sample) throw new Error(`no sample ${name} ${JSON.stringify(labels)}`);
  return sample.value;
}
