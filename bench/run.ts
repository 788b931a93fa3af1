import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BulkResult } from './bulk';
import type { BurstResult } from './burst';
import { costPerHire } from './cost';
import { type CrashResult, DEFAULT_SEED } from './crash';
import { machineInfo } from './machine';
import type { MailResult } from './mail';
import type { ReportBenchResult } from './report';
import { resultsPage } from './results/page';
import { BULK_RUNS, type BundlesResult, MAIL_HIRES, type Results, TARGETS } from './results/results';
import { RESULT_MARK } from './stats';
import type { SweepResult } from './sweep';
import type { WaveResult } from './wave';
import type { WebhookResult } from './webhook';

/**
 * `npm run bench`: every scenario of docs/decisions.md ("Performance targets") against the local cloud, each
 * run in a fresh child process (the functions keep module-level clients and the clock offset is process-wide),
 * then bench/results.json and, from it and bench/results.template.md, bench/RESULTS.md (bench/results/).
 * Child output goes to bench/out/<scenario>.log.
 *
 * `npm run bench -- --only crash,webhook` runs those scenarios alone and keeps the others' figures from
 * bench/results.json (RESULTS.md says which run each section comes from). `--seed N` (or BENCH_SEED) seeds
 * the crash scenario's kill moments. `--hires N` runs burst and wave at N hires instead of 5,000 and 10,000.
 */
const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');

const SCENARIOS = [
  'bulk',
  'webhook',
  'sweep',
  'bundles',
  'crash',
  'report',
  'burst',
  'wave',
  'mail',
] as const;
/** The burst runs: Tokyo's StartExecution bucket, then a twentieth of it (this machine posts slower than 150/s). */
const BURST_SCALES = [1, 20];
type Scenario = (typeof SCENARIOS)[number];

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = option('only')?.split(',') as Scenario[] | undefined;
  const unknown = only?.filter((name) => !SCENARIOS.includes(name));
  if (unknown?.length)
    throw new Error(`--only: unknown scenario ${unknown.join(', ')} (${SCENARIOS.join(', ')})`);
  const runs = (name: Scenario) => !only || only.includes(name);
  const seed = Number(option('seed') ?? process.env.BENCH_SEED ?? DEFAULT_SEED);
  const hires = option('hires');
  mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  const machine = machineInfo();
  const resultsFile = join(ROOT, 'bench', 'results.json');
  const previous: Partial<Results> =
    only && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const measured: Record<string, { date: string; commit: string }> = { ...(previous.measured ?? {}) };
  const stamp = (name: Scenario) => {
    measured[name] = { date: machine.date, commit: machine.commit };
  };

  let bulk: BulkResult[] = previous.bulk ?? [];
  if (runs('bulk')) {
    bulk = [];
    for (const [i, n] of BULK_RUNS.entries()) {
      const result = await child<BulkResult>('bulk', [String(n)], `bulk-${i + 1}-${n}`);
      if (result) bulk.push(result);
    }
    stamp('bulk');
  }
  let { webhook, webhookData, sweep, sweepLarge, bundles, crash, report: hireReport, mail } = previous;
  if (runs('webhook')) {
    webhook = await child<WebhookResult>('webhook', [], 'webhook');
    // The same with --data: executions journaled (fsync) before the 202.
    webhookData = await child<WebhookResult>('webhook', ['--data'], 'webhook-data');
    stamp('webhook');
  }
  if (runs('sweep')) {
    sweep = await child<SweepResult>('sweep', [], 'sweep');
    stamp('sweep');
    // `--large`: also among 1,000,000 tracked hires (a bigger heap for dynalite's in-memory table).
    if (args.includes('--large')) {
      sweepLarge = await child<SweepResult>('sweep', ['--large'], 'sweep-large', [
        '--max-old-space-size=12288',
      ]);
      measured['sweep-large'] = { date: machine.date, commit: machine.commit };
    }
  }
  if (runs('bundles')) {
    bundles = await child<BundlesResult>('bundles', [], 'bundles');
    stamp('bundles');
  }
  if (runs('crash')) {
    crash = await child<CrashResult>('crash', [String(seed)], 'crash');
    stamp('crash');
  }
  if (runs('report')) {
    hireReport = await child<ReportBenchResult>('report', ['100000'], 'report');
    stamp('report');
  }
  let { burst, wave } = previous;
  if (runs('burst')) {
    burst = [];
    for (const scale of BURST_SCALES) {
      const result = await child<BurstResult>('burst', [hires ?? '5000', String(scale)], `burst-${scale}`);
      if (result) burst.push(result);
    }
    stamp('burst');
  }
  if (runs('wave')) {
    wave = await child<WaveResult>('wave', [hires ?? '10000'], 'wave');
    stamp('wave');
  }
  if (runs('mail')) {
    // `--mail-hires 200` for a shorter run while iterating; the target is stated for 2,000.
    mail = await child<MailResult>('mail', [option('mail-hires') ?? String(MAIL_HIRES)], 'mail');
    stamp('mail');
  }
  const full = bulk.find((b) => b.hires === BULK_RUNS[0]);
  const cost = full
    ? { full: costPerHire(full), perRun: bulk.map((b) => costPerHire(b).perHireUsd) }
    : undefined;
  const totalSeconds = (performance.now() - started) / 1000;

  const results: Results = {
    machine,
    totalSeconds,
    ...(only ? { only } : {}),
    targets: TARGETS,
    measured,
    bulk,
    webhook,
    webhookData,
    sweep,
    sweepLarge,
    bundles,
    cost,
    crash,
    report: hireReport,
    burst,
    wave,
    mail,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), resultsPage(results));
  console.log(`bench: done in ${totalSeconds.toFixed(0)} s → bench/RESULTS.md, bench/results.json`);
}

/** Runs `tsx bench/<file>.ts args` and returns what it emitted, or undefined (and says so) if it failed. */
function child<T>(
  file: string,
  args: string[],
  logName: string,
  nodeArgs: string[] = [],
): Promise<T | undefined> {
  const log = createWriteStream(join(OUT, `${logName}.log`));
  const t0 = performance.now();
  process.stdout.write(`bench: ${logName} ... `);
  return new Promise((resolvePromise) => {
    const proc = spawn(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', join(ROOT, 'bench', `${file}.ts`), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let result: T | undefined;
    let pending = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines)
        if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length));
    });
    proc.stderr.pipe(log, { end: false });
    proc.on('close', (code) => {
      if (pending.startsWith(RESULT_MARK)) result = JSON.parse(pending.slice(RESULT_MARK.length));
      log.end();
      const seconds = ((performance.now() - t0) / 1000).toFixed(0);
      console.log(result ? `${seconds} s` : `FAILED (exit ${code}, see bench/out/${logName}.log)`);
      resolvePromise(result);
    });
  });
}

await main();
