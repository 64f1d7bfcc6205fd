import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { docker } from '../support/env/cli.js';
import type { EngineFacts } from '../support/env/engine.js';
import { run } from '../support/env/exec.js';

/**
 * A Node base image made from this machine's own Node binary and the shared libraries it links,
 * imported as one layer: no registry, no network. It has uid 1000 and /tmp, as node images do.
 */
export async function makeNodeBaseImage(engine: Pick<EngineFacts, 'host'>, ref: string) {
  const work = mkdtempSync(join(tmpdir(), 'node-base-'));
  const root = join(work, 'root');
  try {
    const node = process.execPath;
    const ldd = await run('/usr/bin/ldd', [node]);
    const libraries = [...ldd.matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1] ?? '');
    for (const file of [node, ...libraries]) {
      mkdirSync(join(root, dirname(file)), { recursive: true });
      copyFileSync(file, join(root, file));
    }
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    if (node !== '/usr/bin/node') symlinkSync(node, join(root, 'usr/local/bin/node'));
    mkdirSync(join(root, 'tmp'), { mode: 0o1777 });
    mkdirSync(join(root, 'etc'));
    writeFileSync(
      join(root, 'etc/passwd'),
      'root:x:0:0::/root:/bin/false\nnode:x:1000:1000::/home/node:/bin/false\n',
    );
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnode:x:1000:\n');
    const layer = join(work, 'layer.tar');
    await run('/bin/tar', ['-C', root, '-cf', layer, '.']);
    await docker(engine, ['import', '-c', 'ENV PATH=/usr/local/bin:/usr/bin:/bin', layer, ref]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
