import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsError } from './errors';

/**
 * Request validation driven by the botocore service models in ./models (see models/update.ts): every
 * operation the simulator serves gets the same checks AWS's front end makes before the service sees a
 * request (required members, enums, patterns, lengths, list sizes, value ranges), answered as AWS does:
 * one ValidationException listing every problem, in AWS's wording, with camelCase member paths.
 */
interface ShapeRef {
  shape: string;
}
export interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}
interface ModelFile {
  operations: Record<string, { input?: ShapeRef }>;
  shapes: Record<string, Shape>;
}

type Problem = { path: string; value: unknown; constraint: string; sensitive: boolean };

function compilePattern(source: string): RegExp {
  // Java patterns; most read the same in JS, Unicode mode first so \p{..} classes work.
  try {
    return new RegExp(source, 'u');
  } catch {
    return new RegExp(source);
  }
}

function render(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `'[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const PRIMITIVES = new Set(['string', 'integer', 'long', 'double', 'float', 'boolean', 'timestamp', 'blob']);

export class ServiceModel {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly file: ModelFile) {
    // Compile every pattern now: a pattern JS cannot read fails at start-up, not on some later request.
    for (const [name, shape] of Object.entries(file.shapes)) {
      if (shape.pattern) this.patterns.set(name, compilePattern(shape.pattern));
    }
  }

  static load(fileName: string): ServiceModel {
    return new ServiceModel(JSON.parse(readFileSync(join(import.meta.dirname, 'models', fileName), 'utf8')));
  }

  has(operation: string): boolean {
    return operation in this.file.operations;
  }

  shape(name: string): Shape {
    const shape = this.file.shapes[name];
    if (!shape) throw new Error(`shape ${name} is not in the model`);
    return shape;
  }

  /** The enum values of a shape (e.g. WorkspaceState), for control routes that accept them. */
  enumOf(name: string): readonly string[] {
    return this.shape(name).enum ?? [];
  }

  /** Throws ValidationException (or SerializationException for a wrong JSON type) like AWS's front end. */
  validate(operation: string, input: Record<string, unknown>): void {
    const ref = this.file.operations[operation]?.input;
    if (!ref) return;
    const problems: Problem[] = [];
    this.structure(ref.shape, input, '', problems);
    if (problems.length === 0) return;
    const lines = problems.map(
      (p) =>
        `Value ${p.sensitive ? '' : `${render(p.value)} `}at '${p.path}' failed to satisfy constraint: ${p.constraint}`,
    );
    const n = lines.length;
    throw new AwsError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${lines.join('; ')}`,
    );
  }

  private structure(name: string, value: Record<string, unknown>, path: string, out: Problem[]): void {
    const shape = this.shape(name);
    for (const member of shape.required ?? []) {
      if (value[member] === undefined || value[member] === null) {
        out.push({
          path: memberPath(path, lowerFirst(member)),
          value: null,
          constraint: 'Member must not be null',
          sensitive: false,
        });
      }
    }
    // Members the model does not know are ignored, as AWS's JSON protocol does.
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const v = value[member];
      if (v === undefined || v === null) continue;
      this.value(ref.shape, v, memberPath(path, lowerFirst(member)), out);
    }
  }

  private value(name: string, value: unknown, path: string, out: Problem[]): void {
    const shape = this.shape(name);
    switch (shape.type) {
      case 'structure':
        if (!isRecord(value)) throw serialization(path, 'an object');
        this.structure(name, value, path, out);
        return;
      case 'list': {
        if (!Array.isArray(value)) throw serialization(path, 'a list');
        this.length(shape, value.length, value, path, out);
        const memberName = shape.member!.shape;
        if (PRIMITIVES.has(this.shape(memberName).type)) {
          // AWS reports a bad primitive element against the whole list, nesting the element's constraint.
          const inner: Problem[] = [];
          value.forEach((item, i) => {
            this.primitive(memberName, item, `${path}.${i + 1}.member`, inner);
          });
          const constraints = [...new Set(inner.map((p) => p.constraint))];
          for (const constraint of constraints) {
            out.push({
              path,
              value,
              constraint: `Member must satisfy constraint: [${constraint}]`,
              sensitive: inner.some((p) => p.sensitive),
            });
          }
        } else {
          value.forEach((item, i) => {
            if (item === null || item === undefined) return;
            this.value(memberName, item, `${path}.${i + 1}.member`, out);
          });
        }
        return;
      }
      case 'map': {
        if (!isRecord(value)) throw serialization(path, 'a map');
        const entries = Object.entries(value);
        this.length(shape, entries.length, value, path, out);
        for (const [k, v] of entries) {
          this.value(shape.key!.shape, k, `${path}.${k}.key`, out);
          if (v !== null && v !== undefined) this.value(shape.value!.shape, v, `${path}.${k}.value`, out);
        }
        return;
      }
      default:
        this.primitive(name, value, path, out);
    }
  }

  private primitive(name: string, value: unknown, path: string, out: Problem[]): void {
    const shape = this.shape(name);
    const sensitive = shape.sensitive === true;
    const fail = (constraint: string) => out.push({ path, value, constraint, sensitive });
    switch (shape.type) {
      case 'string': {
        if (typeof value !== 'string') throw serialization(path, 'a string');
        this.length(shape, value.length, value, path, out);
        const pattern = this.patterns.get(name);
        if (pattern && !pattern.test(value))
          fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
        if (shape.enum && !shape.enum.includes(value))
          fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        return;
      }
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(path, 'an integer');
        if (shape.min !== undefined && value < shape.min)
          fail(`Member must have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && value > shape.max)
          fail(`Member must have value less than or equal to ${shape.max}`);
        return;
      case 'double':
      case 'float':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw serialization(path, 'a number');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') throw serialization(path, 'a boolean');
        return;
      case 'timestamp':
        if (typeof value !== 'number' && typeof value !== 'string') throw serialization(path, 'a timestamp');
        return;
      case 'blob':
        if (typeof value !== 'string') throw serialization(path, 'base64 text');
        return;
      default:
        throw new Error(`shape type ${shape.type} (${name}) is not supported by the simulator`);
    }
  }

  private length(shape: Shape, length: number, value: unknown, path: string, out: Problem[]): void {
    const sensitive = shape.sensitive === true;
    if (shape.min !== undefined && length < shape.min)
      out.push({
        path,
        value,
        constraint: `Member must have length greater than or equal to ${shape.min}`,
        sensitive,
      });
    if (shape.max !== undefined && length > shape.max)
      out.push({
        path,
        value,
        constraint: `Member must have length less than or equal to ${shape.max}`,
        sensitive,
      });
  }
}

const memberPath = (path: string, member: string) => (path ? `${path}.${member}` : member);

function serialization(path: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} at '${path}'`);
}

export const workspacesModel = ServiceModel.load('workspaces-2015-04-08.json');
export const directoryServiceModel = ServiceModel.load('ds-2015-04-16.json');
export const directoryDataModel = ServiceModel.load('ds-data-2023-05-31.json');
