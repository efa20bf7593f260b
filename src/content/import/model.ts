/** Where something was found in the source document, and why it was read that way. */
export interface Found {
  line: number;
  text: string;
}

/** A criterion an imported unit gets: what the learner affirms, word for word from the document. */
export interface ImportedCriterion {
  id: string;
  kind: 'attest' | 'journal';
  text: string;
  /** Where it came from: an exercise, a checklist item, an exit criterion, … */
  from: 'mvu' | 'exercise' | 'milestone' | 'project' | 'checklist' | 'exit' | 'deliverable' | 'objectives' | 'unit';
  line: number;
  /** For checklist items: whether the box was ticked in the document. */
  done?: boolean;
}

/** A unit of the roadmap, as inferred: it becomes a node of the track. */
export interface ImportedUnit {
  id: string;
  title: string;
  /** The title as written, numbering included ("Stage 01 — Math"). */
  sourceTitle: string;
  line: number;
  /** How the unit was found: a heading, a list item, a table row. */
  source: 'heading' | 'list-item' | 'table-row';
  phase: string | null;
  number: string | null;
  optional: boolean;
  anytime: boolean;
  duration: Found | null;
  description: string | null;
  objectives: string[];
  mvu: string | null;
  exercise: string | null;
  tools: string[];
  resources: Array<{ title: string; url: string }>;
  requires: string[];
  /** Prerequisite text as written. */
  prerequisiteText: Found | null;
  /** True when that text names nothing in the track ("high-school algebra"): kept in the body. */
  prerequisitesOutside: boolean;
  criteria: ImportedCriterion[];
  /** The unit's own Markdown, word for word. */
  body: string;
}

/** A group of units: a phase. */
export interface ImportedPhase {
  id: string;
  title: string;
  line: number;
  duration: Found | null;
  summary: string | null;
  objectives: string[];
  exitCriteria: string[];
}

/** Something of the document left out of the graph, and why. */
export interface Ignored {
  line: number;
  title: string;
  reason: string;
}

/** What the importer read from a roadmap document. */
export interface ImportedTrack {
  id: string;
  title: string;
  summary: string | null;
  rules: Array<'prerequisites' | 'sequential' | 'phase-gate'>;
  /** Why the rules are what they are. */
  rulesFrom: Found[];
  phases: ImportedPhase[];
  units: ImportedUnit[];
  ignored: Ignored[];
  /** Markdown of what is not part of the graph (tips, FAQ, final notes, …). */
  notes: string;
  /** What joined a unit from elsewhere in the document: criteria keyed by unit or period, a duration from a summary table, the course's prerequisites. */
  attached: Array<{ line: number; text: string; unit: string; as: string }>;
  /** Phases, or sibling units of a phase, the learner chooses between: open side by side, their units optional; with the sentence or titles that say so. */
  alternatives: Array<{ phases: string[]; units: string[]; line: number; text: string }>;
  /** Doubts about the reading (a close second reading, text left in the notes, uneven units, a section not attached) and prerequisites that were dropped, with why. */
  warnings: ImportWarning[];
  /** Which reading of the document gave the units, and the others weighed against it. */
  structure: Structure;
}

/** Something the author should look at: where, and why. */
export interface ImportWarning extends Found {
  reason: string;
  /**
   * `close-call`: another reading of the units scored nearly as well; `notes`: much of the text
   * went to the notes; `uneven`: one unit holds most of the text; `unattached`: a criterion
   * keyed to a unit that none matched; `prerequisite`: a prerequisite dropped or naming nothing.
   */
  kind: 'close-call' | 'notes' | 'uneven' | 'unattached' | 'prerequisite';
}

/** A reading of the document's units, weighed. */
export interface Reading {
  /** What `trail import --units` takes to choose it ("h2", "list@80", "table"). */
  selector: string;
  /** The reading for people. */
  label: string;
  score: number;
  /** The features of the score, each between 0 and 1 (see weigh.ts). */
  features: Record<string, number>;
  /** The line where each of its units starts. */
  lines: number[];
}

/** The reading chosen and the others weighed. */
export interface Structure {
  chosen: Reading;
  /** Chosen by its score, or named with `--units`. */
  by: 'score' | 'selector';
  /** The other readings, best first. */
  others: Reading[];
}
