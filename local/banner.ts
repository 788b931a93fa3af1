import type { LocalCloud } from './cloud';

export function printBanner(
  cloud: LocalCloud,
  info: { startedInMs: number; dataDir?: string | undefined },
): void {
  const u = cloud.urls;
  const lines = [
    '',
    `WorkSpaces onboarding: local cloud up in ${(info.startedInMs / 1000).toFixed(1)} s (${info.dataDir ? `data kept in ${info.dataDir}` : 'in memory'})`,
    '',
    `  HTTP API (serverless.yml routes)   ${u.http}        POST /webhooks/hr`,
    `  Inbox (aws-ses-v2-local)           ${u.ses}        open it in a browser to read the emails`,
    `  DynamoDB (dynalite)                ${u.dynamodb}`,
    `  WorkSpaces + Directory simulator   ${u.workspaces}        GET /_sim/state, POST /_sim/login`,
    `  Step Functions                     ${u.stepfunctions}`,
    `  HR vendor API fakes                ${u.hrapis}        GET /_fake/people/{vendor}`,
    `  SNS (chat alerts, kept)            ${u.sns}        read them at ${u.http}/_local/chat`,
    `  Local control                      ${u.http}/_local/health, /_local/clock, /_local/schedules`,
    ...(cloud.bundles
      ? [
          `  Handlers                           esbuild bundles as serverless.yml ships them, built in ${(cloud.bundles.buildMs / 1000).toFixed(1)} s: ${cloud.bundles.dir}`,
        ]
      : []),
    '',
    `  Webhook secret   ${cloud.webhookSecret}`,
    `  Admin token      ${cloud.adminToken}   (Authorization: Bearer ...; npm run admin -- list)`,
    ...(cloud.hrSources.length
      ? [
          '  HR sources (paste the URL and secret into the HR system; docs/hr-sources.md):',
          ...cloud.hrSources.map(
            // Personio takes the secret in the URL (src/intake/hr/personio.ts).
            (src) =>
              src.preset === 'personio'
                ? `    ${src.name.padEnd(10)} ${src.preset.padEnd(9)} ${src.url}?token=${src.secret}`
                : `    ${src.name.padEnd(10)} ${src.preset.padEnd(9)} ${src.url}   secret ${src.secret}`,
          ),
        ]
      : []),
    `  Local clock      ${cloud.clock.now().toISOString()}   move it: npm run clock -- 1d`,
    ...(cloud.configWarnings.length
      ? ['', '  Configuration warnings:', ...cloud.configWarnings.map((w) => `    ${w}`)]
      : []),
    '',
    '  Try it (another terminal):',
    '    npm run demo                    a ja and an en hire, from webhook to invitation, clock moved for you',
    '    npm run hire -- --locale ja-JP  post one signed employee.hired webhook',
    '    npm run hire -- --source hibob  a HiBob hire, signed as HiBob signs it (also bamboohr, smarthr, personio)',
    '    npm run admin -- list           the admin CLI: status, list, reinvite, cancel, import, allowlist',
    `    aws workspaces describe-workspaces --endpoint-url ${u.workspaces} --region ${cloud.region}`,
    `    allowlist watch reads ${cloud.ipRangesFile}: swap it, then`,
    `      curl -X POST ${u.http}/_local/schedules/allowlistWatch/run`,
    `    the network team's page (the invitation links it): ${u.http}/network/${cloud.region}?protocol=DCV`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
