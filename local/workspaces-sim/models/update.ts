/**
 * Regenerates the service models the simulator validates requests against, from botocore's data folder:
 * `tsx local/workspaces-sim/models/update.ts [BOTOCORE_DATA_DIR]` (default: the installed botocore's).
 * Only the input shapes of the operations the simulator serves are kept (plus the state enums its control
 * routes accept), without documentation. botocore is Apache-2.0; the models are AWS's service definitions.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { directoryDataOperations } from '../directory-data';
import { directoryOperations } from '../directory-ops';
import { workspacesOperations } from '../workspaces-ops';

interface RawShape {
  type: string;
  documentation?: string;
  members?: Record<string, { shape: string; documentation?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  [k: string]: unknown;
}
interface RawModel {
  metadata: Record<string, unknown>;
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, RawShape>;
}

function botocoreData(): { dir: string; version: string } {
  const given = process.argv[2];
  if (given) return { dir: given, version: 'unknown' };
  const out = execFileSync(
    'python3',
    ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
    { encoding: 'utf8' },
  ).trim();
  const [root, version] = out.split('\n');
  return { dir: join(root!, 'data'), version: version ?? 'unknown' };
}

function readModel(file: string): RawModel {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(`${file}.gz`)).toString('utf8'));
}

function trim(model: RawModel, operations: string[], extraShapes: string[]) {
  const shapes: Record<string, RawShape> = {};
  const visit = (name: string) => {
    if (shapes[name]) return;
    const raw = model.shapes[name];
    if (!raw) throw new Error(`shape ${name} missing from the model`);
    const { documentation: _doc, members, ...rest } = raw;
    const shape: RawShape = { ...rest };
    if (members) {
      shape.members = Object.fromEntries(Object.entries(members).map(([k, m]) => [k, { shape: m.shape }]));
    }
    shapes[name] = shape;
    for (const m of Object.values(members ?? {})) visit(m.shape);
    for (const ref of [raw.member, raw.key, raw.value]) if (ref) visit(ref.shape);
  };
  const ops: Record<string, { input?: { shape: string } }> = {};
  for (const op of operations) {
    const found = model.operations[op];
    if (!found) throw new Error(`operation ${op} missing from the model`);
    ops[op] = found.input ? { input: { shape: found.input.shape } } : {};
    if (found.input) visit(found.input.shape);
  }
  for (const name of extraShapes) visit(name);
  const sorted = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((k) => [k, shapes[k]]),
  );
  return { operations: ops, shapes: sorted };
}

const { dir, version } = botocoreData();
const services = [
  {
    file: 'workspaces-2015-04-08.json',
    source: 'workspaces/2015-04-08/service-2.json',
    operations: Object.keys(workspacesOperations),
    extra: ['WorkspaceState'],
  },
  {
    file: 'ds-2015-04-16.json',
    source: 'ds/2015-04-16/service-2.json',
    operations: Object.keys(directoryOperations),
    extra: ['DirectoryStage', 'DataAccessStatus'],
  },
  {
    file: 'ds-data-2023-05-31.json',
    source: 'ds-data/2023-05-31/service-2.json',
    operations: Object.keys(directoryDataOperations),
    extra: [],
  },
];
for (const service of services) {
  const model = readModel(join(dir, service.source));
  const trimmed = trim(model, service.operations, service.extra);
  const out = {
    $source: `botocore ${version} data/${service.source} (Apache-2.0), trimmed by update.ts`,
    metadata: { apiVersion: model.metadata.apiVersion, targetPrefix: model.metadata.targetPrefix },
    ...trimmed,
  };
  writeFileSync(join(import.meta.dirname, service.file), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `${service.file}: ${Object.keys(trimmed.shapes).length} shapes, ${service.operations.length} operations`,
  );
}
// The repository's formatter owns the layout, so a regenerated model differs only where AWS changed it.
execFileSync(
  'npx',
  ['biome', 'format', '--write', ...services.map((s) => join(import.meta.dirname, s.file))],
  {
    stdio: 'inherit',
  },
);
