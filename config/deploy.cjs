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

const arn = (service, resource) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
});

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

/** Directories whose users set their password on the hosted page (Simple AD / Managed AD). */
module.exports.passwordSetupDirectoryArns = () => {
  const hosted = config().directories.filter((d) => (d.passwordSetup ?? 'hosted') === 'hosted');
  if (hosted.length === 0) {
    throw new Error(
      'config/onboarding.json: no directory has passwordSetup "hosted"; remove the passwordSetup function',
    );
  }
  return hosted.map((d) => arn('ds', `directory/${d.id}`));
};

/**
 * TerminateWorkspaces for the webhook (HR's employee.hire_cancelled): only when the configuration allows
 * terminating a cancelled hire's unused WorkSpace, and only on WorkSpaces this product created (they carry
 * its onboarding:managedBy tag; TerminateWorkspaces takes the workspaceid resource and aws:ResourceTag).
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
    Resource: arn('workspaces', 'workspace/*'),
    Condition: { StringEquals: { 'aws:ResourceTag/onboarding:managedBy': 'workspaces-onboarding' } },
  };
};
