import type { Paragraph, RootContent } from 'mdast';
import { groupOf, type Candidate } from './candidates.js';
import { labelKind, readDetails } from './details.js';
import { lineOf, sourceOf, textOf } from '../markdown/parse.js';
import type { Section } from './outline.js';
import { plainTitle } from './patterns.js';

// A paragraph that is only a short bold name ("**Storage (10%)**"), not a label such as "**Resources**".
function groupName(block: RootContent | undefined): string | undefined {
  if (block?.type !== 'paragraph') return undefined;
  const children = (block as Paragraph).children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (children.length !== 1 || children[0]!.type !== 'strong') return undefined;
  const name = plainTitle(textOf(block));
  if (name.length === 0 || name.length > 100 || /[.;!?]$/.test(name) || labelKind(name.replace(/[:：]\s*$/, ''))) return undefined;
  return name;
}

const holdsBoxes = (block: RootContent) => block.type === 'list' && block.children.some((item) => typeof item.checked === 'boolean');

/**
 * Groups of task items under bold names, in a section without headings of its own ("**Storage**"
 * then "- [ ] a PersistentVolumeClaim …"): each group is a unit, from its name to the next name.
 * The last group ends with its last list: plain paragraphs after it close the document.
 */
export function checkboxGroups(text: string, s: Section, title: string): Candidate[] {
  const found: Candidate[] = [];
  const blocks = s.blocks;
  for (let i = 0; i < blocks.length; i++) {
    const name = groupName(blocks[i]);
    if (!name) continue;
    let end = i + 1;
    while (end < blocks.length && !groupName(blocks[end])) end++;
    const own = blocks.slice(i + 1, end);
    if (!own.some(holdsBoxes)) continue;
    let last = own.length - 1;
    while (end === blocks.length && last >= 0 && own[last]!.type !== 'list' && own[last]!.type !== 'table') last--;
    const kept = own.slice(0, last + 1);
    found.push({
      title: name,
      line: lineOf(blocks[i]!),
      source: 'heading',
      level: 0,
      phase: groupOf(s, title),
      details: readDetails(kept),
      body: sourceOf(text, kept),
      checked: null,
      start: blocks[i]!.position?.start.offset ?? 0,
      end: kept.at(-1)?.position?.end.offset ?? 0,
    });
    i = end - 1;
  }
  return found;
}
