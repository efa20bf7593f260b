/** The time the learner's actions are recorded at: passed in from the composition point (cli, server, mcp), never read from the system below it. */
export type Clock = () => Date;
