export { IpRangesFormatError, UnknownWorkspacesRegionError } from '../kernel/errors';
export { STREAMING_PORT } from '../kernel/hire/streaming-ports';
export {
  ALLOWLIST_FORMATS,
  type AllowlistFormat,
  filterRules,
  formatAllowlist,
  formatDiff,
  type RuleFilter,
} from './format';
export { familyOf, IP_RANGES_URL, type IpRanges, parseIpRanges } from './ip-ranges';
export {
  CHINA_PORT_PAGE,
  CHINA_REGIONS,
  isChinaRegion,
  PORT_PAGE,
  type PortPage,
  type PortPageRegion,
  portPageRegion,
} from './port-page';
export {
  type Allowlist,
  type AllowlistDiff,
  type AllowlistGap,
  type AllowlistOptions,
  allowlistFor,
  diffAllowlists,
  type FirewallRule,
  httpsSubsets,
  type IpFamily,
  PROTOCOL_NAME,
  parseStreamingProtocol,
  ruleKey,
  STREAMING_PROTOCOLS,
  type StreamingProtocol,
} from './rules';
