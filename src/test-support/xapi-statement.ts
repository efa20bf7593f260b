/**
 * A structural validator of xAPI 1.0.3 statements (xAPI-Data.md, part two, section 2.4): the
 * required properties, IRI forms, UUIDs, ISO 8601 timestamps and durations, language maps,
 * score bounds and extension keys. Returns every problem as "path: what is wrong".
 */
export function statementProblems(statement: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (!isObject(statement)) return ['statement: not an object'];
  const allowed = new Set(['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments']);
  for (const key of Object.keys(statement)) if (!allowed.has(key)) fail(key, 'not a statement property');
  for (const key of ['actor', 'verb', 'object']) if (!(key in statement)) fail(key, 'required');
  if ('id' in statement && !isUuid(statement.id)) fail('id', `not a UUID: ${String(statement.id)}`);
  // Learning record providers may only set version 1.0.0 (2.4.10); Trailguide leaves it out.
  if ('version' in statement && statement.version !== '1.0.0') fail('version', 'a provider sets no version, or 1.0.0');
  agent(statement.actor, 'actor', fail);
  if (isObject(statement.verb)) {
    if (!isIri(statement.verb.id)) fail('verb.id', `not an absolute IRI: ${String(statement.verb.id)}`);
    if ('display' in statement.verb) languageMap(statement.verb.display, 'verb.display', fail);
  } else if ('verb' in statement) fail('verb', 'not an object');
  activity(statement.object, 'object', fail);
  if ('result' in statement) result(statement.result, fail);
  if ('context' in statement) context(statement.context, fail);
  if ('timestamp' in statement && !isTimestamp(statement.timestamp))
    fail('timestamp', `not an ISO 8601 date-time with a time zone: ${String(statement.timestamp)}`);
  return problems;
}

type Fail = (path: string, message: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An absolute IRI: a scheme, a colon, and no spaces. */
export function isIri(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(value);
}

/** A UUID in its canonical text form (any version, RFC 4122 variant). */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value);
}

/** An ISO 8601 date-time with a time zone (xAPI asks for one). */
export function isTimestamp(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 duration (PnYnMnDTnHnMnS, or PnW), with at least one part. */
export function isDuration(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (/^P\d+(\.\d+)?W$/.test(value)) return true;
  const match = /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.exec(value);
  return Boolean(match) && value !== 'P' && !value.endsWith('T');
}

function languageMap(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) return fail(path, 'not a language map');
  for (const [tag, text] of Object.entries(value)) {
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) fail(path, `"${tag}" is not a language tag`);
    if (typeof text !== 'string') fail(`${path}.${tag}`, 'not a string');
  }
}

function extensions(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) return fail(path, 'not an object');
  for (const key of Object.keys(value)) if (!isIri(key)) fail(path, `extension key "${key}" is not an absolute IRI`);
}

function agent(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) return fail(path, 'not an agent');
  if ('objectType' in value && value.objectType !== 'Agent') fail(`${path}.objectType`, 'an agent is "Agent"');
  const identifiers = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((key) => key in value);
  if (identifiers.length !== 1) fail(path, `needs exactly one identifier (mbox, mbox_sha1sum, openid, account), has ${identifiers.length}`);
  if ('mbox' in value && !/^mailto:[^@\s]+@[^@\s]+$/.test(String(value.mbox))) fail(`${path}.mbox`, 'not a mailto: IRI');
  if ('account' in value) {
    if (!isObject(value.account)) fail(`${path}.account`, 'not an object');
    else {
      if (!isIri(value.account.homePage) || !/^https?:\/\//.test(String(value.account.homePage)))
        fail(`${path}.account.homePage`, 'not an absolute http(s) IRL');
      if (typeof value.account.name !== 'string' || value.account.name === '') fail(`${path}.account.name`, 'not a name');
    }
  }
  if ('name' in value && typeof value.name !== 'string') fail(`${path}.name`, 'not a string');
}

function activity(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) return fail(path, 'not an activity');
  if ('objectType' in value && value.objectType !== 'Activity') fail(`${path}.objectType`, 'this validator knows activities only');
  if (!isIri(value.id)) fail(`${path}.id`, `not an absolute IRI: ${String(value.id)}`);
  if ('definition' in value) {
    const definition = value.definition;
    if (!isObject(definition)) return fail(`${path}.definition`, 'not an object');
    if ('name' in definition) languageMap(definition.name, `${path}.definition.name`, fail);
    if ('description' in definition) languageMap(definition.description, `${path}.definition.description`, fail);
    if ('type' in definition && !isIri(definition.type)) fail(`${path}.definition.type`, 'not an absolute IRI');
  }
}

function result(value: unknown, fail: Fail): void {
  if (!isObject(value)) return fail('result', 'not an object');
  const allowed = new Set(['score', 'success', 'completion', 'response', 'duration', 'extensions']);
  for (const key of Object.keys(value)) if (!allowed.has(key)) fail(`result.${key}`, 'not a result property');
  for (const key of ['success', 'completion']) if (key in value && typeof value[key] !== 'boolean') fail(`result.${key}`, 'not a boolean');
  if ('response' in value && typeof value.response !== 'string') fail('result.response', 'not a string');
  if ('duration' in value && !isDuration(value.duration)) fail('result.duration', `not an ISO 8601 duration: ${String(value.duration)}`);
  if ('extensions' in value) extensions(value.extensions, 'result.extensions', fail);
  if ('score' in value) {
    const score = value.score;
    if (!isObject(score)) return fail('result.score', 'not an object');
    for (const key of Object.keys(score)) {
      if (!['scaled', 'raw', 'min', 'max'].includes(key)) fail(`result.score.${key}`, 'not a score property');
      else if (typeof score[key] !== 'number' || !Number.isFinite(score[key])) fail(`result.score.${key}`, 'not a number');
    }
    if (typeof score.scaled === 'number' && (score.scaled < -1 || score.scaled > 1)) fail('result.score.scaled', 'outside -1..1');
    if (typeof score.min === 'number' && typeof score.max === 'number' && score.min > score.max) fail('result.score', 'min above max');
    if (typeof score.raw === 'number' && ((typeof score.min === 'number' && score.raw < score.min) || (typeof score.max === 'number' && score.raw > score.max)))
      fail('result.score.raw', 'outside min..max');
  }
}

function context(value: unknown, fail: Fail): void {
  if (!isObject(value)) return fail('context', 'not an object');
  if ('registration' in value && !isUuid(value.registration)) fail('context.registration', 'not a UUID');
  if ('instructor' in value) agent(value.instructor, 'context.instructor', fail);
  if ('platform' in value && typeof value.platform !== 'string') fail('context.platform', 'not a string');
  if ('extensions' in value) extensions(value.extensions, 'context.extensions', fail);
  if ('contextActivities' in value) {
    const activities = value.contextActivities;
    if (!isObject(activities)) return fail('context.contextActivities', 'not an object');
    for (const [key, list] of Object.entries(activities)) {
      if (!['parent', 'grouping', 'category', 'other'].includes(key)) fail(`context.contextActivities.${key}`, 'not a context activity kind');
      // 1.0.3 allows one activity or an array; Trailguide always writes arrays.
      for (const [i, one] of (Array.isArray(list) ? list : [list]).entries()) activity(one, `context.contextActivities.${key}[${i}]`, fail);
    }
  }
}
