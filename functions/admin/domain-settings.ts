import { err, ok, type Result } from '#functions/shared/result.js';
import type { DomainSettings } from '#functions/shared/store/records.js';
import type { AdminLimits } from './admin-limits.js';
import type { ApiResponse } from './api-types.js';
import {
  parseBoolean,
  parseMethod,
  parseOptionalSid,
  parseUrl,
  validateDomainName,
  validateFriendlyName,
} from './validate.js';
import { apiError } from './wire/twilio-error.js';

const DEFAULTS: Omit<DomainSettings, 'domainName'> = {
  friendlyName: null,
  voiceUrl: null,
  voiceMethod: 'POST',
  voiceFallbackUrl: null,
  voiceFallbackMethod: 'POST',
  voiceStatusCallbackUrl: null,
  voiceStatusCallbackMethod: 'POST',
  sipRegistration: false,
  emergencyCallingEnabled: false,
  secure: false,
  byocTrunkSid: null,
  emergencyCallerSid: null,
};

export interface ParsedDomainSettings {
  readonly settings: DomainSettings;
  /** Set when DomainName is a subdomain. */
  readonly parentName?: string;
}

type Field = {
  [K in keyof DomainSettings]: [param: string, parse: (v: string) => Result<DomainSettings[K], string>];
};

/**
 * Create (no `current`) or update parameters → complete settings. Absent parameters keep the current
 * value (or the default on create). Pure: the caller checks uniqueness and limits.
 */
export function parseDomainSettings(
  form: URLSearchParams,
  current: DomainSettings | undefined,
  zone: string,
  limits: AdminLimits,
): Result<ParsedDomainSettings, ApiResponse> {
  const rawName = form.get('DomainName') ?? current?.domainName;
  if (rawName === undefined)
    return err(apiError('invalidParameter', 'Missing required parameter DomainName in the post body'));
  const name = validateDomainName(rawName, zone);
  if (!name.ok) return err(apiError('invalidDomain', name.error));

  const url = (param: string) => (v: string) => parseUrl(param, v, limits.maxUrlChars);
  const fields: Partial<Field> = {
    friendlyName: [
      'FriendlyName',
      (v) => (v === '' ? ok(null) : validateFriendlyName(v, limits.maxFriendlyNameChars)),
    ],
    voiceUrl: ['VoiceUrl', url('VoiceUrl')],
    voiceMethod: ['VoiceMethod', (v) => parseMethod('VoiceMethod', v)],
    voiceFallbackUrl: ['VoiceFallbackUrl', url('VoiceFallbackUrl')],
    voiceFallbackMethod: ['VoiceFallbackMethod', (v) => parseMethod('VoiceFallbackMethod', v)],
    voiceStatusCallbackUrl: ['VoiceStatusCallbackUrl', url('VoiceStatusCallbackUrl')],
    voiceStatusCallbackMethod: [
      'VoiceStatusCallbackMethod',
      (v) => parseMethod('VoiceStatusCallbackMethod', v),
    ],
    sipRegistration: ['SipRegistration', (v) => parseBoolean('SipRegistration', v)],
    emergencyCallingEnabled: ['EmergencyCallingEnabled', (v) => parseBoolean('EmergencyCallingEnabled', v)],
    secure: ['Secure', (v) => parseBoolean('Secure', v)],
    byocTrunkSid: ['ByocTrunkSid', (v) => parseOptionalSid('ByocTrunkSid', 'BY', v)],
    emergencyCallerSid: ['EmergencyCallerSid', (v) => parseOptionalSid('EmergencyCallerSid', 'PN', v)],
  };
  const settings: Record<string, unknown> = { ...DEFAULTS, ...current, domainName: name.value.name };
  for (const [key, [param, parse]] of Object.entries(fields) as [
    string,
    [string, (v: string) => Result<unknown, string>],
  ][]) {
    const raw = form.get(param);
    if (raw === null) continue;
    const parsed = parse(raw);
    if (!parsed.ok) return err(apiError('domainValidation', parsed.error));
    settings[key] = parsed.value;
  }
  return ok({
    settings: settings as unknown as DomainSettings,
    ...(name.value.parent === undefined ? {} : { parentName: name.value.parent }),
  });
}
