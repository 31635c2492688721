// Small view helpers shared by the routes: layout width, avatars, times.
const wideQuery = globalThis.matchMedia?.('(min-width: 860px)');

export const layout = $state({ wide: wideQuery?.matches ?? false });
wideQuery?.addEventListener('change', (e) => { layout.wide = e.matches; });

/** A stable hue per handle, so each contact keeps one avatar colour. */
export function hue(handle: string): number {
  let h = 0;
  for (const c of handle) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

export const initial = (handle: string) => (handle[0] ?? '?').toUpperCase();

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const shortDayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export const clock = (unix: number) => timeFmt.format(unix * 1000);

export function dayKey(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dayLabel(unix: number, today = new Date()): string {
  const d = new Date(unix * 1000);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (d.getTime() >= midnight) return 'Today';
  if (d.getTime() >= midnight - 86400000) return 'Yesterday';
  return dayFmt.format(d);
}

/** The list's time column: a clock time today, a date before. */
export function listTime(unix: number, today = new Date()): string {
  if (!unix) return '';
  return dayLabel(unix, today) === 'Today' ? clock(unix) : dayLabel(unix, today) === 'Yesterday' ? 'Yesterday' : shortDayFmt.format(unix * 1000);
}
