// Wording and number formats the views share: plain words for times, units on every number.

/** The site's time zone: Northbank's sites are in Europe/London. `?tz=` overrides it. */
export function siteTimeZone(): string {
  const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('tz') : null;
  return fromUrl || 'Europe/London';
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  time: string;
}

function zoned(ms: number, tz: string): ZonedParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: get('weekday'),
    time: `${get('hour')}:${get('minute')}`,
  };
}

/** Days between two calendar dates in the zone (0 = same day, 1 = the next). */
function dayDistance(a: ZonedParts, b: ZonedParts): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * When something happens, in the words a front-office agent says to a customer:
 * "today 14:00", "tomorrow 09:30", "Tuesday 14:00" (within a week), else "12 Nov 14:00".
 * `now` is the site's current time (under --simulate: the simulated clock).
 */
export function whenWords(iso: string, now: number, tz = siteTimeZone()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const at = zoned(t, tz);
  const today = zoned(now, tz);
  const days = dayDistance(today, at);
  if (days === 0) return `today ${at.time}`;
  if (days === 1) return `tomorrow ${at.time}`;
  if (days === -1) return `yesterday ${at.time}`;
  if (days > 1 && days < 7) return `${at.weekday} ${at.time}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: tz, month: 'short' }).format(new Date(t));
  const year = at.year !== today.year ? ` ${at.year}` : '';
  return `${at.day} ${month}${year} ${at.time}`;
}

/** The ETA sentence: "expected Tuesday 14:00" (+ ", after its due time" when late). */
export function etaWords(eta: { completion: string; within_due: boolean } | null | undefined, now: number, tz = siteTimeZone()): string {
  if (!eta) return 'no estimate yet';
  const when = whenWords(eta.completion, now, tz);
  return `expected ${when}${eta.within_due ? '' : ', after its due time'}`;
}

/** A duration with its unit: "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h". */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r === 0 ? `${m} min` : `${m} min ${r} s`;
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  return `${d} d ${h} h`;
}

/** A share in [0, 1] as a percentage ("82 %"); null (nothing answered yet) is "–". */
export function percent(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return '–';
  return `${Math.round(share * 100)} %`;
}

export type SlStatus = 'none' | 'met' | 'near' | 'missed';

/**
 * A service level against its target share: met at or above the target, near within
 * 5 points below, else missed. Shown with a word and a shape, never colour alone.
 */
export function slStatus(share: number | null | undefined, targetShare: number): SlStatus {
  if (share == null || !Number.isFinite(share)) return 'none';
  if (share >= targetShare) return 'met';
  if (share >= targetShare - 0.05) return 'near';
  return 'missed';
}

/** "82 % ▲ met" style text of a service level against its target. */
export function slText(share: number | null | undefined, targetShare: number): string {
  const status = slStatus(share, targetShare);
  const mark = { none: '', met: ' ● met', near: ' ▲ near', missed: ' ✕ missed' }[status];
  return `${percent(share)}${mark}`;
}

/** A rate with its unit: "12.5 /h". */
export function perHour(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '–';
  return `${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10} /h`;
}

/** Agents with one decimal where fractional: "4.2 agents", "1 agent". */
export function agents(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '–';
  const n = Number.isInteger(v) ? String(v) : v.toFixed(1);
  return `${n} ${v === 1 ? 'agent' : 'agents'}`;
}

/** "step 2 of 3". */
export function stageWords(stage: number, count: number): string {
  return count > 0 ? `step ${stage} of ${count}` : 'no steps';
}
