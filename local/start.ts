import { rmSync, writeFileSync } from 'node:fs';
import { exitOnFailure, scriptArgs, UsageError } from '../cli/args';
import { durationProblem, parseDuration } from '../src/kernel/duration';
import { printBanner } from './banner';
import { startLocalCloud } from './index';
import { SANDBOX_ACCOUNT } from './ses-account';
import { SESSION_FILE } from './session';

/**
 * The WorkSpaces quota `npm start` gives its account: room for the demos and a wave of a few thousand, so the
 * import's preflight passes; `--workspaces-quota 1` is a new AWS account's.
 */
const LOCAL_WORKSPACES_QUOTA = 10_000;

/**
 * `npm start`: the whole product on this machine. Ctrl-C stops every part; nothing is left running.
 * Options: --data DIR keeps DynamoDB and the WorkSpaces simulator between runs; --provisioning-delay 40m
 * sets how long a new simulated WorkSpace stays PENDING (local clock; "90s", "40m", "1h": a unit is required);
 * --bundled runs the handlers from the esbuild bundles serverless.yml ships instead of the TypeScript source.
 */
const USAGE = `usage: npm start [-- options]

  --data DIR                  keep DynamoDB, the WorkSpaces simulator and the clock in DIR between runs
  --provisioning-delay 40m    how long a new simulated WorkSpace stays PENDING (90s, 40m, 1h30m: with a unit)
  --bundled                   run the handlers from the esbuild bundles serverless.yml ships
  --ses-sandbox               start SES as a new AWS account's: the sandbox, 200 emails a day, 1 a second
  --ses-rate N                SES's maximum send rate, emails a second
  --ses-quota N               SES's 24-hour sending quota (-1: unlimited)
  --workspaces-quota N        the WorkSpaces quota per Region Service Quotas answers (default ${LOCAL_WORKSPACES_QUOTA};
                              1 is a new AWS account's)
`;
const { values } = scriptArgs(USAGE, {
  data: { type: 'string' },
  'provisioning-delay': { type: 'string' },
  bundled: { type: 'boolean' },
  'ses-sandbox': { type: 'boolean' },
  'ses-rate': { type: 'string' },
  'ses-quota': { type: 'string' },
  'workspaces-quota': { type: 'string' },
});

const delay = values['provisioning-delay'];
const delayProblem = delay === undefined ? undefined : durationProblem(delay);
if (delayProblem) exitOnFailure(USAGE)(new UsageError(`--provisioning-delay ${delay}: ${delayProblem}`));
const provisioningDelayMs = delay === undefined ? undefined : parseDuration(delay);

const sesAccount = {
  ...(values['ses-sandbox'] ? SANDBOX_ACCOUNT : {}),
  ...countFlag('ses-rate', 'maxSendRate', 1),
  ...countFlag('ses-quota', 'max24HourSend', -1),
};

const workspacesQuota = countFlag('workspaces-quota', 'workspaces', 0).workspaces ?? LOCAL_WORKSPACES_QUOTA;

const started = performance.now();
const cloud = await startLocalCloud({
  ...(values.data ? { dataDir: values.data } : {}),
  ...(provisioningDelayMs !== undefined ? { provisioningDelayMs } : {}),
  ...(values.bundled ? { bundled: true } : {}),
  ...(Object.keys(sesAccount).length > 0 ? { sesAccount } : {}),
  workspacesQuota,
}).catch(exitOnFailure(USAGE));
printBanner(cloud, { startedInMs: performance.now() - started, dataDir: values.data });
// `npm run hire`, `npm run demo` and `npm run clock` find the running cloud (and its secret) here.
writeFileSync(
  SESSION_FILE,
  JSON.stringify(
    {
      urls: cloud.urls,
      webhookSecret: cloud.webhookSecret,
      adminToken: cloud.adminToken,
      hrSources: cloud.hrSources,
    },
    null,
    2,
  ),
  {
    mode: 0o600,
  },
);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local cloud...`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await cloud.stop();
  rmSync(SESSION_FILE, { force: true });
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** A whole-number flag, at least `least`, as the account setting `key`. */
function countFlag(
  flag: 'ses-rate' | 'ses-quota' | 'workspaces-quota',
  key: string,
  least: number,
): Record<string, number> {
  const text = values[flag];
  if (text === undefined) return {};
  const n = Number(text);
  if (!Number.isInteger(n) || n < least)
    exitOnFailure(USAGE)(new UsageError(`--${flag} ${text}: expected a whole number of at least ${least}`));
  return { [key]: n };
}
