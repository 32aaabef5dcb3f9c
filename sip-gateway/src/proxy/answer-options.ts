import { createResponse } from '../message/create-response.js';
import type { SipRequest, SipResponse } from '../message/types.js';
import { ACCEPTED_CONTENT_TYPES, ALLOWED_METHODS, SUPPORTED_OPTION_TAGS } from './capabilities.js';

/** RFC 3261 §11.2: a 200 to OPTIONS lists Allow, Accept and Supported. */
export function answerOptions(request: SipRequest, toTag: string): SipResponse {
  return createResponse(request, 200, 'OK', {
    toTag,
    headers: [
      { name: 'Allow', value: ALLOWED_METHODS.join(', ') },
      { name: 'Accept', value: ACCEPTED_CONTENT_TYPES.join(', ') },
      { name: 'Supported', value: [...SUPPORTED_OPTION_TAGS].join(', ') },
    ],
  });
}
