import type { OnboardingConfig } from '../kernel/config/load';
import { AmbiguousHireError, HireNotFoundError } from '../kernel/errors';
import { storedHireIdsFor } from '../kernel/hire/hire';
import type { HireRecord } from '../kernel/hire/record';
import type { HireStore } from '../kernel/table/hires';

type Hires = Pick<HireStore, 'get'>;

/** The hire of a source's employee, under whichever id it is stored (storedHireIdsFor), or undefined. */
export async function findHire(hires: Hires, source: string, employeeId: string) {
  for (const id of storedHireIdsFor(source, employeeId)) {
    const hire = await hires.get(id);
    if (hire) return hire;
  }
  return undefined;
}

/**
 * The hire an admin names: by the hire id `list` prints, which always names its own hire; otherwise by an
 * employee id that exactly one hire has, whatever its source (configured now). Several hires with that
 * employee id: AmbiguousHireError naming their hire ids (409); none: HireNotFoundError (404).
 */
export async function resolveHireRef(
  deps: { hires: Hires; config: Pick<OnboardingConfig, 'hrSource' | 'sources'> },
  ref: string,
): Promise<string> {
  if (!ref) throw new HireNotFoundError(ref);
  if (await deps.hires.get(ref)) return ref;
  const sources = [deps.config.hrSource, ...deps.config.sources.map((s) => s.name)];
  const ids = [...new Set(sources.flatMap((source) => storedHireIdsFor(source, ref)))];
  const hires = await Promise.all(ids.map((id) => deps.hires.get(id)));
  const found = hires.filter((hire): hire is HireRecord => hire?.person.employeeId === ref);
  if (found.length === 1) return found[0]!.hireId;
  if (found.length === 0) throw new HireNotFoundError(ref);
  throw new AmbiguousHireError(
    ref,
    found.map((hire) => hire.hireId),
  );
}
