import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServiceSpec } from '../../local/serverless-config';

const ROOT = join(import.meta.dirname, '..', '..');
const spec = readServiceSpec(ROOT, { stage: 'dev', region: 'ap-northeast-1', accountId: '000000000000' });
const fn = (key: string) => spec.functions.find((f) => f.key === key)!;

describe('completion tracking in serverless.yml', () => {
  it('sends with the configuration set that publishes sends, bounces and complaints to EventBridge', () => {
    const set = spec.resources.SesConfigurationSet!;
    expect(set.Type).toBe('AWS::SES::ConfigurationSet');
    // The functions send with the configuration set the deployment creates, named per stage.
    expect(set.Properties.Name).toBe('onboarding-dev');
    expect(spec.environment.SES_CONFIGURATION_SET).toBe(set.Properties.Name);
    const destination = spec.resources.SesEventsToEventBridge!.Properties.EventDestination as any;
    expect(destination.MatchingEventTypes).toEqual(['send', 'bounce', 'complaint']);
    expect(destination.EventBridgeDestination.EventBusArn).toBeDefined();
  });
  it('routes the hosted setup page, login events, reminder runs and SES events to their functions', () => {
    expect(fn('passwordSetup').httpApi).toEqual([
      { method: 'GET', path: '/setup/{token}' },
      { method: 'POST', path: '/setup/{token}' },
    ]);
    expect(fn('loginEvents').eventPatterns).toEqual([
      {
        source: ['aws.workspaces'],
        'detail-type': ['WorkSpaces Access'],
        detail: { actionType: ['successfulLogin'] },
      },
    ]);
    expect(fn('reminders').schedules).toEqual(['rate(15 minutes)']);
    // Two runs at once are safe and tested; a reserved concurrency would only drop runs.
    expect(fn('reminders').reservedConcurrency).toBeUndefined();
    expect(fn('emailEvents').eventPatterns).toEqual([
      { source: ['aws.ses'], 'detail-type': ['Email Sent', 'Email Bounced', 'Email Complaint Received'] },
    ]);
  });
  it('gives the reminder run only the due index, not the table scan', () => {
    const role = JSON.stringify(spec.resources.RemindersRole);
    expect(role).toContain('index/due');
    expect(role).not.toContain('dynamodb:Scan');
    expect(JSON.stringify(spec.resources.PasswordSetupRole)).toContain('ds:ResetUserPassword');
  });
});
