/**
 * What the WorkSpaces Personal "IP address and port requirements" page tables per Region and ip-ranges.json
 * does not carry: the health check host names (IPv4 and IPv6), the DCV gateway ranges and the DCV gateway
 * domain. They live in one data file, port-page.json, with the page's address and the date it was read; a
 * release that updates it changes that date, and the allowlist watch reports what the update opens or
 * closes. Nothing here is guessed: a Region or cell the page did not show is null, and the allowlist says
 * so instead of filling it in.
 */
import data from './port-page.json' with { type: 'json' };

export interface HealthCheckHosts {
  ipv4: string;
  ipv6: string;
}

export interface PortPageRegion {
  name: string;
  healthCheck: HealthCheckHosts | null;
  /** IPv4 or IPv6 CIDRs; null when the page's cell could not be read. */
  dcvGateways: string[] | null;
  /** A wildcard domain, e.g. `*.prod.ap-northeast-1.highlander.aws.a2z.com`. */
  dcvDomain: string | null;
}

export interface PortPage {
  page: string;
  /** `YYYY-MM-DD`: when the page was read. The data file's version. */
  read: string;
  regions: Readonly<Record<string, PortPageRegion>>;
}

export const PORT_PAGE: PortPage = data;

/** The Regions of the China page (docs.amazonaws.cn): the global page's tables do not apply there. */
export const CHINA_REGIONS: readonly string[] = ['cn-north-1', 'cn-northwest-1'];
export const CHINA_PORT_PAGE =
  'https://docs.amazonaws.cn/en_us/workspaces/latest/adminguide/workspaces-port-requirements.html';

export const isChinaRegion = (region: string) => CHINA_REGIONS.includes(region);

/** The page's row for a Region; undefined for a Region it does not list (and for China's). */
export function portPageRegion(region: string, page: PortPage = PORT_PAGE): PortPageRegion | undefined {
  return isChinaRegion(region) ? undefined : page.regions[region];
}
