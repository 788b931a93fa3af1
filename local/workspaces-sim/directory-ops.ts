import { AwsError } from './errors';
import { inDirectoryService, type SimContext } from './state';
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

/**
 * The Directory Service refusals of ResetUserPassword, after the model's checks (ids, user name pattern,
 * password length), as the API reference lists them. The password is never kept or echoed.
 */
function resetUserPassword(ctx: SimContext, input: Input) {
  const directoryId = input.DirectoryId as string;
  const userName = input.UserName as string;
  const password = input.NewPassword as string;
  const directory = ctx.state.directories.find((d) => d.directoryId === directoryId && inDirectoryService(d));
  if (!directory)
    throw new AwsError('EntityDoesNotExistException', `Directory ${directoryId} does not exist.`);
  if (directory.directoryType === 'AD_CONNECTOR') {
    throw new AwsError(
      'UnsupportedOperationException',
      'ResetUserPassword is not supported for AD Connector directories.',
    );
  }
  if (directory.stage !== 'Active') {
    throw new AwsError(
      'DirectoryUnavailableException',
      `Directory ${directoryId} is unavailable (stage ${directory.stage}).`,
    );
  }
  const user = directory.users.find((u) => u.toLowerCase() === userName.toLowerCase());
  if (!user)
    throw new AwsError(
      'UserDoesNotExistException',
      `User ${userName} does not exist in directory ${directoryId}.`,
    );
  if (!meetsPasswordPolicy(password)) {
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

const DS_TYPES: Record<string, string> = {
  SIMPLE_AD: 'SimpleAD',
  MANAGED_AD: 'MicrosoftAD',
  AD_CONNECTOR: 'ADConnector',
};

/**
 * Directory Service Data's status on a directory (the ds model's DataAccessStatus). Only AWS Managed Microsoft
 * AD has it; another type answers UnsupportedOperationException, an unknown id DirectoryDoesNotExistException
 * (both in the operation's errors in the model).
 */
function describeDirectoryDataAccess(ctx: SimContext, input: Input) {
  const directoryId = input.DirectoryId as string;
  const directory = ctx.state.directories.find((d) => d.directoryId === directoryId && inDirectoryService(d));
  if (!directory)
    throw new AwsError('DirectoryDoesNotExistException', `Directory ${directoryId} does not exist.`);
  if (directory.directoryType !== 'MANAGED_AD') {
    throw new AwsError(
      'UnsupportedOperationException',
      'Directory Service Data is available for AWS Managed Microsoft AD directories only.',
    );
  }
  return { DataAccessStatus: directory.dataAccess ?? 'Disabled' };
}

function describeDirectories(ctx: SimContext, input: Input) {
  const ids = input.DirectoryIds as string[] | undefined;
  // The model's documentation: "An empty list results in an InvalidParameterException being thrown."
  if (ids?.length === 0) throw new AwsError('InvalidParameterException', 'DirectoryIds must not be empty.');
  const known = ctx.state.directories.filter(inDirectoryService);
  const unknown = ids?.find((id) => !known.some((d) => d.directoryId === id));
  if (unknown) throw new AwsError('EntityDoesNotExistException', `Directory ${unknown} does not exist.`);
  const dirs = known.filter((d) => !ids || ids.includes(d.directoryId));
  return {
    DirectoryDescriptions: dirs.map((d) => ({
      DirectoryId: d.directoryId,
      Name: d.directoryName,
      ShortName: (d.directoryName.split('.')[0] ?? d.directoryName).toUpperCase(),
      Size: 'Small',
      Alias: d.alias,
      AccessUrl: `${d.alias}.awsapps.com`,
      DnsIpAddrs: d.directoryType === 'SIMPLE_AD' ? ['10.0.1.10', '10.0.2.10'] : ['10.0.1.20', '10.0.2.20'],
      Stage: d.stage,
      LaunchTime: Math.floor(d.launchTimeMs / 1000),
      StageLastUpdatedDateTime: Math.floor(d.launchTimeMs / 1000),
      Type: DS_TYPES[d.directoryType] ?? 'SimpleAD',
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
  DescribeDirectoryDataAccess: describeDirectoryDataAccess,
};
