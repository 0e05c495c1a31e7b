/**
 * @module bench/proc
 * CPU time of a process, from Linux's /proc.
 */
import { readFileSync } from 'node:fs';

/** CPU seconds (user and system) process `pid` has used so far; NaN where /proc is not there. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}
