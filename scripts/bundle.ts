/**
 * Builds the single-file release for a Dokploy scheduled job: `bundle/dokploy-autoupdate.mjs`,
 * runnable with plain `node` and nothing installed beside it. Usage: `npm run bundle [-- --out F]`.
 */
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { out: { type: 'string', default: 'bundle/dokploy-autoupdate.mjs' } },
});
const outfile = resolve(root, values.out);
const blueprintDir = resolve(root, 'deploy/dokploy-autoupdate');
const blueprint = {
  compose: readFileSync(resolve(blueprintDir, 'docker-compose.yml'), 'utf8'),
  config: readFileSync(resolve(blueprintDir, 'template.toml'), 'utf8'),
};
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  version: string;
};

// Native add-ons cannot live inside one JavaScript file. better-sqlite3 is loaded on demand by the
// state store, which falls back to a JSON file when it is missing; cpu-features and ssh2's
// sshcrypto.node are optional speed-ups that ssh2 wraps in try/catch.
const external = ['better-sqlite3', 'cpu-features', '*.node'];

// dockerode and friends are CommonJS: they call require() for Node built-ins and read __dirname,
// none of which an ES module has, so the bundle makes them from its own URL.
const banner = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { dirname as __bundleDirname } from 'node:path';",
  "import { fileURLToPath as __bundleFileUrlToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileUrlToPath(import.meta.url);',
  'const __dirname = __bundleDirname(__filename);',
].join('\n');

mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [resolve(root, 'src/cli/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  banner: { js: banner },
  define: {
    DOKPLOY_AUTOUPDATE_VERSION: JSON.stringify(version),
    DOKPLOY_AUTOUPDATE_BLUEPRINT: JSON.stringify(blueprint),
    // pino-pretty runs in a worker thread loaded from node_modules, which a bundle does not have.
    'process.env.DOKPLOY_AUTOUPDATE_BUNDLED': '"true"',
  },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

process.stdout.write(`${outfile} (${Math.round(statSync(outfile).size / 1024)} KiB)\n`);
