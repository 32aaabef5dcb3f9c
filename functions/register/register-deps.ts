import type { DigestSettings } from '../shared/digest/digest-settings.js';
import type { AuthDirectory } from '../shared/store/auth-directory.js';
import type { StoreContext } from '../shared/store/store-context.js';
import type { RegistrarSettings } from './registrar-settings.js';

/** What the registrar needs; built once per process (Lambda cold start, local runtime). */
export interface RegisterDeps {
  readonly store: StoreContext;
  /** Domains and HA1s, cached with bounded staleness. */
  readonly directory: AuthDirectory;
  readonly digest: DigestSettings;
  /** Domains are `<name>.sip.<zone>`. */
  readonly zone: string;
  readonly settings: RegistrarSettings;
  readonly now: () => number;
}
