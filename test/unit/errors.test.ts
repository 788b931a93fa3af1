import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { serverlessEsbuildOptions } from '../../local/bundles';
import * as errors from '../../src/kernel/errors';
import {
  ConfigError,
  DomainError,
  DuplicateError,
  HireNotFoundError,
  StageConflictError,
  ValidationError,
  WebhookSignatureError,
} from '../../src/kernel/errors';

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

/** One of each error class, made from a copy of src/kernel/errors.ts (the source, or a minified bundle). */
function oneOfEach(m: typeof errors): Record<string, Error> {
  return {
    ValidationError: new m.ValidationError([{ field: 'data.email', message: 'is required' }]),
    HireNotFoundError: new m.HireNotFoundError('hr-E-1'),
    AmbiguousHireError: new m.AmbiguousHireError('123', ['hr-123', 'bamboohr-123']),
    StageConflictError: new m.StageConflictError({ hireId: 'hr-E-1', expected: ['INVITED'] }),
    VersionConflictError: new m.VersionConflictError({ hireId: 'hr-E-1', expected: 1, actual: 2 }),
    InvalidTransitionError: new m.InvalidTransitionError({ from: 'ACTIVE', to: 'RECEIVED' }),
    DuplicateError: new m.DuplicateError('webhook#msg_1'),
    WebhookSignatureError: new m.WebhookSignatureError('stale', 'too old'),
    ConfigError: new m.ConfigError(['config.a: x']),
    TransientError: new m.TransientError('busy'),
    PasswordRejectedError: new m.PasswordRejectedError('history'),
    DirectoryUnavailableError: new m.DirectoryUnavailableError('down'),
    PasswordResetUnconfirmedError: new m.PasswordResetUnconfirmedError('no answer'),
    DirectoryNotFoundError: new m.DirectoryNotFoundError('d-1'),
    DirectoryUserError: new m.DirectoryUserError('refused', 'AccessDeniedException', false),
    DirectoryUserConflictError: new m.DirectoryUserConflictError('name taken'),
    ChatPublishError: new m.ChatPublishError('SNS did not publish the chat alert: NotFound'),
    InvalidCursorError: new m.InvalidCursorError('bad cursor'),
    ActionNotAllowedError: new m.ActionNotAllowedError({
      action: 'cancel',
      hireId: 'hr-E-1',
      stage: 'ACTIVE',
      reason: 'final',
    }),
    WaveInvalidError: new m.WaveInvalidError([{ line: 2, message: 'bad' }], 1),
    EmailDataError: new m.EmailDataError('no link'),
    MessageFormatError: new m.MessageFormatError('missing argument'),
    IpRangesFormatError: new m.IpRangesFormatError('not ip-ranges.json'),
    UnknownWorkspacesRegionError: new m.UnknownWorkspacesRegionError('xx-1', []),
    SesEventError: new m.SesEventError('not an SES record'),
    ExecutionEventError: new m.ExecutionEventError('not a status change'),
    WorkspaceTagsError: new m.WorkspaceTagsError('ws-1 has 50 tags'),
    ExecutionSupersededError: new m.ExecutionSupersededError({
      hireId: 'hr-E-1',
      executionName: 'hire-hr-E-1',
    }),
    HireAlreadyInvitedError: new m.HireAlreadyInvitedError('hr-E-1', 'INVITED'),
    HrApiError: new m.HrApiError('the HR API answered 502', 502),
    WorkflowThrottledError: new m.WorkflowThrottledError('hire-hr-E-1'),
    SesThrottledError: new m.SesThrottledError('Maximum sending rate exceeded'),
    EmailInProgressError: new m.EmailInProgressError(
      'invitation 1 of hr-E-1 is being sent by another attempt',
    ),
    SesQuotaExceededError: new m.SesQuotaExceededError('Daily message quota exceeded', new Date(0)),
  };
}

/** The error classes a module exports (DomainError is only their base). */
const errorClasses = (m: Record<string, unknown>) =>
  Object.keys(m)
    .filter((k) => k !== 'DomainError' && (m[k] as { prototype?: unknown })?.prototype instanceof Error)
    .sort();

describe('error names', () => {
  it('are the class names, for every error class of the product', () => {
    const made = oneOfEach(errors);
    expect(Object.keys(made).sort()).toEqual(errorClasses(errors));
    for (const [name, error] of Object.entries(made)) {
      expect(error).toBeInstanceOf((errors as unknown as Record<string, new () => Error>)[name]!);
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('survive minification even without keepNames: each is a literal, not the class name', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const outdir = join(root, '.bundles', `unit-errors-${process.pid}`);
    try {
      await build({
        ...serverlessEsbuildOptions(root),
        keepNames: false,
        absWorkingDir: root,
        entryPoints: ['src/kernel/errors.ts'],
        outdir,
        logLevel: 'error',
      });
      const minified = (await import(pathToFileURL(join(outdir, 'errors.mjs')).href)) as typeof errors;
      // The classes themselves lost their names: only the literals can carry them.
      expect(minified.TransientError.name).not.toBe('TransientError');
      expect(errorClasses(minified)).toEqual(errorClasses(errors));
      for (const [name, error] of Object.entries(oneOfEach(minified))) expect(error.name).toBe(name);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
