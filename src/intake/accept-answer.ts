import { type HttpResult, json, problem } from '../kernel/http/responses';
import { log } from '../kernel/log';
import type { AcceptResult } from './ports';

/**
 * The answer to a delivery acceptHire has decided, the same for /webhooks/hr and every preset adapter
 * (docs/contract.md). `context` goes in the log lines (the webhook id, the source).
 */
export function answerAccepted(result: AcceptResult, context: Record<string, string>): HttpResult {
  switch (result.outcome) {
    case 'accepted':
      log.info('hire accepted', { hireId: result.hireId, ...context });
      return json(202, { hireId: result.hireId, stage: result.stage });
    case 'known':
    case 'updated':
      // A retry of a delivery (after a 503 or a lost answer) gets the answer of an accepted one.
      if (result.outcome === 'known' && result.repeated) {
        log.info('hire delivery repeated', { hireId: result.hireId, ...context });
        return json(202, { hireId: result.hireId, stage: result.stage });
      }
      log.info(result.outcome === 'known' ? 'hire already known' : 'hire updated', {
        hireId: result.hireId,
        changed: result.changed,
        ...context,
      });
      return json(200, { hireId: result.hireId, stage: result.stage, changed: result.changed });
    case 'cancelled':
      return json(200, {
        hireId: result.hireId,
        stage: result.stage,
        ...(result.workspace ? { workspace: result.workspace } : {}),
      });
    case 'ignored':
      log.info('event ignored', { type: result.type, reason: result.reason, ...context });
      return json(200, { ignored: result.type, ...(result.reason ? { reason: result.reason } : {}) });
    case 'invalid':
      return problem(400, 'Bad Request', 'the hire has invalid fields', { errors: result.errors });
    case 'conflict':
      log.warn('hire refused', {
        hireId: result.hireId,
        fields: result.errors?.map((e) => e.field),
        ...context,
      });
      return problem(409, 'Conflict', result.detail, {
        ...(result.errors ? { errors: result.errors } : {}),
        ...(result.stage ? { stage: result.stage } : {}),
      });
    case 'replayed':
      log.warn('webhook rejected', { reason: 'replayed', ...context });
      return problem(401, 'Unauthorized', 'missing, invalid, stale or replayed webhook signature');
  }
}
