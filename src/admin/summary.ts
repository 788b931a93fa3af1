import { personName } from '../kernel/hire/person-name';
import type { HireRecord } from '../kernel/hire/record';
import { mixedScripts } from '../kernel/hire/user-name';

/** One line of a hire list: enough to decide what to do, without the history. */
export interface HireSummary {
  employeeId: string;
  hireId: string;
  stage: HireRecord['stage'];
  name: string;
  email: string;
  userName: string;
  /** The scripts a user name mixes, when it may pass for another name (mixedScripts); else absent. */
  userNameScripts?: string[];
  startDate: string;
  workspaceId?: string;
  invitedAt?: string;
  invitationCount?: number;
  updatedAt: string;
}

export function summarize(hire: HireRecord): HireSummary {
  const scripts = mixedScripts(hire.person.userName);
  return {
    employeeId: hire.person.employeeId,
    hireId: hire.hireId,
    stage: hire.stage,
    // In the order of the person's own language, whoever reads the list.
    name: personName(hire.person, hire.person.locale),
    email: hire.person.email,
    userName: hire.person.userName,
    ...(scripts ? { userNameScripts: scripts } : {}),
    startDate: hire.person.startDate,
    ...(hire.workspaceId ? { workspaceId: hire.workspaceId } : {}),
    ...(hire.invitedAt ? { invitedAt: hire.invitedAt } : {}),
    ...(hire.invitationCount ? { invitationCount: hire.invitationCount } : {}),
    updatedAt: hire.updatedAt,
  };
}
