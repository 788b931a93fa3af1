import type { Clock } from './clock';
import { claimIsLive, claimNameKeys, type UserNameClaim, userNameKey } from './hire/user-name';
import type { HireStore } from './table/hires';
import type { UserNameClaims } from './table/user-name-claims';

/**
 * The user-name claim (one hire per directory account). A new hire takes its claim in the same transaction
 * as the hire (src/kernel/table/new-hires.ts; takeOverDeadClaims when that is refused); an HR rename and the
 * checks before a wave use these single-item conditional writes:
 *
 * - A claim is taken when the name is free or this hire holds it already (a retry of the same delivery).
 * - A claim another hire holds is taken over only when it is dead (claimIsLive): that hire was CANCELLED,
 *   moved to another name, or never got created (a crash between claim and creation, after 5 minutes).
 *   The takeover is conditional on the holder, so two hires racing for a dead claim cannot both win.
 * - The claim is written before (or with) the hire, so a crash leaves at most a claim without a hire (taken
 *   over later), never a hire without its claim.
 */
export interface UserNameDeps {
  userNames: UserNameClaims;
  hires: Pick<HireStore, 'get'>;
  clock: Clock;
}

export type ClaimOutcome = { ok: true } | { ok: false; holderHireId: string };

type Claim = Omit<UserNameClaim, 'claimedAt'>;

export async function claimUserName(deps: UserNameDeps, claim: Claim): Promise<ClaimOutcome> {
  const older = await olderHolder(deps, claim);
  if (older) return { ok: false, holderHireId: older };
  // Each pass ends unless the claim changed hands between our read and our takeover.
  for (let attempt = 0; ; attempt++) {
    const result = await deps.userNames.claim(claim);
    if (result.claimed) return { ok: true };
    const holder = await deps.hires.get(result.holder.hireId);
    if (claimIsLive(result.holder, holder, deps.clock.nowMs()) || attempt >= 2) {
      return { ok: false, holderHireId: result.holder.hireId };
    }
    if (await deps.userNames.takeOver(claim, result.holder.hireId)) return { ok: true };
  }
}

/**
 * After a new hire's write was refused for claims other hires hold on its name (`claim`: the folded key;
 * `olderClaims`: older keys), read their holders at once: true when every claim is dead (claimIsLive) and
 * the folded one, if any, is this hire's now (taken over, conditional on its holder); false when a live
 * hire holds one, or the claim changed hands meanwhile.
 */
export async function takeOverDeadClaims(
  deps: UserNameDeps,
  claim: Claim,
  refused: { claim?: UserNameClaim; olderClaims?: UserNameClaim[] },
): Promise<boolean> {
  const found = [...(refused.olderClaims ?? []), ...(refused.claim ? [refused.claim] : [])].filter(
    (c) => c.hireId !== claim.hireId,
  );
  const holders = await Promise.all(found.map((c) => deps.hires.get(c.hireId)));
  const nowMs = deps.clock.nowMs();
  if (found.some((c, i) => claimIsLive(c, holders[i], nowMs))) return false;
  return !refused.claim || deps.userNames.takeOver(claim, refused.claim.hireId);
}

/**
 * A live claim another hire holds on this account, read before claiming: claims written before names were
 * folded are under the lower-cased name, where the conditional write below does not look. Only names whose
 * keys differ can have one (`José`, not `jsmith`), and none is written any more, so a read is enough: no
 * race can create one after it.
 */
async function olderHolder(deps: UserNameDeps, claim: Claim): Promise<string | undefined> {
  if (claimNameKeys(claim.userName).length === 1) return undefined;
  for (const found of await deps.userNames.find([claim])) {
    if (found.hireId === claim.hireId) continue;
    if (claimIsLive(found, await deps.hires.get(found.hireId), deps.clock.nowMs())) return found.hireId;
  }
  return undefined;
}

/** Frees the name for later hires (a cancelled hire, or one that moved to another name). */
export async function releaseUserName(deps: Pick<UserNameDeps, 'userNames'>, claim: Claim): Promise<void> {
  await deps.userNames.release(claim);
}

/**
 * Which of these names another hire holds for good (a live claim), for checking a wave before anything is
 * imported: name key → the holder's hire.
 */
export async function heldUserNames(
  deps: UserNameDeps,
  names: { directoryId: string; userName: string; hireId: string }[],
): Promise<Map<string, { hireId: string; employeeId: string }>> {
  const claims = await deps.userNames.find(names);
  const held = new Map<string, { hireId: string; employeeId: string }>();
  const nowMs = deps.clock.nowMs();
  for (const claim of claims) {
    const wanted = names.find(
      (n) => n.directoryId === claim.directoryId && userNameKey(n.userName) === userNameKey(claim.userName),
    );
    if (!wanted || wanted.hireId === claim.hireId) continue;
    const holder = await deps.hires.get(claim.hireId);
    if (!claimIsLive(claim, holder, nowMs)) continue;
    held.set(claimKey(claim.directoryId, claim.userName), {
      hireId: claim.hireId,
      employeeId: holder?.person.employeeId ?? claim.hireId,
    });
  }
  return held;
}

/** The answer to a hire (or an HR change) whose user name another hire holds: 409, nothing stored. */
export function userNameTaken(hireId: string) {
  return {
    outcome: 'conflict' as const,
    hireId,
    detail: 'the user name belongs to another hire in this directory',
    errors: [
      { field: 'data.userName', message: 'is already the user name of another hire in this directory' },
    ],
  };
}

export const claimKey = (directoryId: string, userName: string) => `${directoryId}#${userNameKey(userName)}`;
