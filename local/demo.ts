import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { defaultDirectory, loadConfig } from '../src/kernel/config/load';
import { hireKey } from '../src/kernel/table/keys';
import { readSession } from './session';
import { postSignedWebhook, sampleHire } from './webhook-client';

/**
 * `npm run demo` (with `npm start` running): two hires, one Japanese and one English, from the signed
 * webhook to the invitation in the inbox. The clock is moved for you; watch the stages change.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.ONBOARDING_CONFIG_FILE ??= 'config/onboarding.json';
const session = readSession();
const base = session.urls.http;
const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: session.urls.dynamodb,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const post = (path: string, body: unknown, url = base) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const clock = async () => ((await (await fetch(`${base}/_local/clock`)).json()) as { now: string }).now;
const inTenDays = new Date(Date.parse(await clock()) + 10 * 86_400_000).toISOString().slice(0, 10);
const run = Date.now().toString(36).slice(-4);
// One account per person: each demo run onboards its own directory users, created here in the simulator.
const users = { ja: `hyamada-${run}`, en: `jsmith-${run}` };
const { id: directoryId } = defaultDirectory(loadConfig());
await post('/_sim/users', { directoryId, userNames: Object.values(users) }, session.urls.workspaces);

const hires = [
  sampleHire({ employeeId: `DEMO-JA-${run}`, userName: users.ja, startDate: inTenDays }),
  sampleHire({
    employeeId: `DEMO-EN-${run}`,
    givenName: 'John',
    familyName: 'Smith',
    email: 'john.smith@example.com',
    userName: users.en,
    locale: 'en-US',
    timeZone: 'America/New_York',
    startDate: inTenDays,
  }),
];

console.log(`Posting two signed employee.hired webhooks (start date ${inTenDays})...`);
const ids: string[] = [];
for (const hire of hires) {
  const res = await postSignedWebhook({ baseUrl: base, secret: session.webhookSecret, body: hire });
  console.log(`  ${hire.data.employeeId}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 300) process.exit(1);
  ids.push(res.body.hireId);
}

const stages = async () =>
  Promise.all(
    ids.map(async (id) => {
      const out = await table.send(new GetCommand({ TableName: 'onboarding-local-hires', Key: hireKey(id) }));
      return `${id}=${out.Item?.stage ?? '?'}`;
    }),
  );

console.log('\nThe workflow waits until 7 days before the start date. Moving the clock 3 days...');
await post('/_local/clock', { advance: '3d' });
await sleep(500);
console.log(`  ${await clock()}  ${(await stages()).join('  ')}`);

for (let minute = 1; minute <= 15; minute++) {
  await post('/_local/clock', { advance: '1m' });
  await sleep(400);
  const now = await stages();
  console.log(`  ${await clock()}  ${now.join('  ')}`);
  if (now.every((s) => s.endsWith('=INVITED'))) break;
}

console.log(`\nOpen the inbox: ${session.urls.ses}  (one invitation in Japanese, one in English)`);
console.log(`WorkSpaces in the simulator: ${session.urls.workspaces}/_sim/state`);
table.destroy();
