import { err, ok, type Result } from '../shared/result.js';
import type { RegistrarSettings } from './registrar-settings.js';

/**
 * RFC 3261 §10.2.1.1, §10.3 step 7: the Contact `expires` param wins over the Expires header, which
 * wins over the default. 0 removes the binding; below the minimum is 423 (Twilio: 600 s); above
 * the maximum is granted as the maximum (Twilio: 3600 s).
 */
export function grantedExpirySec(
  contactExpires: number | null,
  headerExpires: number | null,
  settings: RegistrarSettings,
): Result<number, 'intervalTooBrief'> {
  const requested = contactExpires ?? headerExpires ?? settings.defaultExpiresSec;
  if (requested === 0) return ok(0);
  if (requested < settings.minExpiresSec) return err('intervalTooBrief');
  return ok(Math.min(requested, settings.maxExpiresSec));
}
