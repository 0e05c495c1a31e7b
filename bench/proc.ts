/**
 * @module bench/proc
 * Other processes of the benchmark: a script of its own run to the end, and the CPU time of a
 * process, from Linux's /proc.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `bench/<file>` with `args` in a Node process of its own (with `nodeArgs`) and parses the
 * JSON of the last line it printed; throws with what it printed on errors if it failed.
 */
export function runScript<T>(file: string, args: readonly string[] = [], nodeArgs: readonly string[] = []): T {
  const child = spawnSync(process.execPath, [...nodeArgs, join(import.meta.dirname, file), ...args], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench/${file} ${args.join(' ').slice(0, 200)} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as T;
}

/** CPU seconds (user and system) process `pid` has used so far; NaN where /proc is not there. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}
