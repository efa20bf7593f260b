/** Records one value of a named series in the file named by TRAIL_METRICS; steps count up from 0 when not given. */
export declare function logMetric(name: string, value: number, step?: number): void;
