/**
 * PCoIP's end of support (docs/configuration.md "PCoIP end of support"; docs/aws-facts.md): AWS takes no new PCoIP
 * customers for WorkSpaces Personal from 2026-07-31 and ends support for PCoIP-based WorkSpaces Personal on
 * 2027-10-31. A configuration that gives hires PCoIP bundles starts with a warning until then and is
 * refused from that day on, so no hire is handed a WorkSpace whose protocol has ended.
 */

/** "PCoIP-based WorkSpaces Personal will no longer accept new customers beginning July 31, 2026." */
export const PCOIP_NEW_CUSTOMERS_END = '2026-07-31';
/** "we decided to end support for PCoIP-based WorkSpaces Personal, effective October 31, 2027." */
export const PCOIP_END_OF_SUPPORT = '2027-10-31';

/** From this instant (the start of the day, UTC: AWS names no time zone) a PCoIP bundle is refused. */
const REFUSED_FROM_MS = Date.parse(`${PCOIP_END_OF_SUPPORT}T00:00:00Z`);

/** A configured bundle, with where it sits in the configuration (`bundles.default`, `bundles.rules[2]`). */
export interface ConfiguredBundle {
  at: string;
  bundleId: string;
  protocol: string;
}

export type PcoipVerdict =
  | { outcome: 'none' }
  | { outcome: 'warn'; problems: string[] }
  | { outcome: 'refuse'; problems: string[] };

/** What the configuration's PCoIP bundles mean on `now`: nothing, a warning, or a refusal. */
export function pcoipVerdict(bundles: readonly ConfiguredBundle[], now: Date): PcoipVerdict {
  const pcoip = bundles.filter((b) => b.protocol === 'PCOIP');
  if (pcoip.length === 0) return { outcome: 'none' };
  const refused = now.getTime() >= REFUSED_FROM_MS;
  const problems = pcoip.map((b) =>
    refused
      ? `config.${b.at}.protocol: PCOIP (bundle ${b.bundleId}) is refused: AWS ended support for PCoIP-based WorkSpaces Personal on ${PCOIP_END_OF_SUPPORT} (no new PCoIP customers since ${PCOIP_NEW_CUSTOMERS_END}); choose an Amazon DCV bundle (protocol WSP)`
      : `config.${b.at}.protocol: PCOIP (bundle ${b.bundleId}): AWS accepts no new PCoIP customers from ${PCOIP_NEW_CUSTOMERS_END} and ends support for PCoIP-based WorkSpaces Personal on ${PCOIP_END_OF_SUPPORT}, when this configuration will be refused; choose an Amazon DCV bundle (protocol WSP)`,
  );
  return refused ? { outcome: 'refuse', problems } : { outcome: 'warn', problems };
}

/** A WorkSpace still streaming with PCoIP: it has one, it was not terminated, and its protocol is PCoIP. */
export function isPcoipInUse(hire: {
  protocol?: string;
  workspaceId?: string;
  workspaceTerminatedAt?: string;
}): boolean {
  return hire.protocol === 'PCOIP' && hire.workspaceId !== undefined && !hire.workspaceTerminatedAt;
}
