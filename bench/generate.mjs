// Generates large tracks and event logs for the benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../dist/core/shuffle.js';

// The same seeded generator as the quizzes' shuffle, so every run measures the same track.
const random = mulberry32;

/** Writes a track of `size` nodes in phases of 100, each node requiring up to 3 earlier nodes. */
export function generateTrack(dir, size) {
  const rand = random(42);
  const phases = Math.ceil(size / 100);
  const yaml = [`id: generated`, `title: Generated track of ${size} nodes`, `version: 1`, `rules: [prerequisites, phase-gate]`, `phases:`];
  for (let p = 0; p < phases; p++) yaml.push(`  - id: phase-${p + 1}`, `    title: Phase ${p + 1}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'track.yaml'), `${yaml.join('\n')}\n`);
  for (let i = 0; i < size; i++) {
    const phase = Math.floor(i / 100);
    const start = phase * 100;
    const requires = new Set();
    for (let k = 0; k < 3 && i > start; k++) requires.add(`node-${start + Math.floor(rand() * (i - start))}`);
    const folder = join(dir, `phase-${phase + 1}`, `${String(i).padStart(5, '0')}-node`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'overview.md'),
      `---
id: node-${i}
title: Node ${i} of the generated track
kind: topic
phase: phase-${phase + 1}
requires: [${[...requires].join(', ')}]
duration: ${1 + Math.floor(rand() * 4)}-${5 + Math.floor(rand() * 4)} hours
objectives:
  - Understand concept ${i}
  - Apply concept ${i} to a small problem
mvu: You can explain concept ${i} to a colleague.
resources:
  - title: Reading ${i}
    url: https://example.org/${i}
    type: article
criteria:
  - kind: attest
    text: I can explain concept ${i} in my own words.
  - kind: journal
    minWords: 30
---

# Node ${i}

Some overview text for node ${i}, with a [link](https://example.org/${i}) and **emphasis**.
`,
    );
  }
}

/** Writes `count` attest events over the first nodes of a generated track into a workspace log. */
export function generateEvents(logPath, count, size) {
  const lines = [];
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const node = `node-${i % Math.min(size, 2000)}`;
    lines.push(
      JSON.stringify({
        id: `01BENCH${String(i).padStart(19, '0')}`,
        timestamp: new Date(base + i * 1000).toISOString(),
        actor: { name: 'bench' },
        verb: 'attested',
        object: { type: 'criterion', node, criterion: 'attest-1' },
        result: { response: `I explained concept ${i} to a colleague.` },
        context: { track: 'generated', trackVersion: '1', practice: false },
      }),
    );
  }
  writeFileSync(logPath, `${lines.join('\n')}\n`);
}

/** A roadmap document of about `chars` characters: phases of weekly units with bullets, checklists, links and a table. */
export function generateRoadmap(chars) {
  const rand = random(7);
  const parts = [
    '# Generated Roadmap to Applied ML\n',
    'A long plan used to measure the importer. You cannot start a week until all previous weeks are completed.\n',
  ];
  let week = 1;
  let phase = 1;
  while (parts.join('\n').length < chars) {
    parts.push(`## Phase ${phase}: Topic group ${phase} (${1 + Math.floor(rand() * 3)} months)\n`, `**Goal:** get fluent with group ${phase}.\n`);
    for (let k = 0; k < 6; k++, week++) {
      parts.push(
        `### Week ${week}: Subject ${week} — ${['Tensors', 'Attention', 'Retrieval', 'Agents', 'Evaluation', 'Serving'][week % 6]}`,
        `⏱ ${1 + Math.floor(rand() * 3)} weeks · Prereqs: Week ${Math.max(1, week - 1 - Math.floor(rand() * 3))}`,
        '',
        `- concept ${week}.a with some explanation of why it matters`,
        `- concept ${week}.b, and [a reading](https://example.org/${week})`,
        `- [ ] exercise ${week}.1: implement the thing from scratch`,
        `- [x] exercise ${week}.2: compare with the library version`,
        '',
        `**Project:** build a small tool that uses subject ${week}.`,
        '',
        '| Topic | Time | Checklist |',
        '|---|---|---|',
        `| part one of ${week} | 2h | - [ ] notes<br>- [ ] quiz |`,
        `| part two of ${week} | 3h | - [ ] exercise |`,
        '',
      );
    }
    phase++;
  }
  return parts.join('\n');
}
