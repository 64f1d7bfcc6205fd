import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyEngine, pingEngine } from './engine-api.js';
import { isOurProcess, logTail, run, spawnDetached, stopProcess, waitUntil } from './exec.js';

/** What a test needs to reach an engine; plain data so it can cross into Vitest workers. */
export interface EngineFacts {
  name: string;
  /** `unix:///…/d.sock`, the value for DOCKER_HOST. */
  host: string;
  socketPath: string;
  pid: number;
  /** Temp folder holding data-root, exec-root, pidfile, socket and `dockerd.log`. */
  dir: string;
  logFile: string;
}

export interface Engine extends EngineFacts {
  stop(): Promise<void>;
}

/**
 * Starts a private dockerd (and the containerd it manages) that shares nothing with a system
 * daemon, so several can run side by side. vfs works on any filesystem, including inside a
 * container where overlay-on-overlay is refused. `--iptables=false` and `--ip-forward=false` keep
 * the host's firewall and sysctls untouched; `--bridge=none` skips the default docker0 bridge,
 * which two daemons would otherwise fight over. User-defined bridge networks (the ones compose
 * creates) still work: their Linux bridges get unique `br-<id>` names.
 */
export async function startEngine(options: { name: string }): Promise<Engine> {
  // Short base path: the socket and containerd's socket under exec-root must stay below the
  // ~108-byte unix socket path limit.
  const dir = mkdtempSync(join(tmpdir(), `de-${options.name}-`));
  const socketPath = join(dir, 'd.sock');
  const logFile = join(dir, 'dockerd.log');
  mkdirSync(join(dir, 'data'));
  const args = [
    '--storage-driver=vfs',
    '--iptables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'x')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    `--host=unix://${socketPath}`,
    // Small subnets from one wide range: every engine on the machine draws bridge subnets from
    // the same host routing table, and docker's default (/16 and /20 blocks) runs out after about
    // 30 networks in total across all of them.
    '--default-address-pool=base=172.16.0.0/12,size=24',
  ];
  const pid = spawnDetached('/usr/sbin/dockerd', args, logFile);
  const facts: EngineFacts = {
    name: options.name,
    host: `unix://${socketPath}`,
    socketPath,
    pid,
    dir,
    logFile,
  };
  const engine = engineFromFacts(facts);
  try {
    await waitUntil({
      what: `dockerd ${options.name}`,
      probe: () => pingEngine(socketPath),
      explain: () => `--- tail of ${logFile} ---\n${logTail(logFile)}`,
      pid,
    });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

/** Rebuilds a handle from recorded facts, for `test-env down` and reused environments. */
export function engineFromFacts(facts: EngineFacts): Engine {
  return {
    ...facts,
    async stop() {
      if (isOurProcess(facts.pid, facts.dir)) {
        const bridges = await emptyEngine(facts.socketPath).catch(() => []);
        await stopProcess(facts.pid, facts.dir);
        await deleteInterfaces(bridges);
      }
      // Network namespaces of swarm networks stay bind-mounted under exec-root after the daemon
      // exits, and a mounted file cannot be removed.
      await unmountUnder(facts.dir);
      rmSync(facts.dir, { recursive: true, force: true });
    },
  };
}

export async function isEngineHealthy(facts: EngineFacts): Promise<boolean> {
  return (
    isOurProcess(facts.pid, facts.dir) && (await pingEngine(facts.socketPath).catch(() => false))
  );
}

async function unmountUnder(dir: string): Promise<void> {
  const mountPoints = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mountPoints) {
    await run('/bin/umount', ['-l', point]).catch(() => undefined);
  }
}

async function deleteInterfaces(names: string[]): Promise<void> {
  for (const name of names) {
    if (existsSync(`/sys/class/net/${name}`)) {
      await run('ip', ['link', 'delete', name]).catch(() => undefined);
    }
  }
}
