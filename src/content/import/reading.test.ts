import { describe, expect, it } from 'vitest';
import { doubtsOf } from './doubts.js';
import { inferTrack } from './infer.js';
import type { Layer } from './layers.js';
import { TextMeasure } from './measure.js';
import type { ImportedTrack } from './model.js';
import { allSections, outline } from './outline.js';
import { parseMarkdown } from '../markdown/parse.js';
import type { Features, WeighedLayer } from './weigh.js';

const read = (doc: string, units?: string) => inferTrack(doc, { fileName: 'plan.md', ...(units ? { units } : {}) });
const titles = (track: ImportedTrack) => track.units.map((unit) => unit.title);
const criteria = (track: ImportedTrack, title: string) => track.units.find((unit) => unit.title === title)!.criteria.map((c) => `${c.from}: ${c.text}`);

const phases = (n: number, child: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `## Phase ${i + 1} — Topic ${'ABCDEFGH'[i]}\n\n${child(i)}`).join('\n\n');

describe('choosing the units by evidence, not by the longest list', () => {
  it('takes phases whose parts are labelled sub-sections over a longer numbered list of tips', () => {
    const doc = `# Plan in 4 Phases\n\n${phases(4, (i) => `### What to learn\n- idea ${i}\n- another idea ${i}\n\n### Checklist\n- [ ] build thing ${i}\n- [ ] explain thing ${i}`)}\n\n## Study habits\n\n${Array.from({ length: 9 }, (_, i) => `${i + 1}. **Habit ${'abcdefghi'[i]}.** Do it every day.`).join('\n')}\n`;
    const track = read(doc);
    expect(titles(track)).toEqual(['Topic A', 'Topic B', 'Topic C', 'Topic D']);
    expect(criteria(track, 'Topic B')).toEqual(['checklist: build thing 1', 'checklist: explain thing 1']);
    expect(track.structure.chosen.selector).toBe('h2');
    expect(track.structure.others.map((other) => other.selector)).toEqual(expect.arrayContaining(['h3', expect.stringMatching(/^list/)]));
    expect(track.ignored.map((entry) => entry.title)).toContain('Study habits');
  });

  it('leaves a sample schedule of more headings, and a skills list of more items, out of the units', () => {
    const stages = `## Stage 1: Basics\n\n- grammar and sounds\n- [ ] order a coffee\n\n## Stage 2: Conversation\n\n- the past tense\n- [ ] talk for five minutes\n`;
    const sample = `## A sample schedule\n\n${Array.from({ length: 6 }, (_, i) => `### Week ${i + 1}\nA few words.`).join('\n\n')}\n`;
    expect(titles(read(`# Spanish in two stages\n\n${stages}\n${sample}`))).toEqual(['Basics', 'Conversation']);
    const skills = `## Skills you walk away with\n\n${Array.from({ length: 8 }, (_, i) => `${i + 1}. **Skill ${i}** and what it is for`).join('\n')}\n`;
    expect(titles(read(`# Spanish in two stages\n\n${stages}\n${skills}`))).toEqual(['Basics', 'Conversation']);
  });

  it('prefers the steps inside groups (weeks in months) and the groups whose parts are a template (days of a week)', () => {
    const months = `# Year plan\n\n## Month 1: Basics\n\n### Week 1: Syntax\n- [ ] loops\n\n### Week 2: Types\n- [ ] structs\n\n## Month 2: Web\n\n### Week 3: HTTP\n- [ ] a server\n\n### Week 4: SQL\n- [ ] a query\n`;
    const track = read(months);
    expect(titles(track)).toEqual(['Syntax', 'Types', 'HTTP', 'SQL']);
    expect(track.phases.map((phase) => phase.title)).toEqual(['Basics', 'Web']);
    const training = `# Run plan\n\n${phases(3, () => '### Tuesday — easy\n30 minutes.\n\n### Saturday — long\nAn hour.\n\n**Checkpoint:** run 5 km.')}\n`;
    expect(titles(read(training))).toEqual(['Topic A', 'Topic B', 'Topic C']);
  });
});

describe('labels read by their role', () => {
  it('reads compound labels, boxes without a list marker, an effort line and a goal written as a sub-heading, and keeps unknown labels as written', () => {
    const doc = `# Cloud roadmap\n\n## Stage 1 — Linux\n\n*Effort: ~15 hours*\n\n#### Goal: be at home on a server\n\n| Topic | Where to learn it |\n|---|---|\n| SSH | [Guide](https://example.org/ssh) and [Cheats](https://example.org/tmux) |\n| Shell | *The Linux Command Line*, ch. 1–10 |\n\n[ ] key-only SSH\n[x] a cron backup\n\n**Milestone Project:** a hardened VPS.\n\n**Must deliver:** a written runbook.\n\n**Nice to know:** journalctl.\n\n## Stage 2 — Containers\n\n- images and layers\n`;
    const unit = read(doc).units[0]!;
    expect(unit.duration).toEqual({ line: 5, text: '~15 hours' });
    expect(unit.description).toBe('be at home on a server');
    expect(unit.criteria.map((c) => [c.from, c.text, c.done ?? null])).toEqual([
      ['project', 'a hardened VPS.', null],
      ['deliverable', 'a written runbook.', null],
      ['checklist', 'key-only SSH', false],
      ['checklist', 'a cron backup', true],
    ]);
    expect(unit.resources.map((r) => r.title)).toEqual(['Guide', 'Cheats', 'The Linux Command Line, ch. 1–10']);
    expect(unit.body).toContain('**Nice to know:** journalctl.');
  });
});

describe('sections kept apart but keyed to units', () => {
  const weeks = Array.from({ length: 4 }, (_, i) => `## Week ${i + 1}: Topic ${i + 1}\n- reading ${i + 1}`).join('\n\n');

  it('attaches exit criteria keyed by week, milestones keyed by month and a table of weekly quizzes', () => {
    const track = read(
      `# Four weeks\n\n${weeks}\n\n## Exit criteria\n\n- **After Week 2:** explain topic two without notes.\n- **After Week 4:** present topic four.\n\n## Assessments\n\n| Week | Assessment |\n|---|---|\n| 3 | Quiz 1: topics one to three |\n`,
    );
    expect(criteria(track, 'Topic 2')).toEqual(['exit: explain topic two without notes.']);
    expect(criteria(track, 'Topic 3')).toEqual(['milestone: Quiz 1: topics one to three']);
    expect(criteria(track, 'Topic 4')).toEqual(['exit: present topic four.']);
    expect(track.attached.map((a) => [a.line, a.unit, a.as])).toEqual([
      [17, 'topic-2', 'exit'],
      [18, 'topic-4', 'exit'],
      [24, 'topic-3', 'milestone'],
    ]);
    expect(track.notes).not.toContain('present topic four');
    const months = read(
      `# Half a year\n\n### Month 1: Kana\n- hiragana\n\n### Month 2: Grammar\n- particles\n\n## Milestones\n\n- **Month 2 milestone:** introduce yourself for a minute.\n`,
    );
    expect(criteria(months, 'Grammar')).toEqual(['milestone: introduce yourself for a minute.']);
  });

  it('gives the course prerequisites to the first unit, and warns about an item whose key names no unit', () => {
    const track = read(`# Four weeks\n\n## Prerequisites\n\nPython and high-school algebra.\n\n${weeks}\n\n## Exit criteria\n\n- After Week 9: a talk.\n`);
    expect(track.units[0]!.prerequisiteText).toEqual({ line: 3, text: 'Python and high-school algebra.' });
    expect(track.units[0]!.prerequisitesOutside).toBe(true);
    expect(track.warnings).toEqual([
      expect.objectContaining({ kind: 'unattached', line: 21, reason: '"a talk." is keyed to week 9, which no unit or phase is; kept in the track notes' }),
    ]);
    expect(track.notes).toContain('After Week 9: a talk.');
  });

  it("gives a phase's exit criteria to its last unit", () => {
    const track = read(
      `# Plan\n\n## Phase 1: Basics\n\nExit criteria: a working CLI; tests pass\n\n### Week 1: Syntax\n- loops\n\n### Week 2: Types\n- structs\n\n## Phase 2: Web\n\n### Week 3: HTTP\n- a server\n`,
    );
    expect(criteria(track, 'Types')).toEqual(['exit: a working CLI', 'exit: tests pass']);
  });
});

describe('numbering, separators and optional parts', () => {
  it('reads numbering that starts again in each part as one series per part, and "Part A, Lesson 2" as that part\'s lesson', () => {
    const track = read(
      `# Stats\n\n## Part A — Describing\n\n### Lesson 1: Means\n- x\n\n### Lesson 2: Spread\nBuilds on: Lesson 1\n\n## Part B — Testing\n\n### Lesson 1: Sampling\nBuilds on: Part A, Lesson 2\n\n### Lesson 2: Tests\nBuilds on: Lesson 1\n`,
    );
    expect(track.phases.map((phase) => phase.title)).toEqual(['Describing', 'Testing']);
    expect(track.units.map((unit) => [unit.id, unit.requires])).toEqual([
      ['means', []],
      ['spread', ['means']],
      ['sampling', ['spread']],
      ['tests', ['sampling']],
    ]);
    expect(track.structure.chosen.features.regularity).toBeGreaterThan(0.8);
  });

  it('reads banners of "=" rules as decoration, not as phase titles', () => {
    const track = read(
      `Python for Labs\n===============\n\nTwelve sessions.\n\n==========\nMONTH 1 — BASICS\n==========\n\nSession 1: Setup\n\nInstall Python.\n\nSession 2: Lists\n\nLists and loops.\n\n==========\nMONTH 2 — DATA\n==========\n\nSession 3: pandas\n\nDataFrames.\n`,
    );
    expect(track.title).toBe('Python for Labs');
    expect(track.phases.map((phase) => phase.title)).toEqual(['BASICS', 'DATA']);
    expect(titles(track)).toEqual(['Setup', 'Lists', 'pandas']);
  });

  it('makes optional, reference and bonus parts optional, and alternative tracks open side by side', () => {
    const track = read(
      `# Web path\n\nEveryone does Part 1, then choose one of the two tracks.\n\n## Part 1: Basics\n\n### 1. HTML\n- [ ] a page\n\n### 2. JS\n- [ ] a script\n\n## Part 2A: Frontend track\n\n### 1. React\n- [ ] an app\n\n## Part 2B: Backend track\n\n### 1. Node\n- [ ] an API\n\n## Part 3: Capstone\n\n### 1. Ship it\n- [ ] deployed\n\n## Part 4: Reference\n\n### 1. Recipes\n- hosting\n\n## Bonus: Performance\n\n- [ ] halve a load time\n`,
    );
    expect(track.units.map((unit) => [unit.title, unit.optional, unit.requires])).toEqual([
      ['HTML', false, []],
      ['JS', false, []],
      ['React', true, ['js']],
      ['Node', true, ['js']],
      ['Ship it', false, ['js']],
      ['Recipes', true, []],
      ['Performance', true, []],
    ]);
    expect(track.rules).toEqual(['prerequisites', 'sequential']);
    expect(track.alternatives).toEqual([
      { phases: ['frontend-track', 'backend-track'], units: [], line: 3, text: 'Everyone does Part 1, then choose one of the two tracks.' },
    ]);
  });

  it('makes lettered variants of one stage alternatives: optional, side by side, and the unit after them waits for the unit before', () => {
    const stages = (intro: string, prereqs: string) =>
      `# German\n\n${intro}\n\n## Stage 1: Sounds\n- [ ] introduce yourself\n\n## Stage 2: Grammar\n- [ ] ten sentences\n\n## Stage 3A: Reading track\n- [ ] a short story\n\n## Stage 3B: Speaking track\n- [ ] ten minutes of talk\n\n## Stage 4: Fluency\n${prereqs}- [ ] a talk\n`;
    const chained = read(stages('Choose either the reading track or the speaking track for stage 3.', ''));
    expect(chained.units.map((unit) => [unit.title, unit.optional, unit.requires])).toEqual([
      ['Sounds', false, []],
      ['Grammar', false, []],
      ['Reading track', true, []],
      ['Speaking track', true, []],
      ['Fluency', false, []],
    ]);
    // Under the sequential rule an optional unit blocks nothing: Fluency waits for Grammar.
    expect(chained.rules).toEqual(['sequential']);
    expect(chained.alternatives).toEqual([
      { phases: [], units: ['reading-track', 'speaking-track'], line: 3, text: 'Choose either the reading track or the speaking track for stage 3.' },
    ]);
    // A unit that names the alternatives as its prerequisites waits for the unit before them.
    const named = read(stages('Choose either the reading track or the speaking track for stage 3.', 'Prereqs: Stage 3A or Stage 3B\n'));
    expect(named.units.find((unit) => unit.title === 'Fluency')!.requires).toEqual(['grammar']);
    // Halves of one week, with no choice offered and no track named, stay steps in a chain.
    const halves = read('# Plan\n\n## Week 1a: Syntax\n- [ ] loops\n\n## Week 1b: Types\n- [ ] structs\n\n## Week 2: Web\n- [ ] a server\n');
    expect(halves.units.map((unit) => unit.optional)).toEqual([false, false, false]);
    expect(halves.alternatives).toEqual([]);
  });

  it('reads "Option A" and "Option B" headings among numbered lessons as steps the learner chooses between, and turns the phase gate around them into prerequisites', () => {
    const track = read(
      `# Backend in Three Weeks\n\nLessons are done in order, and you cannot start a new phase until the previous phase is done.\n\n## Week 1: HTTP\n\n### Lesson 1: Requests\n- [ ] curl\n\n### Lesson 2: REST\n- [ ] an API sketch\n\n## Week 2: Project\n\nPick one of the two projects.\n\n### Option A: A URL shortener\n- [ ] deployed\n\n### Option B: A pastebin\n- [ ] deployed\n\n## Week 3: Auth\n\n### Lesson 3: Tokens\n- [ ] login\n\n### Lesson 4: Attacks\n- [ ] fix three bugs\n`,
    );
    expect(track.units.map((unit) => [unit.title, unit.phase, unit.optional, unit.requires])).toEqual([
      ['Requests', 'http', false, []],
      ['REST', 'http', false, []],
      ['Option A: A URL shortener', 'project', true, ['rest']],
      ['Option B: A pastebin', 'project', true, ['rest']],
      ['Tokens', 'auth', false, ['rest']],
      ['Attacks', 'auth', false, []],
    ]);
    // A week left with alternatives only would open the week after it at once: the gate becomes prerequisites.
    expect(track.rules).toEqual(['prerequisites', 'sequential']);
    expect(track.alternatives).toEqual([
      { phases: [], units: ['option-a-a-url-shortener', 'option-b-a-pastebin'], line: 15, text: 'Pick one of the two projects.' },
    ]);
  });
});

describe('saying when unsure', () => {
  const doc = '# Plan\n\n## One\n\ntext\n\n## Two\n\nmore text\n';
  const tree = parseMarkdown(doc);
  const { root } = outline(tree, doc);
  const sections = allSections(root);
  const measure = new TextMeasure(doc, sections);
  const features: Features = { coverage: 1, titles: 1, criteria: 1, nesting: 1, regularity: 1, position: 1, agreement: 1, granularity: 1 };
  const layer = (selector: string, starts: number[]): Layer => ({
    kind: 'headings',
    selector,
    label: `reading ${selector}`,
    items: starts.map((start) => ({ title: 'x', line: 3, start, end: start + 5, group: null, numbered: true })),
    candidates: () => [],
  });
  const weighed = (selector: string, score: number, starts: number[]): WeighedLayer => ({ layer: layer(selector, starts), score, features });

  it('warns when a different reading scores within 0.05 of the one taken, with the --units that takes it', () => {
    const chosen = weighed('h2', 0.8, [8, 20]);
    const close = doubtsOf({ chosen, weighed: [chosen, weighed('list@9', 0.77, [30, 40])], named: false, found: [], ignored: [], sections, measure });
    expect(close.map((w) => [w.kind, w.reason])).toEqual([
      ['close-call', 'the units could also be reading list@9: it scores 0.77 against 0.80; to take it, import with --units list@9'],
    ]);
    expect(doubtsOf({ chosen, weighed: [chosen, weighed('list@9', 0.7, [30, 40])], named: false, found: [], ignored: [], sections, measure })).toEqual([]);
    // The same units read another way are no rival, and a reading the author named is not doubted.
    expect(doubtsOf({ chosen, weighed: [chosen, weighed('h3', 0.79, [8, 20])], named: false, found: [], ignored: [], sections, measure })).toEqual([]);
    expect(doubtsOf({ chosen, weighed: [chosen, weighed('list@9', 0.79, [30, 40])], named: true, found: [], ignored: [], sections, measure })).toEqual([]);
  });

  it("warns when one unit holds most of the units' text", () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `- point ${i} of this part of the plan`).join('\n');
    const track = read(`# Course\n\n## Week 1: Intro\n${body(2)}\n\n## Week 2: Everything else\n${body(60)}\n\n## Week 3: Wrap\n${body(2)}\n`);
    expect(track.warnings).toEqual([
      expect.objectContaining({
        kind: 'uneven',
        line: 7,
        reason: expect.stringMatching(/^one unit holds 9\d% of the units' text \("Week 2: Everything else", line 7\)/),
      }),
    ]);
  });
});
