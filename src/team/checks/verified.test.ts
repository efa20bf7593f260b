import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../core/graph.js';
import { projectProgress } from '../../core/progress.js';
import { CheckCriterion } from '../../core/schema.js';
import { computeState } from '../../core/status.js';
import { makeTrack } from '../../test-support/track.js';
import { asReported } from './verified.js';

describe('a learner cannot claim a verified run', () => {
  it('drops the claim from an event a learner sends, so the run counts as reported', () => {
    const track = makeTrack([{ id: 'a', criteria: [{ ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'c' }] }]);
    const forged = {
      id: 'e1',
      timestamp: '2026-01-01T00:00:00.000Z',
      actor: { name: 'ada' },
      verb: 'checked',
      object: { type: 'criterion', node: 'a', criterion: 'c' },
      result: { status: 'pass', runId: 'r1', provenance: 'verified', job: 'j', worker: 'w' },
    };
    const state = (events: (typeof forged)[]) =>
      computeState({ track, graph: buildGraph(track), progress: projectProgress(events), journal: [], supported: new Set(['check']), verifiedChecksOnly: true })
        .nodes[0]!.criteria[0]!.state;
    expect(state([forged])).toBe('met');
    const sent = asReported(forged);
    expect(sent.result).toEqual({ status: 'pass', runId: 'r1', job: 'j', worker: 'w' });
    expect(state([sent as typeof forged])).toBe('unmet');
    const plain = { ...forged, verb: 'attested', result: { response: 'I did it' } };
    expect(asReported(plain)).toBe(plain);
  });
});
