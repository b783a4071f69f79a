import { Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { changeOf, explain, type Figure, type FigureSpec, formatValue } from './figures';

/**
 * One figure in a table cell: its value, the change against the previous period, and on hover
 * what it counts with its numerator and denominator. With onOpen, the value is a button that
 * lists the tickets behind it.
 */
export function FigureCell({
  spec,
  current,
  previous,
  onOpen,
}: {
  spec: FigureSpec;
  current: Figure | null;
  previous?: Figure | null;
  onOpen?: () => void;
}) {
  const change = changeOf(spec, current?.value ?? null, previous?.value ?? null);
  const shown = formatValue(spec.kind, current?.value ?? null);
  const body = (
    <>
      <Text size="sm" fw={500} td={onOpen ? 'underline dotted' : undefined}>
        {shown}
      </Text>
      {change && (
        <Text
          size="xs"
          c={change.better === null ? 'dimmed' : change.better ? 'teal.9' : 'red.9'}
          data-testid="change"
        >
          {change.text}
        </Text>
      )}
    </>
  );
  const canOpen = onOpen && (current?.denominator ?? 0) > 0;
  return (
    <Table.Td>
      <Tooltip label={explain(spec, current)} multiline w={300} withArrow>
        {canOpen ? (
          <UnstyledButton
            onClick={onOpen}
            // The name holds all the button's visible text (the value and its change), then what it does.
            aria-label={`${spec.label}: ${shown}. ${change ? `${change.text} on the previous period. ` : ''}Show the tickets behind it`}
            data-figure={spec.key}
          >
            <Stack gap={0}>{body}</Stack>
          </UnstyledButton>
        ) : (
          <Stack gap={0} tabIndex={0} aria-label={`${spec.label}: ${shown}`}>
            {body}
          </Stack>
        )}
      </Tooltip>
    </Table.Td>
  );
}
