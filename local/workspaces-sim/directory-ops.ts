import { AwsError, PATTERNS, Validation } from './errors';
import type { SimContext } from './state';
import type { Operation } from './workspaces-ops';

type Input = Record<string, unknown>;

// Same rule as the setup page and the User Guide: 8–64 characters with lower, upper, digit and symbol.
export function meetsPasswordPolicy(password: string): boolean {
  return (
    password.length >= 8 &&
    password.length <= 64 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[^A-Za-z0-9]/.test(password)
  );
}

function resetUserPassword(ctx: SimContext, input: Input) {
  const v = new Validation();
  const directoryId = v.string(input.DirectoryId, 'directoryId', {
    required: true,
    pattern: PATTERNS.dsDirectoryId,
  });
  const userName = v.string(input.UserName, 'userName', { required: true, min: 1, max: 64 });
  // The password is checked for presence only here: a validation message would echo its value.
  if (
    typeof input.NewPassword !== 'string' ||
    input.NewPassword.length === 0 ||
    input.NewPassword.length > 127
  ) {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value at 'newPassword' failed to satisfy constraint: Member must have length between 1 and 127",
    );
  }
  v.throwIfAny();
  const directory = ctx.state.directories.find((d) => d.directoryId === directoryId);
  if (!directory)
    throw new AwsError('EntityDoesNotExistException', `Directory ${directoryId} does not exist.`);
  if (directory.directoryType === 'AD_CONNECTOR') {
    throw new AwsError(
      'UnsupportedOperationException',
      'ResetUserPassword is not supported for AD Connector directories.',
    );
  }
  const user = directory.users.find((u) => u.toLowerCase() === (userName as string).toLowerCase());
  if (!user)
    throw new AwsError(
      'UserDoesNotExistException',
      `User ${userName} does not exist in directory ${directoryId}.`,
    );
  if (!meetsPasswordPolicy(input.NewPassword)) {
    throw new AwsError(
      'InvalidPasswordException',
      'The new password provided by the user does not meet the password complexity requirements defined in your directory.',
    );
  }
  // Only the fact of a reset is kept, never the password.
  directory.passwordResets[user] = (directory.passwordResets[user] ?? 0) + 1;
  ctx.changed();
  return {};
}

function describeDirectories(ctx: SimContext, input: Input) {
  const v = new Validation();
  const ids = v.list(input.DirectoryIds, 'directoryIds', {}) as string[] | undefined;
  v.throwIfAny();
  const unknown = ids?.find((id) => !ctx.state.directories.some((d) => d.directoryId === id));
  if (unknown) throw new AwsError('EntityDoesNotExistException', `Directory ${unknown} does not exist.`);
  const dirs = ctx.state.directories.filter((d) => !ids || ids.includes(d.directoryId));
  return {
    DirectoryDescriptions: dirs.map((d) => ({
      DirectoryId: d.directoryId,
      Name: d.directoryName,
      ShortName: (d.directoryName.split('.')[0] ?? d.directoryName).toUpperCase(),
      Size: 'Small',
      Alias: d.alias,
      AccessUrl: `${d.alias}.awsapps.com`,
      DnsIpAddrs: d.directoryType === 'SIMPLE_AD' ? ['10.0.1.10', '10.0.2.10'] : ['10.0.1.20', '10.0.2.20'],
      Stage: 'Active',
      LaunchTime: Math.floor(d.launchTimeMs / 1000),
      StageLastUpdatedDateTime: Math.floor(d.launchTimeMs / 1000),
      Type: d.directoryType === 'SIMPLE_AD' ? 'SimpleAD' : 'ADConnector',
      ...(d.directoryType === 'AD_CONNECTOR'
        ? {
            ConnectSettings: {
              VpcId: 'vpc-0a1b2c3d',
              SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
              CustomerUserName: 'svc-adconnector',
              ConnectIps: ['10.0.1.20', '10.0.2.20'],
              AvailabilityZones: [`${ctx.region}a`, `${ctx.region}c`],
            },
          }
        : {
            VpcSettings: {
              VpcId: 'vpc-0a1b2c3d',
              SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
              AvailabilityZones: [`${ctx.region}a`, `${ctx.region}c`],
            },
          }),
      SsoEnabled: false,
    })),
  };
}

export const directoryOperations: Record<string, Operation> = {
  ResetUserPassword: resetUserPassword,
  DescribeDirectories: describeDirectories,
};
