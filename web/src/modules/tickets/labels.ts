export const STATUS_COLORS: Record<string, string> = {
  new: 'blue',
  open: 'orange',
  pending: 'yellow',
  on_hold: 'gray',
  solved: 'green',
  closed: 'dark',
};
export const PRIORITY_COLORS: Record<string, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatTime = (iso: string) => time.format(new Date(iso));
