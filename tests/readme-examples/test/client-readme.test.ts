// The client's README, in a file of its own: its blocks are the client's to keep running, and a
// failure here says which README needs the fix without hiding the others' results.
import { describeReadme } from './describe-readme.js';

describeReadme('packages/client/README.md');
