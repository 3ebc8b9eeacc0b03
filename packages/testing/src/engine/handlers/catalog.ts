/** The lookup data: cloud providers and their storage engines. */
import { HttpError } from '../errors.js';
import { listCatalog } from './shared.js';
import type { Handler } from './types.js';

export const listCloudProviders: Handler<'listCloudProviders'> = ({ params }, { store }) =>
  listCatalog(store.cloudProviders, params, 'provider_id');

export const listStorageEngines: Handler<'listStorageEngines'> = ({ params }, { store }) => {
  const providerId = params.provider_id;
  if (!store.cloudProviders.some((provider) => provider.provider_id === providerId)) {
    throw new HttpError(404, `Cloud provider ${providerId} not found`);
  }
  const engines = store.storageEngines.filter((engine) => engine.provider_id === providerId);
  return listCatalog(engines, params, 'engine_id');
};

export const getStorageEngine: Handler<'getStorageEngine'> = ({ params }, { store }) => {
  const { provider_id: providerId, engine_id: engineId } = params;
  const engine = store.storageEngines.find(
    (candidate) => candidate.engine_id === engineId && candidate.provider_id === providerId,
  );
  if (!engine)
    throw new HttpError(404, `Storage engine ${engineId} of cloud provider ${providerId} not found`);
  return engine;
};
