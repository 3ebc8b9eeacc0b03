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
});
