import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { api } from './api';
import type { TrackState } from './api-types';
import { useResource, type Resource } from './hooks/use-resource';

const hoursKey = (track: string) => `trailguide.hoursPerWeek.${track}`;

function storedHours(track: string): number | undefined {
  const value = Number(localStorage.getItem(hoursKey(track)));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

interface TrackValue {
  id: string;
  state: Resource<TrackState>;
  /** The learner's pace; undefined until they set one, so the track's own pace applies. */
  hoursPerWeek: number | undefined;
  setHoursPerWeek: (hours: number) => void;
}

const TrackContext = createContext<TrackValue | null>(null);

/** Loads a followed track's state once for all its pages; actions call `state.reload()`. */
export function TrackProvider({ id, children }: { id: string; children: ReactNode }) {
  const [hoursPerWeek, setHours] = useState(() => storedHours(id));
  const state = useResource(() => api.track(id, hoursPerWeek), `${id}@${hoursPerWeek ?? ''}`);
  const setHoursPerWeek = useCallback(
    (hours: number) => {
      localStorage.setItem(hoursKey(id), String(hours));
      setHours(hours);
    },
    [id],
  );
  return <TrackContext.Provider value={{ id, state, hoursPerWeek, setHoursPerWeek }}>{children}</TrackContext.Provider>;
}

/** The current track's state; only inside a TrackProvider (the /t/:track routes). */
export function useTrack(): TrackValue {
  const value = useContext(TrackContext);
  if (!value) throw new Error('useTrack() is used outside a track page');
  return value;
}

/** The current track's state, or null outside the /t/:track routes (the top bar is on every page). */
export function useOptionalTrack(): TrackValue | null {
  return useContext(TrackContext);
}
