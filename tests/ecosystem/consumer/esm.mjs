// An ES module consumer: `import` resolves the package's ESM build.
import * as client from '@spartera/client';
import { report, runScenario } from './scenario.mjs';

report(await runScenario(client), { build: import.meta.resolve('@spartera/client') });
