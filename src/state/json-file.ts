import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { StateError } from './errors.js';
import type {
  BadDigest,
  OperationRecord,
  RunDetail,
  RunRecord,
  ServiceState,
  Sighting,
} from './types.js';

/**
 * The JSON driver's file format. We own it, so the schema is strict about the top level and
 * permissive inside records (reports grow fields from version to version).
 */
const jsonStateSchema = z.object({
  version: z.literal(1),
  sightings: z.array(z.looseObject({ reference: z.string(), digest: z.string() })),
  badDigests: z.array(z.looseObject({ target: z.string(), digest: z.string() })),
  services: z.array(z.looseObject({ target: z.string() })),
  runs: z.array(z.looseObject({ id: z.string(), status: z.string() })),
  operations: z.array(z.looseObject({ id: z.number(), runId: z.string() })),
  nextOperationId: z.number().int().positive(),
});

export type StoredRun = RunRecord & { report?: RunDetail['report'] };

export interface JsonStateData {
  version: 1;
  sightings: Sighting[];
  badDigests: BadDigest[];
  services: ServiceState[];
  runs: StoredRun[];
  operations: OperationRecord[];
  nextOperationId: number;
}

export function emptyJsonState(): JsonStateData {
  return {
    version: 1,
    sightings: [],
    badDigests: [],
    services: [],
    runs: [],
    operations: [],
    nextOperationId: 1,
  };
}

/** A stamp that changes whenever another process replaces the file. */
export function fileStamp(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

export function readJsonState(file: string): JsonStateData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyJsonState();
    throw new StateError(`the state file ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateError(`the state file ${file} is not valid JSON: move it away to start afresh`, {
      cause: error,
    });
  }
  const result = jsonStateSchema.safeParse(parsed);
  if (!result.success) {
    throw new StateError(`the state file ${file} has an unknown layout: ${result.error.message}`);
  }
  // The schema checked the shape we rely on to find records; the rest is ours as written.
  return result.data as unknown as JsonStateData;
}

/**
 * Write to a temporary file, flush it, then rename over the old one: a process killed at any
 * moment leaves either the old file or the new one, never half of one.
 */
export function writeJsonState(file: string, data: JsonStateData): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    throw new StateError(`the state file ${file} cannot be written: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
