import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { round } from './stats';

const ROOT = resolve(import.meta.dirname, '..');

/** The machine, Node, the packages that shape the figures and the commit: the header of RESULTS.md. */
export function machineInfo() {
  const version = (pkg: string) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'))
        .version as string;
    } catch {
      return 'not installed';
    }
  };
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const packages = [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-sfn',
    '@aws-sdk/client-sesv2',
    '@aws-sdk/client-workspaces',
    'esbuild',
    'dynalite',
    'aws-local-stepfunctions',
    'aws-ses-v2-local',
    'tsx',
  ];
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    packages: Object.fromEntries(packages.map((p) => [p, version(p)])),
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD'),
    // The figures a partial run merges into (bench/results.json, RESULTS.md, the logs) are its output, not code.
    uncommittedChanges:
      git(
        'status',
        '--porcelain',
        '--',
        '.',
        ':(exclude)bench/results.json',
        ':(exclude)bench/RESULTS.md',
        ':(exclude)bench/out',
      ) !== '',
  };
}

export type MachineInfo = ReturnType<typeof machineInfo>;
