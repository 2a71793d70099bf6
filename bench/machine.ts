import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { dynamoLocalVersion } from './database';

/** The machine a run measured, for the report. */
export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  java: string;
  dynamoLocal: string;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // Not Linux: fall back to what os reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Describes this machine; `java` is the first line of `java -version`. */
export function machineInfo(java: string): MachineInfo {
  return {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    java,
    dynamoLocal: dynamoLocalVersion(),
  };
}
