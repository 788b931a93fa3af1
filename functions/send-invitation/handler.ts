import { sendInvitationDeps } from '../../src/app/production';
import { type SendInvitationDeps, sendInvitation } from '../../src/app/send-invitation';
import { log } from '../../src/log';

/** Step Functions task: the hire's WorkSpace is AVAILABLE; send the invitation once. */
let productionDeps: SendInvitationDeps | undefined;

export async function handler(event: Parameters<typeof sendInvitation>[1]) {
  productionDeps ??= sendInvitationDeps();
  const result = await sendInvitation(productionDeps, event);
  log.info('invitation', { hireId: event.hireId, ...result });
  return result;
}
