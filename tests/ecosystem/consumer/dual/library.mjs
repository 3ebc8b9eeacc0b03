// An ES module library: it imports the client, so it runs on the ESM build.
import { Spartera } from '@spartera/client';

export const build = import.meta.resolve('@spartera/client');
export const loadConnection = (connectionId) => new Spartera().connections.get(connectionId);
