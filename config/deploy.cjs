// Deploy-time values that serverless.yml reads from the product configuration, so that IAM grants name
// exactly the sender identity and the directories the product works with (never `*`).
// CommonJS because osls loads `${file(x.cjs):name}` with require().
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const config = () => JSON.parse(readFileSync(join(__dirname, 'onboarding.json'), 'utf8'));

/** `Example IT <it@example.com>` or `it@example.com` → `it@example.com`. */
function senderAddress(from) {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1] : from).trim();
}

/** An ARN in the stack's Region, or in `region` (a directory registered in another Region). */
const arn = (service, resource, region, account = `\${AWS::AccountId}`) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:${region ?? `\${AWS::Region}`}:${account}:${resource}`,
});

/** The same, with any account in the ARN: a resource that may be owned by AWS rather than by this account. */
const anyAccountArn = (service, resource, region) => arn(service, resource, region, '*');

/**
 * What ses:SendEmail may name: the identity SES sends as (the sender address, or its verified domain) and
 * this stage's configuration set, which every email carries.
 */
module.exports.sesSendResources = async ({ resolveVariable }) => {
  const address = senderAddress(config().email.from);
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const configurationSet = await resolveVariable('self:custom.sesConfigurationSet');
  return [
    arn('ses', `identity/${address}`),
    arn('ses', `identity/${domain}`),
    arn('ses', `configuration-set/${configurationSet}`),
  ];
};

/** Every Region a configured directory is in, once each (undefined: the stack's Region). */
function directoryRegions(onboarding) {
  return [...new Set(onboarding.directories.map((d) => d.region))];
}

/** Every bundle id the bundle rules can choose (the default and each rule's). */
function bundleIds(onboarding) {
  const bundles = onboarding.bundles ?? {};
  return [
    ...new Set([bundles.default?.bundleId, ...(bundles.rules ?? []).map((r) => r.bundleId)].filter(Boolean)),
  ];
}

/**
 * Directories whose users set their password on the hosted page (Simple AD / Managed AD), each in its own
 * Region (`region` of the directory; the stack's Region when it has none).
 */
module.exports.passwordSetupDirectoryArns = () => module.exports.passwordSetupDirectoryArnsFor(config());

module.exports.passwordSetupDirectoryArnsFor = (onboarding) => {
  const hosted = onboarding.directories.filter((d) => (d.passwordSetup ?? 'hosted') === 'hosted');
  if (hosted.length === 0) {
    throw new Error(
      'config/onboarding.json: no directory has passwordSetup "hosted"; remove the passwordSetup function',
    );
  }
  return hosted.map((d) => arn('ds', `directory/${d.id}`, d.region));
};

/** The tag every WorkSpace the provisioner creates carries (src/provisioning/rules.ts hireTags). */
const MANAGED_BY = { key: 'onboarding:managedBy', value: 'workspaces-onboarding' };

/**
 * CreateWorkspaces for the provisioner. The action takes three resource types (Service Authorization
 * Reference, Amazon WorkSpaces): the directory (`directory/<id>`, each configured directory in its Region),
 * the bundle (`workspacebundle/<id>`) and the new WorkSpace (`workspace/*`, whose id does not exist yet), in
 * every Region a directory is in. A bundle ARN names any account: the bundles AWS provides are owned by
 * AMAZON, not by this account (WorkspaceBundle.Owner), and the reference does not say which account their
 * ARN carries; the bundle id, unique, is what scopes it. Every WorkSpace is created with the product's
 * onboarding:managedBy tag (aws:RequestTag), the tag the webhook's TerminateWorkspaces grant requires.
 */
module.exports.createWorkspaces = () => module.exports.createWorkspacesFor(config());

module.exports.createWorkspacesFor = (onboarding) => {
  const regions = directoryRegions(onboarding);
  return {
    Effect: 'Allow',
    Action: ['workspaces:CreateWorkspaces'],
    Resource: [
      ...onboarding.directories.map((d) => arn('workspaces', `directory/${d.id}`, d.region)),
      ...regions.flatMap((region) =>
        bundleIds(onboarding).map((id) => anyAccountArn('workspaces', `workspacebundle/${id}`, region)),
      ),
      ...regions.map((region) => arn('workspaces', 'workspace/*', region)),
    ],
    Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_BY.key}`]: MANAGED_BY.value } },
  };
};

/** What provisioning calls to create a hire's missing account (src/provisioning/adapters/directory-users.ts). */
const DIRECTORY_USER_ACTIONS = [
  'ds-data:CreateUser',
  'ds-data:DescribeUser',
  'ds:AccessDSData',
  'ds:DescribeDirectoryDataAccess',
];

/**
 * Directory Service Data for the provisioner: only on the directories with `createUsers: true` (AWS Managed
 * Microsoft AD), each in its Region. All four actions take the `directory` resource type (Service
 * Authorization Reference, Directory Service and Directory Service Data); `ds:AccessDSData` is the dependent
 * action every ds-data call needs. Without such a directory, an explicit Deny.
 */
module.exports.directoryUsers = () => module.exports.directoryUsersFor(config());

module.exports.directoryUsersFor = (onboarding) => {
  const creating = onboarding.directories.filter((d) => d.createUsers === true);
  if (creating.length === 0) return { Effect: 'Deny', Action: DIRECTORY_USER_ACTIONS, Resource: '*' };
  return {
    Effect: 'Allow',
    Action: DIRECTORY_USER_ACTIONS,
    Resource: creating.map((d) => arn('ds', `directory/${d.id}`, d.region)),
  };
};

/** What the admin preflight reads to tell whether a wave's users exist (src/admin/preflight.ts). */
const DIRECTORY_USER_READS = ['ds-data:DescribeUser', 'ds:AccessDSData', 'ds:DescribeDirectoryDataAccess'];

/**
 * Directory Service Data reads for the admin API's preflight: only on the AWS Managed Microsoft AD directories
 * (the only type Directory Service Data serves), each in its Region; without one, an explicit Deny.
 */
module.exports.directoryUserReads = () => module.exports.directoryUserReadsFor(config());

module.exports.directoryUserReadsFor = (onboarding) => {
  const managed = onboarding.directories.filter((d) => d.type === 'MANAGED_AD');
  if (managed.length === 0) return { Effect: 'Deny', Action: DIRECTORY_USER_READS, Resource: '*' };
  return {
    Effect: 'Allow',
    Action: DIRECTORY_USER_READS,
    Resource: managed.map((d) => arn('ds', `directory/${d.id}`, d.region)),
  };
};

/**
 * TerminateWorkspaces for the webhook (HR's employee.hire_cancelled): only when the configuration allows
 * terminating a cancelled hire's unused WorkSpace, and only on WorkSpaces this product created (they carry
 * its onboarding:managedBy tag; TerminateWorkspaces takes the workspaceid resource and aws:ResourceTag), in
 * every Region a configured directory is in (a hire's WorkSpace is in its directory's Region).
 * Otherwise an explicit Deny, so no other policy can grant it to this function by accident.
 */
module.exports.terminateUnusedWorkspaces = () => module.exports.terminateUnusedWorkspacesFor(config());

module.exports.terminateUnusedWorkspacesFor = (onboarding) => {
  if (onboarding.onCancel?.terminateUnusedWorkspace !== true) {
    return { Effect: 'Deny', Action: ['workspaces:TerminateWorkspaces'], Resource: '*' };
  }
  return {
    Effect: 'Allow',
    Action: ['workspaces:TerminateWorkspaces'],
    Resource: directoryRegions(onboarding).map((region) => arn('workspaces', 'workspace/*', region)),
    Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value } },
  };
};

/**
 * The SSM parameters the HR adapter function may read: per configured source its webhook secret, and its
 * API credentials when the preset reads the person from the vendor's API (all but SmartHR). The path is
 * serverless.yml's HR_PARAMETER_PREFIX. A deployment without sources still needs one resource: the prefix's
 * own (unused) path, so the grant names nothing else.
 */
const FETCHING_PRESETS = ['hibob', 'bamboohr', 'personio'];

module.exports.hrSourceParameterArns = async ({ resolveVariable }) =>
  module.exports.hrSourceParameterArnsFor(config(), {
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
  });

module.exports.hrSourceParameterArnsFor = (onboarding, { service, stage }) => {
  const prefix = `${service}/${stage}/hr-sources`;
  const arns = (onboarding.sources ?? []).flatMap((source) => [
    arn('ssm', `parameter/${prefix}/${source.name}/webhook-secret`),
    ...(FETCHING_PRESETS.includes(source.preset)
      ? [arn('ssm', `parameter/${prefix}/${source.name}/api-credentials`)]
      : []),
  ]);
  return arns.length > 0 ? arns : [arn('ssm', `parameter/${prefix}`)];
};

/**
 * Who hears the alarms (serverless.yml AlertsTopic): the admin addresses of the configuration, the people who
 * already get an email per FAILED, BOUNCED or ESCALATED hire. Each confirms the SNS subscription once.
 */
module.exports.alertSubscriptions = () => module.exports.alertSubscriptionsFor(config());

module.exports.alertSubscriptionsFor = (onboarding) => {
  const addresses = onboarding.email?.adminAddresses ?? [];
  if (addresses.length === 0) {
    throw new Error('config/onboarding.json: email.adminAddresses is empty: nobody would hear the alarms');
  }
  return [...new Set(addresses.map((a) => a.trim()))].map((Endpoint) => ({
    Endpoint,
    Protocol: 'email',
  }));
};

/** The logical id osls gives a function's AWS::Lambda::Function (hrWebhook → HrWebhookLambdaFunction). */
function lambdaLogicalId(key) {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized[0].toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

const ERROR_ALARM_PERIOD_SECONDS = 300;

/**
 * One CloudWatch alarm on the Errors metric of every function in serverless.yml (AWS/Lambda, dimension
 * FunctionName), generated from the functions themselves so a new function cannot go without one. Any
 * invocation that threw in five minutes raises it; the topic tells the alert subscribers.
 */
module.exports.functionErrorAlarms = async ({ resolveVariable }) => {
  const functions = await resolveVariable('self:functions');
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  return module.exports.functionErrorAlarmsFor(Object.keys(functions), { service, stage });
};

module.exports.functionErrorAlarmsFor = (keys, { service, stage }) =>
  Object.fromEntries(
    keys.map((key) => {
      const id = lambdaLogicalId(key);
      return [
        `${id.replace(/LambdaFunction$/, '')}ErrorsAlarm`,
        {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmName: `${service}-${stage}-${key}-errors`,
            AlarmDescription: `The ${key} function threw in an invocation (its log group has the error's name and message).`,
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
            Statistic: 'Sum',
            Period: ERROR_ALARM_PERIOD_SECONDS,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
            AlarmActions: [{ Ref: 'AlertsTopic' }],
          },
        },
      ];
    }),
  );

/**
 * The funnel dashboard's body (CloudWatch dashboard body structure, a JSON string), as an Fn::Sub so the
 * Region, the account and each function's name come from the stack.
 */
module.exports.funnelDashboardBody = async ({ resolveVariable }) => {
  const functions = await resolveVariable('self:functions');
  return module.exports.funnelDashboardBodyFor({
    namespace: await resolveVariable('self:custom.metricsNamespace'),
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    functionKeys: Object.keys(functions),
  });
};

module.exports.funnelDashboardBodyFor = ({ namespace, service, stage, functionKeys }) => {
  const funnel = (name, options = {}) => [namespace, name, 'service', service, 'stage', stage, options];
  const graph = (x, y, title, metrics, extra = {}) => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: {
      title,
      region: `\${AWS::Region}`,
      view: 'timeSeries',
      period: 3600,
      stat: 'Sum',
      metrics,
      ...extra,
    },
  });
  const alarmArn = (name) =>
    `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${name}`;
  const body = {
    widgets: [
      graph(0, 0, 'Hires through the funnel (per hour)', [
        funnel('HiresAccepted', { label: 'accepted' }),
        funnel('HiresInvited', { label: 'invited' }),
        funnel('TimeToFirstLogin', { label: 'first login', stat: 'SampleCount' }),
      ]),
      graph(12, 0, 'Hires that need an admin (per hour)', [
        funnel('HiresFailed', { label: 'failed' }),
        funnel('HiresBounced', { label: 'bounced' }),
        funnel('HiresEscalated', { label: 'escalated' }),
      ]),
      graph(0, 6, 'Time to invite, from the webhook (seconds)', [
        funnel('TimeToInvite', { label: 'median', stat: 'p50' }),
        funnel('TimeToInvite', { label: '90th percentile', stat: 'p90' }),
      ]),
      graph(12, 6, 'Time to first login, from the invitation (seconds)', [
        funnel('TimeToFirstLogin', { label: 'median', stat: 'p50' }),
        funnel('TimeToFirstLogin', { label: '90th percentile', stat: 'p90' }),
      ]),
      graph(0, 12, 'Reminders sent (per hour)', [funnel('RemindersSent', { label: 'reminders' })]),
      graph(
        12,
        12,
        'Function errors (per 5 minutes)',
        functionKeys.map((key) => [
          'AWS/Lambda',
          'Errors',
          'FunctionName',
          `\${${lambdaLogicalId(key)}}`,
          { label: key },
        ]),
        { period: ERROR_ALARM_PERIOD_SECONDS },
      ),
      {
        type: 'alarm',
        x: 0,
        y: 18,
        width: 24,
        height: 4,
        properties: {
          title: 'Alarms',
          alarms: [
            ...['hires-failed', 'hires-bounced', 'hires-escalated'].map((n) =>
              alarmArn(`${service}-${stage}-${n}`),
            ),
            ...functionKeys.map((key) => alarmArn(`${service}-${stage}-${key}-errors`)),
          ],
        },
      },
    ],
  };
  return { 'Fn::Sub': JSON.stringify(body) };
};

/**
 * The chat channels of `notifications` (serverless.yml ChatAlertsTopic): an Amazon Q Developer in chat
 * applications channel configuration per configured Slack or Microsoft Teams channel, subscribed to the
 * chat topic (every admin alert) and to the alarms' topic, with the role the chat application assumes.
 * The role has no permissions and the guardrail is read-only: the channels receive notifications, nobody
 * runs AWS commands through them. No channel configured: no resource.
 */
module.exports.chatChannels = async ({ resolveVariable }) =>
  module.exports.chatChannelsFor(config(), {
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
  });

module.exports.chatChannelsFor = (onboarding, { service, stage }) => {
  const { slack, teams } = onboarding.notifications ?? {};
  if (!slack && !teams) return {};
  const common = {
    IamRoleArn: { 'Fn::GetAtt': ['ChatChannelRole', 'Arn'] },
    SnsTopicArns: [{ Ref: 'ChatAlertsTopic' }, { Ref: 'AlertsTopic' }],
    GuardrailPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    LoggingLevel: 'ERROR',
  };
  return {
    ChatChannelRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
    ...(slack
      ? {
          SlackAlertsChannel: {
            Type: 'AWS::Chatbot::SlackChannelConfiguration',
            Properties: {
              ConfigurationName: `${service}-${stage}-slack`,
              SlackWorkspaceId: slack.workspaceId,
              SlackChannelId: slack.channelId,
              ...common,
            },
          },
        }
      : {}),
    ...(teams
      ? {
          TeamsAlertsChannel: {
            Type: 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
            Properties: {
              ConfigurationName: `${service}-${stage}-teams`,
              TeamId: teams.teamId,
              TeamsChannelId: teams.channelId,
              TeamsTenantId: teams.tenantId,
              ...common,
            },
          },
        }
      : {}),
  };
};
