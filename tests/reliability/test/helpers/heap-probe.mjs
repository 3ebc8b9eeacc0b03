// Preloaded into spartera-mock (`node --expose-gc --import heap-probe.mjs`), with an IPC channel.
// Asked `{ type: 'heap' }`, it runs a full garbage collection and answers with V8's heap in use: what
// the mock really keeps, whatever the machine's load or the allocator's habits (unlike the resident
// set). Asked `{ type: 'leak', bytes }`, it makes the mock keep that much per request from then on,
// so that a test can prove its measurement sees a leak.
import http from 'node:http';
import v8 from 'node:v8';

const kept = [];

process.on('message', (message) => {
  if (message?.type === 'heap') {
    // Twice: the first collection can leave objects that only finalizers of that collection freed.
    globalThis.gc();
    globalThis.gc();
    process.send({ type: 'heap', usedHeapBytes: v8.getHeapStatistics().used_heap_size });
  } else if (message?.type === 'leak') {
    const emit = http.Server.prototype.emit;
    http.Server.prototype.emit = function emitAndKeep(event, ...args) {
      if (event === 'request')
        kept.push({ url: args[0].url, padding: Buffer.alloc(message.bytes, 'x').toString('latin1') });
      return emit.call(this, event, ...args);
    };
    process.send({ type: 'leak' });
  }
});
// The channel must not keep the mock alive once it is asked to stop.
process.channel.unref();
