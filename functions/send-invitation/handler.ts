import { type SendInvitationDeps, sendInvitation } from '../../src/invitations/send-invitation';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { sendInvitationDeps } from '../production';

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
