/** Words that name a unit of study when followed by a number: "Stage 01", "Week 3", "M4". */
const UNIT_WORDS =
  'stage|step|week|weeks|day|days|module|unit|lesson|chapter|section|milestone|project|lab|session|sprint|topic|class|lecture|exercise|assignment|level';
/** Words that name a group of units: "Phase 2", "Part I", "Month 1". */
const GROUP_WORDS = 'phase|part|month|months|quarter|tier|term|semester|block|track|year|season';

const DIGITS = '\\d+(?:\\.\\d+)*[a-z]?\\b';
const ROMAN = '(?<=\\s)[ivxlc]+\\b';
const TO = '\\s*(?:-|–|—|to|&|and)\\s*';
// A number or a range of numbers of one kind: "3", "1-2", "3.1", "IV", "I–III" (not "2 - CI/CD").
const RANGE = `(?:${DIGITS}(?:${TO}${DIGITS})?|${ROMAN}(?:${TO}[ivxlc]+\\b)?)`;

const UNIT_PREFIX = new RegExp(`^(?:${UNIT_WORDS})\\s*#?${RANGE}`, 'i');
// Groups may be lettered too: "Part A — …", "Track B:".
const GROUP_PREFIX = new RegExp(`^(?:${GROUP_WORDS})\\s*#?(?:${RANGE}|[A-Z](?=\\s*(?:$|[:.)\\-–—|·])))`, 'i');
const ID_PREFIX = /^[a-z]{1,2}\d{1,3}\b/i; // "M1", "W03", "P2"
const NUMBERED = /^(\d+(?:\.\d+)*)[.)]?\s+(?=\S)/; // "1. ", "3.1 ", "2) "

/** Removes emoji, pictographs and the joiners between them. */
export function stripEmoji(text: string): string {
  // Every pictograph is ©, ®, U+200D or from U+203C on; most titles have none, and the Unicode-property scan is slow.
  const plain = MAY_HOLD_EMOJI.test(text) ? text.replace(EMOJI, '') : text;
  return plain.replace(/\s{2,}/g, ' ').trim();
}
const MAY_HOLD_EMOJI = /[\u00a9\u00ae\u203c-\u{10ffff}]|\u200d/u;
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/** Plain heading text: no emoji, no trailing colon, single spaces. */
export const plainTitle = remembered((text: string): string =>
  stripEmoji(text)
    .replace(/\s+/g, ' ')
    .replace(/[\s:：|–—-]+$/u, '')
    .trim(),
);

// Every title is read by many tests of its shape: each reading is computed once per title.
function remembered<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text)!;
    if (known.size >= 10_000) known.clear();
    const value = read(text);
    known.set(text, value);
    return value;
  };
}

/** How a title reads as structure: a unit ("Week 3: …", "3.1 RNNs"), a group ("Phase 2: …"), or neither. */
export const titleShape = remembered((title: string): 'unit' | 'group' | 'numbered' | 'plain' => {
  const text = plainTitle(title).replace(/^optional\s*[:\-–—]\s*/i, '');
  if (GROUP_PREFIX.test(text)) return 'group';
  if (UNIT_PREFIX.test(text) || ID_PREFIX.test(text)) return 'unit';
  if (NUMBERED.test(text)) return 'numbered';
  return 'plain';
});

const COUNTED = new RegExp(`^(\\p{L}{2,})\\s*#?${RANGE}(?=$|[\\s:.)\\-–—|·])`, 'iu');
// Chinese, Japanese and Korean count with the word after the number: 第1周, 第一阶段, 第3章, 1주차.
const COUNTED_CJK =
  /^(?:第\s*)?(?:\d+|[一二三四五六七八九十百零〇两]+)\s*([\p{Script=Han}\p{Script=Hangul}]{1,3}?)(?=$|[\s:：.、)）\-–—|·]|[^\p{Script=Han}\p{Script=Hangul}])/u;

/**
 * The word a title is counted by, in any language: "Semana 3: …" → "semana", "Kapitel 2" →
 * "kapitel", "第3周：…" → "周". Siblings counted by the same word are a series of units even when the word is not
 * one of ours.
 */
export function countedWord(title: string): string | undefined {
  const text = plainTitle(title).replace(OPTIONAL_PREFIX, '');
  return (COUNTED.exec(text) ?? COUNTED_CJK.exec(text))?.[1]?.toLowerCase();
}

/** The parts of a numbered title's number: "3.4 Jobs" → [3, 4], "2. Models" → [2]. */
export function headingNumber(title: string): number[] | undefined {
  return NUMBERED.exec(plainTitle(title))?.[1]?.split('.').map(Number);
}

/** The number a unit title carries ("Stage 05" → "5", "3.1 RNNs" → "3.1", "M7" → "7"), if any. */
export function unitNumber(title: string): string | undefined {
  const text = plainTitle(title).replace(/^optional\s*[:\-–—]\s*/i, '');
  const match = UNIT_NUMBER.exec(text);
  return match
    ? String(match[1])
        .replace(/^0+(?=\d)/, '')
        .replace(/\.0+(?=\d)/g, '.')
    : undefined;
}

const UNIT_NUMBER = new RegExp(`^(?:(?:${UNIT_WORDS}|${GROUP_WORDS})\\s*#?|[a-z]{1,2}(?=\\d))?(\\d+(?:\\.\\d+)*)`, 'i');
// Words an author marks a part that nobody must do with: "Optional:", "Bonus:", "Stretch:", "Reference".
const OPTIONAL_WORDS = 'optional|bonus|extras?|stretch(?: goals?)?|electives?|nice[- ]to[- ]have|reference(?: material)?s?|if you have time';
const OPTIONAL_PREFIX = new RegExp(`^\\W*(?:${OPTIONAL_WORDS})\\s*[:\\-–—]\\s*`, 'i');
const OPTIONAL_WHOLE = new RegExp(`^\\W*(?:${OPTIONAL_WORDS})\\W*$|^\\W*(?:optional|bonus)\\b`, 'i');
const OPTIONAL_BRACKETS = new RegExp(`[([]\\s*(?:${OPTIONAL_WORDS})\\b[^)\\]]*[)\\]]`, 'i');
const NUMBER_PREFIX = new RegExp(
  `^(?:(?:${UNIT_WORDS}|${GROUP_WORDS})\\s*#?${RANGE}|(?:${GROUP_WORDS})\\s+[A-Z](?=\\s*(?:$|[:.)\\-–—|·]))|\\d+(?:\\.\\d+)*[.)]?)\\s*(?:[:.)\\-–—|·]\\s*)?`,
  'i',
);

// "Option A", "Choice 2", "Alternative B": a title that offers itself as one of several.
const OPTION_LABEL = /^\W*(?:option|choice|alternative)\s*#?(?:\d+|[a-z])\b/i;

/** True for a title that offers itself as one of several: "Option A: …", "Choice 2 — …". */
export function isOptionTitle(title: string): boolean {
  return OPTION_LABEL.test(plainTitle(title));
}

/** True for a title that is only a number: "Week 1:", "Stage 03", "M4". */
export function isBareNumber(title: string): boolean {
  const text = plainTitle(title).replace(OPTIONAL_PREFIX, '');
  return text.length > 0 && (text.replace(NUMBER_PREFIX, '').trim() === '' || /^[a-z]{1,2}\d{1,3}[:.]?$/i.test(text));
}

const SPAN = '\\b(weeks?|days?|months?)\\s*(\\d+)(?:\\s*(?:-|–|—|to|&|and)\\s*(\\d+))?\\b';
const SPAN_IN_BRACKETS = new RegExp(`\\s*[([][^)\\]]*?${SPAN}[^)\\]]*[)\\]]\\s*`, 'gi');
const SPAN_AFTER_DASH = new RegExp(`\\s+[-–—]\\s+${SPAN}\\s*$`, 'i');
const SPAN_IN_BRACKETS_ONCE = new RegExp(SPAN_IN_BRACKETS.source, 'i');
const SPAN_FIRST = new RegExp(`^${SPAN}`, 'i');

/**
 * The length a span of numbered weeks, days or months in a title gives: at its start ("Week 1-2"
 * → "2 weeks", "Day 3", "Month 1"), in its brackets ("(Months 1–2)" → "2 months"), after a dash
 * ("— weeks 1–4") or after its number ("Part 1: Weeks 1-4" → "4 weeks").
 */
export function titleSpan(title: string): string | undefined {
  const text = plainTitle(title);
  const span = SPAN_FIRST.exec(text) ?? SPAN_IN_BRACKETS_ONCE.exec(text) ?? SPAN_AFTER_DASH.exec(text) ?? SPAN_FIRST.exec(text.replace(NUMBER_PREFIX, ''));
  if (!span) return undefined;
  const count = span[3] ? Number(span[3]) - Number(span[2]) + 1 : 1;
  const unit = span[1]!.toLowerCase().replace(/s$/, '');
  return count >= 1 && count <= 52 ? `${count} ${unit}${count === 1 ? '' : 's'}` : undefined;
}

/**
 * A unit or phase title without its numbering, emoji, optional marker or duration:
 * "Stage 01 — Math Foundations" → "Math Foundations", "🚀 Step 1: Basics (2 weeks):" → "Basics".
 */
export const cleanTitle = remembered((title: string): string => {
  let text = plainTitle(title)
    .replace(OPTIONAL_PREFIX, '')
    .replace(/\s*[([]\s*optional\s*[)\]]\s*/gi, ' ');
  const stripped = text
    .replace(NUMBER_PREFIX, '')
    .trim()
    .replace(OPTIONAL_PREFIX, '')
    .replace(/^[:.)\-–—|·\s]+/, '');
  // What stands in brackets between the number and the name is about the unit: "Week 1 (Jan 1 - Jan 7): Python".
  if (stripped && stripped !== text) text = stripped.replace(/^\([^)]*\)\s*[:.\-–—|·]?\s*(?=\S)/, '');
  // … and so does a span of weeks after a group's number: "Part 1: Weeks 1-2 – Basics".
  if (stripped && SPAN_FIRST.test(text)) text = text.replace(NUMBER_PREFIX, '').trim() || text;
  // A span of weeks or a count of lessons says how long, not what: "(Months 1–2)", "(Month 3)", "— weeks 1–4", "(7 lessons)".
  text = text
    .replace(SPAN_IN_BRACKETS, ' ')
    .replace(SPAN_AFTER_DASH, '')
    .replace(/\s*[([]\s*\d+\s*(?:lessons?|modules?|units?|chapters?|sections?|topics?|videos?|labs?|exercises?|projects?)\s*[)\]]\s*/gi, ' ');
  text = text.replace(/([([])\s*optional\s*[,;]\s*/gi, '$1');
  text = text.replace(
    /\s*[([]\s*(?:~\s*)?\d+(?:\.\d+)?\s*(?:-|–|—|to)?\s*(?:\d+(?:\.\d+)?)?\s*(?:min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?)\s*[)\]]\s*/gi,
    ' ',
  );
  text = text.replace(/\s*[([]\s*optional\s*[)\]]\s*/gi, ' ');
  return plainTitle(text) || plainTitle(title);
});

/**
 * True when a title says the unit (or every unit of a phase) is optional: "Optional: …",
 * "3. Optional: …", "… (optional)", "Bonus: …", "Part 4: Reference", "Stretch goals (if you have time)".
 */
export function isOptionalTitle(title: string): boolean {
  const text = plainTitle(title);
  const unnumbered = text.replace(NUMBER_PREFIX, '');
  return [text, unnumbered].some((t) => OPTIONAL_PREFIX.test(t) || OPTIONAL_WHOLE.test(t)) || OPTIONAL_BRACKETS.test(title);
}

// Section titles that are about the document, not a unit of study: whole titles …
const NOISE_EXACT = new RegExp(
  `^(?:${[
    'faq',
    'faqs',
    'questions',
    'q ?& ?a',
    'tips',
    'tips (?:and|&) tricks',
    'pro tips',
    'support',
    'notes?',
    'usage',
    'contributing',
    'contributors',
    'contribution',
    'license',
    'licence',
    'contents',
    'toc',
    'credits',
    'about',
    'about this(?: \\w+)?',
    'about me',
    'introduction',
    'intro',
    'overview',
    'purpose',
    'goals?',
    'the goal',
    'executive summary',
    'summary',
    'structure',
    'prerequisites?',
    'requirements',
    'progress',
    'conclusion',
    'references',
    'further reading',
    'resources',
    'additional resources',
    'useful resources',
    'extra resources',
    'installation',
    'install',
    'getting started',
    'setup',
    'changelog',
    'rules',
    'progression rules',
    'community',
    'sponsors?',
    'disclaimer',
    'feedback',
    'contact',
    'authors?',
    'glossary',
    'next steps',
    'recommended usage',
    'why this roadmap',
    'who is this for',
    'legend',
    'status',
    // … and the course-level sections that close a syllabus or a plan.
    'thanks',
    'thank you',
    'grading',
    'academic integrity',
    'code of conduct',
    'certificate',
    'office hours',
    'wrap ?up',
    'wrapping up',
    'epilogue',
    'afterword',
    'keep learning',
    'keep going',
    'good luck',
    'happy learning',
  ].join('|')})$`,
  'i',
);
// … and titles that start with these words.
const NOISE_PREFIX =
  /^(?:how to use|how this (?:repo|repository|roadmap)|using this|frequently asked|final (?:note|word|thought|remark)s?|table of contents|progress (?:summary|tracker|tracking|overview|table)|a note\b|acknowledg|contribut|licen[cs]e|going beyond|what'?s next|before you (?:start|begin)|support (?:this|the|me|us)|tips (?:for|on) (?:using|this|learning|success|studying)|credits|where to go (?:from here|next)|after (?:the|this|these) |beyond (?:this|the) (?:course|roadmap|plan|curriculum)|closing (?:thoughts|words|notes|remarks)|thanks to)/i;

/** True when a section title is about the document rather than a unit: FAQ, Tips, How to use, … */
export const isNoiseTitle = remembered((title: string): boolean => {
  const text = plainTitle(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'& ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return NOISE_EXACT.test(text) || NOISE_PREFIX.test(text);
});

/** Lower-case slug for ids: "Tokens & Embeddings" → "tokens-embeddings"; articles and parentheticals dropped. */
export const slug = remembered((text: string): string => slugOf(cleanTitle(text)));

/** A slug of text as it stands (numbers kept): "100 Days of Code" → "100-days-of-code". */
export function slugOf(text: string): string {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .replace(/^(?:the|a|an)\s+/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\+\+/g, 'pp')
    .replace(/#/g, 'sharp')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

/** Words that say a document is about learning, for documents whose sections carry no unit numbering. */
export const LEARNING_WORDS =
  /\b(?:roadmap|learning|learn|curriculum|syllabus|study|course|bootcamp|path|weeks?|stages?|phases?|milestones?|modules?|lessons?|exercises?|objectives?|mastery|guide to becoming|basics|fundamentals|beginners?|101|self-taught|training plan)\b/i;
