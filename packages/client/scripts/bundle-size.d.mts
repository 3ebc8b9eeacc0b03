export declare const SIZE_BUDGET_BYTES: number;
export declare const LIST_ONLY_CONSUMER: string;
export declare const RAW_CONSUMER: string;
export declare function measureBundleSize(
  consumer?: string,
): Promise<{ minifiedBytes: number; gzipBytes: number; code: string }>;
