import { describe, expect, it } from 'vitest';
import { flagKeyOf, parseFaultFlag } from '../../src/control/fault-flag.js';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

describe('--fault values', () => {
  it('turn into the control API JSON faults', () => {
    expect(parseFaultFlag('status=429,retry-after=2,count=3,op=listConnections', noFiles)).toEqual({
      type: 'status',
      status: 429,
      retryAfter: 2,
      count: 3,
      operationId: 'listConnections',
    });
    expect(parseFaultFlag('drop', noFiles)).toEqual({ type: 'drop' });
    expect(parseFaultFlag('drop=after, method=post, path=/companies/acme/connections', noFiles)).toEqual({
      type: 'drop',
      when: 'after',
      method: 'post',
      path: '/companies/acme/connections',
    });
    expect(parseFaultFlag('slow-body=8:25.5', noFiles)).toEqual({
      type: 'slowBody',
      chunkBytes: 8,
      chunkDelayMs: 25.5,
    });
    expect(parseFaultFlag('delay=100-200', noFiles)).toEqual({ type: 'latency', ms: [100, 200], count: 1 });
    expect(parseFaultFlag('delay=50,count=4', noFiles)).toEqual({ type: 'latency', ms: 50, count: 4 });
    expect(
      parseFaultFlag('status=502,body-file=page.html,content-type=text/html; charset=utf-8', () => '<html/>'),
    ).toEqual({ type: 'status', status: 502, rawBody: '<html/>', contentType: 'text/html; charset=utf-8' });
  });

  it('leave values that are no numbers as text, for the schema to name', () => {
    expect(parseFaultFlag('status=abc', noFiles)).toEqual({ type: 'status', status: 'abc' });
  });

  it('refuse unknown keys, missing values and no or two kinds', () => {
    expect(() => parseFaultFlag('status=503,colour=red', noFiles)).toThrow(
      /unknown key "colour"; use status/,
    );
    expect(() => parseFaultFlag('status=', noFiles)).toThrow('status needs a value: status=...');
    expect(() => parseFaultFlag('op=listConnections', noFiles)).toThrow(/none of status=, drop/);
    expect(() => parseFaultFlag('drop,delay=5', noFiles)).toThrow('says both drop and delay');
    expect(() => parseFaultFlag('status=502,body-file=x', noFiles)).toThrow(
      'body-file x cannot be read: ENOENT',
    );
  });

  it('name JSON fields the way the flag spells them', () => {
    expect(['retryAfter', 'operationId', 'rawBody', 'ms', 'chunkDelayMs', 'status'].map(flagKeyOf)).toEqual([
      'retry-after',
      'op',
      'body',
      'delay',
      'slow-body',
      'status',
    ]);
  });
});
