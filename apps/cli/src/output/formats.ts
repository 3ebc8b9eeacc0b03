/** The output formats, apart from the code that renders them (which loads yaml and string-width). */
export const FORMATS = ['table', 'json', 'yaml', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
