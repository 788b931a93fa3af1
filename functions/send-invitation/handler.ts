import { sendInvitationDeps } from '../../src/app/production';
import { type SendInvitationDeps, sendInvitation } from '../../src/app/send-invitation';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Step Functions task: the hire's WorkSpace is AVAILABLE; send the invitation once. */
export async function handleSendInvitation(
  event: Parameters<typeof sendInvitation>[1],
  d: SendInvitationDeps,
) {
  const result = await sendInvitation(d, event);
  log.info('invitation', { hireId: event.hireId, ...result });
  return result;
}

export const handler = eventFunction(handleSendInvitation, { deps: sendInvitationDeps });
