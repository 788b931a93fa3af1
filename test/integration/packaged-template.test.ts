import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_METRICS } from '../../src/kernel/metrics';
import { hireTags } from '../../src/provisioning/rules';

/**
 * The CloudFormation template AWS would receive, read after `osls package` (offline) for a stage: what
 * each role may do, what each named resource is called, how the public routes are throttled.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const STAGE = 'qa7';
let dir: string;
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}

const CONFIG = JSON.parse(readFileSync(join(ROOT, 'config/onboarding.json'), 'utf8'));
/** The Region of each configured directory, as the template names it. */
const regionOf = (d: { region?: string }) => d.region ?? `\${AWS::Region}`;
const DIRECTORY_REGIONS = [...new Set(CONFIG.directories.map(regionOf))].sort() as string[];
const deploy = createRequire(import.meta.url)('../../config/deploy.cjs');

/**
 * AWS's policy data as cfn-lint ships it (AdditionalSpecs/Policies.json, from the AWS Policy Generator):
 * per service and action, the resource types it takes. Undefined where cfn-lint is not installed.
 */
function awsPolicyData(): Record<string, { Actions: Record<string, { Resources?: string[] }> }> | undefined {
  try {
    const dir = execFileSync(
      'python3',
      ['-c', 'import importlib.util,os;print(os.path.dirname(importlib.util.find_spec("cfnlint").origin))'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
      .toString()
      .trim();
    return JSON.parse(readFileSync(join(dir, 'data/AdditionalSpecs/Policies.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `osls package` of a mirror of the repository for `stage`, with `config` as config/onboarding.json when
 * given (what serverless.yml and config/deploy.cjs read at package time); the template's resources.
 */
function packageService(into: string, stage: string, config?: unknown): typeof resources {
  // osls empties the service's .serverless/ and serverless-esbuild writes there and in .esbuild/ whatever
  // --package says: packaging a mirror of the repository keeps the zips `npm run package` left in place for
  // test/integration/bundles.test.ts, which runs alongside.
  const service = join(into, 'service');
  mkdirSync(service);
  for (const entry of readdirSync(ROOT)) {
    if (['.serverless', '.esbuild', '.git'].includes(entry)) continue;
    // osls wants its service file (and the package.json beside it) as files, not links.
    if (['serverless.yml', 'package.json'].includes(entry))
      copyFileSync(join(ROOT, entry), join(service, entry));
    else if (entry === 'config' && config) {
      // deploy.cjs reads the configuration beside itself: a copy, not a link, reads this one.
      mkdirSync(join(service, 'config'));
      copyFileSync(join(ROOT, 'config/deploy.cjs'), join(service, 'config/deploy.cjs'));
      writeFileSync(join(service, 'config/onboarding.json'), JSON.stringify(config));
    } else symlinkSync(join(ROOT, entry), join(service, entry));
  }
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/osls/bin/serverless.js'),
      'package',
      '--stage',
      stage,
      '--package',
      join(into, 'out'),
    ],
    { cwd: service, stdio: 'pipe', env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' } },
  );
  return JSON.parse(readFileSync(join(into, 'out', 'cloudformation-template-update-stack.json'), 'utf8'))
    .Resources;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onboarding-package-'));
  resources = packageService(dir, STAGE);
}, 240_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function statements(): { role: string; statement: Statement }[] {
  return ofType('AWS::IAM::Role').flatMap(([role, r]) =>
    (r.Properties.Policies ?? []).flatMap((p: { PolicyDocument: { Statement: Statement[] } }) =>
      p.PolicyDocument.Statement.map((statement) => ({ role, statement })),
    ),
  );
}

/** A resource as text: a plain ARN, or the template of an Fn::Sub. */
const arnText = (resource: unknown): string =>
  typeof resource === 'string' ? resource : String((resource as { 'Fn::Sub'?: string })['Fn::Sub'] ?? '');

describe('the packaged template', () => {
  it('lets no role send email or reset passwords on every resource', () => {
    const risky = statements().filter(({ statement }) =>
      list(statement.Action).some((a) => a === 'ses:SendEmail' || a === 'ds:ResetUserPassword'),
    );
    expect(risky.length).toBeGreaterThan(0);
    for (const { role, statement } of risky) {
      for (const resource of list(statement.Resource).map(arnText)) {
        expect(resource, role).not.toBe('*');
        expect(resource, role).not.toMatch(/[:/]\*$/);
      }
    }
  });

  it('sends only as the configured sender identity and with this stage’s configuration set', () => {
    const address = /<([^<>]+)>/.exec(CONFIG.email.from)?.[1] ?? CONFIG.email.from;
    for (const { role, statement } of statements()) {
      if (!list(statement.Action).includes('ses:SendEmail')) continue;
      const arns = list(statement.Resource).map(arnText);
      expect(arns, role).toContain(
        `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${address}`,
      );
      expect(arns, role).toContain(
        `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/onboarding-${STAGE}`,
      );
      expect(
        arns.every((arn) => /:(identity|configuration-set)\//.test(arn)),
        role,
      ).toBe(true);
    }
  });

  it('resets passwords only in the directories whose users use the hosted setup page', () => {
    const hosted = CONFIG.directories
      .filter((d: { passwordSetup?: string }) => (d.passwordSetup ?? 'hosted') === 'hosted')
      .map((d: { id: string; region?: string }) => `${d.region ?? `\${AWS::Region}`}/${d.id}`);
    const grants = statements().filter(({ statement }) =>
      list(statement.Action).includes('ds:ResetUserPassword'),
    );
    expect(grants.map((g) => g.role)).toEqual(['PasswordSetupRole']);
    // Each directory's ARN names the Region it is registered in.
    const directories = list(grants[0]!.statement.Resource).map((r) => {
      const [, region, rest] = /^arn:\$\{AWS::Partition\}:ds:([^:]+):\$\{AWS::AccountId\}:(.+)$/.exec(
        arnText(r),
      )!;
      return `${region}/${rest!.split('directory/')[1]}`;
    });
    expect(directories.sort()).toEqual([...hosted].sort());
  });

  it('gives every named resource a stage-scoped name, so two stages fit in one account', () => {
    const names = Object.entries(resources).flatMap(([id, r]) =>
      ['TableName', 'Name', 'StateMachineName', 'LogGroupName', 'TopicName', 'AlarmName', 'DashboardName']
        .filter((key) => typeof r.Properties?.[key] === 'string')
        .map((key) => ({ id, name: r.Properties[key] as string })),
    );
    expect(names.map((n) => n.id)).toEqual(
      expect.arrayContaining([
        'HiresTable',
        'SesConfigurationSet',
        'OnboardingStateMachineLogGroup',
        'AlertsTopic',
        'HiresFailedAlarm',
        'FunnelDashboard',
      ]),
    );
    for (const { id, name } of names) expect(name, id).toContain(STAGE);
  });

  it('logs the state machine’s errors, without execution data, to a log group with a retention', () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [[string, any]];
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ERROR',
      IncludeExecutionData: false,
    });
    const group = resources.OnboardingStateMachineLogGroup!;
    expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('throttles the public routes before they reach a function', () => {
    const stage = resources.HttpApiStage!.Properties;
    for (const route of ['POST /webhooks/hr', 'GET /setup/{token}', 'POST /setup/{token}']) {
      expect(stage.RouteSettings[route].ThrottlingRateLimit, route).toBeGreaterThan(0);
      expect(stage.RouteSettings[route].ThrottlingBurstLimit, route).toBeGreaterThan(0);
    }
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  });

  it('lets the admin API read what the preflight checks, the quota and the SES identities by their own resources', () => {
    const admin = statements().filter(({ role }) => role === 'AdminApiRole');
    const resourcesOf = (action: string) =>
      admin
        .filter(({ statement }) => list(statement.Action).includes(action))
        .flatMap(({ statement }) => list(statement.Resource).map(arnText));
    // Fn::Sub templates, as the template carries them.
    const sub = (...parts: string[]) => parts.map((p) => (p.startsWith('AWS::') ? `\${${p}}` : p)).join('');
    expect(resourcesOf('servicequotas:GetServiceQuota')).toEqual([
      sub('arn:', 'AWS::Partition', ':servicequotas:*:', 'AWS::AccountId', ':workspaces/L-34278094'),
    ]);
    expect(resourcesOf('ses:GetEmailIdentity')).toEqual([
      sub('arn:', 'AWS::Partition', ':ses:', 'AWS::Region', ':', 'AWS::AccountId', ':identity/*'),
    ]);
    for (const action of [
      'servicequotas:GetAWSDefaultServiceQuota',
      'ses:GetAccount',
      'workspaces:DescribeWorkspaces',
      'workspaces:DescribeWorkspaceDirectories',
      'workspaces:DescribeWorkspaceBundles',
    ])
      expect(resourcesOf(action), action).toEqual(['*']);
  });

  it('no longer lets the invitation function list WorkSpaces it does not read', () => {
    const actions = statements()
      .filter(({ role }) => role === 'SendInvitationRole')
      .flatMap(({ statement }) => list(statement.Action));
    expect(actions).not.toContain('workspaces:DescribeWorkspaces');
  });

  it('terminates WorkSpaces only when the configuration says so: with the sample configuration, an explicit Deny', () => {
    const terminate = statements().filter(({ statement }) =>
      list(statement.Action).includes('workspaces:TerminateWorkspaces'),
    );
    expect(terminate.map(({ role, statement }) => [role, statement.Effect])).toEqual([
      ['HrWebhookRole', 'Deny'],
      ['HrAdapterRole', 'Deny'],
    ]);
  });

  it('lets the HR adapter read exactly the parameters of the configured sources, and nothing else of SSM', () => {
    const ssm = statements().filter(({ statement }) =>
      list(statement.Action).some((a) => a.startsWith('ssm:')),
    );
    const adapter = ssm.filter(({ role }) => role === 'HrAdapterRole');
    expect(adapter.map(({ statement }) => list(statement.Action))).toEqual([['ssm:GetParameter']]);
    const prefix = `parameter/onboarding/${STAGE}/hr-sources`;
    expect(
      list(adapter[0]!.statement.Resource)
        .map(arnText)
        .map((arn) => arn.slice(arn.indexOf(':parameter/') + 1)),
    ).toEqual([
      `${prefix}/hibob/webhook-secret`,
      `${prefix}/hibob/api-credentials`,
      `${prefix}/bamboohr/webhook-secret`,
      `${prefix}/bamboohr/api-credentials`,
      `${prefix}/smarthr/webhook-secret`,
      `${prefix}/personio/webhook-secret`,
      `${prefix}/personio/api-credentials`,
    ]);
    // No other role reads the HR sources' secrets.
    for (const { role, statement } of ssm) {
      if (role !== 'HrAdapterRole')
        expect(list(statement.Resource).map(arnText).join(' ')).not.toContain('hr-sources');
    }
  });

  it('when configured, lets the webhook terminate only WorkSpaces this product tagged, in every directory’s Region', () => {
    expect(deploy.terminateUnusedWorkspaces()).toEqual({
      Effect: 'Deny',
      Action: ['workspaces:TerminateWorkspaces'],
      Resource: '*',
    });
    const allowed = deploy.terminateUnusedWorkspacesFor({
      ...CONFIG,
      onCancel: { terminateUnusedWorkspace: true },
    });
    expect(allowed).toMatchObject({ Effect: 'Allow', Action: ['workspaces:TerminateWorkspaces'] });
    // The Oregon directory's WorkSpaces are terminated in us-west-2, the Tokyo ones in ap-northeast-1.
    expect(list(allowed.Resource).map(arnText).sort()).toEqual(
      DIRECTORY_REGIONS.map(
        (region) => `arn:\${AWS::Partition}:workspaces:${region}:\${AWS::AccountId}:workspace/*`,
      ),
    );
    expect(DIRECTORY_REGIONS).toEqual(['ap-northeast-1', 'us-west-2']);
    const [managedBy] = hireTags('any').filter((t) => t.key === 'onboarding:managedBy');
    expect(allowed.Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/${managedBy!.key}`]: managedBy!.value },
    });
  });

  it('creates WorkSpaces only in the configured directories, from the configured bundles, with the product’s tag', () => {
    const grants = statements().filter(({ statement }) =>
      list(statement.Action).includes('workspaces:CreateWorkspaces'),
    );
    expect(grants.map(({ role, statement }) => [role, statement.Effect])).toEqual([
      ['ProvisionerRole', 'Allow'],
    ]);
    const { statement } = grants[0]!;
    expect(list(statement.Action)).toEqual(['workspaces:CreateWorkspaces']);
    const arns = list(statement.Resource).map(arnText).sort();
    const own = (region: string, resource: string) =>
      `arn:\${AWS::Partition}:workspaces:${region}:\${AWS::AccountId}:${resource}`;
    const bundles = [
      ...new Set([CONFIG.bundles.default.bundleId, ...CONFIG.bundles.rules.map((r: any) => r.bundleId)]),
    ] as string[];
    expect(arns).toEqual(
      [
        // Each directory in its own Region: d-926724b1c0 in us-west-2.
        ...CONFIG.directories.map((d: { id: string; region?: string }) =>
          own(regionOf(d), `directory/${d.id}`),
        ),
        // Bundles by id in every directory Region, owned by this account or by AWS (any account).
        ...DIRECTORY_REGIONS.flatMap((region) =>
          bundles.map((id) => `arn:\${AWS::Partition}:workspaces:${region}:*:workspacebundle/${id}`),
        ),
        // The WorkSpace being created has no id yet.
        ...DIRECTORY_REGIONS.map((region) => own(region, 'workspace/*')),
      ].sort(),
    );
    expect(arns).toContain(own('us-west-2', 'directory/d-926724b1c0'));
    const [managedBy] = hireTags('any').filter((t) => t.key === 'onboarding:managedBy');
    expect(statement.Condition).toEqual({
      StringEquals: { [`aws:RequestTag/${managedBy!.key}`]: managedBy!.value },
    });
  });

  it('lets only the provisioner create directory users, only in the directories with createUsers, and the preflight read them', () => {
    const grants = statements().filter(({ statement }) =>
      list(statement.Action).some((a) => a.startsWith('ds-data:') || a === 'ds:AccessDSData'),
    );
    expect(grants.map(({ role, statement }) => [role, statement.Effect])).toEqual([
      ['ProvisionerRole', 'Allow'],
      ['AdminApiRole', 'Allow'],
    ]);
    const { statement } = grants[0]!;
    // The admin API's preflight only reads, and only in the Managed AD directories.
    const reads = grants[1]!.statement;
    expect(list(reads.Action).sort()).toEqual([
      'ds-data:DescribeUser',
      'ds:AccessDSData',
      'ds:DescribeDirectoryDataAccess',
    ]);
    const managed = CONFIG.directories.filter((d: { type: string }) => d.type === 'MANAGED_AD');
    expect(list(reads.Resource).map(arnText)).toEqual(
      managed.map(
        (d: { id: string; region?: string }) =>
          `arn:\${AWS::Partition}:ds:${regionOf(d)}:\${AWS::AccountId}:directory/${d.id}`,
      ),
    );
    expect(list(statement.Action).sort()).toEqual([
      'ds-data:CreateUser',
      'ds-data:DescribeUser',
      'ds:AccessDSData',
      'ds:DescribeDirectoryDataAccess',
    ]);
    const creating = CONFIG.directories.filter((d: { createUsers?: boolean }) => d.createUsers === true);
    expect(creating.map((d: { type: string }) => d.type)).toEqual(['MANAGED_AD']);
    expect(list(statement.Resource).map(arnText)).toEqual(
      creating.map(
        (d: { id: string; region?: string }) =>
          `arn:\${AWS::Partition}:ds:${regionOf(d)}:\${AWS::AccountId}:directory/${d.id}`,
      ),
    );
    // Without such a directory: an explicit Deny, never a grant on "*".
    expect(
      deploy.directoryUsersFor({ directories: [{ id: 'd-1234567890', type: 'SIMPLE_AD' }] }),
    ).toMatchObject({
      Effect: 'Deny',
      Resource: '*',
    });
    // AWS's policy data: every one of these actions takes the directory resource type.
    const policies = awsPolicyData();
    if (!policies) return;
    for (const action of list(statement.Action)) {
      const [service, name] = action.split(':') as [string, string];
      expect(policies[service]?.Actions[name.toLowerCase()]?.Resources, action).toEqual(['directory']);
    }
  });

  it('names the stack’s Region for a directory configured without one, and every bundle a rule can choose', () => {
    const onboarding = {
      directories: [{ id: 'd-1234567890', passwordSetup: 'hosted' }],
      bundles: { default: { bundleId: 'wsb-aaaaaaaa1' }, rules: [{ bundleId: 'wsb-bbbbbbbb2' }] },
      onCancel: { terminateUnusedWorkspace: true },
    };
    const here = `arn:\${AWS::Partition}:workspaces:\${AWS::Region}`;
    expect(list(deploy.createWorkspacesFor(onboarding).Resource).map(arnText)).toEqual([
      `${here}:\${AWS::AccountId}:directory/d-1234567890`,
      `${here}:*:workspacebundle/wsb-aaaaaaaa1`,
      `${here}:*:workspacebundle/wsb-bbbbbbbb2`,
      `${here}:\${AWS::AccountId}:workspace/*`,
    ]);
    expect(list(deploy.terminateUnusedWorkspacesFor(onboarding).Resource).map(arnText)).toEqual([
      `${here}:\${AWS::AccountId}:workspace/*`,
    ]);
    expect(deploy.passwordSetupDirectoryArnsFor(onboarding).map(arnText)).toEqual([
      `arn:\${AWS::Partition}:ds:\${AWS::Region}:\${AWS::AccountId}:directory/d-1234567890`,
    ]);
  });

  it('grants Directory Service and WorkSpaces resources in the Region of each configured directory', () => {
    for (const { role, statement } of statements()) {
      if (statement.Effect !== 'Allow') continue;
      for (const arn of list(statement.Resource).map(arnText)) {
        const scoped = /^arn:\$\{AWS::Partition\}:(ds|workspaces):([^:]+):/.exec(arn);
        if (scoped) expect(DIRECTORY_REGIONS, `${role} ${arn}`).toContain(scoped[2]);
      }
    }
    const reset = statements().find(({ statement }) =>
      list(statement.Action).includes('ds:ResetUserPassword'),
    );
    expect(list(reset!.statement.Resource).map(arnText)).toContain(
      `arn:\${AWS::Partition}:ds:us-west-2:\${AWS::AccountId}:directory/d-926724b1c0`,
    );
  });

  it('grants "*" only for actions that take no resource type in AWS’s policy data', (ctx) => {
    const data = awsPolicyData();
    if (!data) {
      // CI runs cfn-lint, so its data is there; a machine without it cannot check this.
      expect(process.env.CI, 'cfn-lint is installed where CI runs').toBeFalsy();
      ctx.skip();
      return;
    }
    const onEverything = statements().filter(
      ({ statement }) => statement.Effect === 'Allow' && list(statement.Resource).includes('*'),
    );
    expect(onEverything.length).toBeGreaterThan(0);
    for (const { role, statement } of onEverything) {
      for (const action of list(statement.Action)) {
        const [service, name] = action.toLowerCase().split(':') as [string, string];
        const known = data[service]?.Actions[name];
        expect(known, `${role} ${action} is an action AWS knows`).toBeDefined();
        expect(known!.Resources ?? [], `${role} ${action} on "*"`).toEqual([]);
      }
    }
  });

  it('routes complaints under the detail-type SES publishes, and every unsuccessful end of this state machine', () => {
    const rules = ofType('AWS::Events::Rule')
      .map(([, r]) => r.Properties.EventPattern)
      .filter(Boolean);
    const ses = rules.find((p) => p.source?.includes('aws.ses'));
    expect(ses['detail-type']).toEqual(expect.arrayContaining(['Email Bounced', 'Email Complaint Received']));
    const states = rules.find((p) => p.source?.includes('aws.states'));
    expect(states['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect([...states.detail.status].sort()).toEqual(['ABORTED', 'FAILED', 'TIMED_OUT']);
    expect(JSON.stringify(states.detail.stateMachineArn)).toContain(
      `stateMachine:onboarding-${STAGE}-onboarding`,
    );
  });
});

describe('alarms, their topic and the funnel dashboard', () => {
  const alarms = () =>
    ofType('AWS::CloudWatch::Alarm').map(([id, r]) => ({ id, ...r.Properties }) as Record<string, any>);
  const functions = () => ofType('AWS::Lambda::Function');

  it('send every alarm to one stage-scoped SNS topic whose subscribers are the configured admin addresses', () => {
    const topics = ofType('AWS::SNS::Topic');
    // ChatAlertsTopic carries the admin alerts to chat channels, never alarms (below).
    expect(topics.map(([id]) => id).sort()).toEqual(['AlertsTopic', 'ChatAlertsTopic']);

    expect(resources.AlertsTopic!.Properties.Subscription).toEqual(
      CONFIG.email.adminAddresses.map((Endpoint: string) => ({ Endpoint, Protocol: 'email' })),
    );
    expect(alarms().length).toBeGreaterThan(3);
    for (const alarm of alarms()) expect(alarm.AlarmActions, alarm.id).toEqual([{ Ref: 'AlertsTopic' }]);
  });

  it('raise an alarm on a failed, bounced or escalated hire, on the metrics the functions emit and in their stage', () => {
    const env = functions()[0]![1].Properties.Environment.Variables;
    const watched = alarms().filter((a) => a.Namespace === env.POWERTOOLS_METRICS_NAMESPACE);
    expect(watched.map((a) => a.MetricName).sort()).toEqual(
      [FUNNEL_METRICS.bounced, FUNNEL_METRICS.escalated, FUNNEL_METRICS.failed].sort(),
    );
    for (const alarm of watched) {
      expect(alarm.Dimensions, alarm.id).toEqual([
        { Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME },
        { Name: 'stage', Value: STAGE },
      ]);
      expect(alarm, alarm.id).toMatchObject({
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    for (const [id, fn] of functions()) {
      expect(fn.Properties.Environment.Variables, id).toMatchObject({
        STAGE,
        POWERTOOLS_METRICS_NAMESPACE: env.POWERTOOLS_METRICS_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: env.POWERTOOLS_SERVICE_NAME,
      });
    }
  });

  it('raise an alarm on the errors of every function', () => {
    const watched = alarms()
      .filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors')
      .map((a) => a.Dimensions[0].Value.Ref);
    expect(watched.sort()).toEqual(
      functions()
        .map(([id]) => id)
        .sort(),
    );
  });

  it('draw the funnel, the hires that need an admin, both times and every function’s errors on one dashboard', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const template = dashboards[0]![1].Properties.DashboardBody['Fn::Sub'] as string;
    const body = JSON.parse(template);
    const drawn = body.widgets.flatMap((w: any) => w.properties.metrics ?? []).map((m: string[]) => m[1]);
    expect(new Set(drawn)).toEqual(new Set([...Object.values(FUNNEL_METRICS), 'Errors']));
    for (const [id] of functions()) expect(template).toContain(`\${${id}}`);
    const alarmWidget = body.widgets.find((w: any) => w.type === 'alarm');
    expect(alarmWidget.properties.alarms).toHaveLength(alarms().length);
  });

  it('refuses to deploy alarms nobody would hear', () => {
    expect(() => deploy.alertSubscriptionsFor({ email: { adminAddresses: [] } })).toThrow(/adminAddresses/);
    expect(
      deploy.alertSubscriptionsFor({ email: { adminAddresses: ['a@x.jp', ' a@x.jp', 'b@x.jp'] } }),
    ).toEqual([
      { Endpoint: 'a@x.jp', Protocol: 'email' },
      { Endpoint: 'b@x.jp', Protocol: 'email' },
    ]);
  });
});

describe('chat channels', () => {
  const SLACK = { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' };
  let chatDir: string;
  let withSlack: typeof resources;
  beforeAll(() => {
    chatDir = mkdtempSync(join(tmpdir(), 'onboarding-package-chat-'));
    withSlack = packageService(chatDir, STAGE, { ...CONFIG, notifications: { slack: SLACK } });
  }, 240_000);
  afterAll(() => {
    if (chatDir) rmSync(chatDir, { recursive: true, force: true });
  });
  const alerting = [
    'HrWebhookRole',
    'HrAdapterRole',
    'AdminApiRole',
    'ProvisionerRole',
    'ReconcilerRole',
    'RecordFailureRole',
    'ExecutionEventsRole',
    'EmailEventsRole',
    'RemindersRole',
    'AllowlistWatchRole',
  ];

  it('with none configured: the chat topic, and no channel configuration nor role for the chat application', () => {
    expect(ofType('AWS::Chatbot::SlackChannelConfiguration')).toEqual([]);
    expect(ofType('AWS::Chatbot::MicrosoftTeamsChannelConfiguration')).toEqual([]);
    expect(resources.ChatChannelRole).toBeUndefined();
    expect(resources.ChatAlertsTopic!.Properties.TopicName).toBe(`onboarding-${STAGE}-chat-alerts`);
  });

  it('lets exactly the functions that alert publish, to the chat topic only', () => {
    const publish = statements().filter(({ statement }) =>
      list(statement.Action).some((a) => a.startsWith('sns:')),
    );
    expect(publish.map(({ role }) => role).sort()).toEqual([...alerting].sort());
    for (const { statement } of publish) {
      expect(statement.Action).toEqual(['sns:Publish']);
      expect(statement.Resource).toEqual({ Ref: 'ChatAlertsTopic' });
    }
    const env = ofType('AWS::Lambda::Function')[0]![1].Properties.Environment.Variables;
    expect(arnText(env.CHAT_TOPIC_ARN)).toBe(
      `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:onboarding-${STAGE}-chat-alerts`,
    );
  });

  it('with notifications.slack: one Slack channel configuration subscribed to the chat topic, under a role only the chat application assumes', () => {
    const slack = Object.entries(withSlack).filter(
      ([, r]) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration',
    );
    expect(slack).toHaveLength(1);
    const props = slack[0]![1].Properties;
    expect(props).toMatchObject({
      ConfigurationName: `onboarding-${STAGE}-slack`,
      SlackWorkspaceId: SLACK.workspaceId,
      SlackChannelId: SLACK.channelId,
      IamRoleArn: { 'Fn::GetAtt': ['ChatChannelRole', 'Arn'] },
    });
    expect(props.SnsTopicArns).toContainEqual({ Ref: 'ChatAlertsTopic' });
    const role = withSlack.ChatChannelRole!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    // Notifications only: the role may do nothing, and the channel's guardrail is read-only.
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(props.GuardrailPolicies).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(
      Object.values(withSlack).some((r) => r.Type === 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'),
    ).toBe(false);
  });

  it('with notifications.teams: a Microsoft Teams channel configuration with the team, channel and tenant', () => {
    const teams = {
      teamId: '0a1b2c3d-4e5f-1a2b-3c4d-0a1b2c3d4e5f',
      channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
      tenantId: '1a2b3c4d-5e6f-1a2b-3c4d-1a2b3c4d5e6f',
    };
    const made = deploy.chatChannelsFor(
      { notifications: { teams } },
      { service: 'onboarding', stage: STAGE },
    );
    expect(Object.keys(made).sort()).toEqual(['ChatChannelRole', 'TeamsAlertsChannel']);
    expect(made.TeamsAlertsChannel.Properties).toMatchObject({
      TeamId: teams.teamId,
      TeamsChannelId: teams.channelId,
      TeamsTenantId: teams.tenantId,
      SnsTopicArns: [{ Ref: 'ChatAlertsTopic' }, { Ref: 'AlertsTopic' }],
    });
    expect(deploy.chatChannelsFor({}, { service: 'onboarding', stage: STAGE })).toEqual({});
  });
});
