import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TASK, parseDeploymentConfig } from '../../infra/config.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const base = { primaryRegion: 'us-east-1', edges: ['ashburn'], zone: 'voice.example.com' };

describe('parseDeploymentConfig', () => {
  it('accepts the default cdk.json context: ashburn and sydney, primary us-east-1', () => {
    const result = parseDeploymentConfig(cdkJson.context.sipedge);
    expect(result.ok && result.value).toMatchObject({
      edges: ['ashburn', 'sydney'],
      primaryRegion: 'us-east-1',
      zone: 'voice.example.com',
      hostedZone: undefined,
      tlsSecretName: undefined,
      logRetentionDays: 90,
      alarmEmail: undefined,
    });
  });

  it('keeps an alarm email', () => {
    const result = parseDeploymentConfig({ ...base, alarmEmail: 'ops@example.com' });
    expect(result.ok && result.value.alarmEmail).toBe('ops@example.com');
  });

  it('fills task defaults and keeps overrides', () => {
    const result = parseDeploymentConfig({ ...base, task: { minCount: 3 } });
    expect(result.ok && result.value.task).toEqual({ ...DEFAULT_TASK, minCount: 3 });
  });

  it('accepts a hosted zone that is a parent of the zone', () => {
    const result = parseDeploymentConfig({
      ...base,
      hostedZone: { hostedZoneId: 'Z0123ABC', zoneName: 'example.com' },
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['an unknown edge', { edges: ['atlantis'] }, 'unknown edge'],
    ['no edges', { edges: [] }, 'edges must be a non-empty list'],
    ['a repeated edge', { edges: ['ashburn', 'ashburn'] }, 'must not repeat'],
    ['a primary region outside the catalogue', { primaryRegion: 'mars-1' }, 'primaryRegion'],
    ['an upper-case zone', { zone: 'Voice.Example.COM' }, 'zone must be'],
    ['a bad account', { account: '12' }, 'account must be 12 digits'],
    [
      'a hosted zone that does not cover the zone',
      { hostedZone: { hostedZoneId: 'Z1', zoneName: 'other.org' } },
      'parent',
    ],
    ['an invalid Fargate size', { task: { cpuUnits: 1024, memoryMiB: 1024 } }, 'task.memoryMiB'],
    ['maxCount below minCount', { task: { minCount: 4, maxCount: 2 } }, 'task.maxCount'],
    ['a retention CloudWatch does not offer', { logRetentionDays: 10 }, 'logRetentionDays'],
    ['two alarm emails in one string', { alarmEmail: 'a@example.com, b@example.com' }, 'alarmEmail'],
  ])('fails on %s, naming the bad value', (_name, override, message) => {
    const result = parseDeploymentConfig({ ...base, ...override });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });
});
