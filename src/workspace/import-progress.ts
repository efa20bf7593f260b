import type { ImportedTrack, TrackPlan } from '../content/import/index.js';
import { newEvent } from './record.js';
import { openSession, type Host } from './session.js';
import { setUpWorkspace } from './setup.js';

/**
 * Records the items ticked (`[x]`) in an imported roadmap as the learner's starting progress in
 * a workspace that follows the imported track (created when it does not exist yet). Items
 * already affirmed are left as they are, so importing twice records nothing new.
 */
export async function importProgress(
  dir: string,
  trackDir: string,
  imported: ImportedTrack,
  plan: TrackPlan,
  fileName: string,
  host: Host,
): Promise<{ workspace: string; recorded: number }> {
  const { workspace } = await setUpWorkspace(dir, trackDir, host);
  const session = await openSession(workspace.root, host);
  const now = host.clock();
  const context = { track: session.track.id, trackVersion: session.track.version, practice: false, importedFrom: fileName };
  const events = imported.units.flatMap((unit) => {
    const node = plan.ids.get(unit.id)!;
    const attested = session.progress.nodes.get(node)?.attested;
    return unit.criteria
      .filter((criterion) => criterion.done && !attested?.has(criterion.id))
      .map((criterion) =>
        newEvent(
          'attested',
          { type: 'criterion', node, criterion: criterion.id },
          { result: { response: `Ticked in ${fileName} (line ${criterion.line}) before the import` }, context, now, host },
        ),
      );
  });
  await session.store.events.append(events);
  return { workspace: workspace.root, recorded: events.length };
}
