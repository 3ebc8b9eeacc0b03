import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';

/** Facts about this run that screens mention: where the settings file is, for the 401 hint. */
export interface Session {
  /** The config file this run read (`configPath(env)`), when settings come from the API path. */
  configPath: string | undefined;
}

const SessionContext = createContext<Session>({ configPath: undefined });

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
