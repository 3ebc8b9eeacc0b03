import { describeReadme } from './describe-readme.js';

describeReadme('README.md');
