import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from '../core/track.js';
import { readLatestChecks } from '../store/checks.js';
import { eventContext, hintsOf, revealHint, requireNode } from '../workspace/actions.js';
import { newEvent } from '../workspace/record.js';
import type { Session } from '../workspace/session.js';
import { asksForTheAnswer, reproduction, REPRODUCTION_LIMIT } from './guard.js';
import { assembleContext, estimateTokens, inferMode, systemPrompt, type ContextPiece, type Level, type Mode } from './modes.js';
import { describeModelError, tutorConfig, tutorModel, type TutorConfig, type TutorModel } from './provider.js';
import { CourseIndex, fuseRankings, type Hit, type Visibility } from './retrieval.js';
import { appendTrace, costOf, type TraceRecord } from './traces.js';
import { recordPassages, type Passage } from './passages.js';
import { bankUsedUp, formatBankQuestion, modelQuestionLabel, nextBankQuestion, quizBank } from './quiz-mode.js';
import MiniSearch from 'minisearch';
import { finalMetrics, provenanceOf } from '../core/runs.js';

/** A question to the tutor. */
export interface Question {
  question: string;
  mode?: Mode;
  level?: Level;
  /** The node the learner is on; without it, the first node in progress or open. */
  node?: string;
  /** Earlier turns of a chat, oldest first. */
  history?: Array<{ role: 'user' | 'assistant'; content: string }>;
  signal?: AbortSignal;
  /** Each piece of the answer as it comes (what passed the guard). */
  onText?: (text: string) => void;
}

/** A cited passage of the course. */
export interface Citation {
  /** The node the passage belongs to ('' for a record linked to no node). */
  node: string;
  kind: string;
  title: string;
  heading: string;
  score: number;
}

/** The tutor's answer: in which mode, whether a model wrote it, the text and what it cites. */
export interface Answer {
  mode: Mode;
  llm: boolean;
  answer: string;
  citations: Citation[];
  /** The model's reply reproduced the exercise's solution and was replaced by a hint. */
  guarded: boolean;
  /** The model failed (timeout, refused key…): the answer is the course's passages instead. */
  error: string | null;
}

/** What the tutor works with: the learner's session, the course index, the model (if any) and the clock. */
export interface Tutor {
  session: Session;
  index: CourseIndex;
  model: TutorModel | undefined;
  config: TutorConfig;
  now: () => Date;
}

const NO_MODEL = 'No model is configured, so this is the course itself (docs/tutor.md says how to add one).';

/** The first line of an answer the course gives because the model failed: what happened, and whose answer follows. */
function modelFailed(error: string): string {
  return `The tutor's model failed: ${error}. The answer below comes from the course itself, not from the model.`;
}

/** Answers a question in a mode, with citations; records a trace of every model call. */
export async function ask(tutor: Tutor, input: Question): Promise<Answer> {
  const { session } = tutor;
  const node = input.node ? requireNode(session, input.node).node : currentNode(session);
  const plea = asksForTheAnswer(input.question);
  const mode = input.mode ?? inferMode(input.question, plea);
  const visible = await visibility(session);
  const hits = await retrieve(tutor, input.question, node?.id, visible);
  const citations = hits.map(citationOf);
  const emit = (text: string) => input.onText?.(text);
  const finish = (answer: Omit<Answer, 'mode' | 'citations'> & { citations?: Citation[] }): Answer => ({
    mode,
    citations: answer.citations ?? citations,
    ...answer,
  });

  // The course's own help comes first, with or without a model: authored hints in order, the quiz bank.
  if (mode === 'hint' && node && hintsOf(session, node).shown.length < hintsOf(session, node).total) {
    const text = await nextHint(tutor, node, plea);
    emit(text);
    return finish({ llm: false, answer: text, guarded: false, error: null, citations: [] });
  }
  // Quiz: the course's questions first; once they are used up, a model writes one (labelled), else review.
  let modelLabel = '';
  let quizFallback = '';
  if (mode === 'quiz' && node) {
    const bank = await quizBank(session, node);
    const earlier = (input.history ?? []).filter((turn) => turn.role === 'assistant').map((turn) => turn.content);
    const next = nextBankQuestion(bank, earlier);
    if (next || !tutor.model) {
      const text = next ? formatBankQuestion(node, next) : bankUsedUp(node, bank);
      const passage = next && tutor.index.of(node.id, ['quiz'], visible).find((p) => p.question === next.key);
      emit(text);
      return finish({ llm: false, answer: text, guarded: false, error: null, citations: passage ? [citationOf({ passage, score: 1 })] : [] });
    }
    modelLabel = modelQuestionLabel(node, bank);
    quizFallback = bankUsedUp(node, bank);
  }
  if (!tutor.model) {
    const text = courseAnswer(tutor, mode, node, hits, visible);
    emit(text);
    return finish({ llm: false, answer: text, guarded: false, error: null });
  }
  // Resources: the course's own come first on every output (streamed too), then the model's, marked as its suggestions.
  const courseFirst = mode === 'resources' && node ? `${ownResources(node)}\n\n` : '';
  if (mode === 'resources' && node) modelLabel = 'From the model (suggestions, not checked by the course):\n\n';
  if (courseFirst) emit(courseFirst);

  const pieces = contextPieces(tutor, mode, node, hits);
  const context = assembleContext(pieces, tutor.config.contextTokens);
  const system = `${systemPrompt(mode, input.level, session.track.title)}\n\n${context.text}`;
  const messages = [
    ...(input.history ?? []),
    { role: 'user' as const, content: plea ? `${input.question}\n\n(The learner asks for the answer: lead them with questions instead.)` : input.question },
  ];
  // A duration, not a date: the monotonic timer, which the clock given to the tutor need not be.
  const started = performance.now();
  const trace: TraceRecord = {
    at: tutor.now().toISOString(),
    mode,
    node: node?.id ?? null,
    model: tutor.model.name,
    promptChars: system.length + messages.reduce((n, m) => n + m.content.length, 0),
    promptTokens: estimateTokens(system) + messages.reduce((n, m) => n + estimateTokens(m.content), 0),
    contextBudget: tutor.config.contextTokens,
    context: context.used,
    dropped: context.dropped,
    inputTokens: null,
    outputTokens: null,
    latencyMs: 0,
    costUsd: null,
    guarded: false,
    error: null,
  };
  const guard = solutionGuard(session, node);
  let reply = '';
  try {
    const stream = tutor.model.chat({ system, messages, ...(input.signal ? { signal: input.signal } : {}) });
    // The label goes out with the model's first words: a model that fails has said nothing to label.
    const held = new HeldCode((text) => {
      if (!reply && modelLabel) emit(modelLabel);
      reply += text;
      emit(text);
    });
    for await (const piece of stream.textStream) {
      held.push(piece);
      // Code is shown only once its block closes and the reply so far is not the solution.
      if (guard(held.all()) > REPRODUCTION_LIMIT) {
        trace.guarded = true;
        break;
      }
      held.release();
    }
    if (!trace.guarded) {
      if (guard(held.all()) > REPRODUCTION_LIMIT) trace.guarded = true;
      else held.flush();
    }
    const usage = await stream.usage;
    Object.assign(trace, {
      inputTokens: usage.inputTokens ?? null,
      outputTokens: usage.outputTokens ?? null,
      latencyMs: Math.round(performance.now() - started),
    });
    trace.costUsd = costOf(tutor.config, trace);
  } catch (error) {
    trace.latencyMs = Math.round(performance.now() - started);
    trace.error = describeModelError(error, tutor.config);
    appendTrace(session.workspace.root, trace);
    const text = quizFallback
      ? `${modelFailed(trace.error)}\n\n${quizFallback}`
      : courseAnswer(tutor, mode, node, hits, visible, { failure: trace.error, ownShown: courseFirst !== '' });
    emit(reply ? `\n\n${text}` : text);
    return finish({ llm: false, answer: `${courseFirst}${text}`, guarded: false, error: trace.error });
  }
  appendTrace(session.workspace.root, trace);
  if (trace.guarded && node) {
    await session.store.events.append([
      newEvent(
        'tutor-guarded',
        { type: 'node', node: node.id },
        { result: { mode, share: Math.round(guard(reply) * 100) / 100 }, context: eventContext(session), now: tutor.now(), host: session.host },
      ),
    ]);
    const hint = await nextHint(tutor, node, true);
    const text = `(The model's answer gave away the exercise's solution, so it is not shown.)\n\n${hint}`;
    emit(`\n\n${text}`);
    return finish({ llm: true, answer: `${courseFirst}${reply ? modelLabel : ''}${reply}\n\n${text}`.trim(), guarded: true, error: null });
  }
  return finish({ llm: true, answer: `${courseFirst}${reply ? modelLabel : ''}${reply}`, guarded: false, error: null });
}

/** The node the learner is most likely on: the first in progress, else the first open one. */
export function currentNode(session: Session): Node | undefined {
  const state = session.state.nodes.find((n) => n.status === 'in_progress') ?? session.state.nodes.find((n) => n.status === 'available');
  return session.track.nodes.find((node) => node.id === state?.id);
}

/** What the learner may see: hints revealed per node, questions answered in a graded attempt. */
export async function visibility(session: Session): Promise<Visibility> {
  const hintsShown = new Map<string, number>();
  for (const [id, progress] of session.progress.nodes) hintsShown.set(id, progress.hintsShown);
  const answered = new Set<string>();
  for (const event of (await session.store.events.read()).events) {
    const { node, criterion, question } = event.object;
    if (event.verb === 'answered' && typeof node === 'string' && typeof criterion === 'string' && typeof question === 'string')
      answered.add(`${node}#${criterion}#${question}`);
  }
  return { hintsShown, answered };
}

async function retrieve(tutor: Tutor, question: string, node: string | undefined, visible: Visibility): Promise<Hit[]> {
  const bm25 = tutor.index.query(question, {
    ...(node ? { node } : {}),
    limit: 8,
    visible,
    kinds: ['overview', 'mvu', 'objectives', 'exercise', 'resources', 'hint', 'explanation'],
  });
  const embedded = tutor.model?.embed && tutor.config.embeddingModel ? await embeddingRanking(tutor, question, visible).catch(() => undefined) : undefined;
  // The learner's own journal, paper notes and runs are searched apart (a small index made now):
  // their scores do not compare with the course's, so the rankings are fused by rank.
  const records = await searchRecords(tutor.session, question);
  const rankings = [bm25, ...(embedded ? [embedded] : []), ...(records.length > 0 ? [records] : [])];
  if (rankings.length === 1) return bm25.slice(0, 5);
  const byId = new Map(rankings.flat().map((hit) => [hit.passage.id, hit]));
  return fuseRankings(rankings.map((ranking) => ranking.map((h) => h.passage.id)))
    .slice(0, 5)
    .map((id) => byId.get(id)!);
}

async function searchRecords(session: Session, question: string): Promise<Hit[]> {
  const { records } = session.store;
  const papers = await Promise.all((await records.papers.list()).papers.map(async (paper) => ({ ...paper, text: await records.papers.text(paper.slug) })));
  const runs = (await records.runs.list()).runs.map((run) => ({
    id: run.id,
    node: run.node,
    objective: run.kind === 'manual' ? run.objective : `check ${run.criterion} (${run.status})`,
    provenance: provenanceOf(run),
    metrics: finalMetrics(run),
  }));
  const passages = recordPassages({ journal: session.journal, papers, runs });
  if (passages.length === 0) return [];
  const search = new MiniSearch<Passage>({ fields: ['heading', 'text'], storeFields: [] });
  search.addAll(passages);
  return search
    .search(question, { fuzzy: 0.1, prefix: true })
    .slice(0, 3)
    .map((result) => ({ passage: passages.find((p) => p.id === result.id)!, score: result.score }));
}

async function embeddingRanking(tutor: Tutor, question: string, visible: Visibility): Promise<Hit[]> {
  const vectors = await tutor.index.embeddings(tutor.session.workspace.root, tutor.config.embeddingModel!, (texts) => tutor.model!.embed!(texts));
  const [q] = await tutor.model!.embed!([question]);
  const scored = tutor.index.passages
    .map((passage, i) => ({ passage, score: cosine(q!, vectors[i]!) }))
    .filter((hit) => tutor.index.isVisible(hit.passage, visible));
  return scored.sort((a, b) => b.score - a.score).slice(0, 8);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function citationOf(hit: Hit): Citation {
  return {
    node: hit.passage.node,
    kind: hit.passage.kind,
    title: hit.passage.nodeTitle,
    heading: hit.passage.heading,
    score: Math.round(hit.score * 1000) / 1000,
  };
}

// Reveals the next authored hint (recorded, as `trail hint` does); once they are used up, questions that lead on.
async function nextHint(tutor: Tutor, node: Node, plea: boolean): Promise<string> {
  const { session } = tutor;
  const { total, shown } = hintsOf(session, node);
  if (shown.length < total) {
    const outcome = await revealHint(session, node);
    tutor.session = outcome.session;
    return `${plea ? "I won't give you the answer, but here is a hint. " : ''}Hint ${outcome.revealed} of ${total} (${node.title}):\n\n${outcome.hints.shown.at(-1)}`;
  }
  return socratic(node);
}

function socratic(node: Node): string {
  const goal = node.mvu ?? node.objectives[0] ?? node.title;
  return [
    `Every hint of ${node.title} is shown; try these questions instead:`,
    `1. What should your code make true, in one sentence? (The section's goal: ${goal})`,
    '2. Which test fails first, and what does its message say was expected?',
    '3. Can you compute that expected value by hand for the smallest input?',
  ].join('\n');
}

function ownResources(node: Node): string {
  if (node.resources.length === 0) return `${node.title} lists no resources.`;
  return [`The course's resources for ${node.title}:`, ...node.resources.map((r) => `- ${r.title}${r.url ? ` — ${r.url}` : ''} (${r.type})`)].join('\n');
}

// Without a model, or after it failed (then the lead says so): the passages, the learner's failure, the resources, each cited.
function courseAnswer(
  tutor: Tutor,
  mode: Mode,
  node: Node | undefined,
  hits: Hit[],
  visible: Visibility,
  after: { failure?: string; ownShown?: boolean } = {},
): string {
  const lead = after.failure ? modelFailed(after.failure) : NO_MODEL;
  const passages = (list: Passage[]) => list.map((p) => `**${p.nodeTitle} — ${p.heading}** [${p.node}]\n\n${clip(p.text, 700)}`).join('\n\n---\n\n');
  switch (mode) {
    case 'resources':
      return [
        lead,
        node && !after.ownShown ? ownResources(node) : '',
        passages(hits.filter((h) => h.passage.kind === 'resources' && (!after.ownShown || h.passage.node !== node?.id)).map((h) => h.passage)),
      ]
        .filter(Boolean)
        .join('\n\n');
    case 'scaffold':
      return [
        lead,
        node
          ? passages(
              tutor.index
                .of(node.id, ['exercise'], visible)
                .concat(tutor.index.of(node.id, ['overview'], visible).filter((p) => /exercise|interface/i.test(p.heading))),
            )
          : passages(hits.map((h) => h.passage)),
      ].join('\n\n');
    case 'debug': {
      const failure = node ? lastFailure(tutor.session, node) : undefined;
      const mistakes = node ? tutor.index.of(node.id, ['overview'], visible).filter((p) => /mistake|pitfall|wrong/i.test(p.heading)) : [];
      return [
        lead,
        failure ?? 'No failing check of this node to look at.',
        passages(mistakes.length > 0 ? mistakes : hits.slice(0, 2).map((h) => h.passage)),
        node ? `Stuck? \`trail hint ${node.id}\`.` : '',
      ]
        .filter(Boolean)
        .join('\n\n');
    }
    case 'code':
      return [
        lead,
        passages(
          (hits.filter((h) => h.passage.text.includes('```')).length > 0 ? hits.filter((h) => h.passage.text.includes('```')) : hits)
            .slice(0, 3)
            .map((h) => h.passage),
        ),
      ].join('\n\n');
    case 'hint':
      // Without a model the guiding questions are the course's answer, and need no preamble.
      if (!node) return lead;
      return after.failure ? `${lead}\n\n${socratic(node)}` : socratic(node);
    default:
      return hits.length > 0
        ? [lead, passages(hits.slice(0, 3).map((h) => h.passage))].join('\n\n')
        : `${lead}\n\nThe course has nothing on that; try other words.`;
  }
}

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars).replace(/\s+\S*$/, '')} …`;
}

// The latest result of each check of the node that did not pass: the first failing test and the output's tail.
function lastFailure(session: Session, node: Node): string | undefined {
  const latest = readLatestChecks(session.workspace.root, node);
  for (const problem of latest.problems) session.host.warn?.(`${problem.path}: ${problem.message} (left out of the tutor's context)`);
  for (const [criterion, result] of Object.entries(latest.results)) {
    if (result.status === 'pass' || result.status === 'skipped') continue;
    const failing = result.tests.find((t) => t.status === 'fail' || t.status === 'error');
    return [
      `Your latest run of \`${criterion}\`: ${result.status} — ${result.message}`,
      ...(failing
        ? [
            `First failing test: ${failing.name}`,
            ...(failing.message ? [failing.message] : []),
            ...(failing.expected !== undefined ? [`expected: ${failing.expected}`, `actual:   ${failing.actual ?? '—'}`] : []),
          ]
        : []),
      ...(result.stderr.trim() ? ['Output (last lines):', '```text', result.stderr.trim().split('\n').slice(-12).join('\n'), '```'] : []),
    ].join('\n');
  }
  return undefined;
}

// The context of a model call, most important first: the node, the learner's failure, the passages, the journal.
function contextPieces(tutor: Tutor, mode: Mode, node: Node | undefined, hits: Hit[]): ContextPiece[] {
  const { session } = tutor;
  const pieces: ContextPiece[] = [];
  if (node) {
    const state = session.state.nodes.find((n) => n.id === node.id);
    pieces.push({
      label: `The learner is on: ${node.title} [${node.id}]`,
      text: [
        `Status: ${state?.status ?? 'unknown'}.`,
        ...(node.mvu ? [`Minimum viable understanding: ${node.mvu}`] : []),
        ...(node.exercise ? [`Exercise: ${node.exercise.text}`] : []),
        ...(state?.criteria ?? []).map((c) => `- ${c.text} — ${c.state} (${c.detail})`),
      ].join('\n'),
    });
    const failure = lastFailure(session, node);
    if (failure && (mode === 'debug' || mode === 'hint' || mode === 'explain')) pieces.push({ label: 'The learner’s latest failing check', text: failure });
  }
  for (const hit of hits)
    pieces.push({ label: `Course passage [${hit.passage.node}] ${hit.passage.nodeTitle} — ${hit.passage.heading}`, text: hit.passage.text });
  const journal = session.journal.filter((entry) => !node || entry.node === node.id).slice(-2);
  for (const entry of journal) pieces.push({ label: `The learner’s journal, ${entry.date.slice(0, 10)}`, text: clip(entry.body ?? '', 600) });
  return pieces;
}

// The guard compares a reply with every file of the node's reference solution (read here only, never sent).
function solutionGuard(session: Session, node: Node | undefined): (reply: string) => number {
  if (!node) return () => 0;
  const dir = join(session.workspace.trackDir, node.dir, 'solution');
  const files = existsSync(dir) ? listFiles(dir).map((path) => readFileSync(path, 'utf8')) : [];
  if (files.length === 0) return () => 0;
  return (reply) => Math.max(...files.map((solution) => reproduction(reply, solution)));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Holds the text of an unfinished fenced code block, so code is shown only once it is whole and checked. */
class HeldCode {
  private pending = '';
  private released = '';
  constructor(private readonly out: (text: string) => void) {}
  push(text: string): void {
    this.pending += text;
  }
  all(): string {
    return this.released + this.pending;
  }
  /** Shows what lies outside an open fence. */
  release(): void {
    const fences = (this.released.match(/```/g) ?? []).length;
    const text = this.pending;
    let cut = 0;
    let open = fences % 2 === 1;
    let at = 0;
    for (;;) {
      const next = text.indexOf('```', at);
      if (next < 0) break;
      open = !open;
      at = next + 3;
      if (!open) cut = at;
    }
    if (!open) cut = text.length;
    if (cut > 0) {
      this.out(text.slice(0, cut));
      this.released += text.slice(0, cut);
      this.pending = text.slice(cut);
    }
  }
  flush(): void {
    if (this.pending) this.out(this.pending);
    this.released += this.pending;
    this.pending = '';
  }
}

/** The tutor of a session: the course index of its track version, and the configured model (if any). */
export async function openTutor(session: Session, env: Readonly<Record<string, string | undefined>>, now: () => Date = session.host.clock): Promise<Tutor> {
  const config = tutorConfig(session.workspace.root, env);
  const index = CourseIndex.cached(session.workspace.root, session.workspace.trackDir, session.track, session.trackStamp.fingerprint, session.host.warn);
  return { session, index, model: await tutorModel(config), config, now };
}
