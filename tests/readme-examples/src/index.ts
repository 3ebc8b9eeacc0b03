export { extractProgramBlocks, ReadmeConventionError } from './extract.js';
export type { BlockDirective, BlockLanguage, ProgramBlock } from './extract.js';
export { buildPrograms } from './program.js';
export type { ProgramKind, ReadmeProgram } from './program.js';
export { preparePrograms, PROGRAM_TSCONFIG } from './prepare.js';
export type { PreparedProgram } from './prepare.js';
export { failureMessage, runProgram, toReadmePaths } from './run.js';
export type { ProgramResult, RunOptions } from './run.js';
