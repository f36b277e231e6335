import { describe, expect, it } from 'vitest';
import { duration, etaWords, percent, perHour, slStatus, slText, stageWords, whenWords } from './format';

const TZ = 'Europe/London';
// Monday 2 November 2026, 10:00 in London (GMT, UTC+0 in November).
const NOW = Date.parse('2026-11-02T10:00:00Z');

describe('whenWords', () => {
  it('says today, tomorrow and yesterday in the site time zone', () => {
    expect(whenWords('2026-11-02T14:00:00Z', NOW, TZ)).toBe('today 14:00');
    expect(whenWords('2026-11-03T09:30:00Z', NOW, TZ)).toBe('tomorrow 09:30');
    expect(whenWords('2026-11-01T16:05:00Z', NOW, TZ)).toBe('yesterday 16:05');
  });
  it('names the weekday within a week, the date beyond', () => {
    expect(whenWords('2026-11-05T14:00:00Z', NOW, TZ)).toBe('Thursday 14:00');
    expect(whenWords('2026-11-12T14:00:00Z', NOW, TZ)).toBe('12 Nov 14:00');
    expect(whenWords('2027-01-04T08:00:00Z', NOW, TZ)).toBe('4 Jan 2027 08:00');
  });
  it('uses the zone, not UTC: British summer time and the day boundary', () => {
    const summer = Date.parse('2026-06-01T10:00:00Z');
    expect(whenWords('2026-06-01T13:00:00Z', summer, TZ)).toBe('today 14:00');
    // 23:30 UTC on Monday is 00:30 on Tuesday in London in June.
    expect(whenWords('2026-06-01T23:30:00Z', summer, TZ)).toBe('tomorrow 00:30');
    expect(whenWords('2026-11-02T14:00:00Z', NOW, 'America/New_York')).toBe('today 09:00');
  });
  it('reports an unreadable time', () => {
    expect(whenWords('not a time', NOW, TZ)).toBe('unknown');
  });
});

describe('etaWords', () => {
  it('is the sentence a front-office agent reads out', () => {
    expect(etaWords({ completion: '2026-11-03T14:00:00Z', within_due: true }, NOW, TZ)).toBe('expected tomorrow 14:00');
    expect(etaWords({ completion: '2026-11-05T14:00:00Z', within_due: false }, NOW, TZ)).toBe('expected Thursday 14:00, after its due time');
    expect(etaWords(null, NOW, TZ)).toBe('no estimate yet');
  });
});

describe('numbers with units', () => {
  it('formats durations', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(45.4)).toBe('45 s');
    expect(duration(120)).toBe('2 min');
    expect(duration(200)).toBe('3 min 20 s');
    expect(duration(7500)).toBe('2 h 05 min');
    expect(duration(273_600)).toBe('3 d 4 h');
    expect(duration(null)).toBe('–');
  });
  it('formats shares and rates', () => {
    expect(percent(0.824)).toBe('82 %');
    expect(percent(1)).toBe('100 %');
    expect(percent(null)).toBe('–');
    expect(perHour(12.34)).toBe('12.3 /h');
    expect(perHour(240.6)).toBe('241 /h');
    expect(stageWords(2, 3)).toBe('step 2 of 3');
  });
});

describe('service level against its target', () => {
  it('is met, near (within 5 points) or missed, with a word and a mark', () => {
    expect(slStatus(0.8, 0.8)).toBe('met');
    expect(slStatus(0.76, 0.8)).toBe('near');
    expect(slStatus(0.7, 0.8)).toBe('missed');
    expect(slStatus(null, 0.8)).toBe('none');
    expect(slText(0.91, 0.9)).toBe('91 % ● met');
    expect(slText(0.86, 0.9)).toBe('86 % ▲ near');
    expect(slText(0.5, 0.8)).toBe('50 % ✕ missed');
    expect(slText(null, 0.8)).toBe('–');
  });
});
