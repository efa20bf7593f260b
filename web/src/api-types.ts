// The answers about tracks and nodes, as the server's routes table declares them (src/server/api/):
// names for the parts the web app passes around, never a copy of their shape.

import type { Input, JobEvents, Reply } from '../../src/server/api/index.js';

export type Catalog = Reply<'GET /tracks'>;
export type TrackSummary = Catalog['tracks'][number];

export type TrackState = Reply<'GET /tracks/:track'>;
export type NodeSummary = TrackState['nodes'][number];
export type NodeStatus = NodeSummary['status'];
export type Progress = TrackState['progress'];
export type Estimate = TrackState['estimate'];
export type Layout = Reply<'GET /tracks/:track/layout'>;

export type NodePage = Reply<'GET /tracks/:track/nodes/:node'>;
export type NodeDetail = NodePage['node'];
export type Resource = NodeDetail['resources'][number];
export type JournalRef = NodePage['journal'][number];
export type RunSummary = NodePage['runs'][number];
/** A criterion's own fields from the track (only the node page sends them). */
export type CriterionSpec = NodeDetail['criteria'][number]['spec'];
type CriterionState = NodeSummary['criteria'][number];
/** A criterion as the track and node pages show it: its state, and its spec on the node page. */
export type CriterionView = CriterionState & { spec?: CriterionSpec };
export type CriterionKind = CriterionState['kind'];
export type CriterionStateName = CriterionState['state'];

export type Outcome = Reply<'POST /tracks/:track/nodes/:node/skip'>;
export type Unlocked = Outcome['unlocked'][number];
export type Hints = Reply<'POST /tracks/:track/nodes/:node/hints'>['hints'];

export type TutorQuestion = Input<'POST /tracks/:track/tutor'>['body'];
export type TutorMode = NonNullable<TutorQuestion['mode']>;
export type TutorLevel = NonNullable<TutorQuestion['level']>;
export type TutorAnswer = JobEvents['answer'];
/** The data of each event of a job's stream, by event name. */
export type { JobEvents };
