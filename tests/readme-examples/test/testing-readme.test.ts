import { describeReadme } from './describe-readme.js';

describeReadme('packages/testing/README.md');
