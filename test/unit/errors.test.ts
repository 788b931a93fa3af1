import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DomainError,
  DuplicateError,
  HireNotFoundError,
  StageConflictError,
  ValidationError,
  WebhookSignatureError,
} from '../../src/domain/errors';

describe('domain errors', () => {
  it('are named after their class and keep the cause', () => {
    const cause = new Error('ConditionalCheckFailedException');
    const error = new StageConflictError(
      { hireId: 'hr-E-1', expected: ['INVITED'], actual: 'ACTIVE' },
      { cause },
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StageConflictError');
    expect(error.cause).toBe(cause);
    expect(error).toMatchObject({ hireId: 'hr-E-1', expected: ['INVITED'], actual: 'ACTIVE' });
    expect(error.message).toBe('hire hr-E-1 is in stage ACTIVE, expected INVITED');
  });

  it('say when the stored stage is unknown', () => {
    const error = new StageConflictError({ hireId: 'hr-E-1', expected: ['BOUNCED', 'ESCALATED'] });
    expect(error.message).toBe('hire hr-E-1 is in stage (unknown), expected BOUNCED or ESCALATED');
  });

  it('carry what the caller needs to answer', () => {
    expect(new HireNotFoundError('hr-E-9')).toMatchObject({ name: 'HireNotFoundError', hireId: 'hr-E-9' });
    expect(new DuplicateError('webhook#msg_1')).toMatchObject({
      name: 'DuplicateError',
      key: 'webhook#msg_1',
    });
    expect(new WebhookSignatureError('stale', 'too old')).toMatchObject({
      reason: 'stale',
      message: 'too old',
    });
    const validation = new ValidationError([
      { field: 'data.email', message: 'must be an email address' },
      { field: 'data.userName', message: 'is required' },
    ]);
    expect(validation.errors).toHaveLength(2);
    expect(validation.message).toBe(
      'invalid input: data.email: must be an email address; data.userName: is required',
    );
    expect(new ConfigError(['config.a: x', 'config.b: y']).message).toBe(
      'invalid onboarding configuration:\n  config.a: x\n  config.b: y',
    );
  });
});
