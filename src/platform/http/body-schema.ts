import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { FieldError, ValidationFailed } from './domain-error';

/**
 * One declaration per API input (docs/decisions.md, "API input: one declaration"): each field once,
 * as data. The same declaration reads the body for the controllers (JSON, forms and multipart
 * alike) and describes it in the OpenAPI document, so the two cannot drift apart.
 *
 * Reading never drops a value silently: a field that is present but of another type becomes a
 * value that fails the service's own checks (text `''`, a number `'?'`), and the service answers
 * with its field errors in the project's localised shape. Only a field that declares `errors`
 * is checked here, for inputs no service sees first (the sign-in form).
 */
export interface FieldSpec {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** Required when adding (the `add` schema's `required`); on edit every field is optional. */
  required?: boolean;
  /** A text field where null or empty means none (an optional code). */
  nullable?: boolean;
  /** Reads the text without surrounding spaces. */
  trim?: boolean;
  /** The field's name in what the parser returns, when it differs from the field's own (`name_id` → `nameId`). */
  as?: string;
  /** A reading rule of its own, for a field that comes in several shapes (a list or its text, one item per line). */
  read?: (value: unknown) => unknown;
  /** Checked while reading, with these i18n keys: for inputs no service checks (`tooLong` gets `{ max }`). */
  errors?: { required?: string; tooLong?: string };
  enum?: readonly (string | boolean)[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  example?: unknown;
  description?: string;
  /** The document only: a named schema (`namedSchema`) in place of this field's own shape. */
  ref?: { $ref: string };
  /** An array's items: a field, or a named schema (`{ $ref }`). */
  items?: FieldSpec | { $ref: string };
  /** An object's own fields. */
  properties?: BodySpec;
  additionalProperties?: boolean;
  /** The document only: one of several shapes (a count or its hidden marker). */
  oneOf?: (SchemaObject | { $ref: string })[];
}

export type BodySpec = Record<string, FieldSpec>;

/** `add`: every field counts and a missing one is empty; `edit`: a missing field stays as it is (undefined). */
export type BodyMode = 'add' | 'edit';

// What reading gives: numbers as text (the service checks them), booleans and objects as sent.
type Read<F extends FieldSpec> = F['read'] extends (value: unknown) => infer R
  ? R
  : F['type'] extends 'boolean' | 'object'
    ? unknown
    : F['type'] extends 'array'
      ? string[]
      : F['nullable'] extends true
        ? string | null
        : string;
type OutKey<K extends string, F extends FieldSpec> = F['as'] extends string ? F['as'] : K;
export type BodyValues<S extends BodySpec, M extends BodyMode> = { -readonly [K in keyof S & string as OutKey<K, S[K]>]: Read<S[K]> | (M extends 'edit' ? undefined : never) };

/** Anything but a plain object reads as an empty body. */
export function asBody(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Reads a body by its declaration; throws ValidationFailed only for fields that declare `errors`. */
export function readBody<S extends BodySpec, M extends BodyMode>(spec: S, body: unknown, mode: M): BodyValues<S, M> {
  const b = asBody(body);
  const out: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(spec)) {
    const value = readField(field, b[name], mode);
    out[field.as ?? name] = value;
    if (field.errors) errors.push(...check(name, field, value));
  }
  if (errors.length) throw new ValidationFailed(errors);
  return out as BodyValues<S, M>;
}

function readField(field: FieldSpec, v: unknown, mode: BodyMode): unknown {
  if (field.read) return field.read(v);
  if (v === undefined) return mode === 'edit' ? undefined : emptyOf(field);
  switch (field.type) {
    case 'array': // a form sends one ticked box as a string
      return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x.trim() : String(x)));
    case 'integer':
    case 'number': // a form sends text, JSON a number: both become text the service checks (1.5 stays "1.5")
      if (v === null) return '';
      return typeof v === 'number' || typeof v === 'string' ? String(v) : '?';
    case 'string': {
      if (field.nullable) {
        if (v === null) return null;
        const s = typeof v === 'string' ? v.trim() : String(v);
        return s === '' ? null : s;
      }
      const s = typeof v === 'string' ? v : '';
      return field.trim ? s.trim() : s;
    }
    default: // booleans and objects: the service reads them
      return v;
  }
}

function emptyOf(field: FieldSpec): unknown {
  if (field.type === 'array') return [];
  if (field.nullable) return null;
  return field.type === 'boolean' || field.type === 'object' ? undefined : '';
}

function check(name: string, field: FieldSpec, value: unknown): FieldError[] {
  const { required, tooLong } = field.errors ?? {};
  if (required && (value === '' || value === undefined)) return [{ field: name, message: required }];
  if (tooLong && field.maxLength !== undefined && typeof value === 'string' && value.length > field.maxLength) return [{ field: name, message: tooLong, params: { max: field.maxLength } }];
  return [];
}

/** The OpenAPI schema of a body: on `edit` nothing is required. */
export function bodySchema(spec: BodySpec, mode: BodyMode = 'add'): SchemaObject {
  const required = mode === 'add' ? Object.keys(spec).filter((name) => spec[name].required) : [];
  const properties = Object.fromEntries(Object.entries(spec).map(([name, field]) => [name, fieldSchema(field)]));
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function fieldSchema(field: FieldSpec): SchemaObject | ReferenceObject {
  const { type, nullable, enum: values, items, properties, oneOf, minLength, maxLength, minimum, maximum, pattern, format, example, description, additionalProperties } = field;
  if (field.ref) return description ? { allOf: [field.ref], description } : field.ref;
  if (properties) return { ...bodySchema(properties), ...defined({ nullable, description, example }) };
  if (oneOf) return { oneOf, ...defined({ nullable, description }) };
  return {
    type,
    ...defined({ nullable, format, pattern, minLength, maxLength, minimum, maximum, example, description, additionalProperties }),
    ...(values ? { enum: [...values] } : {}),
    ...(items ? { items: '$ref' in items ? items : fieldSchema(items) } : {}),
  };
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/**
 * Named schemas for `components.schemas`, so clients that generate code get the same type names
 * as before. Declared where the input is, added to the document when it is built.
 */
const named = new Map<string, SchemaObject>();

/** Registers `schema` under `name` and answers its `$ref`. */
export function namedSchema(name: string, schema: SchemaObject): { $ref: string } {
  named.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Every named schema, for the document's `components.schemas`. */
export function namedSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(named);
}
