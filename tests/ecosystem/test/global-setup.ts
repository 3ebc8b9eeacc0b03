import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createConsumerProject } from '../src/consumer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    projectDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const { workDir, projectDir } = await createConsumerProject();
  console.log(
    `packed and installed the tarballs into ${projectDir} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  project.provide('projectDir', projectDir);
  return async () => {
    // ECOSYSTEM_KEEP=1 keeps the project for a closer look after a failure.
    if (process.env.ECOSYSTEM_KEEP === '1') console.log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  };
}
