import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { functionEntry, serverlessEsbuildOptions } from '@workspaces-onboarding/local-cloud/bundles';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { parse } from 'yaml';
import { emitResult, median } from './stats';

/**
 * Scenario 4: each function of serverless.yml bundled exactly as osls packages it, beside its floor: a
 * bundle of only the @aws-sdk/client-* packages the function's bundle contains, each imported and
 * constructed, built the same way. The esbuild options come from local/bundles.ts, shared with the local
 * cloud's bundled mode and checked against the osls zips (only where they are read changed, not what is
 * measured). The target is the cold import: each bundle is imported in a fresh `node` (with
 * NODE_OPTIONS=--enable-source-maps, as serverless.yml deploys it), IMPORT_RUNS times alternating with its
 * floor, and the child reports the CPU time the import took (process.cpuUsage: parsing, compiling and
 * running the bundle and the source map, on every thread) and its wall time. The ratio is the median of the
 * per-pair CPU ratios: CPU time leaves out the waits for a core that other processes cause on a shared
 * machine, and pairing leaves out the drift between pairs. Size (bytes, gzip) is reported, not a target.
 */
const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out', 'bundles');
/** Pairs of cold imports per function; BENCH_IMPORT_RUNS for a longer, steadier run. */
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 21);
const CLIENT_PATH = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//;

export interface BundleFigures {
  bytes: number;
  gzipBytes: number;
  /** Median wall time of the cold import. */
  importMs: number;
  /** Median CPU time of the cold import. */
  importCpuMs: number;
}

export interface FunctionBundle {
  function: string;
  handler: string;
  bundle: BundleFigures;
  floor: BundleFigures;
  /** Median of bundle CPU ÷ floor CPU over the alternating pairs: the figure the target judges. */
  importRatio: number;
  clients: { package: string; called: boolean }[];
  /** Biggest contributors to the bundle, by package (or project folder), bytes in the output. */
  biggestInputs: { input: string; bytes: number }[];
  /** What the bundle has beyond its floor, by package or folder (bytes more than in the floor). */
  overFloor: { input: string; bytes: number }[];
}

interface ServerlessYml {
  functions: Record<string, { handler: string }>;
}

export async function runBundles(): Promise<{
  esbuildVersion: string;
  importRuns: number;
  pinnedCore: string | undefined;
  functions: FunctionBundle[];
}> {
  const yml = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), {
    logLevel: 'error',
  }) as ServerlessYml;
  const options: BuildOptions = { ...serverlessEsbuildOptions(ROOT), metafile: true, logLevel: 'error' };
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const functions: FunctionBundle[] = [];
  for (const [name, fn] of Object.entries(yml.functions)) {
    const entry = join(ROOT, functionEntry(ROOT, fn.handler).entry);
    const built = await bundle(options, entry, join(OUT, name));
    const inOutput = bundledInputs(built.metafile);
    const clientPackages = [...new Set(inOutput.flatMap((i) => CLIENT_PATH.exec(i)?.[1] ?? []))].sort();
    const floorEntry = join(OUT, `${name}.floor-entry.ts`);
    const usesDocumentClient = inOutput.some((i) => i.includes('node_modules/@aws-sdk/lib-dynamodb/'));
    writeFileSync(floorEntry, await floorSource(clientPackages, usesDocumentClient));
    const floor = await bundle(options, floorEntry, join(OUT, `${name}.floor`));
    const called = calledClients(inOutput);
    // Alternate the two so drift in the machine's speed hits both alike, each first in every other pair.
    const pairs: { bundle: ImportTime; floor: ImportTime }[] = [];
    for (let i = 0; i < IMPORT_RUNS; i++) {
      if (i % 2) {
        const floorTime = coldImport(floor.file);
        pairs.push({ bundle: coldImport(built.file), floor: floorTime });
      } else {
        const bundleTime = coldImport(built.file);
        pairs.push({ bundle: bundleTime, floor: coldImport(floor.file) });
      }
    }
    functions.push({
      function: name,
      handler: fn.handler,
      bundle: { ...sizes(built.file), ...medians(pairs.map((p) => p.bundle)) },
      floor: { ...sizes(floor.file), ...medians(pairs.map((p) => p.floor)) },
      importRatio: median(pairs.map((p) => p.bundle.cpuMs / p.floor.cpuMs)),
      clients: clientPackages.map((p) => ({ package: p, called: called.has(p) })),
      biggestInputs: top(groupInputs(built.metafile), 8),
      overFloor: top(difference(groupInputs(built.metafile), groupInputs(floor.metafile)), 6),
    });
  }
  const { version } = await import('esbuild');
  return { esbuildVersion: version, importRuns: IMPORT_RUNS, pinnedCore: PIN, functions };
}

async function bundle(options: BuildOptions, entry: string, outBase: string) {
  const outdir = outBase;
  const result = await build({ ...options, entryPoints: [entry], outdir, entryNames: 'index' });
  const file = join(outdir, `index${options.outExtension?.['.js'] ?? '.js'}`);
  return { file, metafile: result.metafile as Metafile };
}

/**
 * import { XClient } from '@aws-sdk/client-x'; new XClient({}) for each package, and the DynamoDB document
 * client (@aws-sdk/lib-dynamodb, part of the SDK) when the function's bundle has it.
 */
async function floorSource(packages: string[], documentClient: boolean): Promise<string> {
  const lines: string[] = [];
  const constructed: string[] = [];
  if (documentClient) {
    lines.push(`import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';`);
    constructed.push('DynamoDBDocumentClient.from');
  }
  for (const pkg of packages) {
    const mod = await import(`@aws-sdk/${pkg}`);
    const client = Object.keys(mod).find(
      (k) => /^[A-Za-z0-9]+Client$/.test(k) && typeof mod[k] === 'function',
    );
    if (!client) throw new Error(`no client class found in @aws-sdk/${pkg}`);
    lines.push(`import { ${client} } from '@aws-sdk/${pkg}';`);
    constructed.push(`new ${client}({})`);
  }
  return `${lines.join('\n')}\nexport const clients = [${constructed.join(', ')}];\n`;
}

/**
 * A client counts as called when some project file in the bundle imports a Command for it (a value
 * import; types are erased). @aws-sdk/lib-dynamodb commands count for client-dynamodb.
 */
function calledClients(inputs: string[]): Set<string> {
  const called = new Set<string>();
  const importStatement = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@aws-sdk\/([a-z0-9-]+)'/g;
  for (const input of inputs) {
    if (input.includes('node_modules') || !/\.ts$/.test(input)) continue;
    const source = readFileSync(join(ROOT, input), 'utf8');
    for (const [, typeOnly, names, pkg] of source.matchAll(importStatement)) {
      if (typeOnly) continue;
      const values = names!
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith('type '));
      if (!values.some((n) => n.endsWith('Command'))) continue;
      called.add(pkg === 'lib-dynamodb' ? 'client-dynamodb' : pkg!);
    }
  }
  return called;
}

/** Inputs with code in the output (an import that tree-shaking emptied does not count). */
function bundledInputs(metafile: Metafile): string[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  return Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

function sizes(file: string) {
  const bytes = readFileSync(file);
  return { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/**
 * On Linux every import runs on one core (taskset), the last one: a function of serverless.yml (256 MB) has
 * a fraction of one vCPU (Lambda gives one vCPU at 1,769 MB), and on one core V8's helper threads cannot
 * hide work on a second one. It also makes the figures far steadier on a shared machine.
 */
const PIN = pinnedCore();

function pinnedCore(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return String(cpus().length - 1);
}

interface ImportTime {
  wallMs: number;
  cpuMs: number;
}

function coldImport(file: string): ImportTime {
  const script = [
    'const cpu = process.cpuUsage(); const t = performance.now();',
    'await import(process.env.BENCH_IMPORT);',
    'const wallMs = performance.now() - t; const { user, system } = process.cpuUsage(cpu);',
    'process.stdout.write(JSON.stringify({ wallMs, cpuMs: (user + system) / 1000 }));',
  ].join(' ');
  const node = [process.execPath, '--input-type=module', '-e', script];
  const [command, ...args] = PIN ? ['taskset', '--cpu-list', PIN, ...node] : node;
  const out = execFileSync(command!, args, {
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'ap-northeast-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BENCH_IMPORT: pathToFileURL(file).href,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as ImportTime;
}

function medians(times: ImportTime[]): Pick<BundleFigures, 'importMs' | 'importCpuMs'> {
  return { importMs: median(times.map((t) => t.wallMs)), importCpuMs: median(times.map((t) => t.cpuMs)) };
}

/** Output bytes grouped by npm package (or by project folder for our own code). */
function groupInputs(metafile: Metafile): Map<string, number> {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const key = pkg ?? relative(ROOT, resolve(ROOT, input)).split('/').slice(0, 2).join('/');
    groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
  }
  return groups;
}

function difference(bundle: Map<string, number>, floor: Map<string, number>): Map<string, number> {
  return new Map([...bundle].map(([key, bytes]) => [key, bytes - (floor.get(key) ?? 0)]));
}

function top(groups: Map<string, number>, n: number) {
  return [...groups]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([input, bytes]) => ({ input, bytes }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runBundles());
}
