import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import { slugify, withStatus } from './papers.js';
import type { JournalEntryJson, PaperAddJson, PaperListJson, ShowJson, StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();

async function workspace(): Promise<string> {
  const ws = tmp();
  expect((await trail(['init', ws, '--track', join(ROOT, 'src/test-support/fixtures/milestones')])).code).toBe(0);
  return ws;
}

const ATTENTION = [
  'paper',
  'add',
  'Attention Is All You Need',
  '--url',
  'https://arxiv.org/abs/1706.03762',
  '--node',
  'm5',
  '--node',
  'm6',
  '--authors',
  'Vaswani, A.; Shazeer, N. ;',
  '--year',
  '2017',
];

describe('slugify and withStatus', () => {
  it('makes file-name stems from titles', () => {
    expect(slugify('Attention Is All You Need')).toBe('attention-is-all-you-need');
    expect(slugify('  Über-Café: RAG (2020)!  ')).toBe('uber-cafe-rag-2020');
    expect(slugify('???')).toBe('paper');
    expect(slugify('a'.repeat(80))).toHaveLength(60);
  });

  it('changes only the value of the status line, keeping line endings and comments', () => {
    const text = '---\r\ntitle: "X"   # mine\r\nstatus:   reading  # since May\r\nyear: 2020\r\n---\r\nbody status: to-read\r\n';
    expect(withStatus(text, 'read')).toBe('---\r\ntitle: "X"   # mine\r\nstatus: read  # since May\r\nyear: 2020\r\n---\r\nbody status: to-read\r\n');
    expect(withStatus('---\ntitle: X\n---\n\nstatus: here\n', 'reading')).toBe('---\ntitle: X\nstatus: reading\n---\n\nstatus: here\n');
    expect(withStatus('no front matter\n', 'read')).toBeUndefined();
  });
});

describe('trail paper', () => {
  it('adds a note with front matter and a template, never overwriting: the same title gets -2', async () => {
    const ws = await workspace();
    const added = await trailJson<PaperAddJson>(ATTENTION, { cwd: ws });
    expect(added).toMatchObject({
      $code: 0,
      paper: {
        slug: 'attention-is-all-you-need',
        path: 'papers_notes/attention-is-all-you-need.md',
        authors: ['Vaswani, A.', 'Shazeer, N.'],
        year: 2017,
        nodes: ['m5', 'm6'],
        status: 'to-read',
      },
    });
    expect(readFileSync(join(ws, added.paper.path), 'utf8')).toBe(
      [
        '---',
        'title: Attention Is All You Need',
        'authors:',
        '  - Vaswani, A.',
        '  - Shazeer, N.',
        'year: 2017',
        'url: https://arxiv.org/abs/1706.03762',
        'nodes:',
        '  - m5',
        '  - m6',
        'status: to-read',
        '---',
        '',
        '# Attention Is All You Need',
        '',
        'Vaswani, A., Shazeer, N., 2017. <https://arxiv.org/abs/1706.03762>',
        '',
        '## Summary',
        '',
        '## Key ideas',
        '',
        '## How it relates to my work',
        '',
        '## Questions',
        '',
      ].join('\n'),
    );
    const second = await trail(['paper', 'add', 'Attention is all you need!', '--url', 'https://example.org/copy'], { cwd: ws });
    expect(second.stdout).toContain('Saved papers_notes/attention-is-all-you-need-2.md');
    expect(readFileSync(join(ws, added.paper.path), 'utf8')).toContain('https://arxiv.org/abs/1706.03762');
  });

  it('lists notes (hand-written too), filters them, and reports broken front matter with file and line', async () => {
    const ws = await workspace();
    await trail(ATTENTION, { cwd: ws });
    await trail(['paper', 'add', 'LoRA', '--url', 'https://arxiv.org/abs/2106.09685', '--node', 'm10', '--status', 'read'], { cwd: ws });
    writeTree(ws, {
      'papers_notes/by-hand.md': '---\ntitle: The Illustrated Transformer\nnodes: m5\n---\nMy notes.\n',
      'papers_notes/broken.md': '---\ntitle: Broken\nnodes: [m5\n---\n',
      'papers_notes/bad-status.md': '---\ntitle: Odd\nstatus: done\n---\n',
    });
    const all = await trailJson<PaperListJson>(['paper', 'list'], { cwd: ws });
    expect(all.papers.map((p: { slug: string; status: string }) => `${p.slug}:${p.status}`)).toEqual([
      'attention-is-all-you-need:to-read',
      'by-hand:to-read',
      'lora:read',
    ]);
    expect(all.problems).toEqual([
      { path: 'papers_notes/bad-status.md', line: 3, message: '"status" is "done"; write one of to-read, reading, read' },
      { path: 'papers_notes/broken.md', line: 3, message: expect.stringContaining('Flow sequence') },
    ]);
    const m5 = await trailJson<PaperListJson>(['paper', 'list', '--node', 'm5'], { cwd: ws });
    expect(m5.papers.map((p: { slug: string }) => p.slug)).toEqual(['attention-is-all-you-need', 'by-hand']);
    const read = await trailJson<PaperListJson>(['paper', 'list', '--status', 'read'], { cwd: ws });
    expect(read.papers.map((p: { slug: string }) => p.slug)).toEqual(['lora']);
    const human = await trail(['paper', 'list'], { cwd: ws });
    expect(human.stdout).toContain('to-read  Attention Is All You Need (2017)  [m5, m6]  papers_notes/attention-is-all-you-need.md');
    expect(human.stderr).toContain('warning: papers_notes/broken.md:3:');
  });

  it('moves a paper along, rewriting only its status line', async () => {
    const ws = await workspace();
    const text = '---\n# my own comment\ntitle:   "Scaling Laws"\nstatus: to-read\nextra: { kept: as-is }\n---\n\nNotes.\n';
    writeTree(ws, { 'papers_notes/scaling.md': text });
    const moved = await trailJson(['paper', 'status', 'scaling', 'reading'], { cwd: ws });
    expect(moved).toMatchObject({ $code: 0, previous: 'to-read', paper: { status: 'reading' } });
    expect(readFileSync(join(ws, 'papers_notes/scaling.md'), 'utf8')).toBe(text.replace('status: to-read', 'status: reading'));
    const human = await trail(['paper', 'status', 'papers_notes/scaling.md', 'read'], { cwd: ws });
    expect(human.stdout).toBe('papers_notes/scaling.md: reading → read.\n');
  });

  it('rejects bad input with the place and the fix', async () => {
    const ws = await workspace();
    writeTree(ws, { 'papers_notes/broken.md': '---\ntitle: [x\n---\n', 'papers_notes/scaling.md': '---\ntitle: S\n---\n' });
    const cases: Array<[string[], number, string]> = [
      [['paper', 'add', 'T', '--url', 'not a url'], 2, '"not a url" is not a web address'],
      [['paper', 'add', 'T', '--url', 'ftp://x.org/p'], 2, 'is not a web address'],
      [['paper', 'add', '  ', '--url', 'https://x.org'], 2, 'the title is empty'],
      [['paper', 'add', 'T', '--url', 'https://x.org', '--year', '17'], 2, '"17" is not a year'],
      [['paper', 'add', 'T', '--url', 'https://x.org', '--status', 'done'], 2, '"done" is not a paper status'],
      [['paper', 'add', 'T', '--url', 'https://x.org', '--node', 'm99'], 3, 'no node "m99"'],
      [['paper', 'add', 'T'], 2, "required option '--url <url>' not specified"],
      [['paper', 'list', '--status', 'later'], 2, '"later" is not a paper status'],
      [['paper', 'status', 'scalin', 'read'], 3, 'did you mean scaling?'],
      [['paper', 'status', 'scaling', 'finished'], 2, '"finished" is not a paper status'],
      [['paper', 'status', 'broken', 'read'], 4, 'papers_notes/broken.md:2:'],
    ];
    for (const [args, code, message] of cases) {
      const run = await trail(args, { cwd: ws });
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
  });
});

describe('trail journal show', () => {
  it('shows an entry by name or path, and names a broken or missing one', async () => {
    const ws = await workspace();
    writeTree(ws, {
      'journal/2026-03-01-m1.md': '---\ndate: 2026-03-01\nnode: m1\ntitle: Gradients\ntags: [math]\n---\n\nThe update is error times input.\n',
      'journal/broken.md': '---\ndate: 2026-03-02\nnode: [m1\n---\n\nThoughts.\n',
    });
    const human = await trail(['journal', 'show', '2026-03-01-m1'], { cwd: ws });
    expect(human.stdout).toBe('Gradients\njournal/2026-03-01-m1.md · 2026-03-01 · node m1 · 6 words · tags: math\n\nThe update is error times input.\n');
    const json = await trailJson<JournalEntryJson>(['journal', 'show', 'journal/2026-03-01-m1.md'], { cwd: join(ws) });
    expect(json.entry).toMatchObject({ path: 'journal/2026-03-01-m1.md', date: '2026-03-01', node: 'm1', title: 'Gradients', tags: ['math'], words: 6 });
    const fromInside = await trailJson<JournalEntryJson>(['journal', 'show', './2026-03-01-m1.md'], { cwd: join(ws, 'journal') });
    expect(fromInside.entry.path).toBe('journal/2026-03-01-m1.md');
    const broken = await trail(['journal', 'show', 'broken.md'], { cwd: ws });
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain('journal/broken.md:3: Flow sequence');
    const missing = await trail(['journal', 'show', '2026-03-01-m2'], { cwd: ws });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('did you mean journal/2026-03-01-m1.md?');
  });
});

describe('a paper criterion', () => {
  it('holds once a note on that paper (any arXiv link form) is read and has enough words of notes', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: papers\ntitle: Papers\n',
      'a/overview.md': `---\nid: attention\ntitle: Attention\ncriteria:\n  - kind: paper\n    id: paper\n    url: https://arxiv.org/abs/1706.03762\n    title: Attention Is All You Need\n    minWords: 30\n---\n\nBody.\n`,
    });
    const ws = tmp();
    await trail(['init', ws, '--track', track]);
    const criterion = async () => (await trailJson<ShowJson>(['show', 'attention'], { cwd: ws })).node.criteria[0];
    expect(await criterion()).toMatchObject({
      state: 'unmet',
      detail: 'no note on Attention Is All You Need in papers_notes/ yet',
      action: 'trail paper add "Attention Is All You Need" --url https://arxiv.org/abs/1706.03762 --node attention',
    });
    // The PDF link of a later version is the same paper.
    expect((await trail(['paper', 'add', 'Attention Is All You Need', '--url', 'https://arxiv.org/pdf/1706.03762v7.pdf'], { cwd: ws })).code).toBe(0);
    expect(await criterion()).toMatchObject({
      state: 'unmet',
      detail: 'papers_notes/attention-is-all-you-need.md: status to-read, not read; 0 of 30 words of notes',
    });
    const path = join(ws, 'papers_notes', 'attention-is-all-you-need.md');
    const notes =
      'Attention replaces recurrence: every position reads every other through queries, keys and values, scaled by the square root of the key width so the softmax does not saturate. Multi-head attention lets the model look at several relations at once.';
    writeTree(ws, { 'papers_notes/attention-is-all-you-need.md': readFileSync(path, 'utf8').replace('## Summary\n', `## Summary\n\n${notes}\n`) });
    expect((await trail(['paper', 'status', 'attention-is-all-you-need', 'read'], { cwd: ws })).code).toBe(0);
    expect(await criterion()).toMatchObject({ state: 'met', evidence: { kind: 'paper', path: 'papers_notes/attention-is-all-you-need.md', words: 40 } });
    expect((await trailJson<StatusJson>(['status'], { cwd: ws })).nodes[0]!.status).toBe('done');
  });
});
