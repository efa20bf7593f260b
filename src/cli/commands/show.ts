import { readNodeBody } from '../../content/front-matter.js';
import { formatHours } from '../../core/duration.js';
import { colours, printJson, printLines, statusMark } from '../output.js';
import { hintsOf } from '../../workspace/actions.js';
import { command, JSON_OPTION } from '../command.js';
import { requireNode, openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail show`. */
export const showCommand = command({
  name: 'show',
  description: 'show a node: overview, objectives, MVU, exercise, resources and criteria',
  arguments: [{ name: '<node>', description: 'node id' }],
  options: [JSON_OPTION],
  action: (cli, node: string, options: JsonOption) => show(cli, node, options),
});

/** `trail show <node>`: everything about a node, with its criteria's live state. */
export async function show(cli: Cli, id: string, options: JsonOption): Promise<number> {
  const session = await openFor(cli, options);
  const { node, state } = requireNode(session, id);
  const body = readNodeBody(session.workspace.trackDir, node);
  const hints = hintsOf(session, node);
  if (options.json) {
    // As on the node page, hints not yet revealed are not printed.
    const exercise = node.exercise ? { ...node.exercise, hints } : undefined;
    printJson(cli, { node: { ...node, exercise, body, status: state.status, waitingFor: state.waitingFor, criteria: state.criteria } });
    return 0;
  }
  const c = colours(cli);
  const phase = session.track.phases.find((p) => p.id === node.phase)?.title;
  const meta = [
    node.kind,
    phase,
    node.duration && `${node.duration}${node.effort ? ` (≈ ${formatHours((node.effort.min + node.effort.max) / 2)})` : ''}`,
    node.optional && 'optional',
    node.anytime && 'any time',
  ].filter(Boolean);
  const lines = [
    `${statusMark(state.status, c)} ${c.bold(node.title)} ${c.dim(`(${node.id})`)}`,
    c.dim(meta.join(' · ')),
    `Status: ${state.status.replace('_', ' ')}${state.waitingFor.length ? ` — waits for ${state.waitingFor.join(', ')}` : ''}`,
  ];
  if (node.requires.length) lines.push(`Requires: ${node.requires.join(', ')}`);
  const section = (title: string, body: string[]) => {
    if (body.length) lines.push('', c.bold(title), ...body);
  };
  section(
    'Objectives',
    node.objectives.map((o) => `  • ${o}`),
  );
  section('Minimum viable understanding', node.mvu ? [`  ${node.mvu}`] : []);
  section(
    'Exercise',
    node.exercise
      ? [
          `  ${node.exercise.text}`,
          ...node.exercise.files.map((f) => c.dim(`  file: ${node.dir}/${f}`)),
          ...(hints.total > 0
            ? [
                c.dim(
                  `  hints: ${hints.shown.length} of ${hints.total} shown — ${hints.shown.length < hints.total ? `\`trail hint ${node.id}\` reveals the next` : `\`trail hint ${node.id} --shown\` prints them`}`,
                ),
              ]
            : []),
        ]
      : [],
  );
  section(
    'Resources',
    node.resources.map((r) => `  • ${r.title}${r.url ? ` ${c.dim(r.url)}` : ''} ${c.dim(`[${r.type}]`)}`),
  );
  section('Tools', node.tools.length ? [`  ${node.tools.join(', ')}`] : []);
  section(
    'Criteria',
    state.criteria.flatMap((criterion) => {
      const mark = criterion.state === 'met' ? c.green('✓') : criterion.state === 'pending' ? c.dim('…') : c.yellow('○');
      return [
        `  ${mark} ${criterion.text} ${c.dim(`[${criterion.kind}: ${criterion.id}]`)}`,
        `      ${c.dim(criterion.detail)}`,
        ...(criterion.state === 'met' ? [] : [`      ${c.cyan(criterion.action)}`]),
      ];
    }),
  );
  if (body.trim()) lines.push('', c.dim('─'.repeat(40)), body.trim());
  printLines(cli, ...lines);
  return 0;
}
