import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import {
  DirectoryUnavailableError,
  PasswordRejectedError,
  PasswordResetUnconfirmedError,
} from '../../kernel/errors';
import type { DirectoryApi } from '../ports';

// One client per Region ('' is the deployment's own Region).
const sharedClients = new Map<string, DirectoryServiceClient>();

function clientIn(region: string | undefined): DirectoryServiceClient {
  let client = sharedClients.get(region ?? '');
  if (!client) {
    client = new DirectoryServiceClient({ maxAttempts: 3, ...(region ? { region } : {}) });
    sharedClients.set(region ?? '', client);
  }
  return client;
}

/** `regionOf` sends each directory's calls to the Region it is in (the deployment's own without it). */
export function createDirectoryApi(
  deps: { client?: DirectoryServiceClient; regionOf?: (directoryId: string) => string } = {},
): DirectoryApi {
  return {
    async resetPassword({ directoryId, userName, password, signal }) {
      const client = deps.client ?? clientIn(deps.regionOf?.(directoryId));
      try {
        await client.send(
          new ResetUserPasswordCommand({
            DirectoryId: directoryId,
            UserName: userName,
            NewPassword: password,
          }),
          signal ? { abortSignal: signal } : {},
        );
      } catch (err) {
        // Keep only name and message: an SDK error may carry the request, and the request has the password.
        const safe = err instanceof Error ? Object.assign(new Error(err.message), { name: err.name }) : err;
        if (err instanceof Error && err.name === 'InvalidPasswordException') {
          throw new PasswordRejectedError('the directory did not accept the new password', { cause: safe });
        }
        if (refused(err)) {
          throw new DirectoryUnavailableError(`ResetUserPassword refused in directory ${directoryId}`, {
            cause: safe,
          });
        }
        throw new PasswordResetUnconfirmedError(
          `ResetUserPassword got no answer in directory ${directoryId}`,
          {
            cause: safe,
          },
        );
      }
    },
  };
}

/** The service answered with a client error (4xx): the request was refused, so nothing changed. */
function refused(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}
