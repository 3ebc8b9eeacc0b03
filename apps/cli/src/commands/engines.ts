/** `spartera engine list`: the storage engines a connection's `engine` can name. */
import type { OutputOptions, Runtime } from '../runtime.js';
import { engineCatalog } from './code.js';

export async function listEngines(runtime: Runtime, options: OutputOptions): Promise<void> {
  runtime.resolveFormat(options);
  const { client } = await runtime.session();
  const catalog = await engineCatalog(client);
  const engines = [...catalog.engines].sort((a, b) => a.engine_id - b.engine_id);
  await runtime.emit(
    {
      data: engines,
      empty: 'No storage engines.',
      table: {
        headers: ['ID', 'NAME', 'TYPE', 'PROVIDER', 'READY'],
        keep: [0],
        rows: engines.map((engine) => [
          engine.engine_id,
          catalog.nameOf(engine.engine_id),
          engine.engine_type,
          catalog.providerName(engine),
          engine.integration_complete === false ? 'no' : 'yes',
        ]),
      },
      csv: {
        headers: [
          'engine_id',
          'name',
          'service_name',
          'engine_type',
          'provider_id',
          'provider',
          'integration_complete',
          'test_func_complete',
        ],
        rows: engines.map((engine) => [
          engine.engine_id,
          catalog.nameOf(engine.engine_id),
          engine.service_name,
          engine.engine_type,
          engine.provider_id,
          catalog.providerName(engine),
          engine.integration_complete,
          engine.test_func_complete,
        ]),
      },
    },
    options,
  );
}
