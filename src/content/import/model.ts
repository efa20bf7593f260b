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
  /** Prerequisites that were dropped (unknown, or closing a cycle), with why. */
  warnings: Array<Found & { reason: string }>;
}
