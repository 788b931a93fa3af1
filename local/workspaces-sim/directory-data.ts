import { createHash } from 'node:crypto';
import { AwsError } from './errors';
import { inDirectoryService, type SimContext, type SimCreatedUser, type SimDirectory } from './state';

type Input = Record<string, unknown>;
export type DataOperation = (ctx: SimContext, input: Input) => Record<string, unknown>;

/** "A client token is valid for 8 hours after the first request that uses it completes" (CreateUser). */
const CLIENT_TOKEN_MS = 8 * 3_600_000;

/**
 * The directory a Directory Service Data request names, in the Region it was signed for, or AWS's refusal:
 * an id no directory has → DirectoryUnavailableException (CreateUser's errors in the model have no
 * ResourceNotFoundException, which DescribeUser keeps for a missing user); a directory other than AWS
 * Managed Microsoft AD → ValidationException INVALID_DIRECTORY_TYPE; data access not enabled →
 * AccessDeniedException DATA_DISABLED; a directory not Active → DirectoryUnavailableException.
 */
function dataDirectory(ctx: SimContext, input: Input): SimDirectory {
  const directoryId = input.DirectoryId as string;
  const directory = ctx.state.directories.find((d) => d.directoryId === directoryId && inDirectoryService(d));
  if (!directory) {
    throw new AwsError(
      'DirectoryUnavailableException',
      `Directory ${directoryId} is not available.`,
      400,
      'INVALID_DIRECTORY_STATE',
    );
  }
  if (directory.directoryType !== 'MANAGED_AD') {
    throw new AwsError(
      'ValidationException',
      'Directory Service Data supports AWS Managed Microsoft AD directories only.',
      400,
      'INVALID_DIRECTORY_TYPE',
    );
  }
  if (directory.dataAccess !== 'Enabled') {
    throw new AwsError(
      'AccessDeniedException',
      `Directory Service Data is not enabled on directory ${directoryId}.`,
      403,
      'DATA_DISABLED',
    );
  }
  if (directory.stage !== 'Active') {
    throw new AwsError(
      'DirectoryUnavailableException',
      `Directory ${directoryId} is ${directory.stage}.`,
      400,
      'INVALID_DIRECTORY_STATE',
    );
  }
  return directory;
}

const findUser = (directory: SimDirectory, name: string) =>
  directory.users.find((u) => u.toLowerCase() === name.toLowerCase());

const sidOf = (directory: SimDirectory, userName: string) => {
  const n = Number.parseInt(
    createHash('sha256').update(`${directory.directoryId}/${userName}`).digest('hex').slice(0, 6),
    16,
  );
  return `S-1-5-21-1004336348-1177238915-682003330-${1000 + (n % 100_000)}`;
};

/**
 * CreateUser: idempotent on ClientToken for 8 hours (the same token and the same values answer as the first
 * request did; the same token with other values → ConflictException), and a user name the directory has →
 * ConflictException. The user joins the directory's users, which WorkSpaces sees too.
 */
function createUser(ctx: SimContext, input: Input) {
  const directory = dataDirectory(ctx, input);
  const token = input.ClientToken as string | undefined;
  const { ClientToken: _token, ...values } = input;
  const request = JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
  const now = ctx.clock.nowMs();
  directory.clientTokens ??= {};
  for (const [key, used] of Object.entries(directory.clientTokens)) {
    if (now - used.atMs > CLIENT_TOKEN_MS) delete directory.clientTokens[key];
  }
  const earlier = token ? directory.clientTokens[token] : undefined;
  if (earlier) {
    if (earlier.request === request) return earlier.answer;
    throw new AwsError(
      'ConflictException',
      'The client token was already used with different request parameters.',
      409,
    );
  }
  const userName = input.SAMAccountName as string;
  if (findUser(directory, userName)) {
    throw new AwsError('ConflictException', `The user ${userName} already exists.`, 409);
  }
  const created: SimCreatedUser = {
    userName,
    sid: sidOf(directory, userName),
    ...(typeof input.GivenName === 'string' ? { givenName: input.GivenName } : {}),
    ...(typeof input.Surname === 'string' ? { surname: input.Surname } : {}),
    ...(typeof input.EmailAddress === 'string' ? { email: input.EmailAddress } : {}),
    createdAt: new Date(now).toISOString(),
  };
  directory.users.push(userName);
  directory.createdUsers = [...(directory.createdUsers ?? []), created];
  const answer = { DirectoryId: directory.directoryId, SAMAccountName: userName, SID: created.sid };
  if (token) directory.clientTokens[token] = { request, atMs: now, answer };
  ctx.changed();
  return answer;
}

/** DescribeUser: a user of the directory, or ResourceNotFoundException. */
function describeUser(ctx: SimContext, input: Input) {
  const directory = dataDirectory(ctx, input);
  const user = findUser(directory, input.SAMAccountName as string);
  if (!user) {
    throw new AwsError(
      'ResourceNotFoundException',
      `The user ${String(input.SAMAccountName)} was not found.`,
      404,
    );
  }
  const created = directory.createdUsers?.find((u) => u.userName === user);
  const realm = directory.directoryName;
  const dc = realm
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',');
  return {
    DirectoryId: directory.directoryId,
    SAMAccountName: user,
    SID: created?.sid ?? sidOf(directory, user),
    Realm: realm,
    DistinguishedName: `CN=${user},OU=Users,OU=${realm.split('.')[0]},${dc}`,
    UserPrincipalName: `${user}@${realm.toUpperCase()}`,
    Enabled: true,
    ...(created?.givenName ? { GivenName: created.givenName } : {}),
    ...(created?.surname ? { Surname: created.surname } : {}),
    ...(created?.email ? { EmailAddress: created.email } : {}),
  };
}

/** The ds-data operations served, by the last segment of their path (`POST /Users/<name>`). */
export const directoryDataOperations: Record<string, DataOperation> = {
  CreateUser: createUser,
  DescribeUser: describeUser,
};
