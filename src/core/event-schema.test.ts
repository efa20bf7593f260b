import { describe, expect, it } from 'vitest';
import { eventProblem, VERB_SCHEMAS } from './event-schema.js';
import { projectProgress } from './progress.js';
import type { TrailEvent } from './events.js';
import { replayCards } from './review.js';

const base = {
  id: '01J0000000000000000000000A',
  timestamp: '2026-11-23T15:44:20.794Z',
  actor: { name: 'ada' },
  context: { track: 't', trackVersion: '1', practice: false },
};
const criterion = { type: 'criterion', node: 'm1', criterion: 'c' };
const question = { type: 'question', node: 'm1', criterion: 'quiz', question: 'q1' };

// One event of each verb as Trailguide writes it: each must pass, and each must fail once its result is null.
const VALID: Record<string, Record<string, unknown>> = {
  attested: { object: criterion, result: { response: 'I did it my way' } },
  skipped: { object: { type: 'node', node: 'm1' } },
  reset: { object: { type: 'node', node: 'm1' } },
  practiced: { object: { type: 'track', track: 't' }, result: { enabled: true } },
  'completed-quiz': { object: criterion, result: { score: { scaled: 0.9, raw: 9, min: 0, max: 10 }, success: true, completion: true } },
  answered: { object: question, result: { response: 3, success: false, durationMs: null, hinted: false } },
  'reviewed-card': { object: question, result: { response: 3, success: true, durationMs: 4200, rating: 'good' } },
  'review-settings': { object: { type: 'track', track: 't' }, result: { includeCorrect: true } },
  'export-settings': { object: { type: 'track', track: 't' }, result: { auto: false } },
  checked: { object: criterion, result: { status: 'pass', runId: '01RUN', durationMs: 1200, success: true } },
  experimented: { object: { type: 'node', node: 'm1' }, result: { runId: '01RUN', source: 'manual', metrics: { loss: 0.1 } } },
  hinted: { object: { type: 'node', node: 'm1' }, result: { hint: 2, of: 3 } },
  'tutor-guarded': { object: { type: 'node', node: 'm1' }, result: { mode: 'hint', share: 0.4 } },
  reviewed: { object: criterion, result: { approved: true } },
  'track-updated': {
    object: { type: 'track', track: 't' },
    result: { fromVersion: '1', toVersion: '2', added: [], removed: [], renamed: [], criteriaChanged: [] },
  },
};

const event = (verb: string, extra: Record<string, unknown> = {}) => ({ ...base, verb, ...VALID[verb], ...extra });

describe('events are checked against their verb', () => {
  it('has a valid example of every verb it knows', () => {
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(VERB_SCHEMAS).sort());
    for (const verb of Object.keys(VALID)) expect([verb, eventProblem(event(verb))]).toEqual([verb, undefined]);
  });

  it('refuses `"result": null` for every verb, naming the field', () => {
    for (const verb of Object.keys(VALID)) {
      expect([verb, eventProblem(event(verb, { result: null }))]).toEqual([verb, { verb, problem: '"result" must be an object, not null' }]);
    }
  });

  it('names the field and what it holds when a verb gets the wrong types', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['attested', { result: { response: 42 } }, '"result.response" must be a string, not a number (42)'],
      ['attested', { object: { type: 'criterion', node: 'm1' } }, 'missing "object.criterion"'],
      ['practiced', { result: { enabled: 'yes' } }, '"result.enabled" must be true or false, not a string ("yes")'],
      ['completed-quiz', { result: { score: { scaled: '0.9' } } }, '"result.score.scaled" must be a number, not a string ("0.9")'],
      ['completed-quiz', { result: { score: { scaled: 7 } } }, '"result.score.scaled" must be at most 1, not a number (7)'],
      ['completed-quiz', { result: { success: true } }, 'missing "result.score"'],
      ['answered', { object: { ...question, type: 'criterion' } }, '"object.type" must be one of "question", not a string ("criterion")'],
      ['reviewed-card', { result: { success: true, rating: 'meh' } }, '"result.rating" must be one of "again", "hard", "good", "easy", not a string ("meh")'],
      ['checked', { result: { status: 'passed' } }, '"result.status" must be one of "pass", "fail", "error", "timeout", "skipped", not a string ("passed")'],
      ['experimented', { result: { metrics: { loss: 'low' } } }, '"result.metrics.loss" must be a number, not a string ("low")'],
      ['experimented', { result: { metrics: null } }, '"result.metrics" must be an object, not null'],
      ['hinted', { result: { hint: 0.5 } }, '"result.hint" must be a whole number, not a number (0.5)'],
      ['reviewed', { result: { approved: 1 } }, '"result.approved" must be true or false, not a number (1)'],
      ['skipped', { object: { type: 'node' } }, 'missing "object.node"'],
      ['attested', { context: 'practice' }, '"context" must be an object, not a string ("practice")'],
      ['attested', { actor: null }, '"actor" must be an object, not null'],
    ];
    for (const [verb, change, problem] of cases) expect(eventProblem(event(verb, change))).toEqual({ verb, problem });
  });

  it('checks the envelope every event needs first', () => {
    expect(eventProblem([1])).toEqual({ verb: undefined, problem: 'not a JSON object but a list' });
    expect(eventProblem(null)).toEqual({ verb: undefined, problem: 'not a JSON object but null' });
    expect(eventProblem({ ...event('attested'), id: undefined })).toEqual({ verb: undefined, problem: 'missing "id"' });
    expect(eventProblem({ ...event('attested'), timestamp: 'soon' })).toEqual({ verb: undefined, problem: '"timestamp" is not a date: soon' });
    expect(eventProblem({ ...event('attested'), object: 'm1' })).toEqual({ verb: undefined, problem: '"object" must be an object, not a string ("m1")' });
  });

  it('keeps verbs it does not know, whatever their result (a newer Trailguide wrote them)', () => {
    expect(eventProblem({ ...base, verb: 'mentored', object: { type: 'node', node: 'm1' }, result: null, future: [1] })).toBeUndefined();
  });

  it('projects and replays without a crash even when given an event with a null result', () => {
    // A line as a broken writer might leave it: parsed from JSON, not built through the types.
    const bad: TrailEvent = JSON.parse(JSON.stringify({ ...event('practiced'), result: null }));
    const answered: TrailEvent = JSON.parse(JSON.stringify({ ...event('answered'), result: null }));
    expect(projectProgress([bad, answered]).practice).toBe(false);
    expect(() => replayCards([answered])).not.toThrow();
  });
});
