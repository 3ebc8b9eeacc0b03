declare const __SPARTERA_CLI_VERSION__: string;

/** The package version, set at build time (tsup and vitest define it). */
export const VERSION: string =
  typeof __SPARTERA_CLI_VERSION__ === 'string' ? __SPARTERA_CLI_VERSION__ : '0.0.0-dev';
