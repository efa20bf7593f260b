import { describe, expect, it } from 'vitest';
import type { JournalEntryRef } from '../core/criteria.js';
import type { TrailEvent } from '../core/events.js';
import type { Criterion } from '../core/track.js';
import { makeTrack } from '../test-support/track.js';
import { isDuration, statementProblems } from '../test-support/xapi-statement.js';
import { isoDuration, toStatements, uuidV5, type XapiStatement } from './xapi.js';

const track = makeTrack([
  {
    id: 'n1',
    title: 'Autograd',
    criteria: [{ kind: 'attest', id: 'a', text: 'did it', minLength: 0 }, { kind: 'quiz', id: 'q', file: 'quiz.md', pass: 0.8 } as Criterion],
  },
  {
    id: 'n2',
    title: 'Training loop',
    requires: ['n1'],
    criteria: [{ kind: 'check', id: 'c' } as Criterion, { kind: 'review', id: 'r', role: 'mentor' } as Criterion],
  },
  { id: 'n3', title: 'Reflection', optional: true, criteria: [{ kind: 'journal', id: 'j', minWords: 5 } as Criterion] },
  { id: 'n4', title: 'Extra', optional: true },
]);

let clock = 0;
function event(
  verb: string,
  object: TrailEvent['object'],
  result?: Record<string, unknown>,
  context: TrailEvent['context'] = { track: 't', trackVersion: '1', practice: false },
): TrailEvent {
  clock++;
  const made: TrailEvent = {
    id: `01EV${String(clock).padStart(4, '0')}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 10, clock)).toISOString(),
    actor: { name: 'ada' },
    verb,
    object,
    context,
  };
  if (result) made.result = result;
  return made;
}

function history(): { events: TrailEvent[]; journal: JournalEntryRef[] } {
  clock = 0;
  const events = [
    event('practiced', { type: 'track', track: 't' }, { enabled: false }),
    event('attested', { type: 'criterion', node: 'n1', criterion: 'a' }, { response: 'I traced a graph by hand' }),
    event(
      'answered',
      { type: 'question', node: 'n1', criterion: 'q', question: 'q1' },
      { response: ['ReLU', 2], success: false, durationMs: 1500, hinted: false },
      { track: 't', attempt: '01ATT1' },
    ),
    event(
      'completed-quiz',
      { type: 'criterion', node: 'n1', criterion: 'q' },
      { score: { scaled: 0.5, raw: 1, min: 0, max: 2 }, success: false, completion: true },
      { track: 't', attempt: '01ATT1' },
    ),
    event(
      'answered',
      { type: 'question', node: 'n1', criterion: 'q', question: 'q1' },
      { response: 'b', success: true, durationMs: null, hinted: false },
      { track: 't', attempt: '01ATT2' },
    ),
    event(
      'completed-quiz',
      { type: 'criterion', node: 'n1', criterion: 'q' },
      { score: { scaled: 1, raw: 2, min: 0, max: 2 }, success: true, completion: true },
      { track: 't', attempt: '01ATT2' },
    ),
    event('checked', { type: 'criterion', node: 'n2', criterion: 'c' }, { status: 'error', runId: 'R1', durationMs: 12, success: false }),
    event('checked', { type: 'criterion', node: 'n2', criterion: 'c' }, { status: 'timeout', runId: 'R2', durationMs: 61_000, success: false }),
    event('checked', { type: 'criterion', node: 'n2', criterion: 'c' }, { status: 'fail', runId: 'R3', durationMs: 2_000, success: false }),
    event('checked', { type: 'criterion', node: 'n2', criterion: 'c' }, { status: 'pass', runId: 'R4', durationMs: 3_723_450, success: true }),
    event('experimented', { type: 'node', node: 'n2' }, { runId: 'R4', source: 'check', criterion: 'c', metrics: { loss: 0.12 } }),
    { ...event('reviewed', { type: 'criterion', node: 'n2', criterion: 'r' }, { approved: true }), actor: { name: 'grace', role: 'mentor' } },
    event('reviewed-card', { type: 'question', node: 'n1', criterion: 'q', question: 'q1' }, { response: 'b', success: true, durationMs: 900, rating: 'easy' }),
    event('review-settings', { type: 'track', track: 't' }, { includeCorrect: true }),
    event('track-updated', { type: 'track', track: 't' }, { added: [] }),
    event('skipped', { type: 'node', node: 'n4' }),
    event('reset', { type: 'node', node: 'n1' }),
    event('attested', { type: 'criterion', node: 'n1', criterion: 'a' }, { response: 'Again, in my own words' }),
    event(
      'completed-quiz',
      { type: 'criterion', node: 'n1', criterion: 'q' },
      { score: { scaled: 1, raw: 2, min: 0, max: 2 }, success: true, completion: true },
      { track: 't', attempt: '01ATT3' },
    ),
  ];
  // The journal entry lands between the reset and the second attest (10:17 < 10:17:30 < 10:18).
  const journal: JournalEntryRef[] = [{ path: 'journal/2026-01-01-n3.md', node: 'n3', date: '2026-01-01T10:17:30.000Z', words: 12 }];
  return { events, journal };
}

const summary = (statements: XapiStatement[]) =>
  statements.map((s) => `${s.verb.display.en} ${s.object.id.replace('https://trailguide.invalid/tracks/t', '') || '/'}`);

describe('toStatements', () => {
  it('maps a scripted history to the documented verbs, derives completions, and every statement validates', () => {
    const { events, journal } = history();
    const statements = toStatements({ events, track, journal, learner: 'ada' });
    expect(summary(statements)).toEqual([
      'responded /nodes/n1/criteria/a',
      'answered /nodes/n1/criteria/q/questions/q1',
      'failed /nodes/n1/criteria/q',
      'answered /nodes/n1/criteria/q/questions/q1',
      'passed /nodes/n1/criteria/q',
      'completed /nodes/n1',
      'attempted /nodes/n2/criteria/c',
      'failed /nodes/n2/criteria/c',
      'failed /nodes/n2/criteria/c',
      'passed /nodes/n2/criteria/c',
      'experienced /nodes/n2',
      'passed /nodes/n2/criteria/r',
      'completed /nodes/n2',
      'completed /',
      'answered /nodes/n1/criteria/q/questions/q1',
      'waived /nodes/n4',
      'commented /nodes/n3',
      'completed /nodes/n3',
      'responded /nodes/n1/criteria/a',
      'passed /nodes/n1/criteria/q',
      'completed /nodes/n1',
      'completed /',
    ]);
    for (const statement of statements) expect(statementProblems(statement), JSON.stringify(statement)).toEqual([]);
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
  });

  it('fills result, context and actor as documented', () => {
    const { events, journal } = history();
    const statements = toStatements({ events, track, journal, learner: 'ada' });
    const [attested, answered, failedQuiz, , passedQuiz, completed] = statements;
    expect(attested).toEqual({
      id: uuidV5(events[1]!.id),
      actor: { objectType: 'Agent', name: 'ada', account: { homePage: 'https://trailguide.invalid/local', name: 'ada' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/responded', display: { en: 'responded' } },
      object: {
        objectType: 'Activity',
        id: 'https://trailguide.invalid/tracks/t/nodes/n1/criteria/a',
        definition: { name: { en: 'Autograd: a' }, type: 'http://adlnet.gov/expapi/activities/objective' },
      },
      result: { response: 'I traced a graph by hand', completion: true },
      context: {
        platform: 'Trailguide',
        contextActivities: {
          parent: [
            {
              objectType: 'Activity',
              id: 'https://trailguide.invalid/tracks/t/nodes/n1',
              definition: { name: { en: 'Autograd' }, type: 'http://adlnet.gov/expapi/activities/module' },
            },
          ],
          grouping: [
            {
              objectType: 'Activity',
              id: 'https://trailguide.invalid/tracks/t',
              definition: { name: { en: 'Test track' }, type: 'http://adlnet.gov/expapi/activities/course' },
            },
          ],
        },
        extensions: { 'https://trailguide.invalid/xapi/extensions/track-version': '1', 'https://trailguide.invalid/xapi/extensions/practice': false },
      },
      timestamp: '2026-01-01T10:02:00.000Z',
    });
    expect(answered!.result).toEqual({ success: false, response: '["ReLU",2]', duration: 'PT1.5S' });
    expect(answered!.object.definition.type).toBe('http://adlnet.gov/expapi/activities/cmi.interaction');
    expect(answered!.context.contextActivities!.parent![0]!.id).toBe('https://trailguide.invalid/tracks/t/nodes/n1/criteria/q');
    expect(answered!.context.extensions).toMatchObject({
      'https://trailguide.invalid/xapi/extensions/attempt': '01ATT1',
      'https://trailguide.invalid/xapi/extensions/hinted': false,
    });
    expect(failedQuiz!.result).toEqual({ score: { scaled: 0.5, raw: 1, min: 0, max: 2 }, success: false, completion: true });
    expect(failedQuiz!.object.definition.type).toBe('http://adlnet.gov/expapi/activities/assessment');
    expect(passedQuiz!.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
    expect(completed).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      result: { completion: true },
      timestamp: passedQuiz!.timestamp,
      id: uuidV5(`${events[5]!.id}/completed/n1`),
    });
    expect(completed!.context.contextActivities).toEqual({ parent: [expect.objectContaining({ id: 'https://trailguide.invalid/tracks/t' })] });

    const check = statements.filter((s) => s.object.id.endsWith('/criteria/c'));
    expect(check.map((s) => [s.verb.display.en, s.result])).toEqual([
      ['attempted', { completion: false, duration: 'PT0.01S' }],
      ['failed', { success: false, completion: true, duration: 'PT1M1S' }],
      ['failed', { success: false, completion: true, duration: 'PT2S' }],
      ['passed', { success: true, completion: true, duration: 'PT1H2M3.45S' }],
    ]);
    expect(check[0]!.object.definition.type).toBe('http://adlnet.gov/expapi/activities/performance');
    const experienced = statements.find((s) => s.verb.display.en === 'experienced')!;
    expect(experienced.result).toEqual({ extensions: { 'https://trailguide.invalid/xapi/extensions/metrics': { loss: 0.12 } } });
    expect(experienced.context.extensions).toMatchObject({
      'https://trailguide.invalid/xapi/extensions/run-id': 'R4',
      'https://trailguide.invalid/xapi/extensions/source': 'check',
    });

    // A mentor's sign-off is the learner's pass, with the mentor as instructor.
    const signOff = statements.find((s) => s.object.id.endsWith('/criteria/r'))!;
    expect(signOff.actor.name).toBe('ada');
    expect(signOff.context.instructor).toEqual({
      objectType: 'Agent',
      name: 'grace',
      account: { homePage: 'https://trailguide.invalid/local', name: 'grace' },
    });
    const review = statements.filter((s) => s.object.id.endsWith('/questions/q1'))[2]!;
    expect(review.context.extensions).toMatchObject({
      'https://trailguide.invalid/xapi/extensions/review': true,
      'https://trailguide.invalid/xapi/extensions/rating': 'easy',
    });
    // The journal's text stays in its file: only its word count and path go out.
    const commented = statements.find((s) => s.verb.display.en === 'commented')!;
    expect(commented).toMatchObject({
      id: uuidV5('journal:journal/2026-01-01-n3.md'),
      timestamp: '2026-01-01T10:17:30.000Z',
      result: { extensions: { 'https://trailguide.invalid/xapi/extensions/words': 12 } },
    });
    expect(JSON.stringify(commented)).not.toContain('response');
  });

  it('gives the same ids and statements for the same history, whatever the order of the log, and another base moves only the IRIs', () => {
    const first = history();
    const again = history();
    const a = toStatements({ ...first, track, learner: 'ada' });
    const b = toStatements({ events: [...again.events].reverse(), journal: again.journal, track, learner: 'ada' });
    expect(b).toEqual(a);
    const moved = toStatements({ ...first, track, learner: 'ada', activityBase: 'https://lms.example.org/trail' });
    expect(moved.map((s) => s.id)).toEqual(a.map((s) => s.id));
    expect(moved[0]!.object.id).toBe('https://lms.example.org/trail/tracks/t/nodes/n1/criteria/a');
    for (const statement of moved) expect(statementProblems(statement)).toEqual([]);
  });

  it('writes no statement for bookkeeping events, and escapes ids in IRIs', () => {
    clock = 0;
    const spaced = makeTrack([{ id: 'n 1/x' }]);
    const events = [
      event('practiced', { type: 'track', track: 't' }, { enabled: true }),
      event('reset', { type: 'track', track: 't' }),
      event('review-settings', { type: 'track', track: 't' }, { includeCorrect: false }),
      event('track-updated', { type: 'track', track: 't' }),
      event('some-future-verb', { type: 'node', node: 'n 1/x' }),
      event('attested', { type: 'criterion', node: 'n 1/x', criterion: 'a' }, { response: 'done it' }),
    ];
    const statements = toStatements({ events, track: spaced, journal: [], learner: 'ada' });
    expect(summary(statements)).toEqual(['responded /nodes/n%201%2Fx/criteria/a', 'completed /nodes/n%201%2Fx', 'completed /']);
    for (const statement of statements) expect(statementProblems(statement)).toEqual([]);
  });
});

describe('uuidV5 and isoDuration', () => {
  it('uuidV5 matches the RFC 4122 example (the DNS namespace and "www.example.com")', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('isoDuration writes valid ISO 8601 durations to hundredths of a second', () => {
    const cases: Array<[number, string]> = [
      [0, 'PT0S'],
      [1500, 'PT1.5S'],
      [4, 'PT0S'],
      [60_000, 'PT1M'],
      [3_600_000, 'PT1H'],
      [3_723_450, 'PT1H2M3.45S'],
      [90_061_000, 'PT25H1M1S'],
    ];
    for (const [ms, text] of cases) {
      expect(isoDuration(ms)).toBe(text);
      expect(isDuration(text)).toBe(true);
    }
  });
});

describe('the statement validator', () => {
  const good = (): Record<string, unknown> => ({ ...toStatements({ ...history(), track, learner: 'ada' })[1] });
  const REMOVE = Symbol('remove');

  /** Sets (or removes) the value at a dotted path of a statement, whatever type it had. */
  function spoil(statement: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split('.');
    const last = keys.pop()!;
    let at = statement;
    for (const key of keys) at = at[key] as Record<string, unknown>;
    if (value === REMOVE) delete at[last];
    else at[last] = value;
  }

  it('accepts a statement and reports each kind of structural problem', () => {
    expect(statementProblems(good())).toEqual([]);
    const cases: Array<[path: string, value: unknown, problem: string]> = [
      ['actor', REMOVE, 'actor: required'],
      ['verb', REMOVE, 'verb: required'],
      ['object', REMOVE, 'object: required'],
      ['id', '01EV0002', 'id: not a UUID'],
      ['verb.id', 'answered', 'verb.id: not an absolute IRI'],
      ['object.id', '/tracks/t/nodes/n1', 'object.id: not an absolute IRI'],
      ['object.id', 'https://x.invalid/a b', 'object.id: not an absolute IRI'],
      ['timestamp', '2026-01-01 10:00', 'timestamp: not an ISO 8601'],
      ['timestamp', '2026-01-01T10:00:00', 'timestamp: not an ISO 8601'],
      ['result.duration', '1.5s', 'result.duration: not an ISO 8601 duration'],
      ['result.duration', 'PT', 'result.duration: not an ISO 8601 duration'],
      ['result.score', { scaled: 2 }, 'result.score.scaled: outside -1..1'],
      ['result.score', { raw: 5, min: 0, max: 2 }, 'result.score.raw: outside min..max'],
      ['result.response', ['b'], 'result.response: not a string'],
      ['actor.mbox', 'mailto:a@b.c', 'actor: needs exactly one identifier'],
      ['actor.account.homePage', 'trailguide', 'actor.account.homePage'],
      ['context.extensions', { attempt: 1 }, 'extension key "attempt" is not an absolute IRI'],
      ['version', '1.0.3', 'version: a provider sets no version, or 1.0.0'],
      ['verb.display', { 'en us': 'x' }, 'is not a language tag'],
      ['extra', 1, 'extra: not a statement property'],
    ];
    for (const [path, value, problem] of cases) {
      const statement = good();
      spoil(statement, path, value);
      expect(statementProblems(statement).join('\n')).toContain(problem);
    }
  });
});
