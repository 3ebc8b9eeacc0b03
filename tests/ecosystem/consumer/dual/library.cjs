// A CommonJS library, as many on npm still are: it requires the client, so it runs on the CommonJS build.
const { Spartera } = require('@spartera/client');

exports.build = require.resolve('@spartera/client');
exports.loadConnection = (connectionId) => new Spartera().connections.get(connectionId);
