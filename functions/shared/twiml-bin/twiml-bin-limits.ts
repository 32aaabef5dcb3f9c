/** Limits of TwiML Bin templates and of what they render to. */
export interface TwimlBinLimits {
  /** Twilio's limit on inline TwiML (`Twiml` parameter, error 32018). */
  readonly maxTemplateChars: number;
  /** Twilio refuses TwiML responses over 64 kB (error 11750). */
  readonly maxRenderedChars: number;
}

export const TWIML_BIN_LIMITS: TwimlBinLimits = {
  maxTemplateChars: 4000,
  maxRenderedChars: 64 * 1024,
};
