import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundles, type FunctionBundle } from '../../local/bundles';
import { createLocalLambdas } from '../../local/lambdas';
import { readServiceSpec } from '../../local/serverless-config';
import { LOOK_AHEAD_SECONDS } from '../../src/kernel/email/pacing';
import { createSendSlots } from '../../src/kernel/table/send-slots';
import { createTableStores } from '../../src/kernel/table/stores';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { setSesAccount } from '../support/ses-account';
import { readZip } from '../support/zip';

/**
 * What ships is what is tested: the local build of every function is the `.mjs` osls packages, and every
 * error name the workflow retries or catches is one the bundled function really throws under that name.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, '.bundles', `test-${process.pid}`);
const spec = readServiceSpec(ROOT, { stage: 'dev', region: 'ap-northeast-1', accountId: '000000000000' });
let bundles: FunctionBundle[];

// Building every function as serverless.yml ships it takes about a minute on a busy 2-core machine.
const BUILD_TIMEOUT_MS = 180_000;

beforeAll(async () => {
  bundles = await buildFunctionBundles({ outDir: OUT });
}, BUILD_TIMEOUT_MS);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const bundleOf = (key: string) => {
  const found = bundles.find((b) => b.key === key);
  if (!found) throw new Error(`no bundle for function ${key}`);
  return found;
};

/** Why the zips of `osls package` cannot be compared here, or undefined when they can. */
function zipsUnusable(): string | undefined {
  const zips = spec.functions.map((f) => join(ROOT, '.serverless', `${f.key}.zip`));
  if (!zips.every((zip) => existsSync(zip))) return 'no .serverless/ zips: run npm run package';
  const sources = ['src', 'functions', 'templates', 'config', 'serverless.yml', 'package-lock.json'];
  const newest = Math.max(...sources.map((s) => newestMtime(join(ROOT, s))));
  if (Math.min(...zips.map((zip) => statSync(zip).mtimeMs)) < newest) {
    return 'the .serverless/ zips are older than the sources: run npm run package';
  }
  return undefined;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const missing = zipsUnusable();
// CI packages right before the tests: there the comparison must run, never skip.
const skipZips = missing !== undefined && !process.env.CI;

describe('the local build', () => {
  it.skipIf(skipZips)(
    `is byte for byte the .mjs and source map inside each zip osls package writes${skipZips ? ` (skipped: ${missing})` : ''}`,
    () => {
      expect(missing, 'CI runs osls package before the tests').toBeUndefined();
      for (const bundle of bundles) {
        const zip = join(ROOT, '.serverless', `${bundle.key}.zip`);
        const files = readZip(zip);
        const shipped = files.get(bundle.zipPath);
        expect(shipped, `${zip} has ${bundle.zipPath}`).toBeDefined();
        const same = shipped?.equals(readFileSync(bundle.file));
        expect(same, `${bundle.key}: the local build differs from ${bundle.zipPath} in ${zip}`).toBe(true);
        const map = files.get(`${bundle.zipPath}.map`)?.equals(readFileSync(`${bundle.file}.map`));
        expect(map, `${bundle.key}: the source maps differ`).toBe(true);
      }
    },
  );

  it('is loaded by the local cloud as Node loads it on Lambda, untouched by the test runner', async () => {
    const probe = join(OUT, 'probe', 'handler.mjs');
    mkdirSync(join(OUT, 'probe'), { recursive: true });
    // A module the test runner rewrote would see its helpers (Vite's SSR transform defines these).
    writeFileSync(
      probe,
      'export const handler = async () => ({ rewritten: typeof __vite_ssr_import__ !== "undefined" || typeof __vite_ssr_exports__ !== "undefined", url: import.meta.url });\n',
    );
    const fn = { ...spec.functions[0]!, key: 'probe', name: 'probe', handler: 'probe/handler.handler' };
    const lambdas = createLocalLambdas(ROOT, [fn], { region: spec.region, moduleFiles: { probe } });
    expect(await lambdas.invoke('probe', {})).toEqual({ rewritten: false, url: `file://${probe}` });
  });
});

/** Error names of Retry and Catch that our code must produce; AWS itself produces States.* and Lambda's. */
const producedByAws = (name: string) =>
  name.startsWith('States.') || name.startsWith('Lambda.') || name === 'Sandbox.Timedout';

interface Matched {
  machine: string;
  state: string;
  functionKey: string;
  error: string;
}

/** Every (Task state, error name) a workflow of serverless.yml retries or catches, with the function it invokes. */
function matchedErrors(): Matched[] {
  const found: Matched[] = [];
  const visit = (machine: string, states: Record<string, any>) => {
    for (const [state, def] of Object.entries(states)) {
      for (const branch of def.Branches ?? []) visit(machine, branch.States);
      const inner = def.ItemProcessor ?? def.Iterator;
      if (inner) visit(machine, inner.States);
      if (def.Type !== 'Task') continue;
      const ref = typeof def.Resource === 'object' ? def.Resource : def.Parameters?.FunctionName;
      const functionKey = ref?.['Fn::GetAtt']?.[0];
      if (typeof functionKey !== 'string') {
        throw new Error(`${machine}.${state}: cannot tell which function it invokes (extend this test)`);
      }
      for (const rule of [...(def.Retry ?? []), ...(def.Catch ?? [])]) {
        for (const error of rule.ErrorEquals as string[]) {
          if (!producedByAws(error)) found.push({ machine, state, functionKey, error });
        }
      }
    }
  };
  for (const sm of spec.stateMachines) {
    visit(sm.name, JSON.parse(readFileSync(join(ROOT, sm.definitionFile), 'utf8')).States);
  }
  return found;
}

describe('every error name the workflow retries or catches', () => {
  const matched = matchedErrors();

  it('is found in the workflow (the check below has something to check)', () => {
    expect(matched.map((m) => `${m.state} ${m.error}`)).toContain('SendInvitation TransientError');
  });

  it('is kept as a literal in the minified bundle of the function its Task invokes', () => {
    for (const { state, functionKey, error } of matched) {
      const text = readFileSync(bundleOf(functionKey).file, 'utf8');
      const literal = [`"${error}"`, `'${error}'`, `\`${error}\``].some((q) => text.includes(q));
      expect.soft(literal, `${state}: the ${functionKey} bundle never names ${error}`).toBe(true);
    }
  });

  describe('is thrown under that name by the bundled function (what Lambda reports as errorType)', () => {
    let cloud: TestCloud;
    let table: ReturnType<typeof hireTable>;
    beforeAll(async () => {
      // The WorkSpace stays PROVISIONING (the clock does not move): the workflow never calls these itself.
      cloud = await startTestCloud({ bundled: true, provisioningDelayMs: 3_600_000 });
      table = hireTable(cloud);
    }, BUILD_TIMEOUT_MS);
    afterAll(async () => {
      table?.destroy();
      await cloud?.stop();
    });

    /** How to make a function throw a named error, for every name the workflow matches on it. */
    const provoke: Record<string, () => Promise<{ event: unknown; after?: () => Promise<void> }>> = {
      // SES refuses the email for a reason that may pass (here its sandbox: the address is not verified).
      'sendInvitation TransientError': async () => {
        const { hireId, workspaceId } = await provisioningHire('sesrefused');
        const account = async (change: Record<string, unknown>) => {
          const res = await setSesAccount(cloud.urls.ses, change);
          expect(res.status, await res.text()).toBe(200);
        };
        await account({ productionAccessEnabled: false, verifiedIdentities: ['sender.example'] });
        return {
          event: { hireId, workspaceId },
          after: () => account({ productionAccessEnabled: true, verifiedIdentities: null }),
        };
      },
      // Another attempt holds the invitation's claim in the send-once ledger: the retry must wait for it.
      'sendInvitation EmailInProgressError': async () => {
        const { hireId, workspaceId } = await provisioningHire('busyclaim');
        const client = tableClient();
        const { ledger } = createTableStores({
          client,
          tableName: process.env.TABLE_NAME!,
          now: cloud.clock.now,
        });
        expect(await ledger.claim(hireId, 'invitation#1', 300_000)).toBe('claimed');
        client.destroy();
        return { event: { hireId, workspaceId } };
      },
      // Other senders have booked every second SES allows within the look-ahead: this email's turn waits.
      'sendInvitation SesThrottledError': async () => {
        const { hireId, workspaceId } = await provisioningHire('pacedout');
        const client = tableClient();
        const slots = createSendSlots({ client, tableName: process.env.TABLE_NAME! });
        const full = 1_000_000;
        const now = Math.floor(Date.now() / 1000);
        for (let second = now; second <= now + 2 * LOOK_AHEAD_SECONDS + 30; second++) {
          // Full whatever an earlier email there took already.
          expect(await slots.take(second, full, 2 * full)).toBe(true);
        }
        client.destroy();
        return { event: { hireId, workspaceId } };
      },
      // HR moved the start date: the execution that waited for the old one is no longer the hire's.
      'requestWorkspace ExecutionSupersededError': async () => {
        const later = new Date(cloud.clock.nowMs() + 30 * 86_400_000).toISOString().slice(0, 10);
        const res = await cloud.postHire({
          employeeId: 'E-superseded',
          userName: 'superseded',
          startDate: later,
        });
        expect(res.status).toBe(202);
        return {
          event: {
            hireId: res.body.hireId,
            taskToken: 'replaced-execution-token',
            executionName: 'hire-hr-E-old',
          },
        };
      },
      // A replay (local restart) of the execution of a hire invited already.
      'requestWorkspace HireAlreadyInvitedError': async () => {
        const { hireId } = await provisioningHire('replayed');
        const client = tableClient();
        const { hires } = createTableStores({
          client,
          tableName: process.env.TABLE_NAME!,
          now: cloud.clock.now,
        });
        const hire = await hires.move(hireId, { to: 'INVITED', from: ['PROVISIONING'] });
        client.destroy();
        return { event: { hireId, taskToken: 'replayed-token', executionName: hire.executionName } };
      },
    };

    /** A DynamoDB client on the local cloud's table, for putting a hire where a test needs it. */
    function tableClient() {
      return DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: cloud.urls.dynamodb,
          region: cloud.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      );
    }

    async function provisioningHire(userName: string) {
      await cloud.addUsers('d-95671a2b3c', userName);
      const tomorrow = new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);
      const res = await cloud.postHire({ employeeId: `E-${userName}`, userName, startDate: tomorrow });
      expect(res.status).toBe(202);
      const hireId = res.body.hireId as string;
      await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'QUEUED' });
      await cloud.runSchedule('provisioner');
      const hire = await eventually(async () => {
        const h = await table.get(hireId);
        return h?.stage === 'PROVISIONING' && h.workspaceId ? h : undefined;
      });
      return { hireId, workspaceId: hire.workspaceId! };
    }

    it('for each one, with a way to provoke it', async () => {
      expect(cloud.bundles, 'this cloud runs the bundles').toBeDefined();
      for (const { state, functionKey, error } of matched) {
        const how = provoke[`${functionKey} ${error}`];
        expect
          .soft(
            how,
            `${state} matches ${error}, but nothing here makes ${functionKey} throw it: add a way to provoke it (or remove it from the workflow)`,
          )
          .toBeDefined();
        if (!how) continue;
        const { event, after } = await how();
        const thrown = await cloud.lambdas.invoke(functionKey, event).then(
          () => undefined,
          (err: unknown) => err,
        );
        await after?.();
        expect.soft(thrown, `${state}: ${functionKey} did not fail`).toBeInstanceOf(Error);
        expect
          .soft((thrown as Error | undefined)?.name, `${state}: the errorType of ${functionKey}`)
          .toBe(error);
      }
    });
  });
});
