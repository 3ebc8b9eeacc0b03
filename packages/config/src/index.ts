/**
 * `@spartera/config`: the settings `spartera-tui` and `spartera` share (flags, `SPARTERA_*`
 * variables, the profiles file at `$XDG_CONFIG_HOME/spartera/config.json`). Private: each app
 * bundles it into its executable.
 */
export { configPath, readConfig, updateConfig, UsageError, ConfigFileError, PROFILE_KEYS } from './file.js';
export type { ConfigFile, Profile, ProfileKey } from './file.js';
export {
  DEFAULT_BASE_URL,
  profileName,
  resolveSettings,
  loadSettings,
  saveProfile,
  removeFromProfile,
} from './settings.js';
export type {
  Settings,
  SettingOrigin,
  SettingsFlags,
  SettingsSources,
  ResolvedSettings,
  LoadOptions,
} from './settings.js';
