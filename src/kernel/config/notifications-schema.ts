/**
 * `notifications`: the chat channels that get every admin alert as well as the email (Amazon Q Developer in
 * chat applications). Each id is checked with the pattern CloudFormation's channel configuration resource
 * gives it (docs/aws-facts.md, "Chat notifications"), so a typo fails here, not halfway through a deploy.
 */
import * as v from 'valibot';
import { knownObject, text } from '../schemas';

const matching = (max: number, pattern: RegExp, what: string) =>
  v.pipe(text(max), v.regex(pattern, `must be ${what}`));

const UUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const uuid = (what: string) =>
  matching(36, UUID, `${what}, a UUID such as 0a1b2c3d-4e5f-1a2b-3c4d-0a1b2c3d4e5f`);

/** AWS::Chatbot::SlackChannelConfiguration: SlackWorkspaceId and SlackChannelId. */
const slack = knownObject({
  workspaceId: matching(
    255,
    /^[0-9A-Z]{1,255}$/,
    'the Slack workspace ID (capital letters and digits, e.g. T07EA123LEP)',
  ),
  channelId: matching(256, /^[A-Za-z0-9]+$/, 'the Slack channel ID (letters and digits, e.g. C07EZ1ABC23)'),
});

/** AWS::Chatbot::MicrosoftTeamsChannelConfiguration: TeamId, TeamsChannelId and TeamsTenantId. */
const teams = knownObject({
  teamId: uuid('the team ID'),
  channelId: matching(
    256,
    /^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$/,
    'the channel ID as the channel link gives it, URL-encoded (19%3a...%40thread.tacv2)',
  ),
  tenantId: uuid('the tenant ID'),
});

export const notificationsSection = v.pipe(
  knownObject({ slack: v.optional(slack), teams: v.optional(teams) }),
  v.transform(({ slack, teams }) => ({
    ...(slack ? { slack: { workspaceId: slack.workspaceId, channelId: slack.channelId } } : {}),
    ...(teams
      ? { teams: { teamId: teams.teamId, channelId: teams.channelId, tenantId: teams.tenantId } }
      : {}),
  })),
);
