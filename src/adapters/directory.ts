import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { DirectoryUnavailableError, PasswordRejectedError } from '../domain/errors';

/**
 * Directory Service, for the hosted password setup (Simple AD and Managed AD): ResetUserPassword sets the
 * password the person chose. SDK errors become domain errors; the password never appears in either.
 */
export interface DirectoryApi {
  resetPassword(input: { directoryId: string; userName: string; password: string }): Promise<void>;
}

let sharedClient: DirectoryServiceClient | undefined;

export function createDirectoryApi(deps: { client?: DirectoryServiceClient } = {}): DirectoryApi {
  sharedClient ??= new DirectoryServiceClient({ maxAttempts: 3 });
  const client = deps.client ?? sharedClient;
  return {
    async resetPassword({ directoryId, userName, password }) {
      try {
        await client.send(
          new ResetUserPasswordCommand({
            DirectoryId: directoryId,
            UserName: userName,
            NewPassword: password,
          }),
        );
      } catch (err) {
        // Keep only name and message: an SDK error may carry the request, and the request has the password.
        const safe = err instanceof Error ? Object.assign(new Error(err.message), { name: err.name }) : err;
        if (err instanceof Error && err.name === 'InvalidPasswordException') {
          throw new PasswordRejectedError('the directory did not accept the new password', { cause: safe });
        }
        throw new DirectoryUnavailableError(`ResetUserPassword failed in directory ${directoryId}`, {
          cause: safe,
        });
      }
    },
  };
}
