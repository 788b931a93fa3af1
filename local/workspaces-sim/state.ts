import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Clock } from '../../src/kernel/clock';
import type { SimCertificateBasedAuth, SimSaml, SimWorkspaceAccess } from './directory-properties';
import type { PathStep } from './provisioning';

/** AWS_IAM_IDENTITY_CENTER: a WorkSpaces directory of IAM Identity Center users, unknown to Directory Service. */
export type DirectoryType = 'SIMPLE_AD' | 'MANAGED_AD' | 'AD_CONNECTOR' | 'AWS_IAM_IDENTITY_CENTER';
export type Protocol = 'PCOIP' | 'WSP';

export interface SimDirectory {
  directoryId: string;
  alias: string;
  directoryName: string;
  registrationCode: string;
  directoryType: DirectoryType;
  /** Directory Service stage (DirectoryStage in the ds model); only Active directories reset passwords. */
  stage: string;
  users: string[];
  /** Successful ResetUserPassword calls per user. The password itself is never kept. */
  passwordResets: Record<string, number>;
  launchTimeMs: number;
  /** Set by ModifySamlProperties / ModifyCertificateBasedAuthProperties / ModifyWorkspaceAccessProperties. */
  saml?: SimSaml;
  certificateBasedAuth?: SimCertificateBasedAuth;
  workspaceAccess?: SimWorkspaceAccess;
  /** MANAGED_AD: Directory Service Data's status (ds DescribeDirectoryDataAccess); Enabled when seeded. */
  dataAccess?: string;
  /** Users made by ds-data CreateUser, in order (also in `users`, which WorkSpaces reads). */
  createdUsers?: SimCreatedUser[];
  /** CreateUser client tokens of the last 8 hours: the request they came with and the answer given. */
  clientTokens?: Record<string, { request: string; atMs: number; answer: Record<string, unknown> }>;
}

export interface SimCreatedUser {
  userName: string;
  sid: string;
  givenName?: string;
  surname?: string;
  email?: string;
  createdAt: string;
}

export interface SimBundle {
  bundleId: string;
  name: string;
  description: string;
  computeType: string;
  rootGib: number;
  userGib: number;
  /** Not on the wire (WorkspaceBundle has no protocol member); used as the WorkSpace's default. */
  protocol: Protocol;
  imageId: string;
}

export interface SimWorkspace {
  workspaceId: string;
  directoryId: string;
  userName: string;
  bundleId: string;
  createdAtMs: number;
  /** The states it passes through after creation (PENDING first), fixed when it is created. */
  path: PathStep[];
  terminatedAtMs?: number;
  workspaceName?: string;
  properties: Record<string, unknown>;
  userVolumeEncryptionEnabled: boolean;
  rootVolumeEncryptionEnabled: boolean;
  volumeEncryptionKey?: string;
  ipAddress: string;
  computerName: string;
  lastLoginMs?: number;
  connected: boolean;
}

export interface Tag {
  Key: string;
  Value?: string;
}

export interface SimState {
  version: 1;
  directories: SimDirectory[];
  workspaces: SimWorkspace[];
  tags: Record<string, Tag[]>;
}

// Seeded ids follow the model patterns: ds wants `d-` + 10 hex, bundles `wsb-` + 9+ alnum.
export const SIMPLE_AD_DIRECTORY_ID = 'd-95671a2b3c';
export const AD_CONNECTOR_DIRECTORY_ID = 'd-90676d4e5f';
export const SIMPLE_AD_REGISTRATION_CODE = 'wsnrt+A1B2C3';
export const AD_CONNECTOR_REGISTRATION_CODE = 'wsnrt+D4E5F6';
export const SIMPLE_AD_USERS = ['hyamada', 'jsmith', 'asato', 'mtanaka'] as const;
export const AD_CONNECTOR_USERS = ['ksuzuki', 'emiller'] as const;
export const OREGON_DIRECTORY_ID = 'd-926724b1c0';
export const OREGON_REGISTRATION_CODE = 'wsnrt+G7H8J9';
export const OREGON_USERS = ['jdoe', 'mgarcia', 'tnguyen'] as const;
/** Where the seeded Oregon directory lives unless told otherwise (the sample configuration's second Region). */
export const OREGON_REGION = 'us-west-2';
export const STANDARD_PCOIP_BUNDLE_ID = 'wsb-8vbljg4r6';
export const PERFORMANCE_WSP_BUNDLE_ID = 'wsb-93xk71ss4';
/** The sample configuration's default: Amazon DCV, as PCoIP's end of support asks (README). */
export const STANDARD_WSP_BUNDLE_ID = 'wsb-6cq2x9m4t';

export const BUNDLES: readonly SimBundle[] = [
  {
    bundleId: STANDARD_PCOIP_BUNDLE_ID,
    name: 'Standard with Windows 10 (Server 2019 based)',
    description: 'Standard with Windows 10 (Server 2019 based) (PCoIP) – 2 vCPU, 4GiB Memory, 50GB Storage',
    computeType: 'STANDARD',
    rootGib: 80,
    userGib: 50,
    protocol: 'PCOIP',
    imageId: 'wsi-0a1b2c3d4',
  },
  {
    bundleId: STANDARD_WSP_BUNDLE_ID,
    name: 'Standard with Windows 10 (Server 2022 based) (WSP)',
    description: 'Standard with Windows 10 (Server 2022 based) (WSP) – 2 vCPU, 4GiB Memory, 50GB Storage',
    computeType: 'STANDARD',
    rootGib: 80,
    userGib: 50,
    protocol: 'WSP',
    imageId: 'wsi-1c2d3e4f5',
  },
  {
    bundleId: PERFORMANCE_WSP_BUNDLE_ID,
    name: 'Performance with Windows 10 (Server 2022 based) (WSP)',
    description: 'Performance with Windows 10 (Server 2022 based) (WSP) – 2 vCPU, 8GiB Memory, 100GB Storage',
    computeType: 'PERFORMANCE',
    rootGib: 80,
    userGib: 100,
    protocol: 'WSP',
    imageId: 'wsi-5e6f7a8b9',
  },
];

/** A directory Directory Service knows (IAM Identity Center directories are WorkSpaces' own). */
export const inDirectoryService = (d: SimDirectory): boolean => d.directoryType !== 'AWS_IAM_IDENTITY_CENTER';

/** A directory the simulator should hold, and where (the local cloud passes the configuration's). */
export interface DirectorySeed {
  directoryId: string;
  region: string;
  directoryType?: DirectoryType;
  alias?: string;
}

/** Every Region's state; a Region no request has named yet is empty. */
export interface SimWorld {
  version: 2;
  regions: Record<string, SimState>;
}

export const emptyState = (): SimState => ({ version: 1, directories: [], workspaces: [], tags: {} });

/**
 * The seeded directories in their Regions: the catalog's (with their users and registration codes) where
 * `seeds` puts them (else the Tokyo pair in the default Region, Oregon in us-west-2), and any other
 * directory `seeds` names, empty, with a registration code of its own.
 */
export function seedWorld(
  clock: Clock,
  defaultRegion: string,
  seeds: readonly DirectorySeed[] = [],
): SimWorld {
  const catalog = catalogDirectories(clock);
  const placed = new Map(seeds.map((s) => [s.directoryId, s]));
  const regions: Record<string, SimState> = {};
  const put = (region: string, directory: SimDirectory) => {
    regions[region] ??= emptyState();
    regions[region].directories.push(directory);
  };
  for (const directory of catalog) {
    const fallback = directory.directoryId === OREGON_DIRECTORY_ID ? OREGON_REGION : defaultRegion;
    put(placed.get(directory.directoryId)?.region ?? fallback, directory);
  }
  regions[defaultRegion] ??= emptyState();
  for (const seed of seeds) {
    if (catalog.some((d) => d.directoryId === seed.directoryId)) continue;
    put(seed.region, {
      directoryId: seed.directoryId,
      alias: seed.alias ?? seed.directoryId,
      directoryName: `${seed.alias ?? seed.directoryId.slice(2)}.example.com`,
      registrationCode: `wsnrt+${seed.directoryId.slice(-6).toUpperCase()}`,
      directoryType: seed.directoryType ?? 'SIMPLE_AD',
      stage: 'Active',
      users: [],
      passwordResets: {},
      launchTimeMs: clock.nowMs() - 30 * 24 * 3600_000,
      ...(seed.directoryType === 'MANAGED_AD'
        ? { dataAccess: 'Enabled', createdUsers: [], clientTokens: {} }
        : {}),
    });
  }
  return { version: 2, regions };
}

function catalogDirectories(clock: Clock): SimDirectory[] {
  const launchTimeMs = clock.nowMs() - 30 * 24 * 3600_000;
  return [
    {
      directoryId: SIMPLE_AD_DIRECTORY_ID,
      alias: 'corp-example',
      directoryName: 'corp.example.com',
      registrationCode: SIMPLE_AD_REGISTRATION_CODE,
      directoryType: 'SIMPLE_AD',
      stage: 'Active',
      users: [...SIMPLE_AD_USERS],
      passwordResets: {},
      launchTimeMs,
    },
    {
      directoryId: AD_CONNECTOR_DIRECTORY_ID,
      alias: 'example-jp',
      directoryName: 'ad.example.co.jp',
      registrationCode: AD_CONNECTOR_REGISTRATION_CODE,
      directoryType: 'AD_CONNECTOR',
      stage: 'Active',
      users: [...AD_CONNECTOR_USERS],
      passwordResets: {},
      launchTimeMs,
    },
    {
      directoryId: OREGON_DIRECTORY_ID,
      alias: 'example-us',
      directoryName: 'us.example.com',
      registrationCode: OREGON_REGISTRATION_CODE,
      directoryType: 'SIMPLE_AD',
      stage: 'Active',
      users: [...OREGON_USERS],
      passwordResets: {},
      launchTimeMs,
    },
  ];
}

/**
 * A saved world: version 2 (one state per Region), or a version 1 file of one Region (before Regions
 * existed), which becomes the default Region's.
 */
export function loadWorld(file: string, delayMs: number, defaultRegion: string): SimWorld | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SimState> | Partial<SimWorld>;
  if (parsed.version === 2 && typeof (parsed as SimWorld).regions === 'object') {
    const regions = Object.fromEntries(
      Object.entries((parsed as SimWorld).regions).map(([region, state]) => [
        region,
        regionState(file, state, delayMs),
      ]),
    );
    return { version: 2, regions };
  }
  return {
    version: 2,
    regions: { [defaultRegion]: regionState(file, parsed as Partial<SimState>, delayMs) },
  };
}

/** `delayMs` gives WorkSpaces saved before paths existed (with a `fate`) their path. */
function regionState(file: string, parsed: Partial<SimState>, delayMs: number): SimState {
  if (parsed.version !== 1 || !Array.isArray(parsed.directories) || !Array.isArray(parsed.workspaces)) {
    throw new Error(
      `WorkSpaces simulator state file ${file} is not a simulator state; delete it to start fresh`,
    );
  }
  const workspaces = parsed.workspaces.map((w) => {
    const saved = w as SimWorkspace & { fate?: string };
    if (Array.isArray(saved.path)) return saved;
    const { fate, ...rest } = saved;
    return {
      ...rest,
      path: [{ state: 'PENDING', untilMs: rest.createdAtMs + delayMs }, { state: fate ?? 'AVAILABLE' }],
    };
  });
  return {
    version: 1,
    directories: parsed.directories.map((d) => ({ ...d, stage: d.stage ?? 'Active' })),
    workspaces,
    tags: parsed.tags ?? {},
  };
}

/** Writes to a temporary file first so a crash mid-write never leaves a truncated state behind. */
export async function saveState(file: string, state: SimWorld): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, file);
}

/** What the operation handlers see of the simulator. */
export interface SimContext {
  /** The state of the Region the request was signed for. */
  readonly state: SimState;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  newWorkspaceId(): string;
  /** The states a WorkSpace created now for this user will pass through (consumes scripted paths and faults). */
  newWorkspacePath(userName: string): PathStep[];
  /** Marks the state dirty (persisted, debounced, when a state file is configured). */
  changed(): void;
}

// Terminating takes a while on AWS; terminated WorkSpaces then drop out of DescribeWorkspaces.
export const TERMINATION_DELAY_MS = 60_000;
export const TERMINATED_VISIBLE_MS = 3600_000;

/** One of the model's WorkspaceState values. */
export type WorkspaceState = string;

/** State is derived from timestamps, so moving the clock forward is all it takes to finish provisioning. */
export function workspaceState(ctx: Pick<SimContext, 'clock'>, ws: SimWorkspace): WorkspaceState {
  const now = ctx.clock.nowMs();
  if (ws.terminatedAtMs !== undefined) {
    return now < ws.terminatedAtMs + TERMINATION_DELAY_MS ? 'TERMINATING' : 'TERMINATED';
  }
  const step = ws.path.find((s) => s.untilMs === undefined || now < s.untilMs) ?? ws.path[ws.path.length - 1];
  return step?.state ?? 'PENDING';
}

export function isVisible(ctx: Pick<SimContext, 'clock'>, ws: SimWorkspace): boolean {
  return (
    ws.terminatedAtMs === undefined ||
    ctx.clock.nowMs() < ws.terminatedAtMs + TERMINATION_DELAY_MS + TERMINATED_VISIBLE_MS
  );
}
