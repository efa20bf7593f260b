/** Writes a generated track of `size` nodes into `dir`. */
export function generateTrack(dir: string, size: number): void;
/** Writes `count` attest events over the first nodes of a generated track of `size` nodes into a workspace log. */
export function generateEvents(logPath: string, count: number, size: number): void;
/** A generated roadmap document of about `chars` characters: phases, weeks, checklists, tables. */
export function generateRoadmap(chars: number): string;
