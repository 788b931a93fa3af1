import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { configSchemaText, SCHEMA_FILE } from '../../local/config-schema';

/**
 * docs/config.schema.json, the JSON Schema editors check config/onboarding.json with: it is what
 * `npm run config-schema` makes of the product's valibot schema, the sample configurations pass it, and
 * docs/configuration.md documents every key it names.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const committed = readFileSync(join(ROOT, SCHEMA_FILE), 'utf8');
const schema = JSON.parse(committed);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const sample = () => JSON.parse(readFileSync(join(ROOT, 'config', 'onboarding.json'), 'utf8'));

/** Every key path the schema names (`a.b`, `a[].b`), through unions and list items. */
function keyPaths(node: any, at: string, into: Set<string>): Set<string> {
  if (!node || typeof node !== 'object') return into;
  for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
    const path = at ? `${at}.${key}` : key;
    into.add(path);
    keyPaths(child, path, into);
  }
  for (const branch of node.anyOf ?? []) keyPaths(branch, at, into);
  if (node.items) keyPaths(node.items, `${at}[]`, into);
  return into;
}

describe('docs/config.schema.json', () => {
  it('is what `npm run config-schema` writes from src/kernel/config/schema.ts', () => {
    expect(committed).toBe(configSchemaText());
  });

  it('passes every sample configuration in config/', () => {
    const files = readdirSync(join(ROOT, 'config')).filter((f) => f.endsWith('.json'));
    expect(files).toContain('onboarding.json');
    for (const file of files) {
      const ok = validate(JSON.parse(readFileSync(join(ROOT, 'config', file), 'utf8')));
      expect({ file, errors: ok ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
  });

  it('refuses what the product refuses: a misspelt key, a missing section, a wrong type or value', () => {
    const typo = sample();
    typo.provisioning.leadDay = 7;
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/provisioning');

    const { email: _, ...noEmail } = sample();
    expect(validate(noEmail)).toBe(false);
    expect(validate.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'email' });

    const wrong = sample();
    wrong.runningMode = 'SOMETIMES';
    wrong.reminders.afterDays = 'daily';
    expect(validate(wrong)).toBe(false);
    const paths = validate.errors?.map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/runningMode', '/reminders/afterDays']));
  });

  it('takes what the product takes: $ keys as documentation, one text or one per language', () => {
    const config = sample();
    config.$comment = 'documentation';
    config.email.$note = 'documentation too';
    config.company.name = 'Example Corp';
    config.email.subjectPrefix = { en: '[IT]', ja: '【IT】' };
    expect(validate(config)).toBe(true);
  });
});

describe('docs/configuration.md', () => {
  it('documents every key the schema names, by its path', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const paths = [...keyPaths(schema, '', new Set())];
    expect(paths.length).toBeGreaterThan(80);
    expect(paths.filter((path) => !doc.includes(`\`${path}\``))).toEqual([]);
  });
});
