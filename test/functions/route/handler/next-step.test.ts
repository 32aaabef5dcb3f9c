import { describe, expect, it } from 'vitest';
import { nextStep } from '#functions/route/plan/next-step.js';
import { parseTwiml } from '#functions/route/twiml/parse-twiml.js';

const verbsOf = (xml: string) => {
  const parsed = parseTwiml(`<Response>${xml}</Response>`);
  if (!parsed.ok) throw new Error(parsed.error.detail);
  return parsed.value.verbs;
};

describe('nextStep (reference §3, §5.6)', () => {
  it('adds the <Pause>s before a <Dial> to its delay and points past it', () => {
    const verbs = verbsOf('<Pause length="3"/><Pause/><Dial>+14155550100</Dial><Hangup/>');
    expect(nextStep(verbs, 0)).toMatchObject({ kind: 'dial', delayMs: 4000, next: 3 });
    expect(nextStep(verbs, 3)).toEqual({ kind: 'end', ending: 'hangup' });
  });

  it('MUST map <Reject> busy and rejected to their endings; verbs after them are unreachable', () => {
    expect(nextStep(verbsOf('<Reject reason="busy"/><Dial>+14155550100</Dial>'), 0)).toEqual({
      kind: 'end',
      ending: 'rejectBusy',
    });
    expect(nextStep(verbsOf('<Reject/>'), 0)).toEqual({ kind: 'end', ending: 'rejectRejected' });
  });

  it('hangs up when the document runs out, pauses or not', () => {
    expect(nextStep(verbsOf(''), 0)).toEqual({ kind: 'end', ending: 'hangup' });
    expect(nextStep(verbsOf('<Pause/>'), 0)).toEqual({ kind: 'end', ending: 'hangup' });
  });

  it('stops at <Redirect> and at a verb that needs a media server', () => {
    expect(nextStep(verbsOf('<Redirect method="GET">/next</Redirect>'), 0)).toEqual({
      kind: 'redirect',
      url: '/next',
      method: 'GET',
    });
    expect(nextStep(verbsOf('<Pause/><Play>https://x.example/a.mp3</Play>'), 0)).toEqual({
      kind: 'unsupported',
      verb: 'Play',
    });
  });
});
