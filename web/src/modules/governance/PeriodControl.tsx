import { SegmentedControl } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { PERIOD_LABELS, type PeriodPreset } from './figures';

/** The cockpit's period choice; on a phone the five periods stack, so the page keeps the phone's width. */
export function PeriodControl({
  value,
  onChange,
}: {
  value: PeriodPreset;
  onChange: (preset: PeriodPreset) => void;
}) {
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  return (
    <SegmentedControl
      aria-label="Period"
      value={value}
      onChange={(v) => onChange(v as PeriodPreset)}
      orientation={phone ? 'vertical' : 'horizontal'}
      fullWidth={phone}
      data={Object.entries(PERIOD_LABELS).map(([label, text]) => ({ value: label, label: text }))}
    />
  );
}
