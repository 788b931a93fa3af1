import type { OnboardingConfig } from '../kernel/config/config';
import { hireEmailContext } from '../kernel/email/context';
import type { EmailContext } from '../kernel/email/types';
import { UnknownWorkspacesRegionError } from '../kernel/errors';
import { type NetworkPageView, networkPageLocale } from './emails/network-page-html';
import { parseIpRanges } from './ip-ranges';
import { allowlistFor, parseStreamingProtocol } from './rules';

/**
 * GET /network/{region}: the Region's firewall allowlist for a new hire's IT or network team, the link the
 * invitation gives them. Public and free of personal data: the same page for everyone who asks.
 */
export interface NetworkPageDeps {
  /** ip-ranges.json (parsed JSON), as the allowlist watch reads it. */
  readIpRanges: () => Promise<unknown>;
  config: OnboardingConfig;
}

export interface NetworkPageRequest {
  region: string;
  /** `?protocol=`: WSP (or DCV) or PCOIP; absent for both. */
  protocol?: string | undefined;
  /** `?lang=` */
  lang?: string | undefined;
  acceptLanguage?: string | undefined;
}

export async function networkPage(
  deps: NetworkPageDeps,
  req: NetworkPageRequest,
): Promise<{ ctx: EmailContext; view: NetworkPageView }> {
  const { config } = deps;
  const ctx = hireEmailContext(config, {
    locale: networkPageLocale(req.lang, req.acceptLanguage, config.locales, config.defaults.locale),
  });
  const protocol = req.protocol === undefined ? undefined : parseStreamingProtocol(req.protocol);
  if (req.protocol !== undefined && !protocol) return { ctx, view: { kind: 'bad-protocol' } };
  const ipRanges = parseIpRanges(await deps.readIpRanges());
  try {
    const list = allowlistFor(ipRanges, req.region, protocol ? { protocols: [protocol] } : {});
    return { ctx, view: { kind: 'allowlist', list } };
  } catch (err) {
    if (!(err instanceof UnknownWorkspacesRegionError)) throw err;
    return { ctx, view: { kind: 'unknown-region', region: req.region, known: err.known } };
  }
}
