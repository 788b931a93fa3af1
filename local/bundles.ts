import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { parse } from 'yaml';

/**
 * The Lambda bundles exactly as `osls package` builds them with serverless-esbuild (1.57): the options of
 * `custom.esbuild` in serverless.yml, merged over the plugin's defaults, minus the keys only the plugin
 * reads. One place for "how serverless.yml bundles a function", shared by bundled mode (`npm start --
 * --bundled`), the bundle tests and the bench. test/integration/bundles.test.ts compares the result with the
 * `.mjs` inside the zips osls writes.
 */
const ROOT = resolve(import.meta.dirname, '..');

/** serverless-esbuild's own settings; it deletes them before calling esbuild (dist/bundle.js). */
const PLUGIN_ONLY_KEYS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
];
/** What serverless-esbuild looks for, in order, for a handler `dir/file.export` (helper.js). */
const ENTRY_EXTENSIONS = ['.ts', '.js', '.jsx', '.tsx'];
const RUNTIME_TARGETS: Record<string, string> = {
  'nodejs22.x': 'node22',
  'nodejs20.x': 'node20',
  'nodejs18.x': 'node18',
};

interface ServerlessYml {
  provider?: { runtime?: string };
  custom?: { esbuild?: Record<string, unknown> };
  functions?: Record<string, { handler: string; runtime?: string }>;
}

function readYml(root: string): ServerlessYml {
  // CloudFormation tags (!GetAtt, !Sub) elsewhere in the file do not matter here.
  return parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as ServerlessYml;
}

/** The esbuild options serverless-esbuild passes for every function of this serverless.yml. */
export function serverlessEsbuildOptions(root = ROOT): BuildOptions {
  const yml = readYml(root);
  const custom = { ...(yml.custom?.esbuild ?? {}) };
  const unsupported = ['config', 'plugins'].filter((key) => custom[key] !== undefined);
  const variables = JSON.stringify(custom).match(/\$\{[^}]*\}/g);
  if (unsupported.length || variables) {
    throw new Error(
      `custom.esbuild uses ${[...unsupported, ...(variables ?? [])].join(', ')}: the local build does not resolve it; extend local/bundles.ts first`,
    );
  }
  const runtime = yml.provider?.runtime ?? '';
  const target = RUNTIME_TARGETS[runtime];
  if (!target) throw new Error(`provider.runtime ${runtime} is not a Node.js runtime this build knows`);
  // The plugin's defaults, then the runtime's target, then custom.esbuild (ramda mergeDeepRight: arrays replace).
  const merged: Record<string, unknown> = {
    bundle: true,
    target,
    external: [],
    exclude: ['aws-sdk'],
    platform: 'node',
    outputFileExtension: '.js',
    ...custom,
  };
  const exclude = (merged.exclude as string[] | undefined) ?? [];
  const outputFileExtension = String(merged.outputFileExtension);
  const options = Object.fromEntries(
    Object.entries(merged).filter(([key]) => !PLUGIN_ONLY_KEYS.includes(key)),
  ) as BuildOptions;
  return {
    ...options,
    external: [...((merged.external as string[]) ?? []), ...(exclude.includes('*') ? [] : exclude)],
    plugins: [],
    ...(outputFileExtension !== '.js' ? { outExtension: { '.js': outputFileExtension } } : {}),
  };
}

export interface FunctionBundle {
  /** Function key in serverless.yml. */
  key: string;
  /** The source file, relative to the root, as serverless-esbuild resolves it (`functions/x/handler.ts`). */
  entry: string;
  /** The built `.mjs`, laid out as in the zip: `<outDir>/functions/x/handler.mjs`. */
  file: string;
  /** Its path inside the function's zip. */
  zipPath: string;
  exportName: string;
  metafile?: Metafile;
}

/** `functions/x/handler.handler` → `functions/x/handler.ts` (the first extension that exists). */
export function functionEntry(root: string, handler: string): { entry: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  const base = handler.slice(0, dot);
  for (const ext of ENTRY_EXTENSIONS) {
    if (existsSync(join(root, base + ext))) return { entry: base + ext, exportName: handler.slice(dot + 1) };
    if (existsSync(join(root, base, `index${ext}`)))
      return { entry: join(base, `index${ext}`), exportName: handler.slice(dot + 1) };
  }
  throw new Error(`no source file for handler ${handler}`);
}

/** Where a function's built file lies under `outDir`: beside its entry's path, with the bundle's extension. */
function bundleFile(outDir: string, entry: string, ext: string): string {
  return join(outDir, dirname(entry), basename(entry, extname(entry)) + ext);
}

/**
 * Builds the named functions (all by default) into `outDir`, each as serverless-esbuild would: entry
 * relative to the root, output beside it under `outDir`. Use a folder as deep as `.esbuild/.build` (two
 * levels below the root) and the source maps come out identical too.
 */
export async function buildFunctionBundles(opts: {
  outDir: string;
  root?: string;
  only?: string[];
  /** Extra esbuild options on top (the bench asks for a metafile). */
  extra?: BuildOptions;
}): Promise<FunctionBundle[]> {
  const root = opts.root ?? ROOT;
  const options = { ...serverlessEsbuildOptions(root), ...opts.extra };
  const ext = options.outExtension?.['.js'] ?? '.js';
  const functions = Object.entries(readYml(root).functions ?? {}).filter(
    ([key]) => !opts.only || opts.only.includes(key),
  );
  if (opts.only) {
    const unknown = opts.only.filter((key) => !functions.some(([k]) => k === key));
    if (unknown.length) throw new Error(`not a function of serverless.yml: ${unknown.join(', ')}`);
  }
  rmSync(opts.outDir, { recursive: true, force: true });
  mkdirSync(opts.outDir, { recursive: true });
  const built = new Map<string, Promise<Metafile | undefined>>();
  return Promise.all(
    functions.map(async ([key, fn]) => {
      const { entry, exportName } = functionEntry(root, fn.handler);
      const outdir = join(opts.outDir, dirname(entry));
      // Two functions on one file share one build, as in the plugin.
      let result = built.get(entry);
      if (!result) {
        result = build({
          ...options,
          absWorkingDir: root,
          entryPoints: [entry],
          outdir,
          logLevel: options.logLevel ?? 'error',
        }).then((r) => r.metafile);
        built.set(entry, result);
      }
      const metafile = await result;
      const file = bundleFile(opts.outDir, entry, ext);
      return {
        key,
        entry,
        file,
        zipPath: relative(opts.outDir, file),
        exportName,
        ...(metafile ? { metafile } : {}),
      };
    }),
  );
}

export interface LocalBundles {
  dir: string;
  /** Function key → its built `.mjs`. */
  files: Record<string, string>;
  buildMs: number;
  remove(): Promise<void>;
}

let runs = 0;

/** What the bundles are made of, besides node_modules (which package-lock.json stands for). */
const BUNDLE_SOURCES = ['src', 'functions', 'templates'];
const BUNDLE_FILES = ['serverless.yml', 'package-lock.json', 'tsconfig.json'];

/** A digest of every file the bundles are built from: the same digest, the same bundles. */
function sourceDigest(root: string): string {
  const hash = createHash('sha256');
  const files = [
    ...BUNDLE_FILES,
    ...BUNDLE_SOURCES.flatMap((dir) =>
      readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => relative(root, join(e.parentPath, e.name))),
    ),
  ].sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The bundles of this source, built once: the first start builds them into `.bundles/built-<digest>`, later
 * starts (other test files, other workers) reuse that folder while no source file changed. Built in a
 * private folder and renamed into place, so a start never sees half a build; two workers that build at
 * once both finish, and one rename wins.
 */
async function builtOnce(root: string): Promise<string> {
  const ready = join(root, '.bundles', `built-${sourceDigest(root)}`);
  if (existsSync(ready)) return ready;
  const building = join(root, '.bundles', `building-${process.pid}-${++runs}`);
  await buildFunctionBundles({ outDir: building, root });
  try {
    renameSync(building, ready);
  } catch {
    // Another start renamed its build first: theirs is the same.
    rmSync(building, { recursive: true, force: true });
  }
  // Builds of older sources are not used again.
  for (const old of readdirSync(join(root, '.bundles'))) {
    if (old.startsWith('built-') && join(root, '.bundles', old) !== ready) {
      rmSync(join(root, '.bundles', old), { recursive: true, force: true });
    }
  }
  return ready;
}

/**
 * Bundled mode of the local cloud: every function as serverless.yml ships it, in a folder of this start's
 * own under `.bundles/` (gitignored; two levels deep like serverless-esbuild's `.esbuild/.build`). Each start
 * gets a fresh copy, so its modules load fresh (a cold start) and parallel test files never share files.
 */
export async function buildLocalBundles(root = ROOT): Promise<LocalBundles> {
  const dir = join(root, '.bundles', `${process.pid}-${++runs}`);
  const started = performance.now();
  const built = await builtOnce(root);
  rmSync(dir, { recursive: true, force: true });
  cpSync(built, dir, { recursive: true });
  const ext = serverlessEsbuildOptions(root).outExtension?.['.js'] ?? '.js';
  const files = Object.fromEntries(
    Object.entries(readYml(root).functions ?? {}).map(([key, fn]) => [
      key,
      bundleFile(dir, functionEntry(root, fn.handler).entry, ext),
    ]),
  );
  return {
    dir,
    files,
    buildMs: performance.now() - started,
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
