import type * as z from 'zod/mini';

/** A value's kind in words, for messages: `null`, `a number (3)`, `a string ("x")`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'a number' : 'a boolean'} (${String(value)})`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * One validation issue in words a learner can act on, naming the field as it is written in the
 * file (`result.response`): zod's mini build carries no message texts, so they are made here.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join('.');
  const field = path ? `"${path}"` : 'the value';
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing ${field}`;
      return `${field} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
    case 'invalid_value':
      if (value === undefined) return `missing ${field}`;
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(value)}`;
    case 'too_small':
      return `${field} must be at least ${String(issue.minimum)}, not ${describeValue(value)}`;
    case 'too_big':
      return `${field} must be at most ${String(issue.maximum)}, not ${describeValue(value)}`;
    case 'invalid_format':
      return `${field} must be ${issue.message && issue.message !== 'Invalid input' ? issue.message : `of the form ${issue.format}`}, not ${describeValue(value)}`;
    case 'invalid_union':
      return `${field} has none of the accepted shapes`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : `${field} is not valid`;
  }
}

/** The first problem of a failed parse, in words; undefined when the value is valid. */
export function firstIssue(schema: z.ZodMiniType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : describeIssue(parsed.error.issues[0]!, value);
}
