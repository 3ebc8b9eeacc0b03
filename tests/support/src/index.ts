export { binPath, startMockProcess } from './mock-process.js';
export type { MockProcess, MockProcessOptions } from './mock-process.js';
export { runCommand } from './run-command.js';
export type { CommandResult, RunCommandOptions } from './run-command.js';
