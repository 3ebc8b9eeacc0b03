/** What the demo's mock worker is started with and what it says back. */
export interface DemoWorkerData {
  extraConnections: number;
}

export type DemoWorkerMessage =
  { type: 'ready'; url: string; apiKey: string; companyId: string } | { type: 'failed'; message: string };
