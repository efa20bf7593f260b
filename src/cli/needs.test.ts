import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../runner/scripted-model.js';
import { overview, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { CheckJson, ShowJson, StatusJson, TestTrackJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const servers: ScriptedModel[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

// A program that asks the model named by OPENAI_BASE_URL / OPENAI_MODEL for the capital of France.
const ASK = `import json, os, urllib.request
body = json.dumps({"model": os.environ["OPENAI_MODEL"], "messages": [{"role": "user", "content": "What is the capital of France?"}]}).encode()
request = urllib.request.Request(os.environ["OPENAI_BASE_URL"] + "/chat/completions", body, {"content-type": "application/json", "authorization": "Bearer " + os.environ.get("OPENAI_API_KEY", "")})
answer = json.load(urllib.request.urlopen(request))["choices"][0]["message"]["content"]
print(ANSWER_PREFIX + answer)
`;

const TRACK = {
  'track.yaml': 'id: needy\ntitle: Needs\nrules: [sequential]\n',
  '1-core/overview.md': overview(`
id: core
title: Core and full
criteria:
  - kind: check
    id: core
    run: python3 main.py
    expect: { stdout: { contains: "core ok" } }
  - kind: check
    id: full
    optional: true
    needs: [no_such_module_for_trail_tests, "command:no-such-program-for-trail"]
    run: python3 main.py
  - kind: experiment
    id: measured
    from: check
    metrics:
      - { metric: accuracy, op: ">=", value: 0.9 }
`),
  '1-core/main.py': 'print("not yet")\n',
  '1-core/solution/main.py': 'from trail_metrics import log_metric\nlog_metric("accuracy", 0.95)\nprint("core ok")\n',
  '2-model/overview.md': overview(`
id: model
title: Ask a model
criteria:
  - kind: check
    id: ask
    run: python3 ask.py
    network: true
    needs: [llm]
    llmScript: replies.json
    expect: { stdout: { contains: "answer: Paris" } }
`),
  '2-model/ask.py': ASK.replace('ANSWER_PREFIX', '"draft: "'),
  '2-model/solution/ask.py': ASK.replace('ANSWER_PREFIX', '"answer: "'),
  '2-model/replies.json': JSON.stringify({ replies: [{ match: 'capital of France', reply: 'Paris' }], fallback: 'I do not know' }),
};

async function workspace(): Promise<{ track: string; ws: string }> {
  const track = writeTree(tmp(), TRACK);
  const ws = tmp();
  expect((await trail(['init', ws, '--track', track])).code).toBe(0);
  return { track, ws };
}

describe('checks that need what a machine may lack', () => {
  it('skip a check whose needs are missing, with the reasons, never as a pass; an optional check does not block the node', async () => {
    const { track, ws } = await workspace();
    writeTree(ws, { '1-core/main.py': readFileSync(join(track, '1-core/solution/main.py'), 'utf8') });
    const run = await trailJson<CheckJson>(['check', 'core'], { cwd: ws });
    expect(run.$code).toBe(0);
    const [core, full] = run.runs;
    expect(core?.result.status).toBe('pass');
    expect(full?.result).toMatchObject({
      status: 'skipped',
      missing: [
        { need: 'no_such_module_for_trail_tests', reason: expect.stringContaining('python3 cannot import no_such_module_for_trail_tests') },
        { need: 'command:no-such-program-for-trail', reason: 'no-such-program-for-trail is not on the PATH' },
      ],
    });
    expect(full?.result.message).toMatch(/^skipped: needs no_such_module_for_trail_tests \(/);
    const { node } = await trailJson<ShowJson>(['show', 'core'], { cwd: ws });
    expect(node.status).toBe('done');
    const fullState = node.criteria.find((c: { id: string }) => c.id === 'full')!;
    expect(fullState).toMatchObject({ optional: true, state: 'unmet', evidence: { kind: 'skipped' } });
    expect(fullState.detail).toMatch(/^latest run skipped: needs no_such_module_for_trail_tests/);
    // `trail status --json` says per check whether it ran, was skipped (and why), or has not run yet.
    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    const checks = status.nodes.flatMap((n) => n.criteria.filter((c) => c.kind === 'check').map((c) => [`${n.id}/${c.id}`, c.check]));
    expect(checks).toEqual([
      ['core/core', { state: 'passed', status: 'pass', runId: core!.runId, provenance: 'measured' }],
      [
        'core/full',
        {
          state: 'skipped',
          reason: expect.stringMatching(
            /^needs no_such_module_for_trail_tests \(python3 cannot import .*; needs command:no-such-program-for-trail \(no-such-program-for-trail is not on the PATH\)$/,
          ),
        },
      ],
      ['model/ask', { state: 'pending' }],
    ]);
    expect(status.nodes[0]!.criteria[0]).toMatchObject({
      detail: `latest run ${core!.runId.slice(-8)} passed (measured)`,
      evidence: { kind: 'run', runId: core!.runId },
    });
    const human = await trail(['check', 'core', '--criterion', 'full'], { cwd: ws });
    expect(human.stdout).toContain('⊘ skipped full: not run on this machine\n  needs no_such_module_for_trail_tests: python3 cannot import');
  });

  it('count only measured runs for an experiment criterion with from: check — a number typed with trail log never satisfies it', async () => {
    const { track, ws } = await workspace();
    const typed = await trail(['log', '--node', 'core', '--objective', 'claim a number', '--metric', 'accuracy=0.99'], { cwd: ws });
    expect(typed.code, typed.stderr).toBe(0);
    let shown = await trailJson<ShowJson>(['show', 'core'], { cwd: ws });
    const before = shown.node.criteria.find((c: { id: string }) => c.id === 'measured')!;
    expect(before.state).toBe('unmet');
    expect(before.detail).toContain('1 reported by hand, which do not count here');
    writeTree(ws, { '1-core/main.py': readFileSync(join(track, '1-core/solution/main.py'), 'utf8') });
    const checked = await trailJson<CheckJson>(['check', 'core', '--criterion', 'core'], { cwd: ws });
    shown = await trailJson<ShowJson>(['show', 'core'], { cwd: ws });
    expect(shown.node.criteria.find((c: { id: string }) => c.id === 'measured')).toMatchObject({
      state: 'met',
      evidence: { kind: 'run', runId: checked.runs[0]!.runId, provenance: 'measured' },
    });
    expect(shown.node.criteria.find((c: { id: string }) => c.id === 'core')).toMatchObject({
      state: 'met',
      evidence: { kind: 'run', runId: checked.runs[0]!.runId, provenance: 'measured', status: 'pass' },
    });
  });

  it('talk to the model named by OPENAI_BASE_URL: skipped without one, judged against a scripted server with one', async () => {
    const { track, ws } = await workspace();
    await trail(['practice', 'on'], { cwd: ws });
    writeTree(ws, { '2-model/ask.py': readFileSync(join(track, '2-model/solution/ask.py'), 'utf8') });
    const none = await trailJson<CheckJson>(['check', 'model'], { cwd: ws, env: { OPENAI_BASE_URL: '' } });
    expect(none.runs[0]!.result).toMatchObject({ status: 'skipped', missing: [{ need: 'llm', reason: expect.stringContaining('set OPENAI_BASE_URL') }] });
    const model = await startScriptedModel({ replies: [{ match: 'capital', reply: 'Paris' }] });
    servers.push(model);
    const answered = await trailJson<CheckJson>(['check', 'model'], { cwd: ws, env: model.env });
    expect(answered.runs[0]!.result.status, answered.runs[0]!.result.stderr).toBe('pass');
    // The program got the key although its name looks like a secret: the check needs the model.
    expect(model.received.map((request) => request.path)).toContain('/chat/completions');
    const { node } = await trailJson<ShowJson>(['show', 'model'], { cwd: ws });
    expect(node.status).toBe('done');
  });

  it('are proven by trail test-track, which serves the check its scripted model and lists skipped checks apart', async () => {
    const track = writeTree(tmp(), TRACK);
    const proof = await trailJson<TestTrackJson>(['test-track', track], { env: { OPENAI_BASE_URL: '' } });
    expect(proof.$code).toBe(0);
    expect(proof.checks.map((p) => `${p.node}/${p.criterion}:${p.solution}`)).toEqual(['core/core:pass', 'model/ask:pass']);
    expect(proof.skipped).toEqual([
      expect.objectContaining({
        node: 'core',
        criterion: 'full',
        solution: 'skipped',
        ok: true,
        skipped: expect.stringMatching(/^skipped: needs no_such_module/),
      }),
    ]);
    const human = await trail(['test-track', track]);
    expect(human.stdout).toContain('⊘ core › full: starter skipped, solution skipped: needs no_such_module_for_trail_tests');
    expect(human.stdout).toContain('✓ needy: 2 check(s) and 0 quiz(zes) proven, 1 check(s) skipped on this machine');
  });

  it('are proven by trail test-track against scripted web services that stand in for the network', async () => {
    // The program looks a city up on a web service named by WEATHER_API, then asks the model.
    const lookup = (prefix: string) => `import json, os, urllib.parse, urllib.request
city = json.load(urllib.request.urlopen(os.environ["WEATHER_API"] + "?" + urllib.parse.urlencode({"city": "Paris"})))
print(${prefix} + city["sky"])
`;
    const track = writeTree(tmp(), {
      'track.yaml': 'id: web\ntitle: Web\n',
      'a/overview.md': overview(`
id: a
title: Look it up
criteria:
  - kind: check
    id: full
    run: python3 look.py
    network: true
    needs: [llm, network]
    llmScript: replies.json
    expect: { stdout: { contains: "sky: clear" } }
`),
      'a/look.py': lookup('"guess: "'),
      'a/solution/look.py': lookup('"sky: "'),
      'a/replies.json': JSON.stringify({
        replies: [],
        services: { WEATHER_API: [{ match: 'city=Paris', json: { sky: 'clear' } }, { json: { sky: 'unknown' } }] },
      }),
    });
    const proof = await trailJson<TestTrackJson>(['test-track', track]);
    expect(proof.$code).toBe(0);
    expect(proof.checks.map((p) => `${p.criterion}:${p.starter}/${p.solution}`)).toEqual(['full:fail/pass']);
    expect(proof.skipped).toEqual([]);
    // The service answers by its script, and says so when nothing matches.
    const model = await startScriptedModel({ services: { WEATHER_API: [{ match: 'city=Paris', json: { sky: 'clear' } }] } });
    servers.push(model);
    expect(await (await fetch(`${model.env.WEATHER_API}?city=Paris`)).json()).toEqual({ sky: 'clear' });
    expect((await fetch(`${model.env.WEATHER_API}?city=Oslo`)).status).toBe(404);
  });

  it('are checked by the validator', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: bad\ntitle: Bad\n',
      'a/overview.md': overview(`
id: a
title: A
criteria:
  - kind: check
    run: "true"
    needs: [network, "not a module!"]
  - kind: check
    run: "true"
    needs: [llm]
    network: true
    llmScript: missing.json
  - kind: check
    run: "true"
    llmScript: other.json
`),
      'b/overview.md': overview(`
id: b
title: B
criteria:
  - kind: attest
    text: did it
    optional: true
`),
    });
    const run = await trail(['validate', track]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FIELD_INVALID field "criteria.0.needs.1": use network, gpu, llm, command:<program>, or a Python module name such as torch');
    const fixed = run.stdout;
    expect(fixed).not.toContain('MISSING_FILE');
    writeTree(track, { 'a/overview.md': readFileSync(join(track, 'a/overview.md'), 'utf8').replace(', "not a module!"', '') });
    const again = await trail(['validate', track]);
    expect(again.stdout).toContain('FIELD_INVALID a check needs network but runs with "network: false"');
    expect(again.stdout).toContain('MISSING_FILE "missing.json" is named here but a/missing.json does not exist');
    expect(again.stdout).toContain('FIELD_INVALID a check has "llmScript" but does not need llm');
    expect(again.stdout).toContain('NO_CRITERIA every criterion of node "b" is optional, so nothing proves it');
  });
});
