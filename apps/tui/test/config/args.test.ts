import { describe, expect, it } from 'vitest';
import { UsageError } from '@spartera/config';
import { parseCliArgs } from '../../src/args.js';

describe('command-line arguments', () => {
  it('reads the documented flags', () => {
    expect(
      parseCliArgs([
        '--api-key',
        'k',
        '--company-id',
        'acme',
        '--base-url',
        'http://127.0.0.1:1',
        '--profile',
        'work',
      ]),
    ).toMatchObject({
      apiKey: 'k',
      companyId: 'acme',
      baseUrl: 'http://127.0.0.1:1',
      profile: 'work',
      mock: false,
    });
    expect(parseCliArgs(['--mock', '--mock-connections', '10000'])).toMatchObject({
      mock: true,
      mockConnections: 10000,
    });
    expect(parseCliArgs(['--mock']).mouse).toBe(true);
    expect(parseCliArgs(['--mock', '--no-mouse']).mouse).toBe(false);
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--version']).version).toBe(true);
  });

  it('rejects an unknown flag by name', () => {
    expect(() => parseCliArgs(['--colour'])).toThrow(
      new UsageError('Unknown option --colour. See spartera-tui --help.'),
    );
  });

  it('rejects a flag without its value, positionals and a bad count', () => {
    expect(() => parseCliArgs(['--api-key'])).toThrow(/--api-key/);
    expect(() => parseCliArgs(['list'])).toThrow(/Unexpected argument 'list'/);
    expect(() => parseCliArgs(['--mock-connections', 'lots'])).toThrow(
      /--mock-connections must be a whole number/,
    );
  });

  it('says in one line that a flag followed by another flag has no value, without echoing it', () => {
    const attempt = () => parseCliArgs(['--api-key', '-spk_secret', '--mock']);
    expect(attempt).toThrow(
      new UsageError(
        'Option --api-key needs a value, and the next argument starts with a dash. ' +
          'Write --api-key=VALUE when the value itself starts with one. See spartera-tui --help.',
      ),
    );
    expect(() => parseCliArgs(['--mock-connections', '-3'])).toThrow(
      /^Option --mock-connections needs a value/,
    );
  });
});
