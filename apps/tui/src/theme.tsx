import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';

export interface Theme {
  accent: string | undefined;
  muted: string | undefined;
  good: string | undefined;
  bad: string | undefined;
  warn: string | undefined;
  /** Whether colours are on at all; without them, emphasis is bold/inverse only. */
  colors: boolean;
}

const COLORED: Theme = {
  accent: 'cyan',
  muted: 'gray',
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  colors: true,
};
const PLAIN: Theme = {
  accent: undefined,
  muted: undefined,
  good: undefined,
  bad: undefined,
  warn: undefined,
  colors: false,
};

/** https://no-color.org: a non-empty NO_COLOR turns colour off. */
export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? PLAIN : COLORED;
}

const ThemeContext = createContext<Theme>(COLORED);

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
