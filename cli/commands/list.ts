import type { HireSummary } from '../../src/admin/summary';
import type { Flags } from '../args';
import { callRoute } from '../call';
import type { AdminClient } from '../client';
import { command, noPositionals } from '../command';
import { durationFlag } from '../flags';
import { table } from '../output';

/** The list's filters, shared with the bulk re-invite that selects by them. */
export const LIST_OPTIONS = {
  stage: { type: 'string' },
  since: { type: 'string' },
  'older-than': { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
} as const;

/** One page of hires matching the list's flags. */
export function listPage(
  api: AdminClient,
  values: Flags<typeof LIST_OPTIONS>,
  cursor?: string,
  limit?: number,
) {
  return callRoute(api, 'listHires', {
    query: {
      stage: values.stage,
      since: values.since,
      olderThan: durationFlag('older-than', values['older-than']),
      limit: limit ?? values.limit,
      cursor,
    },
  });
}

export const listCommand = command({
  name: 'list',
  usage: ['list [--stage S] [--since DATE] [--older-than 7d] [--limit N] [--cursor C] [--all]'],
  summary: 'paged, from the stage index; its first column is each hire’s id',
  options: { ...LIST_OPTIONS, all: { type: 'boolean' } },
  routes: ['listHires'],
  async run({ api, values, args, print, printJson }) {
    noPositionals(args, 'list');
    durationFlag('older-than', values['older-than']);
    const client = api();
    const hires: HireSummary[] = [];
    let cursor = values.cursor;
    do {
      const page = await listPage(client, values, cursor);
      hires.push(...page.hires);
      cursor = page.cursor;
    } while (values.all && cursor);
    if (values.json) {
      printJson({ hires, ...(cursor ? { cursor } : {}) });
      return 0;
    }
    print(
      table(
        ['HIRE', 'STAGE', 'NAME', 'EMAIL', 'START', 'USER NAME', 'WORKSPACE', 'INVITED', 'CHANGED'],
        hires.map((h) => [
          h.hireId,
          h.stage,
          h.name,
          h.email,
          h.startDate,
          markedUserName(h),
          h.workspaceId,
          h.invitedAt,
          h.updatedAt,
        ]),
      ),
    );
    print(`${hires.length} hire(s)${cursor ? `; more: --cursor ${cursor} (or --all)` : ''}\n`);
    return 0;
  },
});

/** A user name that mixes scripts is marked: it may pass for another name in a table. */
const markedUserName = (h: HireSummary) =>
  h.userNameScripts ? `${h.userName} (mixed scripts: ${h.userNameScripts.join(' + ')})` : h.userName;
